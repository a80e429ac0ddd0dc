"""The contests' rules every writer obeys (cms.contests.services): a question's choices, and
rounds that draw no more questions than their pool holds."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from cms.contests.errors import ContestErrorCode
from cms.contests.models import ContestPage, ContestRound
from cms.contests.services import check_choices, check_round_pools
from cms.core.errors import ErrorCode, ServiceError, ServiceErrors
from tests.content_factories import make_contest, make_contest_question

OPENS = timezone.make_aware(datetime(2026, 11, 2, 8, 0))
WEEK = timedelta(days=7)
WRONG_COUNT = (ContestErrorCode.WRONG_CHOICE_COUNT, "choices", "A question has between 2 and 6 choices.")
NOT_ONE_CORRECT = (ContestErrorCode.NOT_ONE_CORRECT_CHOICE, "choices", "Exactly one choice must be correct.")


def refusals(check, *args) -> list[tuple[ErrorCode, str | None, str]]:
    """What a check refuses, as (code, field, message); [] when it allows."""
    try:
        check(*args)
    except ServiceErrors as failure:
        return [(e.code, e.field, str(e.message)) for e in failure.errors]
    except ServiceError as failure:
        return [(failure.code, failure.field, str(failure.message))]
    return []


# --- a question's choices --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "problems"),
    [
        ([("A", True), ("B", False), ("C", False)], []),
        ([("A", True), ("B", False)], []),
        ([("A", True)] + [(str(i), False) for i in range(5)], []),
        ([("A", True)], [WRONG_COUNT]),
        ([("A", True)] + [(str(i), False) for i in range(6)], [WRONG_COUNT]),
        ([("A", True), ("B", True), ("C", False)], [NOT_ONE_CORRECT]),
        ([("A", False), ("B", False)], [NOT_ONE_CORRECT]),
        ([], [WRONG_COUNT, NOT_ONE_CORRECT]),
    ],
)
def test_a_question_has_two_to_six_choices_exactly_one_correct(choices, problems):
    assert refusals(check_choices, choices) == problems


def test_contest_error_codes_are_upper_case_and_their_own_names():
    assert issubclass(ContestErrorCode, ErrorCode)
    assert [c.value for c in ContestErrorCode][:3] == [
        "WRONG_CHOICE_COUNT",
        "NOT_ONE_CORRECT_CHOICE",
        "POOL_TOO_SMALL",
    ]
    assert all(c.name == c.value and c.value.isupper() for c in ContestErrorCode)


# --- rounds and their pools ------------------------------------------------------------------


def round_drawing(drawn: int, category: str = "", name: str = "Tuần 1") -> ContestRound:
    return ContestRound(
        name=name, opens_at=OPENS, closes_at=OPENS + WEEK, questions_drawn=drawn, question_category=category
    )


@pytest.fixture
def contest(tree):
    """A contest whose bank holds three questions: one of category "Tuần 1", two without."""
    page = make_contest(tree["root"], "Tìm hiểu Luật Công đoàn 2024", rounds=[(OPENS, OPENS + WEEK)])
    make_contest_question(page, "Câu 1?", category="Tuần 1")
    make_contest_question(page, "Câu 2?")
    make_contest_question(page, "Câu 3?")
    return page


def test_a_round_may_draw_its_whole_pool(contest):
    assert refusals(check_round_pools, contest, [round_drawing(3), round_drawing(1, "Tuần 1")]) == []


def test_a_round_drawing_more_than_its_pool_is_refused(contest):
    assert refusals(check_round_pools, contest, [round_drawing(4)]) == [
        (
            ContestErrorCode.POOL_TOO_SMALL,
            "rounds",
            "Round “Tuần 1” draws 4 questions but its pool holds only 3.",
        )
    ]


def test_a_round_with_a_category_draws_from_that_category_only(contest):
    problems = refusals(check_round_pools, contest, [round_drawing(2, "Tuần 1")])

    assert problems == [
        (
            ContestErrorCode.POOL_TOO_SMALL,
            "rounds",
            "Round “Tuần 1” draws 2 questions but its pool holds only 1.",
        )
    ]


def test_a_category_without_questions_holds_none(contest):
    problems = refusals(check_round_pools, contest, [round_drawing(1, "Tuần 9", name="Tuần 9")])

    assert [message for _code, _field, message in problems] == [
        "Round “Tuần 9” draws 1 questions but its pool holds only 0."
    ]


def test_every_round_too_large_is_reported_at_once(contest):
    rounds = [
        round_drawing(5, name="Tuần 1"),
        round_drawing(3, name="Tuần 2"),
        round_drawing(2, "Tuần 1", "Tuần 3"),
    ]

    problems = refusals(check_round_pools, contest, rounds)

    assert [message for _code, _field, message in problems] == [
        "Round “Tuần 1” draws 5 questions but its pool holds only 3.",
        "Round “Tuần 3” draws 2 questions but its pool holds only 1.",
    ]


def test_the_contests_own_rounds_are_checked_by_default(contest):
    # given the contest's saved round draws 20 questions (the default) from a bank of three
    assert [r.questions_drawn for r in contest.rounds.all()] == [20]

    # then
    assert [code for code, _field, _message in refusals(check_round_pools, contest)] == [
        ContestErrorCode.POOL_TOO_SMALL
    ]


def test_a_contest_not_saved_yet_is_checked_once_it_has_a_bank(tree):
    # given a contest in memory: its questions cannot exist before it does
    contest = ContestPage(title="Cuộc thi mới", slug="cuoc-thi-moi", organisation=tree["root"])

    # then
    assert refusals(check_round_pools, contest, [round_drawing(20)]) == []


def test_the_pools_of_every_round_are_counted_in_one_query(contest, django_assert_num_queries):
    rounds = [round_drawing(1, name=f"Tuần {i}", category="Tuần 1" if i % 2 else "") for i in range(1, 9)]

    with django_assert_num_queries(1):
        check_round_pools(contest, rounds)
