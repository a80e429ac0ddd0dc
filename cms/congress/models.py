"""Congress information (thông tin Đại hội): the union congress of a level, its documents and news."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.pages import ContentPage, SectionPage


class CongressIndexPage(SectionPage):
    subpage_types = ["congress.CongressPage"]

    class Meta:
        verbose_name = _("congress section")


class CongressPage(ContentPage):
    number = models.CharField(
        _("congress number"), max_length=20, help_text=_("In Roman numerals, e.g. XIX.")
    )
    term = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2023–2028."))
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    delegates_count = models.PositiveIntegerField(_("number of delegates"), null=True, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    related_news = ParentalManyToManyField(
        "news.NewsPage",
        verbose_name=_("related news"),
        blank=True,
        related_name="congresses",
        help_text=_("News about the congress. Only news a reader may see is shown to them."),
    )

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("term")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
                FieldPanel("delegates_count"),
            ],
            heading=_("Congress"),
        ),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Document"), heading=_("Congress documents")),
        FieldPanel("related_news"),
    ]
    settings_panels = ContentPage.publishing_panels + Page.settings_panels
    search_fields = ContentPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("venue"),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["congress.CongressIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The congress cannot end before it starts.")})


class CongressDocument(Orderable):
    page = ParentalKey(CongressPage, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Empty: the file's own title.")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("congress document")
        verbose_name_plural = _("congress documents")

    def __str__(self) -> str:
        return self.title or self.document.title
