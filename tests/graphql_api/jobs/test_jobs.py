from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from strawberry import relay

from cms.jobs.models import EmploymentType, JobPage
from cms.members import tokens
from tests.content_factories import hide, job_index, make_employer, make_job
from tests.factories import PASSWORD

JOBS = """
query Jobs($first: Int = 20, $location: String, $salaryMin: Int, $employer: ID, $employmentType: EmploymentType,
           $openOnly: Boolean = true, $order: JobOrder = NEWEST) {
  jobs(first: $first, location: $location, salaryMin: $salaryMin, employer: $employer, employmentType: $employmentType,
       openOnly: $openOnly, order: $order) {
    totalCount
    edges { node { title path } }
  }
}
"""


def titles(result) -> list[str]:
    return [e["node"]["title"] for e in result["data"]["jobs"]["edges"]]


def test_jobs_list_newest_first_with_public_fields(gql, tree):
    # given
    employer = make_employer("Công ty TNHH Luxshare-ICT Nghệ An", website="https://luxshare-ict.com")
    make_job(tree["root"], "Cũ", employer=employer)
    make_job(
        tree["root"],
        "Mới",
        employer=employer,
        salary_min=8_000_000,
        salary_max=12_000_000,
        openings=200,
        employment_type=EmploymentType.SHIFT_WORK,
        working_hours="3 ca, 8 tiếng/ca",
        requirements="<p>Nam/nữ 18–40 tuổi</p>",
        valid_through=timezone.localdate() + timedelta(days=10),
    )

    # when
    result = gql.execute(
        """{ jobs(first: 5) { totalCount edges { node { title path salaryMin salaryMax salaryNegotiable openings
            employmentType employmentTypeLabel workingHours requirements isOpen streetAddress locality
            employer { name website } } } } }"""
    )

    # then
    nodes = [e["node"] for e in result["data"]["jobs"]["edges"]]
    assert [n["title"] for n in nodes] == ["Mới", "Cũ"]
    assert nodes[0] == {
        "title": "Mới",
        "path": nodes[0]["path"],
        "salaryMin": 8_000_000,
        "salaryMax": 12_000_000,
        "salaryNegotiable": False,
        "openings": 200,
        "employmentType": "SHIFT_WORK",
        "employmentTypeLabel": str(EmploymentType.SHIFT_WORK.label),
        "workingHours": "3 ca, 8 tiếng/ca",
        "requirements": "<p>Nam/nữ 18–40 tuổi</p>",
        "isOpen": True,
        "streetAddress": "KCN VSIP Nghệ An",
        "locality": "Hưng Nguyên",
        "employer": {"name": "Công ty TNHH Luxshare-ICT Nghệ An", "website": "https://luxshare-ict.com"},
    }
    assert nodes[0]["path"].startswith("/viec-lam/")
    assert result["data"]["jobs"]["totalCount"] == 2


def test_location_filter_folds_accents(gql, tree):
    # given
    make_job(tree["root"], "VSIP", street_address="KCN VSIP Nghệ An", locality="Hưng Nguyên")
    make_job(tree["root"], "Nam Cấm", street_address="KCN Nam Cấm", locality="Nghi Lộc")

    # then
    assert titles(gql.execute(JOBS, {"location": "hung nguyen"})) == ["VSIP"]
    assert titles(gql.execute(JOBS, {"location": "NGHI LỘC"})) == ["Nam Cấm"]
    assert titles(gql.execute(JOBS, {"location": "nam cam"})) == ["Nam Cấm"]
    assert titles(gql.execute(JOBS, {"location": "Đô Lương"})) == []


def test_salary_filter_keeps_jobs_paying_enough_or_negotiable(gql, tree):
    # given
    make_job(tree["root"], "Thấp", salary_min=6_000_000, salary_max=8_000_000)
    make_job(tree["root"], "Cao", salary_min=9_000_000, salary_max=15_000_000)
    make_job(tree["root"], "Thỏa thuận", salary_negotiable=True)
    make_job(tree["root"], "Chỉ có mức sàn", salary_min=11_000_000)

    # when
    result = gql.execute(JOBS, {"salaryMin": 10_000_000, "order": "SALARY"})

    # then
    assert titles(result) == ["Cao", "Chỉ có mức sàn", "Thỏa thuận"]


def test_deadline_filter_and_deadline_order(gql, tree):
    # given
    today = timezone.localdate()
    make_job(tree["root"], "Hết hạn", valid_through=today - timedelta(days=1))
    make_job(tree["root"], "Hôm nay", valid_through=today)
    make_job(tree["root"], "Tuần sau", valid_through=today + timedelta(days=7))
    make_job(tree["root"], "Không hạn")

    # then
    assert titles(gql.execute(JOBS, {"order": "DEADLINE"})) == ["Hôm nay", "Tuần sau", "Không hạn"]
    assert titles(gql.execute(JOBS, {"order": "DEADLINE", "openOnly": False})) == [
        "Hết hạn",
        "Hôm nay",
        "Tuần sau",
        "Không hạn",
    ]


def test_employer_and_employment_type_filters(gql, tree):
    # given
    foxconn = make_employer("Công ty TNHH FuYu Precision Component (Foxconn)")
    garment = make_employer("Công ty CP May Nghệ An")
    make_job(tree["root"], "Foxconn", employer=foxconn)
    make_job(tree["root"], "May thời vụ", employer=garment, employment_type=EmploymentType.SEASONAL)

    # when
    by_employer = gql.execute(JOBS, {"employer": str(relay.GlobalID("Employer", str(foxconn.pk)))})
    by_type = gql.execute(JOBS, {"employmentType": "SEASONAL"})
    employers = gql.execute("{ employers { id name } }")

    # then
    assert titles(by_employer) == ["Foxconn"]
    assert titles(by_type) == ["May thời vụ"]
    assert [e["name"] for e in employers["data"]["employers"]] == [
        "Công ty CP May Nghệ An",
        "Công ty TNHH FuYu Precision Component (Foxconn)",
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"salaryMin": -1}, "`salaryMin` must not be negative."),
        ({"employer": str(relay.GlobalID("Organisation", "1"))}, "`employer` must be an Employer ID."),
        # Found by tests/graphql_api/test_fuzz.py: a number no 64-bit key can hold crashed SQLite,
        # and "²" passed str.isdigit() but not int().
        ({"employer": str(relay.GlobalID("Employer", str(2**64)))}, "`employer` must be an Employer ID."),
        ({"employer": str(relay.GlobalID("Employer", "²"))}, "`employer` must be an Employer ID."),
        ({"location": "   "}, "`location` must not be blank."),
    ],
)
def test_invalid_filters_are_typed_errors(gql, db, variables, message):
    result = gql.execute(JOBS, variables)

    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert result["errors"][0]["message"] == message


def test_json_ld_is_a_schema_org_job_posting(gql, tree):
    # given
    employer = make_employer("Công ty TNHH Everwin Precision Technology", website="https://everwin.vn")
    deadline = timezone.localdate() + timedelta(days=5)
    job = make_job(
        tree["root"],
        "Công nhân lắp ráp",
        employer=employer,
        salary_min=7_500_000,
        salary_max=11_000_000,
        openings=150,
        valid_through=deadline,
        summary="Tuyển <gấp>",
        requirements="<p>Sức khỏe tốt</p>",
    )

    # when
    result = gql.execute(
        "query($p: String!) { page(path: $p) { ... on JobPage { jsonLd } } }", {"p": f"/viec-lam/{job.slug}/"}
    )

    # then
    raw = result["data"]["page"]["jsonLd"]
    assert "<" not in raw
    data = json.loads(raw)
    assert data == {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Công nhân lắp ráp",
        "description": "<p>Tuyển &lt;gấp&gt;</p><p>Sức khỏe tốt</p>",
        "datePosted": JobPage.objects.get(pk=job.pk).first_published_at.date().isoformat(),
        "employmentType": "FULL_TIME",
        "hiringOrganization": {
            "@type": "Organization",
            "name": "Công ty TNHH Everwin Precision Technology",
            "sameAs": "https://everwin.vn",
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "KCN VSIP Nghệ An",
                "addressLocality": "Hưng Nguyên",
                "addressRegion": "Nghệ An",
                "addressCountry": "VN",
            },
        },
        "totalJobOpenings": 150,
        "validThrough": f"{deadline.isoformat()}T23:59:59+07:00",
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "VND",
            "value": {
                "@type": "QuantitativeValue",
                "unitText": "MONTH",
                "minValue": 7_500_000,
                "maxValue": 11_000_000,
            },
        },
    }


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_job_never_appears_in_list_or_by_path(gql, tree, state):
    # given
    make_job(tree["root"], "Công khai")
    hidden = make_job(
        tree["root"],
        "Ẩn",
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    hide(hidden, state)

    # when
    listed = gql.execute(JOBS, {"openOnly": False})
    by_location = gql.execute(JOBS, {"location": "vsip"})
    by_path = gql.execute(
        "query($p: String!) { page(path: $p) { title } }", {"p": f"/viec-lam/{hidden.slug}/"}
    )

    # then
    assert titles(listed) == ["Công khai"]
    assert titles(by_location) == ["Công khai"]
    assert by_path["data"]["page"] is None


def test_audience_reaches_members_of_the_subtree_only(gql, tree, member):
    make_job(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    make_job(tree["root"], "Cho Giáo dục", audience=[tree["gd"]])
    token = tokens.login(member.phone, PASSWORD).access_token

    assert titles(gql.execute(JOBS, token=token)) == ["Cho KCN"]
    assert titles(gql.execute(JOBS)) == []


@pytest.mark.parametrize("count", [3, 12])
def test_jobs_list_query_count_is_constant(gql, tree, count):
    # given
    job_index()
    employers = [make_employer(f"Doanh nghiệp {i}", organisation=tree["vsip"]) for i in range(3)]
    for i in range(count):
        make_job(
            tree["root"], f"Việc {i}", employer=employers[i % 3], salary_min=7_000_000, salary_max=9_000_000
        )
    query = """{ jobs(first: 100) { totalCount edges { node {
        title path summary salaryMin salaryMax employmentType employmentTypeLabel isOpen requirements benefits howToApply
        jsonLd organisation { name } coverImage { id } employer { name logo { id } organisation { name } } } } } }"""
    gql.execute(query)  # warm caches (site root, content types)

    # when
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)

    # then
    assert len(result["data"]["jobs"]["edges"]) == count
    # One query more than the list itself: the content version its count is kept under
    # (graphql_api.core.caching); the count, kept, costs none.
    assert len(ctx.captured_queries) == 3, "\n".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize("count", [3, 12])
def test_employers_query_count_is_constant(gql, tree, count):
    # given employers with a logo and a grassroots union
    from tests.cms.core.media import make_image, make_png

    for i in range(count):
        logo = make_image(make_png(64, 64), f"logo-{i}.png", title=f"Logo {i}")
        make_employer(f"Doanh nghiệp {i:02}", organisation=tree["vsip"], logo=logo)
    query = "{ employers { name organisation { name } logo { alt rendition(size: SQUARE) { url } } } }"
    gql.execute(query)  # warm caches; renditions are made on the first request

    # when
    with CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)

    # then
    assert len(result["data"]["employers"]) == count
    assert all(e["logo"]["rendition"]["url"] for e in result["data"]["employers"])
    assert len(ctx.captured_queries) == 2, "\n".join(q["sql"][:150] for q in ctx.captured_queries)
