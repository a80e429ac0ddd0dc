from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry
import strawberry_django
from django.db.models import F
from django.utils import timezone
from strawberry import relay

from cms.core.files import file_url
from cms.documents import models
from cms.documents.errors import DocumentErrorCode
from graphql_api.core.blocks import StreamBlockInterface, stream_blocks
from graphql_api.core.errors import error_type
from graphql_api.core.labels import choice_label
from graphql_api.core.media import attached_document_url
from graphql_api.core.nodes import ModelNode
from graphql_api.core.pages import ContentPageInterface, section_page_type
from graphql_api.core.visibility import AccessControlled
from graphql_api.organisations.types import OrganisationType

DocumentType = strawberry.enum(
    models.DocumentKind,
    name="DocumentType",
    description="Kind of official document: plan, official letter...",
)
DocumentUrgency = strawberry.enum(
    models.DocumentUrgency, name="DocumentUrgency", description="How urgent a document is."
)


@strawberry_django.type(
    models.DocumentAttachment, name="DocumentAttachment", description="A file attached to a document."
)
class DocumentAttachmentType:
    @strawberry_django.field(
        only=["title", "document__title"], select_related=["document"], description="e.g. Phụ lục 1."
    )
    def title(self) -> str:
        return self.display_title

    @strawberry_django.field(
        only=["document__file"], select_related=["document"], description="e.g. pdf, docx."
    )
    def extension(self) -> str:
        return self.document.file_extension

    @strawberry_django.field(
        only=["document__file_size"], select_related=["document"], description="In bytes."
    )
    def file_size(self) -> int | None:
        return self.document.file_size

    url = attached_document_url()


@strawberry_django.type(
    models.OfficialDocumentPage,
    name="OfficialDocument",
    description="An official document (văn bản, công văn).",
)
class OfficialDocumentType(ContentPageInterface):
    number_symbol: str = strawberry_django.field(description="Number and symbol, e.g. 75/KH-LĐLĐ.")
    document_type: DocumentType
    urgency: DocumentUrgency
    signer_name: str
    signer_title: str
    signing_for: str = strawberry_django.field(description="The position or body signed for, e.g. Chủ tịch.")
    issued_on: date
    effective_on: date | None
    requires_acknowledgement: bool
    requires_report: bool
    report_due_on: date | None
    accepts_late_reports: bool = strawberry_django.field(
        description="Whether a report is still accepted after its due date."
    )
    attachments: list[DocumentAttachmentType] = strawberry_django.field(
        description="Attached files, in order."
    )
    recipients: list[OrganisationType] = strawberry_django.field(description="Organisations it was sent to.")

    @strawberry_django.field(only=["document_type"], description="The type's name in the request's language.")
    def document_type_label(self) -> str:
        return choice_label(self, "document_type")

    @strawberry_django.field(
        only=["signing_authority", "signing_for"],
        description='The line above the signer\'s title, e.g. "KT. CHỦ TỊCH", "TM. BAN THƯỜNG VỤ"; null '
        "when the signer signs in their own name.",
    )
    def signature_heading(self) -> str | None:
        return self.signature_heading or None

    @strawberry_django.field(only=["urgency"], description="The urgency's name in the request's language.")
    def urgency_label(self) -> str:
        return choice_label(self, "urgency")

    @strawberry_django.field(only=["body"], description="Full text, when it is given besides the files.")
    def body(self, info: strawberry.Info) -> list[StreamBlockInterface]:
        return stream_blocks(self.body, info.context)


PAGE_TYPES = [OfficialDocumentType, section_page_type(models.DocumentIndexPage)]


# --- Deliveries: a union's copy of a document, and its receipt --------------------------------

DocumentError = error_type("DocumentError", DocumentErrorCode)


@strawberry.enum(name="DocumentInboxStatus", description="Which deliveries of the inbox to list.")
class DocumentInboxStatus(Enum):
    UNREAD = "unread"
    OPENED = "opened"
    ACKNOWLEDGED = "acknowledged"
    OVERDUE = "overdue"
    ALL = "all"


@strawberry.type(name="DocumentReportFile", description="The report a union sent back.")
class DocumentReportFileType:
    display_name: str = strawberry.field(description="The file's name as sent, e.g. bao-cao.pdf.")
    content_type: str = strawberry.field(description="application/pdf, image/jpeg, image/png or image/webp.")
    size: int = strawberry.field(description="In bytes.")
    url: str = strawberry.field(description="A signed link that works for a limited time.")


def _from_document(name: str, expression):
    """A field read from the delivery's document through an annotation (one query for the list);
    on a row not loaded by the optimizer (a mutation's payload), from the document itself."""
    attribute = f"_document_{name}"

    def resolve(root) -> object:
        if hasattr(root, attribute):
            return getattr(root, attribute)
        return getattr(root.document, name)

    return resolve, {attribute: expression}


_due_resolver, _due_annotation = _from_document("report_due_on", F("document__report_due_on"))
_ack_resolver, _ack_annotation = _from_document(
    "requires_acknowledgement", F("document__requires_acknowledgement")
)
_report_resolver, _report_annotation = _from_document("requires_report", F("document__requires_report"))


@strawberry_django.type(
    models.DocumentDelivery,
    name="DocumentDelivery",
    description="A document as delivered to one union: when it arrived, who opened and acknowledged "
    "it, the report sent back.",
)
class DocumentDeliveryType(ModelNode, AccessControlled, relay.Node):
    document: OfficialDocumentType
    organisation: OrganisationType = strawberry_django.field(description="The union it was delivered to.")
    delivered_at: datetime
    first_opened_at: datetime | None
    acknowledged_at: datetime | None
    report_submitted_at: datetime | None
    report_note: str = strawberry_django.field(description="The note sent with the report.")

    @strawberry_django.field(annotate=_due_annotation, description="The date the report is due, if any.")
    def report_due_on(self) -> date | None:
        return _due_resolver(self)

    @strawberry_django.field(annotate=_ack_annotation)
    def requires_acknowledgement(self) -> bool:
        return _ack_resolver(self)

    @strawberry_django.field(annotate=_report_annotation)
    def requires_report(self) -> bool:
        return _report_resolver(self)

    @strawberry_django.field(
        annotate={**_due_annotation, **_report_annotation},
        only=["report_submitted_at"],
        description="A report was due before today and none was sent.",
    )
    def is_overdue(self) -> bool:
        if self.report_submitted_at is not None or not _report_resolver(self):
            return False
        due = _due_resolver(self)
        return due is not None and timezone.localdate() > due

    @strawberry_django.field(
        only=["report_file", "report_file_name", "report_content_type", "report_file_size"],
        description="The report sent back, if any.",
    )
    def report_file(self) -> DocumentReportFileType | None:
        if not self.report_file:
            return None
        return DocumentReportFileType(
            display_name=self.report_file_name,
            content_type=self.report_content_type,
            size=self.report_file_size or 0,
            url=file_url(self.report_file, private=True),
        )
