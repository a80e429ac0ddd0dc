"""Sending recorded events to the channel layer, after commit, through django-tasks.

``enqueue`` runs in ``transaction.on_commit`` (realtime.events). With the immediate backend
(the embedded default) the task runs at once in the same process; in production a
``db_worker`` runs it, and channels_redis' pub/sub layer carries the message to every server
process, where each socket in one of the event's groups receives it.

The message holds only the event's id and kind: listeners read the event and check it against
the access policies themselves (realtime.delivery).
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django_tasks import task

from realtime.models import Event

logger = logging.getLogger("realtime")

# The channels message type of an event (the consumer routes it to listening subscriptions).
MESSAGE_TYPE = "realtime.event"


def send(event_id: int) -> int:
    """Send the event to each of its groups; the number of groups."""
    event = Event.objects.filter(pk=event_id).prefetch_related("groups").first()
    if event is None:
        return 0
    layer = get_channel_layer()
    if layer is None:
        return 0
    message = {"type": MESSAGE_TYPE, "id": event.pk, "kind": event.kind}
    groups = [group.name for group in event.groups.all()]
    for group in groups:
        async_to_sync(layer.group_send)(group, message)
    logger.info("Realtime event %s (%s) sent to %d groups", event.pk, event.kind, len(groups))
    return len(groups)


@task()
def send_event(event_id: int) -> int:
    return send(event_id)


def enqueue(event_id: int) -> None:
    try:
        send_event.enqueue(event_id)
    except Exception:
        # A broken broadcast never undoes what was committed: sockets catch up from the event
        # log when they reconnect with their cursor.
        logger.exception("Realtime event %s could not be sent", event_id)
