"""Rankings, computed once a round closes (``manage.py rank_contests``, or the admin's button).

**A round**, as these contests rank: each entrant's best attempt — most right answers, then the
prediction closest to the actual number of entrants who answered every question of the round
right, then the shortest time, then the earliest submission — and entrants in that same order.
The actual number is only known when the round has closed, which is why nothing is ranked before.

**The contest**: each entrant's best attempts of the ranked rounds added up — right answers, how
far off the predictions were, time — then the earliest last submission.

**Collective** (the unions' prizes): for every union, over its whole subtree, the entrants per
active member (participation) and the entrants' average share of right answers (results), each
union placed among the unions of its own level.

Ranking again replaces the previous figures (a round re-ranked after a late correction of the bank
gets fresh figures); it is one transaction, so readers see the old ranking or the new one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.contests.errors import ContestErrorCode as Code
from cms.contests.models import (
    AttemptStatus,
    ContestAttempt,
    ContestEntrant,
    ContestPage,
    ContestRound,
    OrganisationResult,
    Ranking,
    RoundResult,
)
from cms.core.errors import ServiceError
from cms.members.models import Member, MemberStatus
from cms.organisations.models import Organisation


@dataclass(frozen=True)
class Scored:
    """One attempt's figures, as ranking sees them."""

    attempt_id: int | None
    entrant_id: int
    correct: int
    question_count: int
    prediction: int | None
    prediction_error: int
    duration_ms: int
    submitted_at: datetime

    def key(self) -> tuple:
        return (-self.correct, self.prediction_error, self.duration_ms, self.submitted_at, self.entrant_id)


def best_attempts(attempts: list[dict], actual: int) -> list[Scored]:
    """Each entrant's best attempt, best entrant first (``attempts``: submitted attempts' values)."""
    best: dict[int, Scored] = {}
    for row in attempts:
        scored = Scored(
            attempt_id=row["pk"],
            entrant_id=row["entrant_id"],
            correct=row["correct"],
            question_count=row["question_count"],
            prediction=row["prediction"],
            prediction_error=abs((row["prediction"] or 0) - actual),
            duration_ms=row["duration_ms"],
            submitted_at=row["submitted_at"],
        )
        kept = best.get(scored.entrant_id)
        if kept is None or (scored.key(), scored.attempt_id) < (kept.key(), kept.attempt_id):
            best[scored.entrant_id] = scored
    return sorted(best.values(), key=Scored.key)


def rank_round(round_: ContestRound, *, now: datetime | None = None) -> RoundResult:
    """Rank a closed round (and its unions); raises NOT_RANKED_YET while it is open."""
    now = now or timezone.now()
    if now < round_.closes_at:
        raise ServiceError(Code.NOT_RANKED_YET, _("A round is ranked once it has closed."), "round_id")
    attempts = list(
        ContestAttempt.objects.filter(round=round_, status=AttemptStatus.SUBMITTED).values(
            "pk", "entrant_id", "correct", "question_count", "prediction", "duration_ms", "submitted_at"
        )
    )
    perfect = {row["entrant_id"] for row in attempts if row["correct"] == row["question_count"]}
    ranked = best_attempts(attempts, len(perfect))
    with transaction.atomic():
        Ranking.objects.filter(round=round_).delete()
        Ranking.objects.bulk_create(
            [_ranking(round_.page_id, round_, position, scored) for position, scored in enumerate(ranked, 1)],
            batch_size=2000,
        )
        result, _created = RoundResult.objects.update_or_create(
            round=round_,
            defaults={
                "contest_id": round_.page_id,
                "ranked_at": now,
                "entrants": len(ranked),
                "attempts": len(attempts),
                "perfect_entrants": len(perfect),
            },
        )
        _rank_organisations(round_.page_id, round_, ranked)
    return result


def rank_contest(contest: ContestPage, *, now: datetime | None = None) -> RoundResult:
    """Rank the whole contest over its ranked rounds (rank the rounds first)."""
    now = now or timezone.now()
    totals: dict[int, dict] = {}
    for row in Ranking.objects.filter(contest=contest, round__isnull=False).values(
        "entrant_id", "correct", "question_count", "prediction_error", "duration_ms", "submitted_at"
    ):
        total = totals.setdefault(
            row["entrant_id"],
            {
                "correct": 0,
                "question_count": 0,
                "prediction_error": 0,
                "duration_ms": 0,
                "submitted_at": None,
            },
        )
        for field in ("correct", "question_count", "prediction_error", "duration_ms"):
            total[field] += row[field]
        if total["submitted_at"] is None or row["submitted_at"] > total["submitted_at"]:
            total["submitted_at"] = row["submitted_at"]
    ranked = sorted(
        (
            Scored(
                attempt_id=None,
                entrant_id=entrant_id,
                correct=total["correct"],
                question_count=total["question_count"],
                prediction=None,
                prediction_error=total["prediction_error"],
                duration_ms=total["duration_ms"],
                submitted_at=total["submitted_at"],
            )
            for entrant_id, total in totals.items()
        ),
        key=Scored.key,
    )
    perfect = sum(1 for scored in ranked if scored.correct == scored.question_count)
    attempts = ContestAttempt.objects.filter(round__page=contest, status=AttemptStatus.SUBMITTED).count()
    with transaction.atomic():
        Ranking.objects.filter(contest=contest, round__isnull=True).delete()
        Ranking.objects.bulk_create(
            [_ranking(contest.pk, None, position, scored) for position, scored in enumerate(ranked, 1)],
            batch_size=2000,
        )
        result, _created = RoundResult.objects.update_or_create(
            contest=contest,
            round=None,
            defaults={
                "ranked_at": now,
                "entrants": len(ranked),
                "attempts": attempts,
                "perfect_entrants": perfect,
            },
        )
        _rank_organisations(contest.pk, None, ranked)
    return result


def _ranking(contest_id: int, round_: ContestRound | None, position: int, scored: Scored) -> Ranking:
    return Ranking(
        contest_id=contest_id,
        round=round_,
        entrant_id=scored.entrant_id,
        attempt_id=scored.attempt_id,
        position=position,
        correct=scored.correct,
        question_count=scored.question_count,
        prediction=scored.prediction,
        prediction_error=scored.prediction_error,
        duration_ms=scored.duration_ms,
        submitted_at=scored.submitted_at,
    )


def _rank_organisations(contest_id: int, round_: ContestRound | None, ranked: list[Scored]) -> None:
    """Every union with members or entrants in its subtree, placed among the unions of its level."""
    organisation_of = dict(
        ContestEntrant.objects.filter(
            pk__in=[s.entrant_id for s in ranked], organisation__isnull=False
        ).values_list("pk", "organisation__path")
    )
    entrants: dict[str, int] = defaultdict(int)
    perfect: dict[str, int] = defaultdict(int)
    score_sum: dict[str, float] = defaultdict(float)
    for scored in ranked:
        path = organisation_of.get(scored.entrant_id)
        if path is None:
            continue  # a guest: no union to count them for
        share = scored.correct / scored.question_count if scored.question_count else 0.0
        for ancestor in _ancestors(path):
            entrants[ancestor] += 1
            score_sum[ancestor] += share
            perfect[ancestor] += scored.correct == scored.question_count
    members: dict[str, int] = defaultdict(int)
    for path, count in (
        Member.objects.filter(status=MemberStatus.ACTIVE)
        .order_by()
        .values_list("organisation__path")
        .annotate(n=Count("pk"))
    ):
        for ancestor in _ancestors(path):
            members[ancestor] += count
    paths = set(entrants) | set(members)
    organisations = list(Organisation.objects.filter(path__in=paths).only("pk", "path", "level", "name"))
    rows = []
    for organisation in organisations:
        path = organisation.path
        count = entrants.get(path, 0)
        rows.append(
            OrganisationResult(
                contest_id=contest_id,
                round=round_,
                organisation=organisation,
                entrants=count,
                members=members.get(path, 0),
                participation=count / members[path] if members.get(path) else 0.0,
                perfect_entrants=perfect.get(path, 0),
                average_score=score_sum[path] / count if count else 0.0,
                participation_position=0,
                results_position=0,
            )
        )
    by_level: dict[str, list[tuple[OrganisationResult, str]]] = defaultdict(list)
    for row, organisation in zip(rows, organisations, strict=True):
        by_level[organisation.level].append((row, organisation.name))
    for level_rows in by_level.values():
        for position, (row, _name) in enumerate(
            sorted(level_rows, key=lambda item: (-item[0].participation, -item[0].entrants, item[1])), 1
        ):
            row.participation_position = position
        for position, (row, _name) in enumerate(
            sorted(
                level_rows,
                key=lambda item: (
                    -item[0].average_score,
                    -item[0].perfect_entrants,
                    -item[0].entrants,
                    item[1],
                ),
            ),
            1,
        ):
            row.results_position = position
    scope = Q(round=round_) if round_ is not None else Q(round__isnull=True)
    OrganisationResult.objects.filter(scope, contest_id=contest_id).delete()
    OrganisationResult.objects.bulk_create(rows, batch_size=2000)


def _ancestors(path: str) -> list[str]:
    step = Organisation.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def rank_closed(*, now: datetime | None = None, force: bool = False) -> list[ContestRound]:
    """Rank every closed round not ranked yet (every closed round with ``force``), then the
    contests those rounds belong to. Returns the rounds ranked."""
    now = now or timezone.now()
    rounds = ContestRound.objects.filter(closes_at__lte=now).select_related("page")
    if not force:
        rounds = rounds.filter(result__isnull=True)
    done = []
    for round_ in rounds.order_by("closes_at", "pk"):
        rank_round(round_, now=now)
        done.append(round_)
    for contest_id in sorted({round_.page_id for round_ in done}):
        rank_contest(ContestPage.objects.get(pk=contest_id), now=now)
    return done
