"""The member's feedback actions: thin, each calls a service of cms.feedback and maps its errors."""

from __future__ import annotations

import strawberry
from strawberry import relay

from cms.core.errors import ServiceError
from cms.feedback import services
from graphql_api.core.context import Info
from graphql_api.core.errors import user_errors
from graphql_api.core.filters import node_pk, organisation_pk
from graphql_api.core.permissions import IsAuthenticated
from graphql_api.feedback.types import (
    AddFeedbackMessageInput,
    FeedbackError,
    FeedbackMessagePayload,
    FeedbackPayload,
    MarkFeedbackReadInput,
    RateFeedbackAnswerInput,
    SubmitFeedbackInput,
    WithdrawFeedbackInput,
)


def _feedback_pk(feedback_id: relay.GlobalID) -> int:
    # A Feedback id that names no feedback of yours is NOT_FOUND (the service says so); an id of
    # another type is a malformed request.
    return node_pk(feedback_id, "Feedback", "feedbackId")  # type: ignore[return-value]


def _errors(exc: ServiceError) -> list:
    return user_errors(exc, FeedbackError)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="Send feedback to your union (or a union body above it), with files if you have any.",
    )
    def submit_feedback(self, info: Info, input: SubmitFeedbackInput) -> FeedbackPayload:
        try:
            feedback = services.submit_feedback(
                info.context.user,
                category=input.category.value,
                title=input.title,
                description=input.description,
                employer_name=input.employer_name or "",
                organisation=organisation_pk(input.organisation_id, "organisationId"),
                attachments=input.attachments or (),
                idempotency_key=input.idempotency_key or "",
            )
        except ServiceError as exc:
            return FeedbackPayload(errors=_errors(exc))
        return FeedbackPayload(feedback=feedback)  # type: ignore[arg-type]

    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="Write in your feedback's thread: answer the union's question, add files. "
        "A message after the answer reopens the feedback.",
    )
    def add_feedback_message(self, info: Info, input: AddFeedbackMessageInput) -> FeedbackMessagePayload:
        user = info.context.user
        try:
            message = services.add_member_message(
                user,
                _feedback_pk(input.feedback_id),
                body=input.body,
                attachments=input.attachments or (),
                idempotency_key=input.idempotency_key or "",
            )
        except ServiceError as exc:
            return FeedbackMessagePayload(errors=_errors(exc))
        return FeedbackMessagePayload(message=message, feedback=message.feedback)  # type: ignore[arg-type]

    @strawberry.mutation(extensions=[IsAuthenticated()], description="Take back your feedback.")
    def withdraw_feedback(self, info: Info, input: WithdrawFeedbackInput) -> FeedbackPayload:
        try:
            feedback = services.withdraw_feedback(
                info.context.user, _feedback_pk(input.feedback_id), reason=input.reason or ""
            )
        except ServiceError as exc:
            return FeedbackPayload(errors=_errors(exc))
        return FeedbackPayload(feedback=feedback)  # type: ignore[arg-type]

    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="Rate the union's answer (1 to 5, once): it closes the feedback.",
    )
    def rate_feedback_answer(self, info: Info, input: RateFeedbackAnswerInput) -> FeedbackPayload:
        try:
            feedback = services.rate_feedback_answer(
                info.context.user,
                _feedback_pk(input.feedback_id),
                rating=input.rating,
                comment=input.comment or "",
            )
        except ServiceError as exc:
            return FeedbackPayload(errors=_errors(exc))
        return FeedbackPayload(feedback=feedback)  # type: ignore[arg-type]

    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="You opened the thread: its replies so far are read (unreadReplies goes to 0).",
    )
    def mark_feedback_read(self, info: Info, input: MarkFeedbackReadInput) -> FeedbackPayload:
        user = info.context.user
        pk = _feedback_pk(input.feedback_id)
        try:
            services.mark_feedback_read(user, pk)
        except ServiceError as exc:
            return FeedbackPayload(errors=_errors(exc))
        return FeedbackPayload(feedback=services.Feedback.objects.filter(submitter=user, pk=pk).first())  # type: ignore[arg-type]
