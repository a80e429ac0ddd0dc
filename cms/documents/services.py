"""Rules and writes for official documents: the default audience, and delivering a published
document to its recipients."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.utils import timezone

from cms.documents.models import DocumentDelivery, OfficialDocumentPage
from cms.organisations.models import Organisation


def default_audience(
    audience: Collection[Organisation], recipients: Collection[Organisation]
) -> Collection[Organisation]:
    """The audience a document is published to: the one chosen, else its recipients.

    A document sent to some unions is, unless the editor says otherwise, for those unions'
    members only. Apply it before checking publishing rights (``cms.core.publishing``): an
    editor who may not publish to everyone can leave the audience empty and send to their
    unions. A document with neither audience nor recipients is for everyone, which only
    federation editors may publish. To make a document sent to a few unions readable by every
    union member, choose the federation as audience.
    """
    return audience if len(audience) else recipients


@transaction.atomic
def deliver(document_page: OfficialDocumentPage) -> list[DocumentDelivery]:
    """Make sure every active recipient has its delivery row; return the rows created now.

    Idempotent: re-publishing creates rows only for recipients added since, and never resets
    what existing rows recorded (opened, acknowledged, report). Rows of organisations no
    longer among the recipients are kept, as history of what was sent.

    Only the recipients themselves get a row, never the unions below them: a letter sent to an
    upper-level union is that union's to forward (công văn goes to the addressee), and the
    audience already lets the members of its subtree read it. Editors who want every
    grassroots union to acknowledge list them as recipients.
    """
    recipient_ids = set(
        Organisation.objects.active()
        .filter(pk__in=document_page.recipients.values("pk"))
        .values_list("pk", flat=True)
    )
    existing = set(
        DocumentDelivery.objects.filter(
            document=document_page, organisation_id__in=recipient_ids
        ).values_list("organisation_id", flat=True)
    )
    now = timezone.now()
    new_rows = [
        DocumentDelivery(document=document_page, organisation_id=pk, delivered_at=now)
        for pk in sorted(recipient_ids - existing)
    ]
    # ignore_conflicts: two publishes racing must not fail on the unique constraint.
    DocumentDelivery.objects.bulk_create(new_rows, ignore_conflicts=True)
    return new_rows
