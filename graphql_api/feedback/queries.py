"""Reading feedback: one of the member's own (``feedback(id)``; their list is ``me { feedback }``,
graphql_api.feedback.me), the form's categories, and where a member may send feedback."""

from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import relay

from cms.feedback.models import Feedback, FeedbackCategory, ResponseDeadline
from cms.feedback.services import routable_organisations
from cms.members.models import Member, MemberStatus
from graphql_api.core.context import Info
from graphql_api.core.filters import node_pk
from graphql_api.core.permissions import IsAuthenticated
from graphql_api.feedback.types import FeedbackCategoryOption, FeedbackType
from graphql_api.organisations.types import OrganisationType


def own_feedback(info: Info):
    """The signed-in user's own feedback (their access policy applies on top, by the type)."""
    return Feedback.objects.filter(submitter=info.context.user)


@strawberry.type
class Query:
    @strawberry_django.field(
        extensions=[IsAuthenticated()],
        description="One of your feedback by id; null if there is none such of yours.",
    )
    def feedback(self, info: Info, id: relay.GlobalID) -> FeedbackType | None:
        pk = node_pk(id, "Feedback", "id")
        return own_feedback(info).filter(pk=pk)  # type: ignore[return-value]

    @strawberry.field(
        description="The categories of the feedback form, with the days the union has to answer."
    )
    def feedback_categories(self) -> list[FeedbackCategoryOption]:
        days = ResponseDeadline.all_days()
        return [
            FeedbackCategoryOption(value=FeedbackCategory(value), label=str(label), response_days=days[value])
            for value, label in FeedbackCategory.choices
        ]

    @strawberry_django.field(
        extensions=[IsAuthenticated()],
        description="Where you may send feedback: your grassroots union first, then the union bodies above it. "
        "Empty if you are not an active member.",
    )
    def feedback_organisations(self, info: Info) -> list[OrganisationType]:
        member = (
            Member.objects.select_related("organisation")
            .filter(user=info.context.user, status=MemberStatus.ACTIVE, user__is_active=True)
            .first()
        )
        if member is None:
            return []
        return routable_organisations(member)  # type: ignore[return-value]
