"""Feedback (phản ánh, kiến nghị) as the member's app sees it: their threads, never anyone else's.

Every type here is ``AccessControlled``: the feedback, its messages and files are narrowed by
the models' access policies wherever they are read (root fields, connections, nested lists), so
a member never sees another's feedback nor an internal note, whatever the query asks.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
import strawberry_django
from django.db.models import Prefetch
from strawberry import relay
from strawberry.file_uploads import Upload

from cms.core.files import file_url
from cms.feedback import models
from cms.feedback.errors import FeedbackErrorCode
from cms.feedback.services import TRANSITIONS
from graphql_api.core.errors import error_type
from graphql_api.core.labels import choice_label
from graphql_api.core.nodes import ModelNode
from graphql_api.core.visibility import AccessControlled, through_type
from graphql_api.organisations.types import OrganisationType

FeedbackCategory = strawberry.enum(
    models.FeedbackCategory, name="FeedbackCategory", description="What a feedback is about."
)
FeedbackStatus = strawberry.enum(
    models.FeedbackStatus, name="FeedbackStatus", description="Where a feedback stands in its handling."
)
FeedbackMessageKind = strawberry.enum(
    models.MessageKind,
    name="FeedbackMessageKind",
    description="The member's message, the union's reply, or its request for information.",
)
FeedbackError = error_type("FeedbackError", FeedbackErrorCode)


@strawberry.enum(name="FeedbackAuthorRole", description="Who wrote a message: the member, or their union.")
class FeedbackAuthorRole(Enum):
    MEMBER = "member"
    UNION = "union"


@strawberry_django.type(
    models.FeedbackAttachment, name="FeedbackAttachment", description="An image or PDF in a feedback thread."
)
class FeedbackAttachmentType(AccessControlled):
    display_name: str = strawberry_django.field(description="The file's name as sent, e.g. phieu-luong.pdf.")
    content_type: str = strawberry_django.field(
        description="image/jpeg, image/png, image/webp or application/pdf."
    )
    size: int = strawberry_django.field(description="In bytes.")

    @strawberry_django.field(
        only=["file"],
        description="A link to the file that works for a few minutes (a signed URL): open it, do not keep it.",
    )
    def url(self) -> str:
        return file_url(self.file, private=True)


@strawberry_django.type(
    models.FeedbackMessage, name="FeedbackMessage", description="One message of a feedback thread."
)
class FeedbackMessageType(ModelNode, AccessControlled, relay.Node):
    kind: FeedbackMessageKind
    body: str
    created_at: datetime
    attachments: list[FeedbackAttachmentType] = strawberry_django.field(description="Files sent with it.")

    @strawberry_django.field(only=["kind"], description="The kind's name in the request's language.")
    def kind_label(self) -> str:
        return choice_label(self, "kind")

    @strawberry_django.field(
        only=["kind"],
        description="MEMBER for the member's own messages, UNION for the union's: officers are not named.",
    )
    def author_role(self) -> FeedbackAuthorRole:
        return (
            FeedbackAuthorRole.MEMBER if self.kind == models.MessageKind.MEMBER else FeedbackAuthorRole.UNION
        )


def _own_attachments(info: strawberry.Info) -> Prefetch:
    # strawberry-django does not see a hint's Prefetch: read it through the attachment type.
    queryset = through_type(
        models.FeedbackAttachment.objects.filter(message__isnull=True), FeedbackAttachmentType, info
    )
    return Prefetch("attachments", queryset=queryset, to_attr="submitted_attachments")


@strawberry_django.type(
    models.Feedback,
    name="Feedback",
    description="A feedback (phản ánh, kiến nghị) the member sent, and its thread.",
)
class FeedbackType(ModelNode, AccessControlled, relay.Node):
    reference: str = strawberry_django.field(
        description="Its number, e.g. PA-2026-000123: quote it when calling."
    )
    category: FeedbackCategory
    title: str
    description: str
    employer_name: str
    status: FeedbackStatus
    organisation: OrganisationType = strawberry_django.field(description="The union body handling it.")
    submitted_at: datetime
    due_at: datetime = strawberry_django.field(description="When the union should have answered by.")
    acknowledged_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None = strawberry_django.field(
        description="When it was closed, rejected or withdrawn."
    )
    rating: int | None = strawberry_django.field(description="The member's rating of the answer, 1 to 5.")
    rating_comment: str
    rated_at: datetime | None
    messages: list[FeedbackMessageType] = strawberry_django.field(
        description="The thread, oldest first: the member's messages, replies and requests for information."
    )

    @strawberry_django.field(only=["category"], description="The category's name in the request's language.")
    def category_label(self) -> str:
        return choice_label(self, "category")

    @strawberry_django.field(only=["status"], description="The status's name in the request's language.")
    def status_label(self) -> str:
        return choice_label(self, "status")

    @strawberry_django.field(only=["status", "due_at"], description="Past its deadline and not answered yet.")
    def is_overdue(self) -> bool:
        return self.is_overdue

    @strawberry_django.field(
        annotate={"unread_replies_annotated": lambda info: models.unread_replies_count()},
        description="Replies and requests for information since the member last opened it (markFeedbackRead).",
    )
    def unread_replies(self) -> int:
        annotated = getattr(self, "unread_replies_annotated", None)
        if annotated is not None:
            return annotated
        return models.unread_replies(self.messages.all()).count()

    @strawberry_django.field(
        prefetch_related=[_own_attachments], description="Files sent with the feedback itself."
    )
    def attachments(self, info: strawberry.Info) -> list[FeedbackAttachmentType]:
        prefetched = getattr(self, "submitted_attachments", None)
        if prefetched is not None:
            return prefetched
        return list(through_type(self.attachments.filter(message__isnull=True), FeedbackAttachmentType, info))

    @strawberry_django.field(only=["status"], description="Whether the member may withdraw it now.")
    def can_withdraw(self) -> bool:
        return models.FeedbackStatus.WITHDRAWN in TRANSITIONS[self.status]

    @strawberry_django.field(
        only=["status", "rating"], description="Whether the member may rate the answer now."
    )
    def can_rate(self) -> bool:
        return self.status == models.FeedbackStatus.ANSWERED and self.rating is None

    @strawberry_django.field(only=["status"], description="Whether the member may still write in the thread.")
    def can_add_message(self) -> bool:
        return self.status not in models.FINAL_STATUSES


@strawberry.type(name="FeedbackCategoryOption", description="A category for the feedback form.")
class FeedbackCategoryOption:
    value: FeedbackCategory
    label: str = strawberry.field(description="In the request's language.")
    response_days: int = strawberry.field(
        description="Days the union has to answer feedback of this category."
    )


# --- Mutations' inputs and payloads ----------------------------------------------------------------


@strawberry.input(description="A new feedback. Send files as the GraphQL multipart request spec says.")
class SubmitFeedbackInput:
    category: FeedbackCategory
    title: str = strawberry.field(description="5 to 200 characters.")
    description: str = strawberry.field(description="20 to 5000 characters.")
    employer_name: str | None = strawberry.field(default=None, description="The employer concerned, if any.")
    organisation_id: relay.GlobalID | None = strawberry.field(
        default=None,
        description="Where to send it: the member's union (the default) or one above it (feedbackOrganisations).",
    )
    attachments: list[Upload] | None = strawberry.field(
        default=None,
        description="Images (JPEG, PNG, WebP) or PDF files, checked by content; at most 5, 10 MB each.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="A key the app makes once per feedback (a UUID): sending again with it returns the first.",
    )


@strawberry.input(
    description="The member writes in their feedback's thread (an answer to a question, more files)."
)
class AddFeedbackMessageInput:
    feedback_id: relay.GlobalID
    body: str = strawberry.field(description="1 to 5000 characters.")
    attachments: list[Upload] | None = None
    idempotency_key: str | None = strawberry.field(
        default=None, description="A key the app makes once per message: sending again returns the first."
    )


@strawberry.input
class WithdrawFeedbackInput:
    feedback_id: relay.GlobalID
    reason: str | None = strawberry.field(default=None, description="Optional, shown to the union.")


@strawberry.input
class RateFeedbackAnswerInput:
    feedback_id: relay.GlobalID
    rating: int = strawberry.field(description="1 (poor) to 5 (very good).")
    comment: str | None = None


@strawberry.input
class MarkFeedbackReadInput:
    feedback_id: relay.GlobalID


@strawberry.type
class FeedbackPayload:
    feedback: FeedbackType | None = None
    errors: list[FeedbackError] = strawberry.field(default_factory=list)


@strawberry.type
class FeedbackMessagePayload:
    message: FeedbackMessageType | None = None
    feedback: FeedbackType | None = None
    errors: list[FeedbackError] = strawberry.field(default_factory=list)
