from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql import GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLUnionType

from cms.contests.models import ContestChoice, ContestQuestion
from cms.contests.models import ContestStatus as S
from cms.members import tokens
from graphql_api.schema import schema
from tests.content_factories import contest_index, hide, make_contest, make_contest_question
from tests.factories import PASSWORD

CONTESTS = """
query Contests($first: Int = 20, $status: ContestStatus) {
  contests(first: $first, status: $status) {
    totalCount
    edges { node { title path status statusLabel } }
  }
}
"""

DAY = timedelta(days=1)


def titles(result) -> list[str]:
    return [e["node"]["title"] for e in result["data"]["contests"]["edges"]]


def weeks(start, count: int = 3) -> list[tuple]:
    return [(start + i * 7 * DAY, start + (i + 1) * 7 * DAY) for i in range(count)]


def test_contests_list_open_first_then_upcoming_by_opening_then_closed_newest(gql, tree):
    # given
    now = timezone.now()
    make_contest(tree["root"], "Đã đóng lâu", rounds=weeks(now - 60 * DAY))
    make_contest(tree["root"], "Sắp mở sau", rounds=weeks(now + 20 * DAY))
    make_contest(tree["root"], "Đang mở", rounds=weeks(now - 3 * DAY))
    make_contest(tree["root"], "Sắp mở trước", rounds=weeks(now + 2 * DAY))
    make_contest(tree["root"], "Vừa đóng", rounds=weeks(now - 30 * DAY))

    # when
    result = gql.execute(CONTESTS)

    # then
    assert titles(result) == ["Đang mở", "Sắp mở trước", "Sắp mở sau", "Vừa đóng", "Đã đóng lâu"]
    assert [e["node"]["status"] for e in result["data"]["contests"]["edges"]] == [
        "OPEN",
        "UPCOMING",
        "UPCOMING",
        "CLOSED",
        "CLOSED",
    ]
    assert [e["node"]["statusLabel"] for e in result["data"]["contests"]["edges"]] == [
        str(label)
        for label in (S.OPEN.label, S.UPCOMING.label, S.UPCOMING.label, S.CLOSED.label, S.CLOSED.label)
    ]
    assert result["data"]["contests"]["totalCount"] == 5
    assert result["data"]["contests"]["edges"][0]["node"]["path"].startswith("/cuoc-thi/")


def test_contests_filter_by_status(gql, tree):
    # given
    now = timezone.now()
    make_contest(tree["root"], "Đang mở", rounds=weeks(now - 3 * DAY))
    make_contest(tree["root"], "Sắp mở", rounds=weeks(now + 2 * DAY))
    make_contest(tree["root"], "Chưa có vòng")
    make_contest(tree["root"], "Đã đóng", rounds=weeks(now - 60 * DAY))

    # when
    by_status = {
        status: titles(gql.execute(CONTESTS, {"status": status})) for status in ("OPEN", "UPCOMING", "CLOSED")
    }

    # then
    assert by_status == {"OPEN": ["Đang mở"], "UPCOMING": ["Sắp mở", "Chưa có vòng"], "CLOSED": ["Đã đóng"]}


def test_contest_between_rounds_is_open_and_each_round_has_its_own_status(gql, tree):
    # given week 1 closed, a gap, week 2 not yet open
    now = timezone.now()
    contest = make_contest(
        tree["root"],
        "Giữa hai vòng",
        rounds=[
            {
                "name": "Tuần 1",
                "opens_at": now - 10 * DAY,
                "closes_at": now - DAY,
                "questions_drawn": 20,
                "attempts_allowed": 3,
                "time_limit_minutes": 20,
            },
            {
                "name": "Tuần 2",
                "opens_at": now + DAY,
                "closes_at": now + 8 * DAY,
                "questions_drawn": 15,
                "attempts_allowed": 2,
                "time_limit_minutes": 15,
            },
        ],
    )

    # when
    result = gql.execute(
        """query($p: String!) { page(path: $p) { ... on ContestPage {
            status rules prizes predictionQuestion
            rounds { name questionsDrawn attemptsAllowed timeLimitMinutes status } } } }""",
        {"p": f"/cuoc-thi/{contest.slug}/"},
    )

    # then
    page = result["data"]["page"]
    assert page["status"] == "OPEN"
    assert page["rules"] == "<p>Thể lệ</p>"
    assert page["prizes"] == "<p>Giải thưởng</p>"
    assert page["predictionQuestion"] == "Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?"
    assert page["rounds"] == [
        {
            "name": "Tuần 1",
            "questionsDrawn": 20,
            "attemptsAllowed": 3,
            "timeLimitMinutes": 20,
            "status": "CLOSED",
        },
        {
            "name": "Tuần 2",
            "questionsDrawn": 15,
            "attemptsAllowed": 2,
            "timeLimitMinutes": 15,
            "status": "UPCOMING",
        },
    ]


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_contest_never_appears_in_list_or_by_path(gql, tree, state):
    # given one visible contest and one in the given hidden state
    now = timezone.now()
    make_contest(tree["root"], "Công khai", rounds=weeks(now - DAY))
    hidden = make_contest(
        tree["root"],
        "Ẩn",
        rounds=weeks(now - DAY),
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    hide(hidden, state)

    # when
    listed = gql.execute(CONTESTS)
    by_status = gql.execute(CONTESTS, {"status": "OPEN"})
    by_path = gql.execute(
        "query($p: String!) { page(path: $p) { title } }", {"p": f"/cuoc-thi/{hidden.slug}/"}
    )

    # then
    assert titles(listed) == ["Công khai"]
    assert titles(by_status) == ["Công khai"]
    assert by_path["data"]["page"] is None


def test_audience_reaches_members_of_the_subtree_only(gql, tree, member):
    # given
    now = timezone.now()
    make_contest(tree["root"], "Cho KCN", rounds=weeks(now), audience=[tree["kcn"]])
    make_contest(tree["root"], "Cho Giáo dục", rounds=weeks(now), audience=[tree["gd"]])
    token = tokens.login(member.phone, PASSWORD).access_token

    # then
    assert titles(gql.execute(CONTESTS, token=token)) == ["Cho KCN"]
    assert titles(gql.execute(CONTESTS)) == []


def _named(type_):
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


def _reachable_types(root) -> dict:
    """Every named type reachable from ``root``: fields, arguments, interfaces' implementations, union members."""
    graphql_schema = schema._schema
    seen: dict = {}
    stack = [root]
    while stack:
        type_ = _named(stack.pop())
        if type_.name in seen:
            continue
        seen[type_.name] = type_
        if isinstance(type_, (GraphQLInterfaceType, GraphQLUnionType)):
            stack.extend(graphql_schema.get_possible_types(type_))
        for field in getattr(type_, "fields", {}).values():
            stack.append(field.type)
            stack.extend(arg.type for arg in getattr(field, "args", {}).values())
    return seen


def test_no_type_reachable_from_query_exposes_answers_or_the_question_bank():
    # given every type the API can return, including every implementation of an interface
    reachable = _reachable_types(schema._schema.query_type)

    # then no field can carry correctness or explanations, but an entrant's review of their own
    # attempt, null until the round closes (test_taking_part.py holds that gate)
    forbidden = {
        "iscorrect",
        "correct",
        "explanation",
        "explanations",
        "correctchoice",
        "rightchoice",
        "answers",
    }
    leaks = [
        f"{name}.{field}"
        for name, t in reachable.items()
        for field in getattr(t, "fields", {})
        if field.lower() in forbidden
    ]
    assert set(leaks) == {"ContestAttemptQuestion.rightChoice", "ContestAttemptQuestion.explanation"}
    # and no GraphQL type is backed by the question bank's models
    models = set()
    for t in schema._schema.type_map.values():
        definition = getattr(getattr(t, "extensions", None) or {}, "get", lambda *_: None)(
            "strawberry-definition"
        )
        origin = getattr(definition, "origin", None)
        django_definition = getattr(origin, "__strawberry_django_definition__", None)
        if django_definition is not None:
            models.add(django_definition.model)
    assert ContestQuestion not in models and ContestChoice not in models
    assert "ContestPage" in reachable and "ContestRound" in reachable
    assert not any("ContestQuestion" in name or "ContestChoice" in name for name in schema._schema.type_map)


def test_contest_question_bank_is_not_queryable(gql, tree):
    # given a contest with questions
    contest = make_contest(tree["root"], "Có ngân hàng câu hỏi", rounds=weeks(timezone.now()))
    make_contest_question(contest, "Câu hỏi bí mật?")

    # when a client asks for questions anyway
    result = gql.execute(
        "query($p: String!) { page(path: $p) { ... on ContestPage { questions { text } } } }",
        {"p": f"/cuoc-thi/{contest.slug}/"},
    )

    # then the schema refuses it
    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Câu hỏi bí mật" not in str(gql.execute(CONTESTS))


def test_bad_status_is_a_validation_error(gql, db):
    result = gql.execute("{ contests(first: 5, status: OPENED) { totalCount } }")
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize("count", [3, 12])
def test_contests_list_query_count_is_constant(gql, tree, count):
    # given
    contest_index()
    now = timezone.now()
    for i in range(count):
        make_contest(tree["root"], f"Cuộc thi {i}", rounds=weeks(now - i * DAY, 2))
    query = """{ contests(first: 100) { totalCount edges { node {
        title path summary status statusLabel opensAt closesAt rules prizes organisation { name } coverImage { id }
        rounds { name opensAt closesAt questionsDrawn attemptsAllowed timeLimitMinutes status statusLabel } } } } }"""
    gql.execute(query)  # warm caches (site root, content types)

    # when (answered afresh: tests/graphql_api/contests/test_contests_cache.py counts a kept answer's)
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)

    # then
    assert len(result["data"]["contests"]["edges"]) == count
    # One query more than the list itself: the content version its count is kept under
    # (graphql_api.core.caching); the count, kept, costs none.
    assert len(ctx.captured_queries) == 4, "\n".join(q["sql"] for q in ctx.captured_queries)
