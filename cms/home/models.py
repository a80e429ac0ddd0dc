"""The home screen and the app's menu."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.snippets.models import register_snippet

from cms.core.pages import ReadablePage


class HomePage(ReadablePage):
    """Root of the member app's content. Its sections are the index pages below it."""

    welcome = models.CharField(_("welcome line"), max_length=255, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("welcome"),
        FieldPanel("hero_image"),
        InlinePanel("quick_links", label=_("Quick links"), heading=_("Quick links")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class LinkFields(models.Model):
    """Where a menu item or quick link leads: a page, an app screen or an external link."""

    label = models.CharField(_("label"), max_length=60)
    icon = models.CharField(
        _("icon"), max_length=40, blank=True, help_text=_("Icon name known to the app, e.g. news.")
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    screen = models.CharField(
        _("app screen"),
        max_length=60,
        blank=True,
        help_text=_("A screen of the app instead of a page, e.g. feedback."),
    )
    url = models.URLField(_("external link"), blank=True)

    panels = [
        FieldPanel("label"),
        FieldPanel("icon"),
        FieldPanel("page"),
        FieldPanel("screen"),
        FieldPanel("url"),
    ]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label


class HomeQuickLink(Orderable, LinkFields):
    """A shortcut tile on the home screen."""

    home = ParentalKey(HomePage, related_name="quick_links", on_delete=models.CASCADE)

    class Meta(Orderable.Meta):
        verbose_name = _("quick link")
        verbose_name_plural = _("quick links")


@register_snippet
class Menu(ClusterableModel):
    """A navigation menu of the app, e.g. ``main`` (bottom bar) or ``more`` (drawer)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), InlinePanel("items", label=_("Items"))]

    class Meta:
        verbose_name = _("menu")
        verbose_name_plural = _("menus")

    def __str__(self) -> str:
        return self.name


class MenuItem(Orderable, LinkFields):
    menu = ParentalKey(Menu, related_name="items", on_delete=models.CASCADE)

    class Meta(Orderable.Meta):
        verbose_name = _("menu item")
