from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import relay

from cms.organisations.models import Organisation
from graphql_api.core.filters import organisation_pk
from graphql_api.core.pagination import Connection
from graphql_api.organisations.types import OrganisationFilter, OrganisationType
from search.query import matching_q


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[OrganisationType],
        filters=OrganisationFilter,
        description="The public union tree, active organisations only, in tree order (parents before children).",
    )
    def organisations(
        self,
        parent: relay.GlobalID | None = None,
        search: str | None = None,
    ) -> list[OrganisationType]:
        queryset = Organisation.objects.active().order_by("path")
        if (parent_pk := organisation_pk(parent, "parent")) is not None:
            parent_obj = Organisation.objects.active().filter(pk=parent_pk).first()
            if parent_obj is None:
                return Organisation.objects.none()
            queryset = queryset.filter(path__startswith=parent_obj.path).exclude(pk=parent_obj.pk)
        if search:
            queryset = queryset.filter(matching_q("organisation", search))
        return queryset

    @strawberry_django.field(description="One active organisation by its code.")
    def organisation(self, code: str) -> OrganisationType | None:
        return Organisation.objects.active().filter(code=code)
