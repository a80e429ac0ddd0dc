"""Rankings (cms.contests.ranking), reproduced by hand on a small round as the contests publish them:
most right answers, then the prediction closest to the actual number of entrants with every
answer right, then the shortest time, then the earliest submission."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.contests.errors import ContestErrorCode
from cms.contests.models import (
    AttemptStatus,
    ContestAttempt,
    ContestEntrant,
    OrganisationResult,
    Ranking,
    RoundResult,
)
from cms.contests.ranking import rank_closed, rank_round
from cms.core.errors import ServiceError
from tests.content_factories import make_contest
from tests.factories import make_member

CLOSED = timezone.make_aware(datetime(2026, 11, 9, 0, 0))
WEEK = timedelta(days=7)


def attempt(round_, entrant, number, correct, prediction, seconds, submitted_minute, *, of=3):
    """A submitted attempt: ``correct`` of ``of``, ``seconds`` long, submitted at 20:``minute`` on the
    round's last day."""
    submitted = round_.closes_at - timedelta(hours=4) + timedelta(minutes=submitted_minute)
    return ContestAttempt.objects.create(
        entrant=entrant,
        round=round_,
        number=number,
        status=AttemptStatus.SUBMITTED,
        started_at=submitted - timedelta(seconds=seconds),
        deadline=submitted - timedelta(seconds=seconds) + timedelta(minutes=20),
        submitted_at=submitted,
        duration_ms=seconds * 1000,
        question_count=of,
        correct=correct,
        prediction=prediction,
    )


@pytest.fixture
def contest(tree):
    return make_contest(
        tree["root"],
        "Tìm hiểu Nghị quyết Đại hội Công đoàn tỉnh",
        rounds=[(CLOSED - 2 * WEEK, CLOSED - WEEK), (CLOSED - WEEK, CLOSED)],
    )


@pytest.fixture
def people(tree, contest):
    """Five entrants: An and Bình of Luxshare, Cường of Hoa Sen, a guest (Dung), Em a teacher; and
    the members who did not enter (two at Luxshare, one at the school)."""
    an, binh = (
        make_member(tree["vsip"], full_name="Nguyễn Văn An"),
        make_member(tree["vsip"], full_name="Lê Thị Bình"),
    )
    cuong = make_member(tree["hoa_sen"], full_name="Phạm Văn Cường")
    em = make_member(tree["thpt"], full_name="Hồ Thị Em")
    for organisation in (tree["vsip"], tree["vsip"], tree["thpt"]):
        make_member(organisation)

    def entrant(member=None, **guest):
        if member is None:
            return ContestEntrant.objects.create(contest=contest, **guest)
        return ContestEntrant.objects.create(
            contest=contest, user=member.user, name=member.full_name, organisation=member.organisation
        )

    return {
        "An": entrant(an),
        "Bình": entrant(binh),
        "Cường": entrant(cuong),
        "Dung": entrant(name="Võ Thị Dung", phone="0987654321", workplace="Công ty May Minh Anh"),
        "Em": entrant(em),
    }


@pytest.fixture
def week1(contest, people):
    """Week 1 as a published result would show it (3 questions; 4 entrants answer all right)."""
    round_ = contest.rounds.order_by("opens_at").first()
    p = people
    attempt(round_, p["An"], 1, 2, 10, 300, 0)  # An's first try: 2 of 3
    attempt(round_, p["An"], 2, 3, 4, 500, 30)  # An's best: 3, predicted 4 (exact), 500 s
    attempt(round_, p["Bình"], 1, 3, 2, 400, 5)  # 3, predicted 2 (off by 2), faster than An
    attempt(round_, p["Cường"], 1, 3, 4, 450, 10)  # 3, exact, 450 s
    attempt(round_, p["Dung"], 1, 3, 4, 450, 20)  # as Cường, submitted ten minutes later
    attempt(round_, p["Em"], 1, 2, 3, 100, 1)  # 2 of 3, the fastest
    return round_


def places(round_=None, contest=None) -> list[tuple[int, str, int, int, int]]:
    rows = (
        Ranking.objects.filter(round=round_)
        if round_
        else Ranking.objects.filter(contest=contest, round=None)
    )
    return [
        (r.position, r.entrant.name.split()[-1], r.correct, r.prediction_error, r.duration_ms // 1000)
        for r in rows.select_related("entrant").order_by("position")
    ]


def test_a_round_ranks_best_attempts_by_answers_then_prediction_then_time_then_submission(week1):
    # when the closed round is ranked
    result = rank_round(week1)

    # then the actual figure is 4, and the places are as worked out by hand
    assert (result.entrants, result.attempts, result.perfect_entrants) == (5, 6, 4)
    assert places(week1) == [
        (1, "Cường", 3, 0, 450),  # exact prediction, and faster than An
        (2, "Dung", 3, 0, 450),  # tied with Cường on all but the time of submission
        (3, "An", 3, 0, 500),  # his best attempt counts, not his first
        (4, "Bình", 3, 2, 400),  # faster than all three, but her prediction was off by 2
        (5, "Em", 2, 1, 100),  # fewer right answers: last, however fast
    ]
    assert Ranking.objects.get(round=week1, entrant__name="Nguyễn Văn An").attempt.number == 2


def test_the_unions_are_ranked_by_participation_and_by_results_within_their_level(week1, tree):
    rank_round(week1)

    results = {
        r.organisation.code: (
            r.entrants,
            r.members,
            round(r.participation, 2),
            r.participation_position,
            r.results_position,
        )
        for r in OrganisationResult.objects.filter(round=week1).select_related("organisation")
    }
    # Luxshare: An and Bình of 4 members; Hoa Sen: Cường, its only member; the school: Em of 2.
    # The guest counts for no union. The kindergarten has no member and no entrant: not listed.
    assert results == {
        "cdcs-luxshare": (2, 4, 0.5, 2, 1),  # 0.5 with two entrants beats 0.5 with one; two perfect
        "cdcs-hoa-sen": (1, 1, 1.0, 1, 2),
        "cdcs-thpt-htk": (1, 2, 0.5, 3, 3),
        "cd-kcn": (3, 5, 0.6, 1, 1),
        "cd-giao-duc": (1, 2, 0.5, 2, 2),
        tree["root"].code: (4, 7, 0.57, 1, 1),
    }


def test_the_contest_adds_up_each_entrants_best_attempts_of_its_rounds(contest, week1, people):
    # given week 2, where only An and Em entered and both answered everything right
    week2 = contest.rounds.order_by("opens_at").last()
    attempt(week2, people["An"], 1, 3, 1, 600, 0)
    attempt(week2, people["Em"], 1, 3, 1, 60, 1)

    # when the command ranks what has closed
    call_command("rank_contests", stdout=open("/dev/null", "w"))  # noqa: SIM115

    # then week 2 was ranked (2 perfect, both predicted 1) and the contest adds the weeks up
    assert places(week2) == [(1, "Em", 3, 1, 60), (2, "An", 3, 1, 600)]
    assert places(contest=contest) == [
        (1, "An", 6, 1, 1100),
        (2, "Em", 5, 2, 160),
        (3, "Cường", 3, 0, 450),
        (4, "Dung", 3, 0, 450),
        (5, "Bình", 3, 2, 400),
    ]
    assert RoundResult.objects.get(contest=contest, round=None).attempts == 8
    # and ranking again changes nothing
    assert rank_closed() == []
    rank_closed(force=True)
    assert places(contest=contest)[0] == (1, "An", 6, 1, 1100)
    assert Ranking.objects.filter(contest=contest).count() == 5 + 2 + 5


def test_an_open_round_is_not_ranked(tree):
    now = timezone.now()
    page = make_contest(tree["root"], rounds=[(now - WEEK, now + WEEK)])

    with pytest.raises(ServiceError) as refused:
        rank_round(page.rounds.get())

    assert refused.value.code == ContestErrorCode.NOT_RANKED_YET
    assert rank_closed() == [] and not Ranking.objects.exists()


def test_in_progress_and_expired_attempts_are_not_ranked(week1, people):
    ContestAttempt.objects.create(
        entrant=people["Em"],
        round=week1,
        number=2,
        status=AttemptStatus.EXPIRED,
        started_at=week1.closes_at - timedelta(hours=1),
        deadline=week1.closes_at - timedelta(minutes=40),
        question_count=3,
    )

    result = rank_round(week1)

    assert result.attempts == 6 and places(week1)[-1] == (5, "Em", 2, 1, 100)
