"""The documents part of ``me``: the inbox of the unions the signed-in officer receives for."""

from __future__ import annotations

import strawberry
import strawberry_django

from cms.documents import services
from graphql_api.core.context import Info
from graphql_api.core.pagination import Connection
from graphql_api.documents.types import DocumentDeliveryType, DocumentInboxStatus


@strawberry.type
class MeDocuments:
    """Mixed into ``Me``: documents delivered to the unions where the user is a document clerk or
    an editor (superusers have none: they do not receive for a union)."""

    @strawberry_django.connection(
        Connection[DocumentDeliveryType],
        description="Documents delivered to the unions you receive for (as document clerk or editor), "
        "newest delivered first. `status`: UNREAD (never opened), OPENED (opened, not acknowledged), "
        "ACKNOWLEDGED, OVERDUE (report past due), ALL.",
    )
    def document_inbox(
        self, info: Info, status: DocumentInboxStatus = DocumentInboxStatus.ALL
    ) -> list[DocumentDeliveryType]:
        return services.inbox(info.context.user, services.InboxStatus(status.value))

    @strawberry.field(description="How many documents delivered to your unions nobody has opened yet.")
    def unread_documents(self, info: Info) -> int:
        return services.unread_count(info.context.user)
