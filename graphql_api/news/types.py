from __future__ import annotations

from datetime import date

import strawberry
import strawberry_django

from cms.news import models
from graphql_api.core.blocks import StreamBlockInterface, stream_blocks
from graphql_api.core.pages import ContentPageInterface, section_page_type


@strawberry_django.type(models.NewsCategory, name="NewsCategory")
class NewsCategoryType:
    id: strawberry.ID
    name: str
    slug: str


@strawberry_django.type(models.NewsPage, name="NewsPage")
class NewsPageType(ContentPageInterface):
    date: date
    author: str
    is_featured: bool
    categories: list[NewsCategoryType]

    @strawberry_django.field(only=["body"])
    def body(self, info: strawberry.Info) -> list[StreamBlockInterface]:
        return stream_blocks(self.body, info.context)


def news_cards(queryset):
    """News for lists the optimizer cannot reach (sliced or prefetched querysets), newest first,
    with what a news card shows loaded in bulk: organisation, cover image and its renditions,
    categories."""
    return (
        queryset.select_related("cover_image", "organisation")
        .prefetch_related("categories", "cover_image__renditions")
        .order_by("-date", "-pk")
    )


PAGE_TYPES = [NewsPageType, section_page_type(models.NewsIndexPage)]
