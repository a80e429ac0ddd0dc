"""The one GraphQL schema: every domain's queries, mutations and subscriptions merged here."""

from __future__ import annotations

import strawberry
from django.conf import settings
from strawberry.schema.config import StrawberryConfig
from strawberry_django.optimizer import DjangoOptimizerExtension

from graphql_api.core.limits import schema_extensions
from graphql_api.members.mutations import MemberMutations
from graphql_api.members.queries import MemberQueries
from graphql_api.organisations.queries import OrganisationQueries


@strawberry.type
class Query(OrganisationQueries, MemberQueries):
    pass


@strawberry.type
class Mutation(MemberMutations):
    pass


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    extensions=[*schema_extensions(), DjangoOptimizerExtension],
    config=StrawberryConfig(relay_max_results=settings.GRAPHQL_MAX_PAGE_SIZE),
)
