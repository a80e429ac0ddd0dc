from __future__ import annotations

from datetime import date

import strawberry
import strawberry_django

from cms.documents import models
from graphql_api.core.blocks import StreamBlockInterface, stream_blocks
from graphql_api.core.media import attached_document_url
from graphql_api.core.pages import ContentPageInterface, section_page_type
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
    issued_on: date
    effective_on: date | None
    requires_acknowledgement: bool
    requires_report: bool
    report_due_on: date | None
    attachments: list[DocumentAttachmentType] = strawberry_django.field(
        description="Attached files, in order."
    )
    recipients: list[OrganisationType] = strawberry_django.field(description="Organisations it was sent to.")

    @strawberry_django.field(only=["document_type"], description="The type's name in the request's language.")
    def document_type_label(self) -> str:
        return str(self.get_document_type_display())

    @strawberry_django.field(only=["urgency"], description="The urgency's name in the request's language.")
    def urgency_label(self) -> str:
        return str(self.get_urgency_display())

    @strawberry_django.field(only=["body"], description="Full text, when it is given besides the files.")
    def body(self, info: strawberry.Info) -> list[StreamBlockInterface]:
        return stream_blocks(self.body, info.context)


PAGE_TYPES = [OfficialDocumentType, section_page_type(models.DocumentIndexPage)]
