"""The feedback part of ``me``: the member's own feedback threads and their unread replies."""

from __future__ import annotations

import strawberry
import strawberry_django

from cms.feedback.models import Feedback, FeedbackMessage, unread_replies
from graphql_api.core.context import Info
from graphql_api.core.pagination import Connection
from graphql_api.feedback.types import FeedbackStatus, FeedbackType


@strawberry.type
class MeFeedback:
    """Mixed into ``Me``: the signed-in user's own feedback (nobody else's, officers' included)."""

    @strawberry_django.connection(
        Connection[FeedbackType],
        description="Your feedback, newest first; `status` keeps those in any of the given statuses.",
    )
    def feedback(self, info: Info, status: list[FeedbackStatus] | None = None) -> list[FeedbackType]:
        queryset = Feedback.objects.filter(submitter=info.context.user).order_by("-submitted_at", "-pk")
        if status:
            queryset = queryset.filter(status__in=[s.value for s in status])
        return queryset  # type: ignore[return-value]

    @strawberry.field(
        description="Replies and requests for information on your feedback since you last opened each thread."
    )
    def unread_feedback_replies(self, info: Info) -> int:
        return unread_replies(FeedbackMessage.objects.filter(feedback__submitter=info.context.user)).count()
