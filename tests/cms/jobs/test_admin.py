from __future__ import annotations

from datetime import date

from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms.jobs.models import Employer, JobPage
from tests.cms.organisations.helpers import client_for, make_superuser
from tests.content_factories import job_index, make_employer


def job_form(tree, employer, **extra) -> dict:
    return nested_form_data(
        {
            "title": "Tuyển 200 công nhân lắp ráp linh kiện điện tử",
            "slug": "tuyen-200-cong-nhan",
            "summary": "Luxshare-ICT tuyển công nhân",
            "employer": employer.pk,
            "street_address": "KCN VSIP Nghệ An",
            "locality": "Hưng Nguyên",
            "salary_min": 8_000_000,
            "salary_max": 12_000_000,
            "openings": 200,
            "employment_type": "shift_work",
            "working_hours": "3 ca",
            "requirements": rich_text("<p>Nam, nữ 18–40 tuổi</p>"),
            "benefits": rich_text("<p>BHXH đầy đủ</p>"),
            "how_to_apply": rich_text("<p>Nộp hồ sơ tại cổng số 1</p>"),
            "contact": "Phòng nhân sự, 0238 123 4567",
            "valid_through": "2026-12-31",
            "organisation": tree["root"].pk,
            "action-publish": "publish",
            **extra,
        }
    )


def test_editor_creates_a_job_posting_in_the_admin(tree):
    # given
    index = job_index()
    employer = make_employer()
    client = client_for(make_superuser())

    # when
    response = client.post(f"/admin/pages/add/jobs/jobpage/{index.pk}/", job_form(tree, employer))

    # then
    assert response.status_code == 302
    job = JobPage.objects.get(slug="tuyen-200-cong-nhan")
    assert (job.live, job.salary_max, job.valid_through, job.location_search) == (
        True,
        12_000_000,
        date(2026, 12, 31),
        "kcn vsip nghe an hung nguyen",
    )


def test_admin_refuses_a_maximum_salary_below_the_minimum(tree):
    index = job_index()
    client = client_for(make_superuser())

    response = client.post(
        f"/admin/pages/add/jobs/jobpage/{index.pk}/",
        job_form(tree, make_employer(), salary_min=12_000_000, salary_max=8_000_000),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["salary_max"] == [
        "The maximum salary must not be below the minimum."
    ]
    assert not JobPage.objects.exists()


def test_editor_adds_an_employer_snippet(tree):
    client = client_for(make_superuser())

    response = client.post(
        "/admin/snippets/jobs/employer/add/",
        {
            "name": "Công ty CP Sữa TH",
            "slug": "sua-th",
            "tax_code": "2900800000",
            "industry": "Sữa",
            "address": "Xã Nghĩa Sơn",
            "locality": "Nghĩa Đàn",
            "website": "https://thmilk.vn",
            "description": "",
            "organisation": tree["vsip"].pk,
        },
    )

    assert response.status_code == 302
    assert Employer.objects.get(slug="sua-th").organisation == tree["vsip"]
