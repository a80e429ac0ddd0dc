"""Job applications through the API, as the member's app sends them: multipart with a CV."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from strawberry import relay

from cms.documents.demo import minimal_pdf
from cms.jobs import services
from cms.jobs.models import ApplicationStatus, JobApplication
from cms.members import tokens
from tests.content_factories import hide, make_job
from tests.factories import PASSWORD, make_member, make_officer
from tests.graphql_api.feedback.conftest import MultipartClient

APPLY = """
mutation Apply($input: ApplyForJobInput!) {
  applyForJob(input: $input) {
    application {
      id status statusLabel message cvName canWithdraw
      job { id title }
      history { status statusLabel at }
    }
    errors { field code message }
  }
}
"""

WITHDRAW = """
mutation Withdraw($input: WithdrawApplicationInput!) {
  withdrawApplication(input: $input) {
    application { id status statusLabel canWithdraw }
    errors { field code message }
  }
}
"""

MINE = """
query Mine($first: Int, $status: [JobApplicationStatus!]) {
  me {
    jobApplications(first: $first, status: $status) {
      totalCount
      edges { node { id status statusLabel message cvName job { title } history { status statusLabel } } }
    }
  }
}
"""

MY_APPLICATION = """
query Job($id: ID!) { page(id: $id) { ... on JobPage { id myApplication { status } } } }
"""


def in_vietnamese(message: str, context: str | None = None) -> str:
    # Requests without Accept-Language are answered in Vietnamese, the default language.
    with translation.override("vi"):
        return translation.pgettext(context, message) if context else translation.gettext(message)


def gid(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


def token_for(member) -> str:
    return tokens.login(member.phone, PASSWORD).access_token


@pytest.fixture
def multipart(client):
    return MultipartClient(client)


@pytest.fixture
def job(tree):
    return make_job(tree["kcn"], "Tuyển 200 công nhân lắp ráp")


@pytest.fixture
def member_token(member):
    return token_for(member)


def apply_input(job, **overrides) -> dict:
    return {
        "input": {"jobId": gid("JobPage", job.pk), "message": "Em đã làm 2 năm ở xưởng SMT.", **overrides}
    }


def pdf_upload(name="cv.pdf", content: bytes | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, content or minimal_pdf(["Ho so xin viec"]), content_type="application/pdf"
    )


def test_a_member_applies_with_a_cv(multipart, job, member, member_token, media):
    # when
    result = multipart.execute(
        APPLY, apply_input(job, cv=None), {"input.cv": pdf_upload("Hồ sơ Nguyễn Văn An.pdf")}, member_token
    )

    # then
    payload = result["data"]["applyForJob"]
    assert payload["errors"] == []
    application = payload["application"]
    assert (application["status"], application["cvName"], application["canWithdraw"]) == (
        "RECEIVED",
        "Hồ sơ Nguyễn Văn An.pdf",
        True,
    )
    assert application["statusLabel"] == in_vietnamese("Received", "job application status")
    assert application["job"]["title"] == "Tuyển 200 công nhân lắp ráp"
    assert [h["status"] for h in application["history"]] == ["RECEIVED"]
    stored = JobApplication.objects.get()
    assert stored.cv.name.startswith("private/job-applications/")
    assert (stored.cv_content_type, stored.member_id) == ("application/pdf", member.pk)


def test_applying_twice_is_already_applied(gql, job, member, member_token):
    # given
    gql.execute(APPLY, apply_input(job), token=member_token)

    # when
    again = gql.execute(APPLY, apply_input(job, message="Lần hai"), token=member_token)

    # then
    assert again["data"]["applyForJob"]["application"] is None
    assert again["data"]["applyForJob"]["errors"] == [
        {
            "field": None,
            "code": "ALREADY_APPLIED",
            "message": in_vietnamese("You have already applied for this job."),
        }
    ]
    assert JobApplication.objects.count() == 1


def test_the_same_idempotency_key_returns_the_first_application(gql, job, member_token):
    # given
    first = gql.execute(APPLY, apply_input(job, idempotencyKey="3f1c-a1"), token=member_token)

    # when
    retry = gql.execute(APPLY, apply_input(job, idempotencyKey="3f1c-a1", message="khác"), token=member_token)

    # then
    assert retry["data"]["applyForJob"]["errors"] == []
    assert retry["data"]["applyForJob"]["application"] == first["data"]["applyForJob"]["application"]
    assert JobApplication.objects.count() == 1


def test_a_posting_past_its_deadline_is_closed(gql, tree, member_token):
    # given
    closed = make_job(tree["kcn"], valid_through=timezone.localdate() - timedelta(days=1))

    # when
    result = gql.execute(APPLY, apply_input(closed), token=member_token)

    # then
    assert result["data"]["applyForJob"]["errors"] == [
        {
            "field": None,
            "code": "JOB_CLOSED",
            "message": in_vietnamese(
                "This job posting no longer takes applications: its deadline has passed."
            ),
        }
    ]


def test_a_posting_the_member_may_not_see_is_not_found(gql, tree, member_token):
    # given an expired page and a posting for the education union's members only
    expired = make_job(tree["kcn"])
    hide(expired, "expired")
    elsewhere = make_job(tree["gd"], audience=[tree["gd"]])

    # when
    results = [gql.execute(APPLY, apply_input(job), token=member_token) for job in (expired, elsewhere)]

    # then
    assert [r["data"]["applyForJob"]["errors"][0]["code"] for r in results] == ["NOT_FOUND", "NOT_FOUND"]
    assert not JobApplication.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("cv.pdf", b"PK\x03\x04" + b"\x00" * 200),  # a ZIP named .pdf
        ("cv.pdf", b"<html><script>alert(1)</script></html>"),
    ],
    ids=["zip", "html"],
)
def test_a_disguised_cv_is_refused(multipart, job, member_token, media, name, content):
    # when
    result = multipart.execute(
        APPLY, apply_input(job, cv=None), {"input.cv": pdf_upload(name, content)}, member_token
    )

    # then
    errors = result["data"]["applyForJob"]["errors"]
    assert errors == [
        {
            "field": "cv",
            "code": "FILE_TYPE_NOT_ALLOWED",
            "message": "Tệp phải là tệp PDF hoặc ảnh (JPEG, PNG, WebP).",
        }
    ]
    assert not JobApplication.objects.exists()


def test_a_cv_over_the_limit_is_refused(multipart, job, member_token, media, settings):
    # given
    settings.UPLOAD_MAX_BYTES = 1024
    big = minimal_pdf(["x" * 3000])
    assert len(big) > 1024

    # when
    result = multipart.execute(
        APPLY, apply_input(job, cv=None), {"input.cv": pdf_upload("cv.pdf", big)}, member_token
    )

    # then
    errors = result["data"]["applyForJob"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("cv", "FILE_TOO_LARGE")]


def test_a_message_too_long_is_refused(gql, job, member_token):
    # when
    result = gql.execute(APPLY, apply_input(job, message="a" * 1001), token=member_token)

    # then
    errors = result["data"]["applyForJob"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("message", "MESSAGE_TOO_LONG")]


def test_a_member_withdraws_and_cannot_apply_again(gql, job, member_token):
    # given
    applied = gql.execute(APPLY, apply_input(job), token=member_token)["data"]["applyForJob"]["application"]

    # when
    withdrawn = gql.execute(WITHDRAW, {"input": {"applicationId": applied["id"]}}, token=member_token)
    again = gql.execute(APPLY, apply_input(job), token=member_token)
    twice = gql.execute(WITHDRAW, {"input": {"applicationId": applied["id"]}}, token=member_token)

    # then
    assert withdrawn["data"]["withdrawApplication"]["application"] == {
        "id": applied["id"],
        "status": "WITHDRAWN",
        "statusLabel": in_vietnamese("Withdrawn", "job application status"),
        "canWithdraw": False,
    }
    assert again["data"]["applyForJob"]["errors"][0]["code"] == "ALREADY_APPLIED"
    assert again["data"]["applyForJob"]["errors"][0]["message"] == in_vietnamese(
        "You withdrew your application for this job: a withdrawal is final, you cannot apply again."
    )
    assert twice["data"]["withdrawApplication"]["errors"][0]["code"] == "CANNOT_WITHDRAW"


def test_someone_elses_application_is_not_found(gql, tree, job, member_token):
    # given
    other = make_member(tree["hoa_sen"], full_name="Trần Thị Bình")
    theirs = services.apply_for_job(other.user, job, message="Tôi muốn ứng tuyển.")

    # when
    result = gql.execute(
        WITHDRAW, {"input": {"applicationId": gid("JobApplication", theirs.pk)}}, token=member_token
    )
    mine = gql.execute(MINE, {"first": 10}, token=member_token)

    # then
    assert result["data"]["withdrawApplication"] == {
        "application": None,
        "errors": [
            {
                "field": None,
                "code": "NOT_FOUND",
                "message": in_vietnamese("This job application does not exist."),
            }
        ],
    }
    assert mine["data"]["me"]["jobApplications"]["totalCount"] == 0
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.RECEIVED


def test_a_guest_must_sign_in(gql, job):
    # when
    apply = gql.execute(APPLY, apply_input(job))
    mine = gql.execute(MINE, {"first": 10})

    # then
    assert apply["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert mine["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert not JobApplication.objects.exists()


def test_an_officer_without_membership_is_not_a_member(gql, tree, job):
    # given
    officer = make_officer(tree["kcn"], username="bientap.kcn")
    token = tokens.login("bientap.kcn", PASSWORD).access_token

    # when
    result = gql.execute(APPLY, apply_input(job), token=token)

    # then
    assert result["data"]["applyForJob"]["errors"][0]["code"] == "NOT_A_MEMBER"
    assert officer.user.job_applications.count() == 0


def test_my_applications_with_their_history_and_no_officer_notes(gql, tree, job, member, member_token):
    # given an application the union forwarded with a note, and one still received
    officer = make_officer(tree["kcn"]).user
    forwarded = services.apply_for_job(member.user, job, message="Ứng tuyển công nhân.")
    services.change_application_status(officer, forwarded, ApplicationStatus.FORWARDED, "Ghi chú nội bộ")
    services.apply_for_job(
        member.user, make_job(tree["root"], "Kỹ thuật viên"), message="Ứng tuyển kỹ thuật."
    )

    # when
    result = gql.execute(MINE, {"first": 10}, token=member_token)
    forwarded_only = gql.execute(MINE, {"first": 10, "status": ["FORWARDED"]}, token=member_token)

    # then
    nodes = [e["node"] for e in result["data"]["me"]["jobApplications"]["edges"]]
    assert [(n["job"]["title"], n["status"]) for n in nodes] == [
        ("Kỹ thuật viên", "RECEIVED"),
        ("Tuyển 200 công nhân lắp ráp", "FORWARDED"),
    ]
    assert [h["status"] for h in nodes[1]["history"]] == ["RECEIVED", "FORWARDED"]
    assert nodes[1]["history"][1]["statusLabel"] == in_vietnamese(
        "Forwarded to the employer", "job application status"
    )
    assert "Ghi chú nội bộ" not in str(result)
    assert forwarded_only["data"]["me"]["jobApplications"]["totalCount"] == 1


def test_the_posting_says_whether_the_member_applied(gql, tree, job, member, member_token):
    # given
    services.apply_for_job(member.user, job, message="Ứng tuyển.")
    other = make_job(tree["kcn"])

    # when
    applied = gql.execute(MY_APPLICATION, {"id": gid("JobPage", job.pk)}, token=member_token)
    not_applied = gql.execute(MY_APPLICATION, {"id": gid("JobPage", other.pk)}, token=member_token)
    guest = gql.execute(MY_APPLICATION, {"id": gid("JobPage", job.pk)})

    # then
    assert applied["data"]["page"]["myApplication"] == {"status": "RECEIVED"}
    assert not_applied["data"]["page"]["myApplication"] is None
    assert guest["data"]["page"]["myApplication"] is None


def test_an_application_to_a_posting_since_hidden_has_no_job(gql, tree, job, member, member_token):
    # given
    services.apply_for_job(member.user, job, message="Ứng tuyển.")
    hide(job, "expired")

    # when
    result = gql.execute(MINE, {"first": 10}, token=member_token)

    # then
    nodes = [e["node"] for e in result["data"]["me"]["jobApplications"]["edges"]]
    assert [(n["status"], n["job"]) for n in nodes] == [("RECEIVED", None)]


def test_the_list_reads_in_the_same_queries_for_one_or_five_applications(
    gql, tree, member, member_token, django_assert_max_num_queries
):
    # given one application, then four more, each with a forwarded step
    officer = make_officer(tree["kcn"]).user

    def apply_once():
        application = services.apply_for_job(member.user, make_job(tree["kcn"]), message="Ứng tuyển.")
        services.change_application_status(officer, application, ApplicationStatus.FORWARDED)

    apply_once()
    with CaptureQueriesContext(connection) as one:
        gql.execute(MINE, {"first": 10}, token=member_token)
    for _ in range(4):
        apply_once()

    # when
    with django_assert_max_num_queries(len(one.captured_queries)):
        five = gql.execute(MINE, {"first": 10}, token=member_token)

    # then
    assert len(five["data"]["me"]["jobApplications"]["edges"]) == 5
