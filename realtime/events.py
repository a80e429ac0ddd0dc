"""The events sockets receive, recorded with the change that causes them.

Call these inside the transaction of the change: the event row is written with it (and rolled
back with it), and broadcast only once the transaction commits (realtime.broadcast). A draft,
a rolled-back reply or a publication scheduled for later never reaches a socket.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from realtime.groups import EVERYONE, officers_group, organisation_group, user_group
from realtime.models import Event, EventGroup, EventKind


def record(kind: EventKind, object_id: int, groups: Iterable[str]) -> Event:
    """Write the event and its groups; broadcast it after the current transaction commits."""
    from realtime.broadcast import enqueue

    event = Event.objects.create(kind=kind, object_id=object_id)
    EventGroup.objects.bulk_create([EventGroup(event=event, name=name) for name in sorted(set(groups))])
    transaction.on_commit(lambda: enqueue(event.pk))
    return event


def _audience_groups(page) -> list[str]:
    audience = list(page.audience.values_list("pk", flat=True))
    return [organisation_group(pk) for pk in audience] if audience else [EVERYONE]


def announcement_published(page) -> Event:
    """A live announcement: new, republished (edited), or made live by ``publish_scheduled``."""
    return record(EventKind.ANNOUNCEMENT_PUBLISHED, page.pk, _audience_groups(page))


def announcement_withdrawn(page) -> Event:
    """An announcement unpublished, expired or deleted: apps remove it."""
    return record(EventKind.ANNOUNCEMENT_WITHDRAWN, page.pk, _audience_groups(page))


def document_received(delivery) -> Event:
    """A document delivered to an organisation: its clerks and editors are told."""
    return record(EventKind.DOCUMENT_RECEIVED, delivery.pk, [officers_group(delivery.organisation_id)])


def feedback_updated(feedback) -> Event:
    """A reply or a status change the member who sent the feedback can see."""
    return record(EventKind.FEEDBACK_UPDATED, feedback.pk, [user_group(feedback.submitter_id)])
