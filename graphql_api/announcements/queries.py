from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import F
from strawberry import relay

from cms.announcements.models import AnnouncementPage
from graphql_api.announcements.types import AnnouncementPageType
from graphql_api.core.filters import DateRange, organisation_pk
from graphql_api.core.pagination import Connection


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[AnnouncementPageType],
        description="Announcements the requesting user may see: pinned first, then newest first. "
        "`date` filters on the day of first publication.",
    )
    def announcements(
        self,
        info: strawberry.Info,
        pinned: bool | None = None,
        organisation: relay.GlobalID | None = None,
        date: DateRange | None = None,
    ) -> list[AnnouncementPageType]:
        queryset = AnnouncementPage.objects.all()
        if pinned is not None:
            queryset = queryset.filter(is_pinned=pinned)
        if (org_pk := organisation_pk(organisation)) is not None:
            queryset = queryset.filter(organisation_id=org_pk)
        if date is not None:
            queryset = date.filter(queryset, "first_published_at__date")
        return queryset.order_by("-is_pinned", F("first_published_at").desc(nulls_last=True), "-pk")
