"""``announcementPublished``: announcements as they go live, and as they are withdrawn."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from strawberry import relay

from graphql_api.announcements.types import AnnouncementPageType
from realtime import stream
from realtime.models import EventKind


@strawberry.enum(description="What happened to an announcement.")
class AnnouncementEventKind(Enum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    RESYNC = "resync"


_KINDS = {
    EventKind.ANNOUNCEMENT_PUBLISHED: AnnouncementEventKind.PUBLISHED,
    EventKind.ANNOUNCEMENT_WITHDRAWN: AnnouncementEventKind.WITHDRAWN,
}


@strawberry.type(description="An announcement went live (or was republished), or was withdrawn.")
class AnnouncementEvent:
    cursor: str = strawberry.field(
        description="Pass it as `after` when reconnecting, to receive what you missed."
    )
    kind: AnnouncementEventKind = strawberry.field(
        description="PUBLISHED: show or update it. WITHDRAWN: remove it (unpublished, expired or deleted). "
        "RESYNC: too much was missed: reload the list, then keep listening."
    )
    announcement_id: relay.GlobalID | None = strawberry.field(
        description="The announcement's id (null on RESYNC)."
    )
    announcement: AnnouncementPageType | None = strawberry.field(
        description="The announcement, when PUBLISHED."
    )


def _event(item) -> AnnouncementEvent:
    if isinstance(item, stream.Resync):
        return AnnouncementEvent(
            cursor=stream.cursor(item.event_id),
            kind=AnnouncementEventKind.RESYNC,
            announcement_id=None,
            announcement=None,
        )
    return AnnouncementEvent(
        cursor=stream.cursor(item.event_id),
        kind=_KINDS[item.kind],
        announcement_id=relay.GlobalID("AnnouncementPage", str(item.object_id)),
        announcement=item.object,
    )


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Announcements for the reader as they go live (guests: those for everyone; members: "
        "also those for their union and the unions above it), and withdrawals. Pass the last `cursor` "
        "seen as `after` when reconnecting to first receive what was missed."
    )
    async def announcement_published(
        self, info: strawberry.Info, after: str | None = None
    ) -> AsyncGenerator[AnnouncementEvent, None]:
        kinds = (EventKind.ANNOUNCEMENT_PUBLISHED, EventKind.ANNOUNCEMENT_WITHDRAWN)
        async for item in stream.events(info, kinds, after):
            yield _event(item)
