"""Every write of the feedback domain, and its rules: the admin, the API and commands call these.

- **The workflow** is :data:`TRANSITIONS`, the only place it lives. Nothing leaves a final
  status (closed, rejected, withdrawn): any action on such a feedback is ``FEEDBACK_FINAL``.
  Officers' actions on a feedback still ``submitted`` acknowledge it first (an answer or a
  question implies it was received), as two logged steps the table allows.
- **Routing**: a member sends to their grassroots union or one of its ancestors, never outside
  that chain; officers forward only upward (to an ancestor of where it is now).
- **Deadlines**: ``due_at`` is fixed at submission from the category's ``ResponseDeadline``
  (15 days when none is set); changing a deadline applies to feedback submitted afterwards.
- **Concurrency**: each action runs in a transaction holding the feedback row
  (``select_for_update``), so two requests cannot both move it.
- **Retries**: ``idempotency_key`` (per submitter for feedback, per author and feedback for
  messages) returns what the first request made, also when two race (the unique constraint).
- **Audit**: every change writes a Wagtail log entry (``feedback.*`` actions, registered in
  ``wagtail_hooks``) whose data never holds the member's name, phone or text.
- **Files** are checked by content before anything is written (cms.core.uploads) and stored
  under ``private/feedback/``; a failed write deletes what it stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from cms.core.errors import ServiceError
from cms.core.idempotency import clean_key
from cms.core.text import plain_text
from cms.core.uploads import CheckedUpload, FileKind, check_upload
from cms.feedback.errors import FeedbackErrorCode as Code
from cms.feedback.models import (
    FINAL_STATUSES,
    MAX_RESPONSE_DAYS,
    Feedback,
    FeedbackAttachment,
    FeedbackCategory,
    FeedbackForward,
    FeedbackMessage,
    FeedbackStatus,
    MessageKind,
    ResponseDeadline,
)
from cms.feedback.permissions import can_handle, can_set_deadlines
from cms.feedback.permissions import feedback_for_officer as feedback_for_officer  # a service too
from cms.members import membership
from cms.members.models import Member
from cms.organisations.models import Organisation, OrganisationStatus
from realtime import events

S = FeedbackStatus

# The workflow: from each status, the statuses it may move to. The only place it lives.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS, S.REJECTED, S.WITHDRAWN}),
    S.ACKNOWLEDGED: frozenset({S.IN_PROGRESS, S.NEEDS_INFORMATION, S.ANSWERED, S.REJECTED, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset({S.NEEDS_INFORMATION, S.ANSWERED, S.REJECTED}),
    # Back to in progress when the member answers (add_member_message) or an officer resumes.
    S.NEEDS_INFORMATION: frozenset({S.IN_PROGRESS, S.WITHDRAWN}),
    # Closed by an officer or by the member's rating; reopened by a member's message.
    S.ANSWERED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# Lengths of what people type (characters, after trimming).
TITLE_LENGTH = (5, 200)
DESCRIPTION_LENGTH = (20, 5000)
BODY_LENGTH = (1, 5000)
REASON_LENGTH = (5, 2000)
COMMENT_MAX_LENGTH = 2000
EMPLOYER_MAX_LENGTH = 200
ATTACHMENT_KINDS = (FileKind.IMAGE, FileKind.PDF)
ATTACHMENT_FOLDER = "feedback"


FeedbackRef = Feedback | int


# --- Input ------------------------------------------------------------------------------------


def clean_text(
    value: Any,
    *,
    field: str,
    length: tuple[int, int] | None = None,
    max_length: int | None = None,
    single_line: bool = False,
) -> str:
    """``value`` trimmed and NFC-normalised, line ends as ``\\n``; refused (with a code on
    ``field``) when it holds control characters or its length is out of range.

    ``length`` (min, max) makes it required; ``max_length`` alone makes it optional.
    """
    text = plain_text(value, field=field, code=Code.INVALID_CHARACTERS, single_line=single_line)
    low, high = length if length is not None else (0, max_length or 0)
    if length is not None and not text:
        raise ServiceError(Code.REQUIRED, _("This field is required."), field)
    if len(text) < low:
        raise ServiceError(Code.TOO_SHORT, _("Write at least %(count)d characters.") % {"count": low}, field)
    if len(text) > high:
        raise ServiceError(Code.TOO_LONG, _("Write at most %(count)d characters.") % {"count": high}, field)
    return text


def _clean_key(key: Any) -> str:
    return clean_key(key, Code)


def _check_category(category: Any) -> str:
    if category not in FeedbackCategory.values:
        raise ServiceError(Code.INVALID_CATEGORY, _("Choose one of the categories."), "category")
    return str(category)


def check_attachments(files: Iterable, *, field: str = "attachments") -> list[CheckedUpload]:
    """Every file checked by its content and size, or the first failure; nothing is stored."""
    files = list(files or ())
    limit = settings.UPLOAD_MAX_FILES
    if len(files) > limit:
        raise ServiceError(
            Code.TOO_MANY_FILES, _("Attach at most %(count)d files at a time.") % {"count": limit}, field
        )
    return [check_upload(f, kinds=ATTACHMENT_KINDS, codes=Code, field=field) for f in files]


def _store(feedback: Feedback, uploads: Sequence[CheckedUpload], user, message=None, stored=None) -> None:
    """Save the checked files (storage first, then rows); their names go into ``stored``."""
    for upload in uploads:
        attachment = FeedbackAttachment(
            feedback=feedback,
            message=message,
            display_name=upload.display_name,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=user,
        )
        content = upload.as_file(ATTACHMENT_FOLDER)
        attachment.file.save(content.name, content, save=False)
        if stored is not None:
            stored.append(attachment.file.name)
        attachment.save()


def _delete_stored(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


# Changes the member sees (all but internal notes, assignment and deadlines): their open app is
# told at once (realtime), after the change commits.
MEMBER_VISIBLE_ACTIONS = frozenset(
    {
        "feedback.submit",
        "feedback.member_message",
        "feedback.resume",
        "feedback.reopen",
        "feedback.withdraw",
        "feedback.rate",
        "feedback.acknowledge",
        "feedback.start_progress",
        "feedback.information_request",
        "feedback.status",
        "feedback.reply",
        "feedback.answer",
        "feedback.forward",
        "feedback.reject",
        "feedback.close",
    }
)


def _logged(instance, action: str, user, **data) -> None:
    # Data holds ids, codes and statuses only: never the member's name, phone or what they wrote.
    log(instance=instance, action=action, user=user, data=data)
    if action in MEMBER_VISIBLE_ACTIONS and isinstance(instance, Feedback):
        events.feedback_updated(instance)


# --- Routing -----------------------------------------------------------------------------------


def active_member(user) -> Member:
    """The user's active membership, or NOT_A_MEMBER: only members submit feedback."""
    member = membership.active_member(user) if user is not None and user.is_active else None
    if member is None:
        raise ServiceError(Code.NOT_A_MEMBER, _("Only active union members can send feedback."))
    return member


def routable_organisations(member: Member):
    """Where a member may send feedback: their union and its active ancestors, nearest first."""
    return (
        Organisation.objects.ancestors_and_self(member.organisation)
        .filter(status=OrganisationStatus.ACTIVE)
        .order_by("-depth")
    )


def _route(member: Member, organisation: Organisation | int | None) -> Organisation:
    if organisation is None:
        return member.organisation
    pk = organisation.pk if isinstance(organisation, Organisation) else organisation
    chosen = routable_organisations(member).filter(pk=pk).first()
    if chosen is None:
        raise ServiceError(
            Code.ORGANISATION_NOT_ALLOWED,
            _("Send feedback to your union or one of the union bodies above it."),
            "organisation_id",
        )
    return chosen


# --- The workflow ------------------------------------------------------------------------------


def allowed_transitions(feedback: Feedback) -> frozenset[str]:
    return TRANSITIONS[feedback.status]


def _check_open(feedback: Feedback) -> None:
    if feedback.status in FINAL_STATUSES:
        raise ServiceError(
            Code.FEEDBACK_FINAL,
            _("This feedback is %(status)s: nothing more can be done with it.")
            % {"status": feedback.get_status_display().lower()},
        )


def _move(feedback: Feedback, to: str, user, *, action: str, now, **data) -> None:
    """Change the status if the workflow allows it; stamp its time and log it."""
    _check_open(feedback)
    if to not in TRANSITIONS[feedback.status]:
        raise ServiceError(
            Code.INVALID_TRANSITION,
            _("A feedback that is %(current)s cannot become %(target)s.")
            % {
                "current": feedback.get_status_display().lower(),
                "target": str(S(to).label).lower(),
            },
        )
    previous = feedback.status
    feedback.status = to
    if to in (S.ACKNOWLEDGED, S.IN_PROGRESS) and feedback.acknowledged_at is None:
        feedback.acknowledged_at = now
    if to == S.ANSWERED:
        feedback.answered_at = now
    if to in FINAL_STATUSES:
        feedback.closed_at = now
    feedback.save(update_fields=["status", "acknowledged_at", "answered_at", "closed_at", "updated_at"])
    _logged(feedback, action, user, **{"from": previous, "to": to, **data})


def _acknowledge_first(feedback: Feedback, officer, now) -> None:
    """An officer's answer or question to feedback still ``submitted`` acknowledges it first."""
    if feedback.status == S.SUBMITTED:
        _move(feedback, S.ACKNOWLEDGED, officer, action="feedback.acknowledge", now=now)


def _pk(feedback: FeedbackRef) -> int | None:
    pk = feedback.pk if isinstance(feedback, Feedback) else feedback
    return pk if isinstance(pk, int) and not isinstance(pk, bool) else None


def _not_found() -> ServiceError:
    return ServiceError(Code.NOT_FOUND, _("No such feedback."), "feedback_id")


def _lock(queryset, pk: int | None) -> Feedback | None:
    if pk is None:
        return None
    return queryset.select_for_update(of=("self",)).select_related("organisation").filter(pk=pk).first()


def _own(user, feedback: FeedbackRef) -> Feedback:
    """The member's own feedback, locked; another's answers exactly as one that does not exist."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise _not_found()
    found = _lock(Feedback.objects.filter(submitter=user), _pk(feedback))
    if found is None:
        raise _not_found()
    return found


def _handled(officer, feedback: FeedbackRef) -> Feedback:
    """The feedback, locked, if ``officer`` may handle it (NOT_ALLOWED otherwise)."""
    found = _lock(Feedback.objects.all(), _pk(feedback))
    if found is None:
        raise _not_found()
    if not can_handle(officer, found):
        raise ServiceError(Code.NOT_ALLOWED, _("You may not handle this feedback."))
    return found


def _sync(target: FeedbackRef, source: Feedback) -> None:
    """Copy the saved state onto the caller's instance, so it sees what the service did."""
    if isinstance(target, Feedback) and target is not source:
        target.__dict__.update(
            {f.attname: getattr(source, f.attname) for f in Feedback._meta.concrete_fields}
        )


def _notify_after_commit(feedback: Feedback, event: str) -> None:
    from cms.feedback import notifications

    if notifications.is_paused():
        return
    pk = feedback.pk
    transaction.on_commit(lambda: notifications.enqueue_new_feedback(pk, event))


# --- Member side -------------------------------------------------------------------------------


def _replayed_feedback(user, key: str) -> Feedback | None:
    """The feedback an earlier request with this idempotency key made, if any."""
    return Feedback.objects.filter(submitter=user, idempotency_key=key).first() if key else None


def submit_feedback(
    user,
    *,
    category,
    title,
    description,
    employer_name="",
    organisation: Organisation | int | None = None,
    attachments: Iterable = (),
    idempotency_key="",
) -> Feedback:
    """A member's new feedback, routed to their union (or the ancestor they chose).

    The same ``idempotency_key`` again returns the first feedback, changed in nothing."""
    member = active_member(user)
    key = _clean_key(idempotency_key)
    replay = _replayed_feedback(user, key)
    if replay is not None:
        return replay
    category = _check_category(category)
    title = clean_text(title, field="title", length=TITLE_LENGTH, single_line=True)
    description = clean_text(description, field="description", length=DESCRIPTION_LENGTH)
    employer_name = clean_text(
        employer_name, field="employer_name", max_length=EMPLOYER_MAX_LENGTH, single_line=True
    )
    routed_to = _route(member, organisation)
    uploads = check_attachments(attachments)

    stored: list[str] = []
    now = timezone.now()
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                submitter=user,
                member=member,
                category=category,
                title=title,
                description=description,
                employer_name=employer_name,
                organisation=routed_to,
                status=S.SUBMITTED,
                submitted_at=now,
                due_at=ResponseDeadline.due_from(now, ResponseDeadline.days_for(category)),
                idempotency_key=key,
            )
            # The reference shows the year and the row's number: unique, and no counter to lock.
            feedback.reference = f"PA-{timezone.localtime(now).year}-{feedback.pk:06d}"
            feedback.save(update_fields=["reference"])
            _store(feedback, uploads, user, stored=stored)
            _logged(
                feedback,
                "feedback.submit",
                user,
                reference=feedback.reference,
                category=category,
                organisation=routed_to.pk,
                attachments=len(uploads),
            )
            _notify_after_commit(feedback, "submitted")
    except IntegrityError:
        _delete_stored(stored)
        # Two requests with the same key raced: the other one's feedback is the answer.
        replay = _replayed_feedback(user, key)
        if replay is None:
            raise
        return replay
    except BaseException:
        _delete_stored(stored)
        raise
    return feedback


def add_member_message(
    user, feedback: FeedbackRef, *, body, attachments: Iterable = (), idempotency_key=""
) -> FeedbackMessage:
    """The member writes in their thread: an answer to a question resumes the handling, a
    message after the answer reopens it."""
    key = _clean_key(idempotency_key)
    body = clean_text(body, field="body", length=BODY_LENGTH)
    uploads = check_attachments(attachments)
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = _own(user, feedback)
            if key:
                replay = locked.messages.filter(author=user, idempotency_key=key).first()
                if replay is not None:
                    return replay
            _check_open(locked)
            now = timezone.now()
            message = FeedbackMessage.objects.create(
                feedback=locked,
                author=user,
                kind=MessageKind.MEMBER,
                body=body,
                created_at=now,
                idempotency_key=key,
            )
            _store(locked, uploads, user, message=message, stored=stored)
            _logged(locked, "feedback.member_message", user, message=message.pk, attachments=len(uploads))
            if locked.status in (S.NEEDS_INFORMATION, S.ANSWERED):
                action = "feedback.resume" if locked.status == S.NEEDS_INFORMATION else "feedback.reopen"
                _move(locked, S.IN_PROGRESS, user, action=action, now=now)
            # The member wrote last: what came before is read.
            locked.member_read_at = now
            locked.save(update_fields=["member_read_at"])
    except IntegrityError:
        _delete_stored(stored)
        # Two requests with the same key raced: the other one's message is the answer.
        replay = FeedbackMessage.objects.filter(feedback=locked, author=user, idempotency_key=key).first()
        if not key or replay is None:
            raise
        return replay
    except BaseException:
        _delete_stored(stored)
        raise
    _sync(feedback, locked)
    return message


@transaction.atomic
def withdraw_feedback(user, feedback: FeedbackRef, *, reason="") -> Feedback:
    """The member takes their feedback back (before it is being handled, or while asked for information)."""
    reason = clean_text(reason, field="reason", max_length=REASON_LENGTH[1])
    locked = _own(user, feedback)
    now = timezone.now()
    _move(locked, S.WITHDRAWN, user, action="feedback.withdraw", now=now)
    if reason:
        FeedbackMessage.objects.create(
            feedback=locked, author=user, kind=MessageKind.MEMBER, body=reason, created_at=now
        )
    _sync(feedback, locked)
    return locked


@transaction.atomic
def rate_feedback_answer(user, feedback: FeedbackRef, *, rating, comment="") -> Feedback:
    """The member rates the answer (1–5, once), which closes the feedback."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ServiceError(Code.INVALID_RATING, _("Give a rating from 1 to 5."), "rating")
    comment = clean_text(comment, field="comment", max_length=COMMENT_MAX_LENGTH)
    locked = _own(user, feedback)
    if locked.rating is not None:
        raise ServiceError(Code.ALREADY_RATED, _("You have already rated this answer."), "rating")
    _check_open(locked)
    if locked.status != S.ANSWERED:
        raise ServiceError(
            Code.NOT_ANSWERED, _("You can rate the answer once the union has answered."), "rating"
        )
    now = timezone.now()
    locked.rating, locked.rating_comment, locked.rated_at = rating, comment, now
    locked.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    _logged(locked, "feedback.rate", user, rating=rating)
    _move(locked, S.CLOSED, user, action="feedback.close", now=now, by="rating")
    _sync(feedback, locked)
    return locked


def mark_feedback_read(user, feedback: FeedbackRef) -> None:
    """The member opened the thread: the replies so far are read."""
    pk = _pk(feedback)
    updated = 0
    if pk is not None and user is not None and getattr(user, "is_authenticated", False):
        updated = Feedback.objects.filter(pk=pk, submitter=user).update(member_read_at=timezone.now())
    if not updated:
        raise _not_found()


# --- Officer side ------------------------------------------------------------------------------


@transaction.atomic
def acknowledge_feedback(officer, feedback: FeedbackRef) -> Feedback:
    locked = _handled(officer, feedback)
    _move(locked, S.ACKNOWLEDGED, officer, action="feedback.acknowledge", now=timezone.now())
    _sync(feedback, locked)
    return locked


@transaction.atomic
def start_progress(officer, feedback: FeedbackRef) -> Feedback:
    locked = _handled(officer, feedback)
    _move(locked, S.IN_PROGRESS, officer, action="feedback.start_progress", now=timezone.now())
    _sync(feedback, locked)
    return locked


def _officer_message(
    officer,
    feedback: FeedbackRef,
    *,
    kind: str,
    body,
    attachments: Iterable,
    action: str,
    to: str | None = None,
    to_action: str = "feedback.status",
) -> FeedbackMessage:
    """An officer's message in the thread, moving the feedback ``to`` a status first (if given)."""
    body = clean_text(body, field="body", length=BODY_LENGTH)
    uploads = check_attachments(attachments)
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = _handled(officer, feedback)
            _check_open(locked)
            now = timezone.now()
            if kind != MessageKind.INTERNAL_NOTE:
                _acknowledge_first(locked, officer, now)
            if to is not None and locked.status != to:
                # Before anything is stored: a refused move leaves no file behind.
                _move(locked, to, officer, action=to_action, now=now)
            message = FeedbackMessage.objects.create(
                feedback=locked, author=officer, kind=kind, body=body, created_at=now
            )
            _store(locked, uploads, officer, message=message, stored=stored)
            _logged(locked, action, officer, message=message.pk, attachments=len(uploads))
    except BaseException:
        _delete_stored(stored)
        raise
    _sync(feedback, locked)
    return message


def request_information(officer, feedback: FeedbackRef, *, body) -> FeedbackMessage:
    """Ask the member for more (a reply they answer with add_member_message): needs information."""
    return _officer_message(
        officer,
        feedback,
        kind=MessageKind.INFORMATION_REQUEST,
        body=body,
        attachments=(),
        action="feedback.information_request",
        to=S.NEEDS_INFORMATION,
    )


def reply_to_feedback(
    officer, feedback: FeedbackRef, *, body, attachments: Iterable = (), final=True
) -> FeedbackMessage:
    """Answer the member. ``final``: this is the answer (status answered); otherwise a reply on
    the way that leaves the status as it is."""
    return _officer_message(
        officer,
        feedback,
        kind=MessageKind.REPLY,
        body=body,
        attachments=attachments,
        action="feedback.reply",
        to=S.ANSWERED if final else None,
        to_action="feedback.answer",
    )


def add_internal_note(officer, feedback: FeedbackRef, *, body, attachments: Iterable = ()) -> FeedbackMessage:
    """A note for the officers handling it; the member never sees it."""
    return _officer_message(
        officer,
        feedback,
        kind=MessageKind.INTERNAL_NOTE,
        body=body,
        attachments=attachments,
        action="feedback.note",
    )


@transaction.atomic
def assign_handler(officer, feedback: FeedbackRef, *, handler) -> Feedback:
    """Give the feedback to an officer who may handle it (``None``: to nobody in particular)."""
    locked = _handled(officer, feedback)
    _check_open(locked)
    if handler is not None and not can_handle(handler, locked):
        raise ServiceError(
            Code.HANDLER_NOT_ALLOWED, _("This officer may not handle this feedback."), "handler"
        )
    previous = locked.handler_id
    locked.handler = handler
    locked.save(update_fields=["handler", "updated_at"])
    _logged(locked, "feedback.assign", officer, handler=handler.pk if handler else None, previous=previous)
    _sync(feedback, locked)
    return locked


@transaction.atomic
def forward_feedback(officer, feedback: FeedbackRef, *, to_organisation, reason) -> FeedbackForward:
    """Send the feedback up to a higher union body, with the reason; the lower level keeps
    read access and the new level's handlers are told."""
    reason = clean_text(reason, field="reason", length=REASON_LENGTH)
    locked = _handled(officer, feedback)
    _check_open(locked)
    current = locked.organisation
    target_pk = to_organisation.pk if isinstance(to_organisation, Organisation) else to_organisation
    target = (
        Organisation.objects.ancestors_and_self(current)
        .filter(status=OrganisationStatus.ACTIVE, pk=target_pk)
        .exclude(pk=current.pk)
        .first()
    )
    if target is None:
        raise ServiceError(
            Code.ORGANISATION_NOT_ALLOWED,
            _("Feedback is forwarded only to a union body above the one handling it."),
            "to_organisation",
        )
    forward = FeedbackForward.objects.create(
        feedback=locked,
        from_organisation=current,
        to_organisation=target,
        reason=reason,
        forwarded_by=officer,
    )
    locked.organisation = target
    locked.handler = None
    locked.save(update_fields=["organisation", "handler", "updated_at"])
    _logged(locked, "feedback.forward", officer, from_organisation=current.pk, to_organisation=target.pk)
    _notify_after_commit(locked, "forwarded")
    _sync(feedback, locked)
    return forward


@transaction.atomic
def reject_feedback(officer, feedback: FeedbackRef, *, reason) -> Feedback:
    """Refuse the feedback (out of the union's remit, a duplicate...): the reason is sent to the member."""
    reason = clean_text(reason, field="reason", length=REASON_LENGTH)
    locked = _handled(officer, feedback)
    now = timezone.now()
    _move(locked, S.REJECTED, officer, action="feedback.reject", now=now)
    FeedbackMessage.objects.create(
        feedback=locked, author=officer, kind=MessageKind.REPLY, body=reason, created_at=now
    )
    _sync(feedback, locked)
    return locked


@transaction.atomic
def close_feedback(officer, feedback: FeedbackRef) -> Feedback:
    locked = _handled(officer, feedback)
    _move(locked, S.CLOSED, officer, action="feedback.close", now=timezone.now(), by="officer")
    _sync(feedback, locked)
    return locked


@transaction.atomic
def set_response_deadline(officer, *, category, days) -> ResponseDeadline:
    """The days the union has to answer feedback of ``category`` (for feedback submitted from now on)."""
    if not can_set_deadlines(officer):
        raise ServiceError(Code.NOT_ALLOWED, _("Only the federation sets response deadlines."))
    category = _check_category(category)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_RESPONSE_DAYS:
        raise ServiceError(
            Code.INVALID_DEADLINE,
            _("The deadline is from 1 to %(max)d days.") % {"max": MAX_RESPONSE_DAYS},
            "days",
        )
    deadline = ResponseDeadline.objects.select_for_update().filter(category=category).first()
    previous = deadline.days if deadline else None
    if deadline is None:
        deadline = ResponseDeadline(category=category)
    deadline.days, deadline.updated_by = days, officer
    deadline.save()
    _logged(deadline, "feedback.deadline", officer, category=category, days=days, previous=previous)
    return deadline


# --- Queries -----------------------------------------------------------------------------------


def overdue_feedback():
    """Open feedback past its deadline, oldest deadline first."""
    return Feedback.objects.overdue().order_by("due_at", "pk")


# The columns of an export, with their headings: nothing that says who the member is (no name,
# phone or card number, nor the description, which may name them).
EXPORT_FIELDS: tuple[tuple[str, Any], ...] = (
    ("reference", gettext_lazy("Reference")),
    ("category", gettext_lazy("Category")),
    ("title", gettext_lazy("Title")),
    ("organisation", gettext_lazy("Routed to")),
    ("status", gettext_lazy("Status")),
    ("handler", gettext_lazy("Handler")),
    ("submitted_at", gettext_lazy("Submitted at")),
    ("due_at", gettext_lazy("Answer due by")),
    ("answered_at", gettext_lazy("Answered at")),
    ("closed_at", gettext_lazy("Closed at")),
    ("overdue", gettext_lazy("Overdue")),
    ("rating", gettext_lazy("Rating")),
)


def export_rows(queryset) -> list[dict[str, Any]]:
    """Rows for a spreadsheet of ``queryset``, keyed as :data:`EXPORT_FIELDS`. Never who sent
    it: no submitter, member, name, phone or card number, nor the description."""
    rows = []
    for feedback in queryset.select_related("organisation", "handler").order_by("-submitted_at", "-pk"):
        handler = feedback.handler
        rows.append(
            {
                "reference": feedback.reference,
                "category": str(feedback.get_category_display()),
                "title": feedback.title,
                "organisation": feedback.organisation.name,
                "status": str(feedback.get_status_display()),
                "handler": (handler.get_full_name() or handler.get_username()) if handler else "",
                "submitted_at": feedback.submitted_at,
                "due_at": feedback.due_at,
                "answered_at": feedback.answered_at,
                "closed_at": feedback.closed_at,
                "overdue": feedback.is_overdue,
                "rating": feedback.rating,
            }
        )
    return rows
