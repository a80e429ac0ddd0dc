from __future__ import annotations

import strawberry
import strawberry_django

from cms.contests.models import ContestPage, order_for_listing, with_schedule
from graphql_api.contests.types import ContestPageType, ContestStatus, request_now
from graphql_api.core.pagination import Connection


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[ContestPageType],
        description="Contests the requesting user may see: open first, then upcoming by opening, then closed, newest first.",
    )
    def contests(self, info: strawberry.Info, status: ContestStatus | None = None) -> list[ContestPageType]:
        queryset = with_schedule(ContestPage.objects.all(), now=request_now(info))
        if status is not None:
            queryset = queryset.filter(status=status.value)
        return order_for_listing(queryset)
