"""``feedbackUpdated``: replies and status changes of the signed-in member's own feedback."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from channels.db import database_sync_to_async
from strawberry import relay

from cms.feedback.models import Feedback
from graphql_api.core.errors import ApiError, ApiErrorCode
from graphql_api.core.live import CURSOR_DESCRIPTION, RESYNC_DESCRIPTION, live_events
from graphql_api.core.permissions import require_authenticated
from graphql_api.feedback.types import FeedbackType
from realtime.delivery import Delivered
from realtime.models import EventKind


@strawberry.enum(description="What happened to a feedback.")
class FeedbackEventKind(Enum):
    UPDATED = "updated"
    RESYNC = "resync"


_KINDS = {EventKind.FEEDBACK_UPDATED: FeedbackEventKind.UPDATED}


@strawberry.type(description="A feedback the member sent changed: a reply, a question, a new status.")
class FeedbackEvent:
    cursor: str = strawberry.field(description=CURSOR_DESCRIPTION)
    kind: FeedbackEventKind = strawberry.field(
        description="UPDATED: show the feedback as it is now. " + RESYNC_DESCRIPTION
    )
    feedback_id: relay.GlobalID | None = strawberry.field(description="The feedback's id (null on RESYNC).")
    feedback: FeedbackType | None = strawberry.field(description="The feedback as it is now, when UPDATED.")


def _event(cursor: str, kind: Enum, delivered: Delivered | None) -> FeedbackEvent:
    return FeedbackEvent(
        cursor=cursor,
        kind=kind,
        feedback_id=relay.GlobalID("Feedback", str(delivered.object_id)) if delivered else None,
        feedback=delivered.object if delivered else None,
    )


@database_sync_to_async
def _own_feedback_id(user_id: int, feedback_id: relay.GlobalID) -> int:
    """The primary key of the member's own feedback ``feedback_id``; NOT_FOUND otherwise (another
    member's feedback answers exactly as one that does not exist)."""
    pk = None
    if feedback_id.type_name == "Feedback" and feedback_id.node_id.isdigit():
        pk = (
            Feedback.objects.filter(pk=int(feedback_id.node_id), submitter_id=user_id)
            .values_list("pk", flat=True)
            .first()
        )
    if pk is None:
        raise ApiError(ApiErrorCode.NOT_FOUND, "No such feedback.")
    return pk


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Replies and status changes of the signed-in member's feedback, as they happen (all of "
        "them, or only `feedbackId`'s). UNAUTHENTICATED for guests; NOT_FOUND for a feedback that is not "
        "theirs. Pass the last `cursor` seen as `after` when reconnecting."
    )
    async def feedback_updated(
        self, info: strawberry.Info, after: str | None = None, feedback_id: relay.GlobalID | None = None
    ) -> AsyncGenerator[FeedbackEvent, None]:
        require_authenticated(info)
        only = await _own_feedback_id(info.context.user.pk, feedback_id) if feedback_id is not None else None
        async for event in live_events(info, _KINDS, FeedbackEventKind.RESYNC, after, _event):
            if only is None or event.feedback_id is None or event.feedback_id.node_id == str(only):
                yield event
