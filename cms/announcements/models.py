"""Announcements (thông báo): short notices that may be pinned, flagged urgent, and expire.

Expiry is Wagtail's own ``expire_at`` (Settings tab → "Expiry date/time"): once it passes,
the visibility rule hides the announcement everywhere, without anyone unpublishing it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.pages import ContentPage, SectionPage


class AnnouncementPriority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    IMPORTANT = "important", _("Important")
    URGENT = "urgent", _("Urgent")


class AnnouncementIndexPage(SectionPage):
    subpage_types = ["announcements.AnnouncementPage"]

    class Meta:
        verbose_name = _("announcements section")


class AnnouncementPage(ContentPage):
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    is_pinned = models.BooleanField(
        _("pinned"),
        default=False,
        db_index=True,
        help_text=_("Pinned announcements are listed before all others until they expire or are unpinned."),
    )
    priority = models.CharField(
        _("priority"),
        max_length=16,
        choices=AnnouncementPriority.choices,
        default=AnnouncementPriority.NORMAL,
        help_text=_(
            "How prominently apps show it. Set an expiry date in the Settings tab to withdraw it automatically."
        ),
    )

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel([FieldPanel("priority"), FieldPanel("is_pinned")], heading=_("Prominence")),
        FieldPanel("body"),
    ]
    settings_panels = ContentPage.publishing_panels + Page.settings_panels
    search_fields = ContentPage.search_fields + [
        index.SearchField("body"),
        index.FilterField("is_pinned"),
        index.FilterField("priority"),
    ]
    parent_page_types = ["announcements.AnnouncementIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
