"""One subscription's stream: missed events first, then live ones, for as long as the sign-in holds.

``events(info, kinds, after)`` is what every subscription field iterates:

1. It reads who the socket speaks for now (the sign-in re-checked: realtime.auth) and listens on
   their groups (realtime.groups) *before* reading what was missed, so nothing committed in
   between is lost.
2. With a cursor (``after``), the events after it in the event log are delivered first, in
   order; at most ``BACKLOG_LIMIT`` of them: a client further behind gets one ``RESYNC`` and
   reloads its lists. Live events already delivered from the log are skipped (no duplicate at
   the seam).
3. Live events follow. Each is checked for the listener as they are now (realtime.delivery).
4. Every ``REALTIME_SESSION_CHECK_SECONDS`` (and before each event) the sign-in is checked
   again: when it has ended (signed out, expired, revoked, deactivated) the socket is closed
   with 4403; when the member moved to another union the groups follow, and what was sent to the
   new groups in between is delivered from the log.

All database work runs in worker threads; the event loop only waits.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections import deque
from collections.abc import AsyncGenerator, Collection

from channels.db import database_sync_to_async
from django.conf import settings
from django.db.models import Max, Min

from graphql_api.core.errors import ApiError, ApiErrorCode
from realtime.auth import CLOSE_FORBIDDEN, current_sign_in
from realtime.broadcast import MESSAGE_TYPE
from realtime.delivery import Delivered, deliverable
from realtime.groups import Listening, listening
from realtime.models import Event, EventKind

BACKLOG_LIMIT = 200
_CURSOR_PREFIX = "event:"
# Event ids remembered to skip duplicates at the seam between the log and live events.
_SEEN = 1000


class Resync:
    """Too much was missed (or the cursor is older than the log): reload, then go on live."""

    def __init__(self, event_id: int):
        self.event_id = event_id


def cursor(event_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{event_id}".encode()).decode()


def event_id_of(value: str) -> int:
    try:
        text = base64.urlsafe_b64decode(value.encode()).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError
        event_id = int(text.removeprefix(_CURSOR_PREFIX))
        if event_id < 0:
            raise ValueError
    except (ValueError, UnicodeError):
        raise ApiError(ApiErrorCode.BAD_USER_INPUT, "The cursor is not one this server gave out.") from None
    return event_id


class _Listener:
    """The socket's groups for one subscription, and the queue its events arrive in."""

    def __init__(self, consumer):
        self.consumer = consumer
        self.queue: asyncio.Queue = asyncio.Queue()
        consumer.listen_queues[MESSAGE_TYPE].add(self.queue)
        self.groups: frozenset[str] = frozenset()

    async def listen(self, groups: frozenset[str]) -> None:
        consumer = self.consumer
        async with consumer._group_lock:
            for group in groups - self.groups:
                await consumer.channel_layer.group_add(group, consumer.channel_name)
                consumer._group_refs[group] += 1
            for group in self.groups - groups:
                consumer._group_refs[group] -= 1
                if consumer._group_refs[group] <= 0:
                    del consumer._group_refs[group]
                    await consumer.channel_layer.group_discard(group, consumer.channel_name)
        self.groups = groups

    async def next(self, timeout: float) -> dict | None:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None

    async def close(self) -> None:
        await self.listen(frozenset())
        self.consumer.listen_queues[MESSAGE_TYPE].discard(self.queue)


def _now_listening(sign_in) -> tuple[object, Listening] | None:
    """The sign-in as it is now and what its user listens to; None when it has ended."""
    if sign_in is None:
        return None, listening(None)
    current = current_sign_in(sign_in)
    if current is None:
        return None
    return current, listening(current.user)


def _backlog(kinds: Collection[str], groups: Collection[str], after: int) -> list[Event] | Resync:
    events = list(
        Event.objects.filter(pk__gt=after, kind__in=kinds, groups__name__in=groups)
        .distinct()
        .order_by("pk")[: BACKLOG_LIMIT + 1]
    )
    oldest = Event.objects.aggregate(oldest=Min("pk"))["oldest"]
    if len(events) > BACKLOG_LIMIT or (oldest is not None and after < oldest - 1):
        return Resync(_latest())
    return events


def _latest() -> int:
    return Event.objects.aggregate(latest=Max("pk"))["latest"] or 0


def _deliver_many(events: list[Event], now: Listening) -> list[Delivered]:
    return [found for event in events if (found := deliverable(event, now)) is not None]


# _deliver_one's answer when the listener's sign-in has ended since the last check.
_ENDED = object()


def _deliver_one(event_id: int, now: Listening, sign_in) -> Delivered | object | None:
    """The event for the listener, checked first against their sign-in as it is now."""
    if sign_in is not None and current_sign_in(sign_in) is None:
        return _ENDED
    event = Event.objects.filter(pk=event_id).first()
    return deliverable(event, now) if event is not None else None


async def events(info, kinds: Collection[EventKind], after: str | None) -> AsyncGenerator[Delivered | Resync]:
    context = info.context
    consumer = context.ws
    if consumer is None:
        raise ApiError(ApiErrorCode.BAD_REQUEST, "Subscriptions are served over the websocket only.")
    last = event_id_of(after) if after else None
    kinds = {str(kind) for kind in kinds}
    check_every = settings.REALTIME_SESSION_CHECK_SECONDS
    seen: deque[int] = deque(maxlen=_SEEN)
    listener = _Listener(consumer)
    try:
        found = await database_sync_to_async(_now_listening)(context.sign_in)
        if found is None:
            await consumer.close(code=CLOSE_FORBIDDEN)
            return
        sign_in, now = found
        await listener.listen(now.groups)
        if last is None:
            last = await database_sync_to_async(_latest)()
        else:
            async for item in _replay(kinds, now, last, seen):
                yield item
        checked = time.monotonic()
        while True:
            message = await listener.next(timeout=max(check_every - (time.monotonic() - checked), 0.01))
            if message is None or time.monotonic() - checked >= check_every:
                found = await database_sync_to_async(_now_listening)(sign_in) if sign_in else (None, now)
                if found is None:
                    await consumer.close(code=CLOSE_FORBIDDEN)
                    return
                sign_in, current = found
                checked = time.monotonic()
                if current.groups != now.groups:
                    await listener.listen(current.groups)
                    since = max(seen) if seen else last
                    now = current
                    async for item in _replay(kinds, now, since, seen):
                        yield item
                now = current
            if message is None or message.get("kind") not in kinds or message.get("id") in seen:
                continue
            delivered = await database_sync_to_async(_deliver_one)(message["id"], now, sign_in)
            if delivered is _ENDED:
                await consumer.close(code=CLOSE_FORBIDDEN)
                return
            seen.append(message["id"])
            if delivered is not None:
                yield delivered
    finally:
        await listener.close()


async def _replay(kinds, now: Listening, after: int, seen: deque) -> AsyncGenerator[Delivered | Resync]:
    backlog = await database_sync_to_async(_backlog)(kinds, now.groups, after)
    if isinstance(backlog, Resync):
        yield backlog
        return
    missed = [event for event in backlog if event.pk not in seen]
    seen.extend(event.pk for event in missed)
    for delivered in await database_sync_to_async(_deliver_many)(missed, now):
        yield delivered
