from __future__ import annotations

from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import F
from strawberry import relay

from cms.benefits.models import BenefitPage, current_q
from graphql_api.benefits.types import BenefitKind, BenefitPageType
from graphql_api.core.filters import organisation_pk
from graphql_api.core.pagination import Connection


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[BenefitPageType],
        description="Member benefits the requesting user may see: those ending soonest first, open-ended last.",
    )
    def benefits(
        self,
        info: strawberry.Info,
        kind: BenefitKind | None = None,
        current: Annotated[
            bool | None,
            strawberry.argument(
                description="true: valid today only; false: not valid today (past or upcoming)."
            ),
        ] = None,
        organisation: relay.GlobalID | None = None,
    ) -> list[BenefitPageType]:
        queryset = BenefitPage.objects.all()
        if kind is not None:
            queryset = queryset.filter(kind=kind.value)
        if current is True:
            queryset = queryset.filter(current_q())
        elif current is False:
            queryset = queryset.exclude(current_q())
        if (org_pk := organisation_pk(organisation)) is not None:
            queryset = queryset.filter(organisation_id=org_pk)
        return queryset.order_by(F("valid_until").asc(nulls_last=True), "title", "pk")
