"""The job application services: who applies for what, the workflow, who manages it, retries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.core.errors import ServiceError
from cms.documents.demo import minimal_pdf
from cms.jobs import services
from cms.jobs.errors import JobErrorCode
from cms.jobs.models import ApplicationStatus, JobApplication, JobApplicationEvent
from cms.members.models import Member, MemberStatus
from cms.organisations.models import OfficerRole
from tests.cms.feedback.helpers import stored_files
from tests.content_factories import make_job
from tests.factories import make_member, make_officer

S = ApplicationStatus
MESSAGE = "Em đã làm 2 năm công nhân lắp ráp, muốn ứng tuyển."


@pytest.fixture
def job(tree):
    """A posting of the industrial zones' union (kcn), which manages its applications."""
    return make_job(tree["kcn"], "Tuyển 200 công nhân lắp ráp")


def refusal(call, *args, **kwargs) -> tuple:
    with pytest.raises(ServiceError) as caught:
        call(*args, **kwargs)
    return caught.value.code, caught.value.field


def cv(content: bytes | None = None, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content or minimal_pdf(["Ho so"]), content_type="application/pdf")


# --- Applying ------------------------------------------------------------------------------------


def test_a_member_applies_and_the_history_starts(job, member, media):
    # when
    application = services.apply_for_job(member.user, job, message=f"  {MESSAGE}\r\n", cv=cv())

    # then
    assert (application.status, application.message, application.member_id) == (
        S.RECEIVED,
        MESSAGE,
        member.pk,
    )
    assert application.cv.name.startswith("private/job-applications/")
    assert (application.cv_name, application.cv_content_type) == ("cv.pdf", "application/pdf")
    assert list(application.events.values_list("status", "actor_id")) == [(S.RECEIVED, member.user_id)]


def test_one_application_per_member_and_posting(job, member):
    # given
    services.apply_for_job(member.user, job, message=MESSAGE)

    # when
    code = refusal(services.apply_for_job, member.user, job, message="Lần hai")

    # then
    assert code == (JobErrorCode.ALREADY_APPLIED, None)
    assert JobApplication.objects.count() == 1


def test_a_withdrawal_is_final_and_still_counts(job, member):
    # given
    application = services.apply_for_job(member.user, job, message=MESSAGE)
    services.withdraw_application(member.user, application)

    # when
    with pytest.raises(ServiceError) as caught:
        services.apply_for_job(member.user, job, message=MESSAGE)

    # then
    assert caught.value.code == JobErrorCode.ALREADY_APPLIED
    assert "withdrawal is final" in caught.value.message
    assert list(application.events.values_list("status", flat=True)) == [S.RECEIVED, S.WITHDRAWN]


def test_the_same_idempotency_key_returns_the_first_application_unchanged(job, member):
    # given
    first = services.apply_for_job(member.user, job, message=MESSAGE, idempotency_key="abc-1")

    # when
    again = services.apply_for_job(member.user, job, message="Khác hẳn", idempotency_key="abc-1")

    # then
    assert again.pk == first.pk
    assert again.message == MESSAGE
    assert JobApplicationEvent.objects.count() == 1


def test_a_race_between_two_applications_answers_already_applied(job, member, monkeypatch):
    # given the other request's application, written after this one's check found none
    services.apply_for_job(member.user, job, message=MESSAGE)
    original = services._already_applied
    calls = []

    def first_check_misses(user, posting):
        calls.append(posting.pk)
        return None if len(calls) == 1 else original(user, posting)

    monkeypatch.setattr(services, "_already_applied", first_check_misses)

    # when
    code = refusal(services.apply_for_job, member.user, job, message="Lần hai")

    # then the database's constraint decided, and one application remains
    assert code == (JobErrorCode.ALREADY_APPLIED, None)
    assert len(calls) == 2
    assert JobApplication.objects.count() == 1


def test_the_database_refuses_a_second_application(job, member):
    # given
    first = services.apply_for_job(member.user, job, message=MESSAGE)

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        JobApplication.objects.create(job=job, applicant=member.user, member=member, message="x")
    assert JobApplication.objects.get().pk == first.pk


def test_a_race_with_the_same_idempotency_key_returns_the_other_application(job, member, monkeypatch):
    # given the other request (same key) wrote its application after this one looked for a replay
    other = services.apply_for_job(member.user, job, message=MESSAGE, idempotency_key="k-1")
    replays = iter([None])
    original = services._replayed
    monkeypatch.setattr(services, "_replayed", lambda user, key: next(replays, original(user, key)))
    monkeypatch.setattr(services, "_already_applied", lambda user, posting: None)

    # when
    result = services.apply_for_job(member.user, job, message="Lặp lại", idempotency_key="k-1")

    # then
    assert result.pk == other.pk
    assert JobApplication.objects.count() == 1


def test_a_posting_past_its_deadline_takes_no_application(tree, member):
    # given
    closed = make_job(tree["kcn"], valid_through=timezone.localdate() - timedelta(days=1))
    last_day = make_job(tree["kcn"], valid_through=timezone.localdate())

    # when
    code = refusal(services.apply_for_job, member.user, closed, message=MESSAGE)
    services.apply_for_job(member.user, last_day, message=MESSAGE)

    # then
    assert code == (JobErrorCode.JOB_CLOSED, None)
    assert list(JobApplication.objects.values_list("job_id", flat=True)) == [last_day.pk]


def test_a_posting_the_member_may_not_see_is_not_found(tree, member):
    # given a draft, and a posting for the education union's members only
    draft = make_job(tree["kcn"], live=False)
    elsewhere = make_job(tree["gd"], audience=[tree["gd"]])

    # then
    for posting in (draft, elsewhere, 10**6):
        assert refusal(services.apply_for_job, member.user, posting, message=MESSAGE) == (
            JobErrorCode.NOT_FOUND,
            "job_id",
        )


def test_only_active_members_apply(tree, job):
    # given
    left = make_member(tree["vsip"], status=MemberStatus.LEFT)
    officer = make_officer(tree["kcn"]).user

    # then
    assert refusal(services.apply_for_job, left.user, job, message=MESSAGE)[0] == JobErrorCode.NOT_A_MEMBER
    assert refusal(services.apply_for_job, officer, job, message=MESSAGE)[0] == JobErrorCode.NOT_A_MEMBER


@pytest.mark.parametrize(
    "message, expected",
    [
        ("   ", (JobErrorCode.MESSAGE_REQUIRED, "message")),
        ("a" * 1001, (JobErrorCode.MESSAGE_TOO_LONG, "message")),
        ("Xin chào\x00", (JobErrorCode.INVALID_CHARACTERS, "message")),
    ],
    ids=["blank", "too-long", "nul"],
)
def test_the_message_is_checked(job, member, message, expected):
    assert refusal(services.apply_for_job, member.user, job, message=message) == expected


def test_a_message_of_exactly_1000_characters_is_taken(job, member):
    application = services.apply_for_job(member.user, job, message="ă" * 1000)

    assert len(application.message) == 1000


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", JobErrorCode.FILE_EMPTY),
        (b"PK\x03\x04" + b"\x00" * 100, JobErrorCode.FILE_TYPE_NOT_ALLOWED),
        (b"<!doctype html><script>alert(1)</script>", JobErrorCode.FILE_TYPE_NOT_ALLOWED),
        (b"%PDF-1.4 truncated", JobErrorCode.FILE_TYPE_NOT_ALLOWED),
    ],
    ids=["empty", "zip", "html", "truncated-pdf"],
)
def test_a_cv_is_checked_by_its_content_and_nothing_is_stored(job, member, media, content, code):
    # given the files stored so far (CI's S3 run shares one bucket between tests)
    before = stored_files("private/job-applications")

    # when
    refused = refusal(
        services.apply_for_job,
        member.user,
        job,
        message=MESSAGE,
        cv=SimpleUploadedFile("cv.pdf", content) if content else SimpleUploadedFile("cv.pdf", b""),
    )

    # then
    assert refused == (code, "cv")
    assert not JobApplication.objects.exists()
    assert stored_files("private/job-applications") == before


def test_a_cv_over_the_limit_is_refused(job, member, media, settings):
    # given
    settings.UPLOAD_MAX_BYTES = 1000

    # when
    refused = refusal(
        services.apply_for_job, member.user, job, message=MESSAGE, cv=cv(minimal_pdf(["x" * 2000]))
    )

    # then
    assert refused == (JobErrorCode.FILE_TOO_LARGE, "cv")


def test_a_refused_application_deletes_the_cv_it_stored(job, member, media, monkeypatch):
    # given a write that fails after the file was stored
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_record", broken)
    before = stored_files("private/job-applications")

    # when
    with pytest.raises(RuntimeError):
        services.apply_for_job(member.user, job, message=MESSAGE, cv=cv())

    # then
    assert stored_files("private/job-applications") == before
    assert not JobApplication.objects.exists()


def test_an_invalid_idempotency_key_is_refused(job, member):
    assert refusal(services.apply_for_job, member.user, job, message=MESSAGE, idempotency_key="a b") == (
        JobErrorCode.INVALID_IDEMPOTENCY_KEY,
        "idempotency_key",
    )


# --- Withdrawing -----------------------------------------------------------------------------------


def test_a_member_withdraws_only_their_own_open_application(tree, job, member, kcn_officer):
    # given
    other = make_member(tree["hoa_sen"])
    theirs = services.apply_for_job(other.user, job, message=MESSAGE)
    hired = services.apply_for_job(member.user, job, message=MESSAGE)
    services.change_application_status(kcn_officer.user, hired, S.FORWARDED)
    services.change_application_status(kcn_officer.user, hired, S.HIRED)

    # then
    assert refusal(services.withdraw_application, member.user, theirs) == (JobErrorCode.NOT_FOUND, None)
    assert refusal(services.withdraw_application, member.user, hired)[0] == JobErrorCode.CANNOT_WITHDRAW
    assert refusal(services.withdraw_application, member.user, 10**9)[0] == JobErrorCode.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.status == S.RECEIVED


# --- The officers' workflow ----------------------------------------------------------------------


def test_an_officer_moves_an_application_through_the_workflow(job, member, kcn_officer):
    # given
    application = services.apply_for_job(member.user, job, message=MESSAGE)
    officer = kcn_officer.user

    # when
    services.change_application_status(officer, application, S.FORWARDED, "Đã gửi Phòng Nhân sự")
    services.change_application_status(officer, application, S.INTERVIEW, "Phỏng vấn 9h thứ Hai")
    services.change_application_status(officer, application, S.HIRED)

    # then
    application.refresh_from_db()
    assert application.status == S.HIRED
    assert application.forwarded_at is not None
    assert list(application.events.values_list("status", "note", "actor_id")) == [
        (S.RECEIVED, "", member.user_id),
        (S.FORWARDED, "Đã gửi Phòng Nhân sự", officer.pk),
        (S.INTERVIEW, "Phỏng vấn 9h thứ Hai", officer.pk),
        (S.HIRED, "", officer.pk),
    ]


@pytest.mark.parametrize(
    "path, refused",
    [
        ((), S.INTERVIEW),  # received → interview skips forwarding
        ((), S.HIRED),
        ((), S.WITHDRAWN),  # the member's alone
        ((), S.RECEIVED),
        ((S.NOT_SELECTED,), S.FORWARDED),  # final
        ((S.FORWARDED, S.HIRED), S.NOT_SELECTED),  # final
        ((S.FORWARDED,), "bogus"),
    ],
)
def test_transitions_the_workflow_does_not_allow(job, member, kcn_officer, path, refused):
    # given
    application = services.apply_for_job(member.user, job, message=MESSAGE)
    for status in path:
        services.change_application_status(kcn_officer.user, application, status)

    # then
    assert refusal(services.change_application_status, kcn_officer.user, application, refused) == (
        JobErrorCode.INVALID_TRANSITION,
        "status",
    )


def test_no_officer_change_after_the_member_withdrew(job, member, kcn_officer):
    # given
    application = services.apply_for_job(member.user, job, message=MESSAGE)
    services.withdraw_application(member.user, application)

    # then
    assert refusal(services.change_application_status, kcn_officer.user, application, S.FORWARDED)[0] == (
        JobErrorCode.INVALID_TRANSITION
    )
    assert services.allowed_officer_statuses(application) == []


def test_who_manages_an_application(tree, job, member, kcn_officer, gd_officer, superuser):
    # given
    application = services.apply_for_job(member.user, job, message=MESSAGE)
    federation_editor = make_officer(tree["root"]).user
    vsip_editor = make_officer(tree["vsip"]).user  # below the publisher: not theirs
    kcn_handler = make_officer(tree["kcn"], role=OfficerRole.FEEDBACK_HANDLER).user

    # then
    for allowed in (kcn_officer.user, federation_editor, superuser):
        assert services.applications_for_officer(allowed).filter(pk=application.pk).exists()
    for refused in (gd_officer.user, vsip_editor, kcn_handler, member.user):
        assert not services.applications_for_officer(refused).exists()
        assert refusal(services.change_application_status, refused, application, S.FORWARDED) == (
            JobErrorCode.NOT_ALLOWED,
            None,
        )


def test_an_officer_does_not_manage_their_own_application(tree, job):
    # given an editor of the publishing union who is also a member
    officer = make_officer(tree["kcn"]).user
    Member.objects.create(
        user=officer, full_name="Lê Văn Hùng", phone="0977000111", organisation=tree["vsip"]
    )
    application = services.apply_for_job(officer, job, message=MESSAGE)

    # then
    assert not services.applications_for_officer(officer).exists()
    assert refusal(services.change_application_status, officer, application, S.FORWARDED)[0] == (
        JobErrorCode.NOT_ALLOWED
    )


def test_a_note_too_long_is_refused(job, member, kcn_officer):
    application = services.apply_for_job(member.user, job, message=MESSAGE)

    assert refusal(
        services.change_application_status, kcn_officer.user, application, S.FORWARDED, "n" * 2001
    ) == (
        JobErrorCode.NOTE_TOO_LONG,
        "note",
    )


# --- The export for the employer ---------------------------------------------------------------


def test_the_export_gives_phone_and_cv_only_for_what_the_employer_holds(tree, job, kcn_officer, media):
    # given one application in each state
    officer = kcn_officer.user
    steps = {
        S.RECEIVED: (),
        S.FORWARDED: (S.FORWARDED,),
        S.INTERVIEW: (S.FORWARDED, S.INTERVIEW),
        S.HIRED: (S.FORWARDED, S.HIRED),
        S.NOT_SELECTED: (S.FORWARDED, S.NOT_SELECTED),
        S.WITHDRAWN: (S.FORWARDED,),
    }
    for n, (final, path) in enumerate(steps.items()):
        member = make_member(tree["vsip"], phone=f"09120000{n:02d}", full_name=f"Đoàn viên {n}")
        application = services.apply_for_job(member.user, job, message=MESSAGE, cv=cv())
        for status in path:
            services.change_application_status(officer, application, status)
        if final == S.WITHDRAWN:
            services.withdraw_application(member.user, application)

    # when
    rows = services.export_rows(JobApplication.objects.all(), cv_link=lambda a: f"https://cv/{a.pk}")

    # then
    shared = {row["status"]: (bool(row["phone"]), bool(row["cv"]), row["forwarded"]) for row in rows}
    assert shared == {
        str(S.RECEIVED.label): (False, False, False),
        str(S.FORWARDED.label): (True, True, True),
        str(S.INTERVIEW.label): (True, True, True),
        str(S.HIRED.label): (True, True, True),
        str(S.NOT_SELECTED.label): (False, False, False),
        str(S.WITHDRAWN.label): (False, False, False),
    }
