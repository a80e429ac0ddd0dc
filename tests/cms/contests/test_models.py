from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.contests.models import ContestPage, ContestRound, ContestStatus

START = timezone.make_aware(datetime(2026, 11, 2, 8, 0))
WEEK = timedelta(days=7)


def contest_with_weeks(*gaps: timedelta) -> ContestPage:
    """A contest in memory: week-long rounds starting at START, each after the previous plus a gap."""
    rounds, opens = [], START
    for i, gap in enumerate((timedelta(0), *gaps), start=1):
        opens = opens + gap
        rounds.append(ContestRound(name=f"Tuần {i}", opens_at=opens, closes_at=opens + WEEK))
        opens = opens + WEEK
    return ContestPage(title="Cuộc thi", rounds=rounds)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (START - timedelta(seconds=1), ContestStatus.UPCOMING),
        (START, ContestStatus.OPEN),
        (START + WEEK + timedelta(days=1), ContestStatus.OPEN),  # between week 1 and week 2
        (START + 3 * WEEK - timedelta(seconds=1), ContestStatus.OPEN),
        (START + 3 * WEEK + timedelta(days=2), ContestStatus.CLOSED),
    ],
)
def test_contest_status_derives_from_its_rounds(at, expected):
    # given rounds: week 1, a two-day gap, weeks 2 and 3 → ends at START + 3 weeks + 2 days
    contest = contest_with_weeks(timedelta(days=2), timedelta(0))

    # then
    assert contest.status_at(at) == expected


def test_round_status_at_given_times():
    round_ = ContestRound(name="Tuần 1", opens_at=START, closes_at=START + WEEK)

    assert [
        round_.status_at(START - timedelta(minutes=1)),
        round_.status_at(START),
        round_.status_at(START + WEEK),
    ] == [
        ContestStatus.UPCOMING,
        ContestStatus.OPEN,
        ContestStatus.CLOSED,
    ]


def test_contest_without_rounds_is_upcoming():
    assert ContestPage(title="Chưa có vòng").status_at(START) == ContestStatus.UPCOMING


def test_round_must_close_after_it_opens_and_have_positive_settings():
    round_ = ContestRound(
        name="Tuần 1",
        opens_at=START,
        closes_at=START,
        questions_drawn=0,
        attempts_allowed=0,
        time_limit_minutes=0,
    )

    with pytest.raises(ValidationError) as raised:
        round_.clean()

    assert sorted(raised.value.message_dict) == [
        "attempts_allowed",
        "closes_at",
        "questions_drawn",
        "time_limit_minutes",
    ]
