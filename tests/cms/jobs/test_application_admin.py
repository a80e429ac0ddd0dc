"""Job applications in the Wagtail admin: the posting union's officers list them, change their
status with a note, and export them for the employer; nobody else sees them."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from cms.jobs import services
from cms.jobs.models import ApplicationStatus, JobApplication
from tests.content_factories import make_job
from tests.factories import make_member
from tests.graphql_api.jobs.test_applications import pdf_upload

S = ApplicationStatus
LISTING = "/admin/job-applications/"


def detail_url(application) -> str:
    return f"{LISTING}{application.pk}/"


@pytest.fixture
def applications(tree, kcn_officer, media):
    """Three applications to the zones' union's posting: received, forwarded, not selected."""
    job = make_job(tree["kcn"], "Tuyển 200 công nhân lắp ráp")
    officer = kcn_officer.user
    made = {}
    for n, (key, path) in enumerate(
        {"received": (), "forwarded": (S.FORWARDED,), "rejected": (S.NOT_SELECTED,)}.items()
    ):
        member = make_member(tree["vsip"], phone=f"091200000{n}", full_name=f'=HYPERLINK("x") Đoàn viên {n}')
        application = services.apply_for_job(member.user, job, message=f"Thư {key}", cv=pdf_upload())
        for status in path:
            services.change_application_status(officer, application, status)
        made[key] = application
    return made


def test_an_officer_of_the_posting_union_lists_its_applications(kcn_client, applications):
    # when
    response = kcn_client.get(LISTING)
    filtered = kcn_client.get(LISTING, {"status": "forwarded"})

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert all(a.member.full_name.replace('"', "&quot;") in html for a in applications.values())
    assert "Not forwarded: no phone number or CV" in html
    assert list(filtered.context["object_list"]) == [applications["forwarded"]]


def test_an_officer_changes_the_status_with_a_note(kcn_client, applications):
    # given
    application = applications["forwarded"]

    # when
    page = kcn_client.get(detail_url(application))
    response = kcn_client.post(detail_url(application), {"status": "interview", "note": "Hẹn 9h thứ Hai"})

    # then
    assert [choice for choice, _label in page.context["form"].fields["status"].choices] == [
        "interview",
        "hired",
        "not_selected",
    ]
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.INTERVIEW
    assert application.events.last().note == "Hẹn 9h thứ Hai"
    assert "Hẹn 9h thứ Hai" in kcn_client.get(detail_url(application)).content.decode()


def test_a_change_the_workflow_no_longer_allows_is_refused_on_the_form(kcn_client, applications):
    # given the member withdrew while the officer had the page open
    application = applications["received"]
    services.withdraw_application(application.applicant, application)

    # when
    response = kcn_client.post(detail_url(application), {"status": "forwarded", "note": ""})

    # then
    assert response.status_code == 200
    assert response.context["form"] is not None
    assert "Select a valid choice" in str(response.context["form"].errors["status"])
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_a_note_too_long_is_shown_on_its_field(kcn_client, applications):
    # when
    response = kcn_client.post(
        detail_url(applications["received"]), {"status": "forwarded", "note": "n" * 2001}
    )

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Write at most 2000 characters."]


def test_the_page_says_whether_the_employer_gets_the_phone_and_cv(kcn_client, applications):
    # when
    received = kcn_client.get(detail_url(applications["received"])).content.decode()
    forwarded = kcn_client.get(detail_url(applications["forwarded"])).content.decode()

    # then
    assert "data-job-application-private" in received and "data-job-application-shared" not in received
    assert "data-job-application-shared" in forwarded
    assert "0912000000" in received  # the officer manages it: the phone is shown to them


def test_an_officer_of_another_union_sees_nothing(gd_client, applications):
    # when
    listing = gd_client.get(LISTING)
    detail = gd_client.get(detail_url(applications["received"]))
    post = gd_client.post(detail_url(applications["received"]), {"status": "forwarded"})

    # then
    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == []
    assert (detail.status_code, post.status_code) == (404, 404)
    assert JobApplication.objects.get(pk=applications["received"].pk).status == S.RECEIVED


def test_a_member_without_a_role_has_no_admin(client, applications):
    # given
    member = applications["received"].member
    client.force_login(member.user)

    # when
    response = client.get(LISTING)

    # then
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_csv_export_for_the_employer_has_phone_and_cv_only_for_forwarded(kcn_client, applications):
    # when
    response = kcn_client.get(LISTING, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))

    # then
    assert rows[0] == [
        "Job posting",
        "Employer",
        "Full name",
        "Status",
        "Forwarded to the employer",
        "Phone number",
        "CV (link valid for 7 days)",
        "Message",
        "Applied at",
    ]
    by_message = {row[7]: row for row in rows[1:]}
    forwarded, received, rejected = (
        by_message["Thư forwarded"],
        by_message["Thư received"],
        by_message["Thư rejected"],
    )
    assert (forwarded[4], forwarded[5]) == ("Yes", "0912000001")
    assert forwarded[6].startswith("http")  # an absolute, signed link
    assert (received[4], received[5], received[6]) == ("No", "", "")
    assert (rejected[5], rejected[6]) == ("", "")
    # a name typed as a formula is neutralised
    assert forwarded[2].startswith("'=HYPERLINK")


def test_the_xlsx_export_follows_the_filters(kcn_client, applications):
    # when
    response = kcn_client.get(LISTING, {"export": "xlsx", "status": "forwarded"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))

    # then
    assert len(rows) == 2
    assert rows[1][5] == "0912000001"
    assert sheet.cell(row=2, column=3).data_type == "s"  # the formula-like name stays text


def test_the_cv_link_of_the_export_opens_the_cv(kcn_client, applications, client):
    # given
    response = kcn_client.get(LISTING, {"export": "csv", "status": "forwarded"})
    link = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))[1][6]

    # when the employer opens it, signed in as nobody: this server's signed link (local files),
    # or S3's presigned URL (CI's S3 run)
    if link.startswith("http://testserver/"):
        opened = client.get(link.removeprefix("http://testserver"))
        status, body = opened.status_code, b"".join(opened.streaming_content)
    else:
        import urllib.request

        assert "X-Amz-Signature=" in link
        with urllib.request.urlopen(link, timeout=10) as answer:  # noqa: S310 (the suite's moto server)
            status, body = answer.status, answer.read()

    # then
    assert status == 200
    assert body.startswith(b"%PDF-")


def test_the_admin_is_in_vietnamese(kcn_officer, applications):
    # given an officer whose admin speaks Vietnamese (the default)
    profile = UserProfile.get_for_user(kcn_officer.user)
    profile.preferred_language = "vi"
    profile.save()
    from django.test import Client

    client = Client(headers={"accept-language": "vi"})
    client.force_login(kcn_officer.user)

    # when
    html = client.get(detail_url(applications["forwarded"])).content.decode()

    # then
    with translation.override("vi"):
        assert translation.pgettext("admin menu", "Job applications") in html
        assert str(S.FORWARDED.label) in html
        assert translation.gettext("Change the status") in html
