"""News (tin tức) from every level of the union."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.core.blocks import BodyBlock
from cms.core.pages import ContentPage, SectionPage
from cms.core.visibility import PUBLIC


@register_snippet
class NewsCategory(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    access_policy = PUBLIC  # reference data: anyone may read the categories

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class NewsIndexPage(SectionPage):
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news section")


class NewsPage(ContentPage):
    date = models.DateField(_("date"), db_index=True)
    author = models.CharField(_("author"), max_length=120, blank=True)
    categories = ParentalManyToManyField(
        NewsCategory, verbose_name=_("categories"), blank=True, related_name="pages"
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    is_featured = models.BooleanField(_("featured on the home screen"), default=False)

    content_panels = ContentPage.content_panels + [
        FieldPanel("date"),
        FieldPanel("author"),
        FieldPanel("categories"),
        FieldPanel("is_featured"),
        FieldPanel("body"),
    ]
    settings_panels = ContentPage.publishing_panels + Page.settings_panels
    search_fields = ContentPage.search_fields + [
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("categories", [index.SearchField("name")]),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    # Only for the REST v2 baseline of benchmarks/content_api.py.
    api_fields = [APIField("date"), APIField("author"), APIField("summary"), APIField("organisation_name")]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation_id else ""
