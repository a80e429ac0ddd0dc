"""The jobs screens' operations run against the demo data."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

OPERATIONS = Path(__file__).resolve().parents[2] / "frontend_contract" / "operations"

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    call_command("seed_demo", stdout=io.StringIO())


def run(gql, file: str, operation: str, variables: dict | None = None) -> dict:
    result = gql.client.post(
            "/graphql/",
            data={"query": (OPERATIONS / file).read_text(encoding="utf-8"), "operationName": operation,
                  "variables": variables or {}},
            content_type="application/json",
        ).json()
    assert "errors" not in result, result.get("errors")
    return result["data"]


def test_job_screens_on_demo_data(gql, seeded):
    # when
    open_jobs = run(gql, "jobs.graphql", "Jobs", {"first": 50})
    every_job = run(gql, "jobs.graphql", "Jobs", {"first": 50, "openOnly": False})
    near_vsip = run(gql, "jobs.graphql", "Jobs", {"location": "hung nguyen", "salaryMin": 10_000_000, "order": "SALARY"})
    detail = run(gql, "jobs.graphql", "Job", {"path": open_jobs["jobs"]["edges"][0]["node"]["path"]})

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
