"""What one listener receives of one event, decided when it is delivered.

Every event passes the access policy of its object for the listener as they are now: an
announcement must be visible to them (published, not expired, in their audience), a document
delivery must be theirs to act on, a feedback must be one they sent. Anything else is dropped.
Withdrawals carry only the announcement's id, to listeners of the groups it was sent to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cms.core.visibility import restrict
from realtime.groups import Listening
from realtime.models import Event, EventKind


@dataclass(frozen=True)
class Delivered:
    """One event for one listener: its id (the cursor), kind, object id and the object."""

    event_id: int
    kind: EventKind
    object_id: int
    object: Any = None


def _visible(model, pk: int, listening: Listening):
    return restrict(model._default_manager.filter(pk=pk), listening.viewer).first()


def deliverable(event: Event, listening: Listening) -> Delivered | None:
    kind = EventKind(event.kind)
    found: Any = None
    if kind == EventKind.ANNOUNCEMENT_PUBLISHED:
        from cms.announcements.models import AnnouncementPage

        found = _visible(AnnouncementPage, event.object_id, listening)
    elif kind == EventKind.ANNOUNCEMENT_WITHDRAWN:
        return Delivered(event.pk, kind, event.object_id)
    elif kind == EventKind.DOCUMENT_RECEIVED:
        from cms.documents.services import actionable

        # Only the officers who act for the receiving union (the issuer's editors read the
        # deliveries in the admin's report; they are not told of each one).
        deliveries = actionable(listening.user).filter(pk=event.object_id)
        found = restrict(deliveries, listening.viewer).first()
    elif kind == EventKind.FEEDBACK_UPDATED:
        from cms.feedback.models import Feedback

        found = _visible(Feedback, event.object_id, listening)
        if found is not None and found.submitter_id != listening.viewer.user_id:
            found = None  # handlers see it in the admin; only its sender is told live
    if found is None:
        return None
    return Delivered(event.pk, kind, event.object_id, found)
