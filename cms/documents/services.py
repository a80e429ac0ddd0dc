"""Rules and writes for official documents: the default audience, numbering, delivering a
published document to the unions it is addressed to, and what those unions do with it
(open, acknowledge, report), plus reminders.

Who may act on a delivery: the current document clerks and editors of its union
(``access.RECIPIENT_ROLES``), at that union itself. Superusers and the issuing side read the
deliveries (``access.DeliveryPolicy``) but never act for a union. Every action checks it here:
a delivery of another union is NOT_FOUND, exactly like one that does not exist.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterable
from datetime import date
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.errors import ServiceError, ServiceErrors
from cms.core.uploads import FileKind, check_upload
from cms.documents.access import RECIPIENT_ROLES, published_q, recipient_q
from cms.documents.errors import DocumentErrorCode
from cms.documents.models import (
    TYPE_ABBREVIATIONS,
    DocumentDelivery,
    DocumentKind,
    OfficialDocumentPage,
    split_number_symbol,
)
from cms.organisations.models import Officer, Organisation, OrganisationLevel, OrganisationStatus

logger = logging.getLogger(__name__)

REPORT_FOLDER = "document-reports"
MAX_NOTE_LENGTH = 2000


# --- Audience and delivery -------------------------------------------------------------------


def default_audience(
    audience: Collection[Organisation], recipients: Collection[Organisation]
) -> Collection[Organisation]:
    """The audience a document is published to: the one chosen, else its recipients.

    ``recipients`` are all the organisations it is addressed to (themselves, or every
    grassroots union under them: their subtree is the audience either way).

    A document sent to some unions is, unless the editor says otherwise, for those unions'
    members only. Apply it before checking publishing rights (``cms.core.publishing``): an
    editor who may not publish to everyone can leave the audience empty and send to their
    unions. A document with neither audience nor recipients is for everyone, which only
    federation editors may publish. To make a document sent to a few unions readable by every
    union member, choose the federation as audience.
    """
    return audience if len(audience) else recipients


def addressed_organisation_ids(document_page: OfficialDocumentPage) -> set[int]:
    """The active organisations that get a delivery: the recipients themselves, and every
    active grassroots union in the subtree of each ``recipient_subtrees`` organisation."""
    active = Organisation.objects.active()
    # .all(), not a subquery: a page's relations may still be in memory (modelcluster).
    recipient_pks = [organisation.pk for organisation in document_page.recipients.all()]
    ids = set(active.filter(pk__in=recipient_pks).values_list("pk", flat=True))
    paths = [organisation.path for organisation in document_page.recipient_subtrees.all()]
    if paths:
        under = Q(pk__in=[])
        for path in paths:
            under |= Q(path__startswith=path)
        grassroots = active.filter(under, level=OrganisationLevel.GRASSROOTS)
        ids |= set(grassroots.values_list("pk", flat=True))
    return ids


@transaction.atomic
def deliver(document_page: OfficialDocumentPage) -> list[DocumentDelivery]:
    """Make sure every addressed organisation has its delivery row; return the rows created now.

    Idempotent: re-publishing creates rows only for organisations added since, and never resets
    what existing rows recorded (opened, acknowledged, report). Rows of organisations no
    longer addressed are kept, as history of what was sent.

    Only rows this call inserted are returned, even when two publishes race: each missing row
    is inserted on its own, in a savepoint, under the unique constraint (document,
    organisation); a row another transaction inserted first makes that insert fail and is left
    out. What follows a delivery (notifications) therefore happens once per row.

    A recipient gets its own row, never the unions below it (a letter to an upper-level union
    is that union's to forward); "every grassroots union under X" (``recipient_subtrees``) gives
    each active grassroots union of X's subtree its own row.
    """
    wanted = addressed_organisation_ids(document_page)
    existing = set(
        DocumentDelivery.objects.filter(document=document_page, organisation_id__in=wanted).values_list(
            "organisation_id", flat=True
        )
    )
    now = timezone.now()
    created: list[DocumentDelivery] = []
    for pk in sorted(wanted - existing):
        row = DocumentDelivery(document=document_page, organisation_id=pk, delivered_at=now)
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue  # another publish delivered it meanwhile
        created.append(row)
    return created


# --- Numbering (Decree 30/2020/NĐ-CP) --------------------------------------------------------


def next_number(organisation: Organisation, document_type: str, year: int) -> int:
    """The next free number of ``organisation``'s documents issued in ``year``.

    Numbers run from 1 in each calendar year, in the order documents are issued, one sequence
    for the issuer whatever the type (``document_type`` is accepted for the callers' sake and
    does not change the sequence).
    """
    last = OfficialDocumentPage.objects.filter(organisation=organisation, issued_year=year).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def issuer_abbreviation(organisation: Organisation) -> str:
    """The issuer's abbreviation as its latest numbered document spells it ("LĐLĐ"), or ""."""
    latest = (
        OfficialDocumentPage.objects.filter(organisation=organisation)
        .exclude(symbol="")
        .order_by("-issued_on", "-number")
        .values_list("document_type", "symbol")
        .first()
    )
    if latest is None:
        return ""
    document_type, symbol = latest
    parts = symbol.split("-")
    if document_type == DocumentKind.OFFICIAL_LETTER:
        return parts[0]  # LĐLĐ-VP
    return "-".join(parts[1:])  # KH-LĐLĐ


def suggest_number_symbol(organisation: Organisation, document_type: str, year: int) -> str:
    """A number and symbol for the next document: ``76/KH-LĐLĐ``; a công văn ``76/LĐLĐ-VP``
    (the drafting unit is a guess the editor corrects). Only the number when the issuer's
    abbreviation is not known yet, e.g. ``1/``."""
    number = next_number(organisation, document_type, year)
    issuer = issuer_abbreviation(organisation)
    if not issuer:
        return f"{number}/"
    if document_type == DocumentKind.OFFICIAL_LETTER:
        return f"{number}/{issuer}-VP"
    abbreviation = TYPE_ABBREVIATIONS.get(document_type, "")
    return f"{number}/{abbreviation}-{issuer}" if abbreviation else f"{number}/{issuer}"


_NUMBER_SYMBOL = re.compile(r"^\d+/\S+$")


def check_numbering(
    number_symbol: str,
    *,
    organisation: Organisation,
    document_type: str,
    year: int,
    exclude_pk: int | None = None,
) -> None:
    """Raise ``ServiceErrors`` (field ``number_symbol``) unless the number and symbol has the
    shape of Decree 30/2020/NĐ-CP and its number is free for the issuer in ``year``.

    Shapes: ``<number>/<symbol>``; a công văn's symbol is the issuer's abbreviation and the
    drafting unit's (``112/LĐLĐ-VP``), never ``CV``; other types start with their own
    abbreviation (``75/KH-LĐLĐ``).
    """
    errors: list[ServiceError] = []
    text = number_symbol.strip()
    number, symbol = split_number_symbol(text)
    field = "number_symbol"
    if not _NUMBER_SYMBOL.match(text) or number is None or number < 1:
        errors.append(
            ServiceError(
                DocumentErrorCode.SYMBOL_INVALID,
                _("Write the number, a slash, then the symbol, e.g. 75/KH-LĐLĐ."),
                field,
            )
        )
    elif document_type == DocumentKind.OFFICIAL_LETTER and symbol.upper().startswith("CV"):
        errors.append(
            ServiceError(
                DocumentErrorCode.SYMBOL_INVALID,
                _(
                    "An official letter's symbol is the issuer's abbreviation and the drafting unit's, "
                    "e.g. 112/LĐLĐ-VP, without CV."
                ),
                field,
            )
        )
    elif (abbreviation := TYPE_ABBREVIATIONS.get(document_type)) and not symbol.startswith(
        f"{abbreviation}-"
    ):
        errors.append(
            ServiceError(
                DocumentErrorCode.SYMBOL_INVALID,
                _("The symbol of this type starts with %(abbreviation)s, e.g. 75/%(abbreviation)s-LĐLĐ.")
                % {"abbreviation": abbreviation},
                field,
            )
        )
    if number is not None:
        taken = OfficialDocumentPage.objects.filter(
            organisation=organisation, issued_year=year, number=number
        ).exclude(pk=exclude_pk)
        holder = taken.values_list("number_symbol", flat=True).first()
        if holder is not None:
            errors.append(
                ServiceError(
                    DocumentErrorCode.NUMBER_TAKEN,
                    _(
                        "Number %(number)s of %(year)s is already used by document %(holder)s of this "
                        "organisation. The next free number is %(next)s."
                    )
                    % {
                        "number": number,
                        "year": year,
                        "holder": holder,
                        "next": next_number(organisation, document_type, year),
                    },
                    field,
                )
            )
    if errors:
        raise ServiceErrors(errors)


# --- What recipient unions do ----------------------------------------------------------------


class InboxStatus(StrEnum):
    UNREAD = "unread"
    OPENED = "opened"
    ACKNOWLEDGED = "acknowledged"
    OVERDUE = "overdue"
    ALL = "all"


def overdue_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(
        document__requires_report=True,
        document__report_due_on__lt=today,
        report_submitted_at__isnull=True,
    )


def actionable(user) -> QuerySet[DocumentDelivery]:
    """Deliveries the user acts on: of published documents, to a union where they hold a
    current recipient role. Superusers are no exception: they never act for a union."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return DocumentDelivery.objects.none()
    return DocumentDelivery.objects.filter(recipient_q(user.pk) & published_q("document__"))


def inbox(user, status: InboxStatus = InboxStatus.ALL) -> QuerySet[DocumentDelivery]:
    """The user's unions' deliveries in ``status``, newest delivered first."""
    queryset = actionable(user)
    if status == InboxStatus.UNREAD:
        queryset = queryset.filter(first_opened_at__isnull=True)
    elif status == InboxStatus.OPENED:
        queryset = queryset.filter(first_opened_at__isnull=False, acknowledged_at__isnull=True)
    elif status == InboxStatus.ACKNOWLEDGED:
        queryset = queryset.filter(acknowledged_at__isnull=False)
    elif status == InboxStatus.OVERDUE:
        queryset = queryset.filter(overdue_q())
    return queryset.order_by("-delivered_at", "-pk")


def unread_count(user) -> int:
    return actionable(user).filter(first_opened_at__isnull=True).count()


def pending_q() -> Q:
    """Deliveries that still wait for their union: unopened, unacknowledged or unreported."""
    return (
        Q(first_opened_at__isnull=True)
        | Q(document__requires_acknowledgement=True, acknowledged_at__isnull=True)
        | Q(document__requires_report=True, report_submitted_at__isnull=True)
    )


def awaiting_action(user) -> QuerySet[DocumentDelivery]:
    """Deliveries the user's unions must still open, acknowledge or report on, the most urgent
    first (overdue reports, then by due date, then newest). For the admin dashboard."""
    return (
        actionable(user)
        .filter(pending_q())
        .select_related("document", "organisation")
        .order_by("document__report_due_on", "-delivered_at", "-pk")
    )


def delivery_for(user, delivery_id) -> DocumentDelivery:
    """The delivery ``delivery_id`` if the user acts on it, locked for update; else NOT_FOUND."""
    try:
        pk = int(delivery_id)
    except (TypeError, ValueError):
        pk = None
    delivery = (
        actionable(user).select_for_update(of=("self",)).select_related("document").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if delivery is None:
        raise not_found()
    return delivery


def not_found() -> ServiceError:
    return ServiceError(DocumentErrorCode.NOT_FOUND, _("No such document was sent to your union."))


def _own(user, delivery: DocumentDelivery | int) -> DocumentDelivery:
    """``delivery`` (a row or its id) reloaded and locked, if the user acts on it (NOT_FOUND
    otherwise). Call inside a transaction."""
    return delivery_for(user, getattr(delivery, "pk", delivery))


def _open(delivery: DocumentDelivery, user, now) -> list[str]:
    if delivery.first_opened_at is not None:
        return []
    delivery.first_opened_at, delivery.first_opened_by = now, user
    return ["first_opened_at", "first_opened_by"]


@transaction.atomic
def mark_opened(user, delivery: DocumentDelivery | int) -> DocumentDelivery:
    """Record that the union opened the document; the first opener and time are kept."""
    delivery = _own(user, delivery)
    changed = _open(delivery, user, timezone.now())
    if changed:
        delivery.save(update_fields=changed)
    return delivery


@transaction.atomic
def acknowledge(user, delivery: DocumentDelivery | int) -> DocumentDelivery:
    """Record that the union acknowledged the document (opening it too); the first
    acknowledgement is kept."""
    delivery = _own(user, delivery)
    if not delivery.document.requires_acknowledgement:
        raise ServiceError(
            DocumentErrorCode.ACKNOWLEDGEMENT_NOT_REQUIRED,
            _("This document does not ask for an acknowledgement."),
        )
    now = timezone.now()
    changed = _open(delivery, user, now)
    if delivery.acknowledged_at is None:
        delivery.acknowledged_at, delivery.acknowledged_by = now, user
        changed += ["acknowledged_at", "acknowledged_by"]
    if changed:
        delivery.save(update_fields=changed)
    return delivery


def report_is_late(document: OfficialDocumentPage, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return document.report_due_on is not None and today > document.report_due_on


@transaction.atomic
def submit_report(user, delivery: DocumentDelivery | int, *, upload, note: str = "") -> DocumentDelivery:
    """Keep the union's report (a PDF or an image, checked by its content) on the delivery.

    A later report replaces the earlier one while reports are accepted. After the due date a
    report is refused (REPORT_LATE) unless the document accepts late reports. Nothing is
    stored when anything is refused.
    """
    delivery = _own(user, delivery)
    document = delivery.document
    if not document.requires_report:
        raise ServiceError(
            DocumentErrorCode.REPORT_NOT_REQUIRED, _("This document does not ask for a report.")
        )
    if report_is_late(document) and not document.accepts_late_reports:
        raise ServiceError(
            DocumentErrorCode.REPORT_LATE,
            _("The report was due on %(date)s; this document accepts no late reports.")
            % {"date": document.report_due_on.strftime("%d/%m/%Y")},
        )
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ServiceError(
            DocumentErrorCode.NOTE_TOO_LONG,
            _("The note must be at most %(limit)s characters.") % {"limit": MAX_NOTE_LENGTH},
            "note",
        )
    checked = check_upload(
        upload, kinds=[FileKind.PDF, FileKind.IMAGE], codes=DocumentErrorCode, field="file"
    )
    previous = delivery.report_file.name if delivery.report_file else ""
    now = timezone.now()
    changed = _open(delivery, user, now)
    delivery.report_file = checked.as_file(REPORT_FOLDER)
    delivery.report_file_name = checked.display_name
    delivery.report_content_type = checked.content_type
    delivery.report_file_size = checked.size
    delivery.report_note = note
    delivery.report_submitted_at, delivery.report_submitted_by = now, user
    delivery.save(
        update_fields=[
            *changed,
            "report_file",
            "report_file_name",
            "report_content_type",
            "report_file_size",
            "report_note",
            "report_submitted_at",
            "report_submitted_by",
        ]
    )
    if previous:
        storage = delivery.report_file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return delivery


# --- The issuing side ------------------------------------------------------------------------


def waiting_for_reminder_q() -> Q:
    """What a reminder is about: an acknowledgement or report still missing, or, when the
    document asks for neither, the document not opened yet."""
    return (
        Q(document__requires_acknowledgement=True, acknowledged_at__isnull=True)
        | Q(document__requires_report=True, report_submitted_at__isnull=True)
        | Q(
            document__requires_acknowledgement=False,
            document__requires_report=False,
            first_opened_at__isnull=True,
        )
    )


def recipient_officers(organisation_ids: Iterable[int]) -> QuerySet[Officer]:
    """Current recipient roles (document clerks, editors) at these organisations."""
    return (
        Officer.objects.current()
        .filter(
            organisation_id__in=list(organisation_ids),
            role__in=RECIPIENT_ROLES,
            user__is_active=True,
            organisation__status=OrganisationStatus.ACTIVE,
        )
        .select_related("user")
    )


def send_reminders(officer, document: OfficialDocumentPage, deliveries=None) -> int:
    """E-mail the document clerks and editors of the unions that still owe ``document`` an
    acknowledgement or a report (of ``deliveries`` when given); return how many unions.

    Mail leaves after the transaction commits; ``last_reminded_at`` records the reminder.
    ``officer`` is who reminds (the caller checked their rights).
    """
    queryset = DocumentDelivery.objects.filter(document=document).filter(waiting_for_reminder_q())
    if deliveries is not None:
        queryset = queryset.filter(pk__in=[d.pk if hasattr(d, "pk") else d for d in deliveries])
    rows = list(queryset.select_related("organisation"))
    if not rows:
        return 0
    now = timezone.now()
    DocumentDelivery.objects.filter(pk__in=[row.pk for row in rows]).update(last_reminded_at=now)
    addresses: dict[int, set[str]] = {}
    for role in recipient_officers(row.organisation_id for row in rows):
        if role.user.email:
            addresses.setdefault(role.organisation_id, set()).add(role.user.email)
    subject = _("Reminder: document %(number)s") % {"number": document.number_symbol}
    messages = []
    for row in rows:
        to = sorted(addresses.get(row.organisation_id, ()))
        if not to:
            continue
        lines = [
            _("The document %(number)s “%(title)s” sent to %(organisation)s is still waiting for:")
            % {
                "number": document.number_symbol,
                "title": document.title,
                "organisation": row.organisation.name,
            }
        ]
        if document.requires_acknowledgement and row.acknowledged_at is None:
            lines.append("- " + _("your acknowledgement"))
        if document.requires_report and row.report_submitted_at is None:
            due = document.report_due_on.strftime("%d/%m/%Y") if document.report_due_on else ""
            lines.append("- " + _("your report, due on %(date)s") % {"date": due})
        if not document.requires_acknowledgement and not document.requires_report:
            lines.append("- " + _("being opened"))
        messages.append((subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to))
    sender = getattr(officer, "pk", None)
    transaction.on_commit(lambda: _send(messages, sender))
    return len(rows)


def _send(messages: list, sender_id) -> None:
    if messages:
        send_mass_mail(messages, fail_silently=False)
    logger.info("Document reminders sent: %s e-mails (by user %s)", len(messages), sender_id)


def receipts(document: OfficialDocumentPage) -> QuerySet[DocumentDelivery]:
    """The deliveries of ``document`` for its report, in tree order, with who acted."""
    return (
        DocumentDelivery.objects.filter(document=document)
        .select_related(
            "organisation", "first_opened_by", "acknowledged_by", "report_submitted_by", "document"
        )
        .order_by("organisation__path")
    )


def issued_documents(user) -> QuerySet[OfficialDocumentPage]:
    """Documents issued in the subtrees of the user's editor roles (superusers: all), that
    were sent to someone, newest issued first."""
    from cms.documents.access import ISSUER_ROLES
    from cms.organisations.permissions import scope_q

    queryset = OfficialDocumentPage.objects.filter(deliveries__isnull=False).distinct()
    condition = scope_q(user, ISSUER_ROLES, ("organisation__path",))
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.order_by("-issued_on", "-pk")


def can_see_receipts_of_page(user, page_id: int) -> bool:
    """``can_see_receipts`` for a page listing's row: at most one query per row (none for a
    superuser or an officer without issuer roles), the user's roles read once per request."""
    from cms.documents.access import ISSUER_ROLES
    from cms.organisations.permissions import is_superuser, role_root_paths

    if is_superuser(user):
        return True
    roots = getattr(user, "_document_issuer_roots", None)
    if roots is None:
        roots = role_root_paths(user, ISSUER_ROLES)
        user._document_issuer_roots = roots
    if not roots:
        return False
    path = (
        OfficialDocumentPage.objects.filter(pk=page_id).values_list("organisation__path", flat=True).first()
    )
    return path is not None and any(path.startswith(root) for root in roots)


def can_see_receipts(user, document: OfficialDocumentPage) -> bool:
    from cms.documents.access import ISSUER_ROLES
    from cms.organisations.permissions import can_manage

    return can_manage(user, document.organisation, ISSUER_ROLES)
