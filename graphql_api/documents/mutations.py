"""What a receiving union does with a delivered document: open it, acknowledge it, report on it.

Every id is a ``DocumentDelivery`` global id; one of another union answers NOT_FOUND, exactly
like one that does not exist. Rules live in ``cms.documents.services``.
"""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from cms.core.errors import ServiceError, ServiceErrors
from cms.documents import services
from cms.documents.errors import DocumentErrorCode
from graphql_api.core.context import Info
from graphql_api.core.errors import user_errors
from graphql_api.core.permissions import IsAuthenticated
from graphql_api.documents.types import DocumentDeliveryType, DocumentError

DELIVERY_TYPE_NAME = "DocumentDelivery"


@strawberry.input
class DeliveryInput:
    delivery_id: relay.GlobalID = strawberry.field(description="The DocumentDelivery's id.")


@strawberry.input
class SubmitDocumentReportInput:
    delivery_id: relay.GlobalID = strawberry.field(description="The DocumentDelivery's id.")
    file: Upload = strawberry.field(description="The report: a PDF or an image (JPEG, PNG, WebP).")
    note: str = strawberry.field(default="", description="A short note to the issuing union.")


@strawberry.type
class DocumentDeliveryPayload:
    delivery: DocumentDeliveryType | None = None
    errors: list[DocumentError] = strawberry.field(default_factory=list)


def _pk(global_id: relay.GlobalID) -> str:
    if global_id.type_name != DELIVERY_TYPE_NAME:
        raise ServiceError(DocumentErrorCode.NOT_FOUND, "")
    return global_id.node_id


def _run(action, input) -> DocumentDeliveryPayload:
    try:
        delivery = action(_pk(input.delivery_id))
    except ServiceError as exc:
        if exc.code == DocumentErrorCode.NOT_FOUND and not exc.message:
            exc = services.not_found()
        return DocumentDeliveryPayload(errors=user_errors(exc, DocumentError))
    except ServiceErrors as exc:
        return DocumentDeliveryPayload(errors=user_errors(exc, DocumentError))
    return DocumentDeliveryPayload(delivery=delivery)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="Record that your union opened a delivered document. The first opening is kept.",
    )
    def mark_document_opened(self, info: Info, input: DeliveryInput) -> DocumentDeliveryPayload:
        user = info.context.user
        return _run(lambda pk: services.mark_opened(user, pk), input)

    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="Acknowledge a delivered document for your union (ACKNOWLEDGEMENT_NOT_REQUIRED when "
        "it asks for none). The first acknowledgement is kept.",
    )
    def acknowledge_document(self, info: Info, input: DeliveryInput) -> DocumentDeliveryPayload:
        user = info.context.user
        return _run(lambda pk: services.acknowledge(user, pk), input)

    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="Send your union's report on a delivered document: a PDF or an image, as a "
        "multipart upload. REPORT_LATE after the due date unless the document accepts late reports; a "
        "later report replaces the earlier one.",
    )
    def submit_document_report(self, info: Info, input: SubmitDocumentReportInput) -> DocumentDeliveryPayload:
        user = info.context.user
        return _run(lambda pk: services.submit_report(user, pk, upload=input.file, note=input.note), input)
