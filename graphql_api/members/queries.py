from __future__ import annotations

import strawberry

from cms.members.membership import member_of
from cms.organisations.models import Officer
from graphql_api.core.context import Info
from graphql_api.core.permissions import IsAuthenticated
from graphql_api.members.types import MeType


def me_for(user) -> MeType:
    member = member_of(user)
    roles = list(
        Officer.objects.current()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__path")
    )
    display = member.full_name if member else (user.get_full_name() or user.get_username())
    return MeType(username=user.get_username(), display_name=display, member=member, officer_roles=roles)


@strawberry.type
class Query:
    @strawberry.field(
        extensions=[IsAuthenticated()], description="The signed-in user. UNAUTHENTICATED without a token."
    )
    def me(self, info: Info) -> MeType:
        return me_for(info.context.user)
