"""``documentReceived``: documents delivered to the unions the officer acts for."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from strawberry import relay

from graphql_api.core.live import CURSOR_DESCRIPTION, RESYNC_DESCRIPTION, live_events
from graphql_api.core.permissions import require_authenticated
from graphql_api.documents.types import DocumentDeliveryType
from realtime.delivery import Delivered
from realtime.models import EventKind


@strawberry.enum(description="What happened to a union's document inbox.")
class DocumentEventKind(Enum):
    RECEIVED = "received"
    RESYNC = "resync"


_KINDS = {EventKind.DOCUMENT_RECEIVED: DocumentEventKind.RECEIVED}


@strawberry.type(description="A document was delivered to a union the officer acts for.")
class DocumentEvent:
    cursor: str = strawberry.field(description=CURSOR_DESCRIPTION)
    kind: DocumentEventKind = strawberry.field(
        description="RECEIVED: add it to the inbox. " + RESYNC_DESCRIPTION
    )
    delivery_id: relay.GlobalID | None = strawberry.field(description="The delivery's id (null on RESYNC).")
    delivery: DocumentDeliveryType | None = strawberry.field(description="The delivery, when RECEIVED.")


def _event(cursor: str, kind: Enum, delivered: Delivered | None) -> DocumentEvent:
    return DocumentEvent(
        cursor=cursor,
        kind=kind,
        delivery_id=relay.GlobalID("DocumentDelivery", str(delivered.object_id)) if delivered else None,
        delivery=delivered.object if delivered else None,
    )


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Documents delivered to the unions where the signed-in officer is a document clerk or "
        "an editor, as they arrive. UNAUTHENTICATED for guests. Pass the last `cursor` seen as `after` "
        "when reconnecting."
    )
    async def document_received(
        self, info: strawberry.Info, after: str | None = None
    ) -> AsyncGenerator[DocumentEvent, None]:
        require_authenticated(info)
        async for event in live_events(info, _KINDS, DocumentEventKind.RESYNC, after, _event):
            yield event
