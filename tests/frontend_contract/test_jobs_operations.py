"""The jobs screens' operations run against the demo data, and the job applications' operations
(``job_apply.graphql``) as the demo member."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from strawberry import relay

from cms.core.demo import DEFAULT_DEMO_PASSWORD
from cms.core.demo.base import SeedContext
from cms.documents.demo import minimal_pdf
from cms.jobs import demo as jobs_demo
from cms.jobs.models import ApplicationStatus, JobApplication, JobPage
from cms.members import tokens
from cms.members.demo import DEMO_MEMBER
from tests.frontend_contract.conftest import run_operation
from tests.frontend_contract.test_feedback_operations import _post

pytestmark = pytest.mark.django_db


def test_job_screens_on_demo_data(gql, demo):
    # when
    open_jobs = run_operation(gql, "jobs.graphql", "Jobs", {"first": 50})
    every_job = run_operation(gql, "jobs.graphql", "Jobs", {"first": 50, "openOnly": False})
    near_vsip = run_operation(
        gql, "jobs.graphql", "Jobs", {"location": "hung nguyen", "salaryMin": 10_000_000, "order": "SALARY"}
    )
    detail = run_operation(
        gql, "jobs.graphql", "Job", {"path": open_jobs["jobs"]["edges"][0]["node"]["path"]}
    )

    # then
    assert every_job["jobs"]["totalCount"] == 20
    assert open_jobs["jobs"]["totalCount"] == 16  # four are past their deadline
    assert all(e["node"]["isOpen"] for e in open_jobs["jobs"]["edges"])
    assert len(open_jobs["employers"]) == 7
    assert [e["node"]["title"] for e in near_vsip["jobs"]["edges"]] == [
        "Kỹ thuật viên dây chuyền SMT",
        "Kỹ thuật viên điện nước hạ tầng",
        "Tuyển 500 công nhân lắp ráp linh kiện điện tử",
        "Công nhân vận hành máy dập kim loại",
    ]
    page = detail["page"]
    assert '"@type": "JobPosting"' in page["jsonLd"]
    assert page["employer"]["name"]


def test_the_job_application_screens_as_the_demo_member(client, demo, settings, tmp_path):
    # given the demo member signed in, and an open posting they have not applied for
    if "S3Storage" not in settings.STORAGES["default"]["BACKEND"]:
        settings.MEDIA_ROOT = str(tmp_path)
    token = tokens.login(DEMO_MEMBER.phone, DEFAULT_DEMO_PASSWORD).access_token
    posting = JobPage.objects.get(slug="vsip-ky-thuat-dien-nuoc")
    job_id = str(relay.GlobalID("JobPage", str(posting.pk)))

    # when the app lists their applications, applies with a CV, reads the posting and withdraws
    before = _post(client, "job_apply.graphql", "MyJobApplications", {}, token)["me"]["jobApplications"]
    applied = _post(
        client,
        "job_apply.graphql",
        "ApplyForJob",
        {
            "jobId": job_id,
            "message": "Em có chứng chỉ thợ điện bậc 3.",
            "cv": None,
            "idempotencyKey": "contract-1",
        },
        token,
        files={"cv": SimpleUploadedFile("cv.pdf", minimal_pdf(["CV"]), "application/pdf")},
    )["applyForJob"]
    state = _post(
        client,
        "job_apply.graphql",
        "JobApplicationState",
        {"path": "/viec-lam/vsip-ky-thuat-dien-nuoc/"},
        token,
    )
    withdrawn = _post(
        client,
        "job_apply.graphql",
        "WithdrawApplication",
        {"applicationId": applied["application"]["id"]},
        token,
    )["withdrawApplication"]

    # then
    assert before["totalCount"] == 3
    assert sorted(e["node"]["status"] for e in before["edges"]) == ["INTERVIEW", "RECEIVED", "WITHDRAWN"]
    interview = next(e["node"] for e in before["edges"] if e["node"]["status"] == "INTERVIEW")
    assert [h["status"] for h in interview["history"]] == ["RECEIVED", "FORWARDED", "INTERVIEW"]
    assert interview["cvName"] == "CV Nguyễn Văn An.pdf"
    assert (applied["errors"], applied["application"]["status"], applied["application"]["cvName"]) == (
        [],
        "RECEIVED",
        "cv.pdf",
    )
    assert state["page"]["myApplication"]["status"] == "RECEIVED"
    assert (withdrawn["errors"], withdrawn["application"]["status"]) == ([], "WITHDRAWN")


def test_demo_applications_cover_every_status(demo):
    # then
    statuses = set(JobApplication.objects.values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    for application in JobApplication.objects.select_related("job"):
        assert list(application.events.values_list("at", flat=True)) == sorted(
            application.events.values_list("at", flat=True)
        )
        assert application.events.first().status == ApplicationStatus.RECEIVED


def test_seeding_the_applications_again_changes_nothing(demo):
    before = (JobApplication.objects.count(), JobApplication.objects.filter(events__isnull=False).count())

    jobs_demo.seed_applications(SeedContext(password=DEFAULT_DEMO_PASSWORD, write=lambda line: None))

    assert (
        JobApplication.objects.count(),
        JobApplication.objects.filter(events__isnull=False).count(),
    ) == before
