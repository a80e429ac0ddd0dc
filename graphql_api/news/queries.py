from __future__ import annotations

from enum import Enum

import strawberry
import strawberry_django
from strawberry import relay

from cms.news.models import NewsCategory, NewsPage
from graphql_api.core.filters import DateRange, organisation_pk
from graphql_api.core.pagination import Connection
from graphql_api.news.types import NewsCategoryType, NewsPageType


@strawberry.enum
class NewsOrder(Enum):
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[NewsPageType], description="News the requesting user may see, newest first."
    )
    def news(
        self,
        info: strawberry.Info,
        category: str | None = None,
        organisation: relay.GlobalID | None = None,
        date: DateRange | None = None,
        featured: bool | None = None,
        order: NewsOrder = NewsOrder.NEWEST,
    ) -> list[NewsPageType]:
        queryset = NewsPage.objects.all()
        if category:
            queryset = queryset.filter(categories__slug=category)
        if (org_pk := organisation_pk(organisation)) is not None:
            queryset = queryset.filter(organisation_id=org_pk)
        if date is not None:
            queryset = date.filter(queryset, "date")
        if featured is not None:
            queryset = queryset.filter(is_featured=featured)
        ordering = ("-date", "-pk") if order == NewsOrder.NEWEST else ("date", "pk")
        return queryset.order_by(*ordering)

    @strawberry_django.field(description="News categories, in editor-defined order.")
    def news_categories(self) -> list[NewsCategoryType]:
        return NewsCategory.objects.all()
