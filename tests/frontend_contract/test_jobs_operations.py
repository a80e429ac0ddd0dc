"""The jobs screens' operations run against the demo data."""

from __future__ import annotations

import pytest

from tests.frontend_contract.conftest import run_operation

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
