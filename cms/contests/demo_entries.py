"""Demo entries: members taking part in the demo contests, in every state an attempt can be in.

- the closed contest (Luật Công đoàn 2024): three weeks of submitted attempts (some entrants try
  twice, a few let an attempt run out), every round and the contest ranked, unions included;
- the open contest: attempts submitted this week, two still in progress, and guests (the contest
  is open to the public in the demo);
- the demo member (0912345678) took part in both: ranked in the closed one, one attempt submitted
  and attempts left in the open one.

Attempts are written directly (their questions drawn by the same function as a real start,
scored by the same function as a real submit) with times in the past: a seed cannot wait for
rounds to close. Idempotent: a contest that already has entrants is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms.contests.attempts import draw_questions, score
from cms.contests.bank import bank_for
from cms.contests.models import AttemptStatus, ContestAttempt, ContestEntrant, ContestPage
from cms.contests.ranking import rank_closed
from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext
from cms.members.models import Member, MemberStatus

DEMO_MEMBER_PHONE = "0912345678"
CLOSED_CONTEST = "tim-hieu-luat-cong-doan-2024"
OPEN_CONTEST = "tim-hieu-nghi-quyet-dai-hoi-xiii-cong-doan-viet-nam"
GUESTS = [
    ("Phan Thị Thu", "0388112233", "Công ty TNHH May Việt Thành"),
    ("Đinh Văn Lực", "0977334455", "Hợp tác xã Nông nghiệp Quỳnh Hồng"),
    ("Nguyễn Thị Mai", "0356778899", "Lao động tự do, phường Trường Vinh"),
]


def _attempt(entrant, round_, number, rng, *, skill: float, status=AttemptStatus.SUBMITTED, at=None):
    """An attempt at ``round_`` started at ``at``: each answer right with probability ``skill``."""
    bank = bank_for(round_.page_id)
    drawn = draw_questions(round_, bank, rng)
    questions = bank.questions
    minutes = round_.time_limit_minutes
    started = at or round_.opens_at + timedelta(hours=rng.randint(2, 150))
    attempt = ContestAttempt(
        entrant=entrant,
        round=round_,
        number=number,
        status=status,
        drawn=drawn,
        answers=[None] * len(drawn),
        started_at=started,
        deadline=started + timedelta(minutes=minutes),
        question_count=len(drawn),
    )
    attempt.bank = bank  # scored by the bank it was drawn from
    if status == AttemptStatus.SUBMITTED:
        chosen = []
        for question, choices in drawn:
            good = questions[question].right_choice or choices[0]
            chosen.append(
                good if rng.random() < skill else rng.choice([c for c in choices if c != good] or choices)
            )
        seconds = rng.randint(90, minutes * 60 - 30)
        attempt.answers = chosen
        attempt.correct = score(attempt, chosen)
        attempt.prediction = rng.choice([rng.randint(5, 60), rng.randint(10, 30)])
        attempt.submitted_at = started + timedelta(seconds=seconds)
        attempt.duration_ms = seconds * 1000 + rng.randint(0, 999)
    return attempt


def _member_entrant(contest, member) -> ContestEntrant:
    return ContestEntrant.objects.create(
        contest=contest,
        user=member.user,
        name=member.full_name,
        phone=member.phone,
        workplace=member.organisation.name,
        organisation=member.organisation,
    )


def seed(ctx: SeedContext) -> None:
    contests = {
        page.slug: page for page in ContestPage.objects.filter(slug__in=[CLOSED_CONTEST, OPEN_CONTEST])
    }
    if not contests or ContestEntrant.objects.filter(contest__in=contests.values()).exists():
        ctx.report("contest entries: already there")
        return
    rng = ctx.rng("contest-entries")
    members = list(
        Member.objects.filter(status=MemberStatus.ACTIVE)
        .select_related("user", "organisation")
        .order_by("pk")
    )
    demo_member = next((m for m in members if m.phone == DEMO_MEMBER_PHONE), None)
    others = [m for m in members if m.phone != DEMO_MEMBER_PHONE]
    now = timezone.now()
    attempts: list[ContestAttempt] = []
    with transaction.atomic():
        closed = contests.get(CLOSED_CONTEST)
        if closed is not None:
            rounds = list(closed.rounds.order_by("opens_at"))
            entrants = [
                _member_entrant(closed, m)
                for m in ([demo_member] if demo_member else []) + rng.sample(others, min(80, len(others)))
            ]
            for entrant in entrants:
                skill = 0.95 if entrant.phone == DEMO_MEMBER_PHONE else rng.uniform(0.5, 1.0)
                for round_ in rounds:
                    if rng.random() < 0.25 and entrant.phone != DEMO_MEMBER_PHONE:
                        continue  # skipped this week
                    tries = 2 if rng.random() < 0.3 or entrant.phone == DEMO_MEMBER_PHONE else 1
                    for number in range(1, tries + 1):
                        expired = number == tries and tries == 2 and rng.random() < 0.15
                        attempts.append(
                            _attempt(
                                entrant,
                                round_,
                                number,
                                rng,
                                skill=skill,
                                status=AttemptStatus.EXPIRED if expired else AttemptStatus.SUBMITTED,
                            )
                        )
        open_contest = contests.get(OPEN_CONTEST)
        if open_contest is not None:
            if not open_contest.open_to_public:
                ContestPage.objects.filter(pk=open_contest.pk).update(open_to_public=True)
            current = next(
                (r for r in open_contest.rounds.order_by("opens_at") if r.opens_at <= now < r.closes_at), None
            )
            if current is not None:
                opened = current.opens_at
                sample = rng.sample(others, min(40, len(others)))
                for i, member in enumerate(([demo_member] if demo_member else []) + sample):
                    entrant = _member_entrant(open_contest, member)
                    at = opened + (now - opened) * rng.uniform(0.05, 0.9)
                    in_progress = i in (1, 2)  # two members are answering right now
                    attempts.append(
                        _attempt(
                            entrant,
                            current,
                            1,
                            rng,
                            skill=rng.uniform(0.5, 1.0),
                            status=AttemptStatus.IN_PROGRESS if in_progress else AttemptStatus.SUBMITTED,
                            at=now - timedelta(minutes=3) if in_progress else at,
                        )
                    )
                for name, phone, workplace in GUESTS:
                    entrant = ContestEntrant.objects.create(
                        contest=open_contest, name=name, phone=phone, workplace=workplace
                    )
                    attempts.append(
                        _attempt(
                            entrant,
                            current,
                            1,
                            rng,
                            skill=0.7,
                            at=opened + (now - opened) * rng.uniform(0.1, 0.9),
                        )
                    )
        ContestAttempt.objects.bulk_create(attempts, batch_size=500)
    ranked = rank_closed(now=now)
    ctx.report(
        f"contest entries: {ContestEntrant.objects.count()} entrants, {len(attempts)} attempts, "
        f"{len(ranked)} rounds ranked"
    )


register_seeder("contest_entries", seed, after=("contests", "members", "accounts"), order=95)
