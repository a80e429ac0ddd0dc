"""The contests screens' operations run against the demo data."""

from __future__ import annotations

import pytest

from cms.contests.models import ContestQuestion
from tests.frontend_contract.conftest import OPERATIONS, run_operation

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


def _run_as(gql, token: str, operation: str, variables: dict) -> dict:
    result = gql.client.post(
        "/graphql/",
        data={
            "query": (OPERATIONS / "contest_play.graphql").read_text(encoding="utf-8"),
            "operationName": operation,
            "variables": variables,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    assert "errors" not in result, result.get("errors")
    return result["data"]


def test_taking_part_on_demo_data(gql, demo):
    from cms.core.demo import DEFAULT_DEMO_PASSWORD
    from cms.members import tokens

    token = tokens.login("0912345678", DEFAULT_DEMO_PASSWORD).access_token
    listing = run_operation(gql, "contests.graphql", "Contests")
    open_contest, closed_contest = (e["node"] for e in listing["contests"]["edges"])

    # the closed contest: the demo member's attempts with the right answers, and the rankings
    mine = _run_as(gql, token, "MyContestResults", {"contestId": closed_contest["id"]})["myContestResults"]
    assert [r["round"]["status"] for r in mine["rounds"]] == ["CLOSED"] * 3
    assert all(r["ranking"]["position"] >= 1 and r["perfectEntrants"] is not None for r in mine["rounds"])
    reviewed = mine["rounds"][0]["attempts"][0]
    assert reviewed["correctAnswers"] is not None
    assert all(1 <= q["rightChoice"] <= len(q["choices"]) for q in reviewed["questions"])
    assert mine["overall"]["position"] >= 1
    ranking = run_operation(
        gql, "contest_play.graphql", "ContestRanking", {"contestId": closed_contest["id"]}
    )
    places = [e["node"]["position"] for e in ranking["contestRanking"]["edges"]]
    assert places == list(range(1, len(places) + 1)) and ranking["contestRanking"]["totalCount"] > 50
    unions = run_operation(
        gql,
        "contest_play.graphql",
        "ContestOrganisationRanking",
        {"contestId": closed_contest["id"], "level": "GRASSROOTS", "by": "RESULTS"},
    )["contestOrganisationRanking"]
    assert [e["node"]["resultsPosition"] for e in unions["edges"]][:3] == [1, 2, 3]

    # the open contest: one attempt submitted this week, two left; the member takes another
    mine = _run_as(gql, token, "MyContestResults", {"contestId": open_contest["id"]})["myContestResults"]
    week = next(r for r in mine["rounds"] if r["round"]["status"] == "OPEN")
    assert (week["attemptsLeft"], [a["status"] for a in week["attempts"]]) == (2, ["SUBMITTED"])
    assert week["attempts"][0]["correctAnswers"] is None  # the score waits for the round's close
    started = _run_as(gql, token, "StartContestAttempt", {"roundId": week["round"]["id"]})[
        "startContestAttempt"
    ]
    assert started["errors"] == [] and len(started["attempt"]["questions"]) == 10
    answers = [{"question": q["number"], "choice": 1} for q in started["attempt"]["questions"]]
    submitted = _run_as(
        gql,
        token,
        "SubmitContestAttempt",
        {"attemptId": started["attempt"]["id"], "answers": answers, "prediction": 250},
    )["submitContestAttempt"]
    assert submitted["errors"] == [] and submitted["attempt"]["status"] == "SUBMITTED"


def test_demo_entries_in_every_state(demo):
    from cms.contests.models import AttemptStatus, ContestAttempt, ContestEntrant, RoundResult

    states = set(ContestAttempt.objects.values_list("status", flat=True))
    assert states == {AttemptStatus.SUBMITTED, AttemptStatus.IN_PROGRESS, AttemptStatus.EXPIRED}
    assert ContestEntrant.objects.filter(user__isnull=True).count() == 3  # guests of the public contest
    assert RoundResult.objects.filter(round__isnull=True).count() == 1  # the closed contest, ranked
