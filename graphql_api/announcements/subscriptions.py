"""``announcementPublished``: announcements as they go live, and as they are withdrawn."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from strawberry import relay

from graphql_api.announcements.types import AnnouncementPageType
from graphql_api.core.live import CURSOR_DESCRIPTION, RESYNC_DESCRIPTION, live_events
from realtime.delivery import Delivered
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
    cursor: str = strawberry.field(description=CURSOR_DESCRIPTION)
    kind: AnnouncementEventKind = strawberry.field(
        description="PUBLISHED: show or update it. WITHDRAWN: remove it (unpublished, expired or deleted). "
        + RESYNC_DESCRIPTION
    )
    announcement_id: relay.GlobalID | None = strawberry.field(
        description="The announcement's id (null on RESYNC)."
    )
    announcement: AnnouncementPageType | None = strawberry.field(
        description="The announcement, when PUBLISHED."
    )


def _event(cursor: str, kind: Enum, delivered: Delivered | None) -> AnnouncementEvent:
    return AnnouncementEvent(
        cursor=cursor,
        kind=kind,
        announcement_id=relay.GlobalID("AnnouncementPage", str(delivered.object_id)) if delivered else None,
        announcement=delivered.object if delivered else None,
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
        async for event in live_events(info, _KINDS, AnnouncementEventKind.RESYNC, after, _event):
            yield event
