from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import relay

from cms.congress.models import CongressPage
from graphql_api.congress.types import CongressPageType
from graphql_api.core.filters import organisation_pk
from graphql_api.core.pagination import Connection

LATEST_FIRST = ("-start_date", "-pk")


def _congresses(info: strawberry.Info, organisation: relay.GlobalID | None):
    queryset = CongressPage.objects.all()
    if (org_pk := organisation_pk(organisation)) is not None:
        queryset = queryset.filter(organisation_id=org_pk)
    return queryset.order_by(*LATEST_FIRST)


@strawberry.type
class Query:
    @strawberry_django.field(
        description="The current or most recent congress you may see (latest start date), optionally of one organisation; null when none."
    )
    def congress(
        self, info: strawberry.Info, organisation: relay.GlobalID | None = None
    ) -> CongressPageType | None:
        # A queryset, not .first(): the field reads it through the type's access policy.
        return _congresses(info, organisation)

    @strawberry_django.connection(
        Connection[CongressPageType], description="Congresses you may see, the latest first."
    )
    def congresses(
        self, info: strawberry.Info, organisation: relay.GlobalID | None = None
    ) -> list[CongressPageType]:
        return _congresses(info, organisation)
