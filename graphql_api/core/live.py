"""What every subscription field shares: realtime's stream, turned into a domain's event type.

A domain's subscription declares its event type (``cursor``, ``kind``, the object) and maps
realtime's event kinds to its own ``kind`` enum; :func:`live_events` does the rest: resume from
``after``, RESYNC, the sign-in checks, delivery-time access checks (realtime.stream).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Mapping
from enum import Enum
from typing import TypeVar

from realtime import stream
from realtime.delivery import Delivered
from realtime.models import EventKind

T = TypeVar("T")

CURSOR_DESCRIPTION = "Pass it as `after` when reconnecting, to receive what you missed first."
RESYNC_DESCRIPTION = "RESYNC: too much was missed: reload the list, keep this cursor, go on listening."


async def live_events(
    info,
    kinds: Mapping[EventKind, Enum],
    resync: Enum,
    after: str | None,
    make: Callable[[str, Enum, Delivered | None], T],
) -> AsyncGenerator[T, None]:
    """``make(cursor, kind, delivered)`` for each event the listener may receive (``delivered``
    is None for RESYNC)."""
    async for item in stream.events(info, kinds.keys(), after):
        if isinstance(item, stream.Resync):
            yield make(stream.cursor(item.event_id), resync, None)
        else:
            yield make(stream.cursor(item.event_id), kinds[item.kind], item)
