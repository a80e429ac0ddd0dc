"""Shared set-up of the receipts tests: two grassroots unions with a clerk each, an issuing editor,
and a document sent to both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.documents.demo import minimal_pdf
from cms.documents.models import DocumentDelivery, DocumentKind
from tests.content_factories import make_official_document
from tests.factories import make_officer


@dataclass
class People:
    clerk: object  # document clerk of Luxshare (vsip)
    other_clerk: object  # document clerk of Hoa Sen
    chair: object  # editor of Luxshare: receives for it too
    issuer: object  # editor of the federation
    zone_editor: object  # editor of the KCN union (not the issuer's side of a federation document)


def make_people(tree) -> People:
    return People(
        clerk=make_officer(tree["vsip"], "document_clerk", username="vanthu.vsip").user,
        other_clerk=make_officer(tree["hoa_sen"], "document_clerk", username="vanthu.hoasen").user,
        chair=make_officer(tree["vsip"], "editor", username="chutich.vsip").user,
        issuer=make_officer(tree["root"], "editor", username="bientap.root").user,
        zone_editor=make_officer(tree["kcn"], "editor", username="bientap.kcn").user,
    )


def send(tree, *, acknowledgement=True, report=True, due_in_days=10, late=False, **fields):
    """A federation plan sent to Luxshare and Hoa Sen; returns the document."""
    return make_official_document(
        tree["root"],
        document_type=fields.pop("document_type", DocumentKind.PLAN),
        number_symbol=fields.pop("number_symbol", None) or None,
        recipients=[tree["vsip"], tree["hoa_sen"]],
        requires_acknowledgement=acknowledgement,
        requires_report=report,
        report_due_on=timezone.localdate() + timedelta(days=due_in_days) if report else None,
        accepts_late_reports=late,
        **fields,
    )


def delivery_of(document, organisation) -> DocumentDelivery:
    return DocumentDelivery.objects.get(document=document, organisation=organisation)


def pdf_upload(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(["Bao cao"]), content_type="application/pdf")


def disguised_upload() -> SimpleUploadedFile:
    """A Windows executable named like a PDF."""
    return SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")


def state(delivery: DocumentDelivery) -> tuple:
    delivery.refresh_from_db()
    return (
        delivery.first_opened_at,
        delivery.first_opened_by_id,
        delivery.acknowledged_at,
        delivery.acknowledged_by_id,
        delivery.report_submitted_at,
        delivery.report_file.name,
    )
