"""The contests screens' operations run against the demo data."""

from __future__ import annotations

import pytest

from cms.contests.models import ContestQuestion
from tests.frontend_contract.conftest import run_operation

pytestmark = pytest.mark.django_db


def test_contest_screens_on_demo_data(gql, demo):
    # when
    listing = run_operation(gql, "contests.graphql", "Contests")
    detail = run_operation(
        gql, "contests.graphql", "Contest", {"path": listing["contests"]["edges"][0]["node"]["path"]}
    )

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


def test_demo_question_bank_is_valid(demo):
    # when
    questions = list(ContestQuestion.objects.prefetch_related("choices"))

    # then
    assert len(questions) == 40
    for question in questions:
        choices = list(question.choices.all())
        assert 3 <= len(choices) <= 4, question.text
        assert sum(c.is_correct for c in choices) == 1, question.text
