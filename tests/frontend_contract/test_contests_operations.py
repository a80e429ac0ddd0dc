"""The contests screens' operations run against the demo data."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.contests.models import ContestQuestion

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


def test_contest_screens_on_demo_data(gql, seeded):
    # when
    listing = run(gql, "contests.graphql", "Contests")
    detail = run(gql, "contests.graphql", "Contest", {"path": listing["contests"]["edges"][0]["node"]["path"]})

    # then
    nodes = [e["node"] for e in listing["contests"]["edges"]]
    assert [(n["title"], n["status"]) for n in nodes] == [
        ("Cuộc thi trực tuyến tìm hiểu Nghị quyết Đại hội XIII Công đoàn Việt Nam", "OPEN"),
        ("Tìm hiểu Luật Công đoàn 2024", "CLOSED"),
    ]
    assert [r["name"] for r in nodes[0]["rounds"]] == ["Tuần 1", "Tuần 2", "Tuần 3", "Tuần 4"]
    assert [r["status"] for r in nodes[1]["rounds"]] == ["CLOSED", "CLOSED", "CLOSED"]
    page = detail["page"]
    assert page["predictionQuestion"] == "Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?"
    assert page["rounds"][0]["questionsDrawn"] == 10 and page["rounds"][0]["attemptsAllowed"] == 3
    assert "<p>" in page["rules"] and "<ul>" in page["prizes"]


def test_demo_question_bank_is_valid():
    # when
    call_command("seed_demo", stdout=io.StringIO())

    # then
    questions = list(ContestQuestion.objects.prefetch_related("choices"))
    assert len(questions) == 40
    for question in questions:
        choices = list(question.choices.all())
        assert 3 <= len(choices) <= 4, question.text
        assert sum(c.is_correct for c in choices) == 1, question.text
