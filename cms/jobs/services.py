"""Every write of job applications, and their rules: the admin, the API and the demo call these.

- **Who applies**: an active union member, for a posting they may see (the page access policy:
  live, not expired, not private, in their audience) that still takes applications (no deadline,
  or the deadline not passed: ``JobPage.is_open``). Anything else they cannot see is
  ``NOT_FOUND``; a posting past its deadline is ``JOB_CLOSED``.
- **One application per member and posting, ever**: a database constraint, so two requests that
  race cannot both apply. Withdrawing is final and the withdrawn application still counts:
  applying again is ``ALREADY_APPLIED`` (the union may already have sent it to the employer, and
  an apply/withdraw/apply loop would only flood the officers).
- **Retries**: the same ``idempotency_key`` (per member) returns the first application, changed
  in nothing, also when two requests race.
- **The workflow** is :data:`TRANSITIONS`, the only place it lives. Officers move an application
  on (received → forwarded or not selected; forwarded → interview, hired or not selected;
  interview → hired or not selected); the member may withdraw it until it reaches a final status
  (hired, not selected, withdrawn), which nothing leaves. Each change holds the application row
  (``select_for_update``) and writes a :class:`JobApplicationEvent`; an officer's note stays with
  the officers.
- **Forwarding to the employer**: employers have no account here and nothing is sent to them by
  the system. "Forwarded" is the officer's recorded act (status, time, note) plus the export for
  the employer (:func:`export_rows`), which carries the member's phone number and a link to the
  CV only for applications the employer holds (forwarded, interview, hired). Until then the
  officers see who applied, the employer sees nothing.
- **The CV** (optional) is checked by content (a PDF, or a photo of it: JPEG, PNG, WebP) before
  anything is written, and stored under ``private/job-applications/``; a failed write deletes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.errors import ServiceError
from cms.core.idempotency import clean_key
from cms.core.text import plain_text
from cms.core.uploads import CheckedUpload, FileKind, check_upload
from cms.core.visibility import Viewer
from cms.jobs.errors import JobErrorCode as Code
from cms.jobs.models import (
    FINAL_APPLICATION_STATUSES,
    ApplicationStatus,
    JobApplication,
    JobApplicationEvent,
    JobPage,
)
from cms.jobs.permissions import applications_for_officer as applications_for_officer  # a service too
from cms.jobs.permissions import can_manage
from cms.members import membership
from cms.members.models import Member

S = ApplicationStatus

# The workflow: from each status, the statuses it may move to. The only place it lives.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.FORWARDED, S.NOT_SELECTED, S.WITHDRAWN}),
    S.FORWARDED: frozenset({S.INTERVIEW, S.HIRED, S.NOT_SELECTED, S.WITHDRAWN}),
    S.INTERVIEW: frozenset({S.HIRED, S.NOT_SELECTED, S.WITHDRAWN}),
    S.HIRED: frozenset(),
    S.NOT_SELECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
# What officers set; withdrawing is the member's alone.
OFFICER_STATUSES: frozenset[str] = frozenset({S.FORWARDED, S.INTERVIEW, S.HIRED, S.NOT_SELECTED})

MESSAGE_MAX_LENGTH = 1000
NOTE_MAX_LENGTH = 2000
CV_KINDS = (FileKind.PDF, FileKind.IMAGE)
CV_FOLDER = "job-applications"


ApplicationRef = JobApplication | int
JobRef = JobPage | int


# --- Input ------------------------------------------------------------------------------------


def _clean_text(
    value: Any, *, field: str, max_length: int, too_long: Code, required: Code | None = None
) -> str:
    """``value`` trimmed and NFC-normalised, line ends as ``\\n``; refused with a code on ``field``."""
    text = plain_text(value, field=field, code=Code.INVALID_CHARACTERS)
    if required is not None and not text:
        raise ServiceError(required, _("Write a few words to the union about yourself."), field)
    if len(text) > max_length:
        raise ServiceError(too_long, _("Write at most %(count)d characters.") % {"count": max_length}, field)
    return text


def _clean_key(key: Any) -> str:
    return clean_key(key, Code)


def check_cv(cv) -> CheckedUpload | None:
    """The CV checked by its content and size (a PDF or an image), or ``None`` without one."""
    if cv is None:
        return None
    return check_upload(cv, kinds=CV_KINDS, codes=Code, field="cv")


def _delete_stored(name: str | None) -> None:
    if name:
        from django.core.files.storage import default_storage

        default_storage.delete(name)


# --- Lookups -----------------------------------------------------------------------------------


def _pk(ref) -> int | None:
    pk = ref.pk if isinstance(ref, JobApplication | JobPage) else ref
    return pk if isinstance(pk, int) and not isinstance(pk, bool) else None


def _not_found() -> ServiceError:
    return ServiceError(Code.NOT_FOUND, _("This job application does not exist."))


def active_member(user) -> Member:
    """The user's active membership, or NOT_A_MEMBER: only members apply for jobs."""
    member = membership.active_member(user) if user is not None and user.is_active else None
    if member is None:
        raise ServiceError(Code.NOT_A_MEMBER, _("Only active union members can apply for jobs."))
    return member


def _visible_job(user, job: JobRef) -> JobPage:
    pk = _pk(job)
    found = None
    if pk is not None:
        found = JobPage.objects.visible_to(Viewer.for_user(user)).filter(pk=pk).first()
    if found is None:
        raise ServiceError(Code.NOT_FOUND, _("This job posting does not exist."), "job_id")
    return found


def _replayed(user, key: str) -> JobApplication | None:
    if not key:
        return None
    return JobApplication.objects.filter(applicant=user, idempotency_key=key).first()


def _own(user, application: ApplicationRef) -> JobApplication:
    """The member's own application, locked; anyone else's is NOT_FOUND, like one that does not exist."""
    pk = _pk(application)
    locked = None
    if pk is not None and user is not None and getattr(user, "is_authenticated", False):
        locked = JobApplication.objects.select_for_update().filter(pk=pk, applicant=user).first()
    if locked is None:
        raise _not_found()
    return locked


def _managed(officer, application: ApplicationRef) -> JobApplication:
    """The application locked for an officer who manages it; NOT_FOUND or NOT_ALLOWED otherwise."""
    pk = _pk(application)
    locked = (
        JobApplication.objects.select_for_update(of=("self",))
        .select_related("job__organisation")
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if locked is None:
        raise _not_found()
    if not can_manage(officer, locked):
        raise ServiceError(Code.NOT_ALLOWED, _("You may not manage this job application."))
    return locked


def _sync(ref: ApplicationRef, locked: JobApplication) -> None:
    """Refresh the caller's object, when they passed one, with what was saved."""
    if isinstance(ref, JobApplication) and ref is not locked:
        ref.refresh_from_db()


def _record(
    application: JobApplication, status: str, actor, *, note: str = "", at=None
) -> JobApplicationEvent:
    return JobApplicationEvent.objects.create(
        application=application, status=status, note=note, actor=actor, at=at or timezone.now()
    )


# --- The member's side -------------------------------------------------------------------------


def apply_for_job(user, job: JobRef, *, message, cv=None, idempotency_key="") -> JobApplication:
    """A member applies for ``job`` (a posting or its id) with a message and, if they like, a CV.

    The same ``idempotency_key`` again returns the first application, changed in nothing."""
    member = active_member(user)
    key = _clean_key(idempotency_key)
    replay = _replayed(user, key)
    if replay is not None:
        return replay
    message = _clean_text(
        message,
        field="message",
        max_length=MESSAGE_MAX_LENGTH,
        too_long=Code.MESSAGE_TOO_LONG,
        required=Code.MESSAGE_REQUIRED,
    )
    upload = check_cv(cv)
    posting = _visible_job(user, job)
    if not posting.is_open():
        raise ServiceError(
            Code.JOB_CLOSED, _("This job posting no longer takes applications: its deadline has passed.")
        )
    refusal = _already_applied(user, posting)
    if refusal is not None:
        raise refusal

    stored: str | None = None
    try:
        with transaction.atomic():
            now = timezone.now()
            application = JobApplication(
                job=posting,
                applicant=user,
                member=member,
                message=message,
                status=S.RECEIVED,
                idempotency_key=key,
                created_at=now,
            )
            if upload is not None:
                content = upload.as_file(CV_FOLDER)
                application.cv.save(content.name, content, save=False)
                stored = application.cv.name
                application.cv_name = upload.display_name
                application.cv_content_type = upload.content_type
                application.cv_size = upload.size
            application.save()
            _record(application, S.RECEIVED, user, at=now)
    except IntegrityError:
        _delete_stored(stored)
        # Two requests raced: the same key returns the other one's application; otherwise the
        # member has applied meanwhile (one per posting).
        replay = _replayed(user, key)
        if replay is not None:
            return replay
        refusal = _already_applied(user, posting)
        if refusal is not None:
            raise refusal from None
        raise
    except BaseException:
        _delete_stored(stored)
        raise
    return application


def _already_applied(user, posting: JobPage) -> ServiceError | None:
    """ALREADY_APPLIED when the member has an application for ``posting`` (a withdrawn one too)."""
    previous = (
        JobApplication.objects.filter(job=posting, applicant=user).values_list("status", flat=True).first()
    )
    if previous == S.WITHDRAWN:
        return ServiceError(
            Code.ALREADY_APPLIED,
            _("You withdrew your application for this job: a withdrawal is final, you cannot apply again."),
        )
    if previous is not None:
        return ServiceError(Code.ALREADY_APPLIED, _("You have already applied for this job."))
    return None


@transaction.atomic
def withdraw_application(user, application: ApplicationRef) -> JobApplication:
    """The member takes their application back, until it is hired, not selected or withdrawn. Final."""
    locked = _own(user, application)
    if S.WITHDRAWN not in TRANSITIONS[locked.status]:
        raise ServiceError(
            Code.CANNOT_WITHDRAW,
            _("This application can no longer be withdrawn: its status is “%(status)s”.")
            % {"status": locked.get_status_display()},
        )
    locked.status = S.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    _record(locked, S.WITHDRAWN, user)
    _sync(application, locked)
    return locked


# --- The officers' side ------------------------------------------------------------------------


def allowed_officer_statuses(application: JobApplication) -> list[str]:
    """The statuses an officer may move ``application`` to now, in the workflow's order."""
    allowed = TRANSITIONS[application.status] & OFFICER_STATUSES
    return [status for status in S.values if status in allowed]


@transaction.atomic
def change_application_status(officer, application: ApplicationRef, status, note="") -> JobApplication:
    """An officer moves the application on (forwarded, interview, hired, not selected), with a
    note for the officers; forwarding records when it went to the employer."""
    note = _clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, too_long=Code.NOTE_TOO_LONG)
    locked = _managed(officer, application)
    if status not in OFFICER_STATUSES or status not in TRANSITIONS[locked.status]:
        if locked.status in FINAL_APPLICATION_STATUSES:
            message = _("This application's status is “%(status)s”: it can no longer change.") % {
                "status": locked.get_status_display()
            }
        else:
            message = _("An application cannot go from “%(from)s” to “%(to)s”.") % {
                "from": locked.get_status_display(),
                "to": S(status).label if status in S.values else status,
            }
        raise ServiceError(Code.INVALID_TRANSITION, message, "status")
    now = timezone.now()
    locked.status = status
    fields = ["status", "updated_at"]
    if status == S.FORWARDED and locked.forwarded_at is None:
        locked.forwarded_at = now
        fields.append("forwarded_at")
    locked.save(update_fields=fields)
    _record(locked, status, officer, note=note, at=now)
    _sync(application, locked)
    return locked


# --- The export for the employer ---------------------------------------------------------------

# The columns of the export, with their headings. The phone number and the CV are filled only
# for applications the employer holds (forwarded, interview, hired): see export_rows.
EXPORT_FIELDS: tuple[tuple[str, Any], ...] = (
    ("job", gettext_lazy("Job posting")),
    ("employer", gettext_lazy("Employer")),
    ("full_name", gettext_lazy("Full name")),
    ("status", gettext_lazy("Status")),
    ("forwarded", gettext_lazy("Forwarded to the employer")),
    ("phone", gettext_lazy("Phone number")),
    ("cv", gettext_lazy("CV (link valid for 7 days)")),
    ("message", gettext_lazy("Message")),
    ("applied_at", gettext_lazy("Applied at")),
)

# A link in a spreadsheet handed to an employer lives as long as a presigned URL may: a week.
EXPORT_CV_LINK_TTL = 7 * 24 * 3600


def export_rows(queryset, *, cv_link: Callable[[JobApplication], str]) -> list[dict[str, Any]]:
    """Rows for the employer's spreadsheet of ``queryset``, keyed as :data:`EXPORT_FIELDS`.

    The member's phone number and the CV link (``cv_link(application)``, a signed link) are
    given only for applications the employer holds (forwarded, interview, hired); for the
    others those cells stay empty, whoever exports.
    """
    rows = []
    for application in queryset.select_related("job__employer", "member").order_by(
        "job__title", "created_at", "pk"
    ):
        shared = application.shared_with_employer
        rows.append(
            {
                "job": application.job.title,
                "employer": application.job.employer.name,
                "full_name": application.member.full_name,
                "status": str(application.get_status_display()),
                "forwarded": shared,
                "phone": application.member.phone if shared else "",
                "cv": cv_link(application) if shared and application.cv else "",
                "message": application.message,
                "applied_at": application.created_at,
            }
        )
    return rows
