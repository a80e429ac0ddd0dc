"""Taking part in a contest: starting an attempt and submitting it. The only writer of attempts.

The rules, all enforced here on the server:

- **Who may enter**: a member whose union is in the contest's audience (the contest page is
  visible to them); anyone else only when the contest is open to the public, giving their name,
  phone number and workplace. A guest is known by the phone number; a number that belongs to a
  member's account must sign in (nobody takes part in a member's name).
- **When**: the round is open (``opens_at`` ≤ now < ``closes_at``) when the attempt starts. An
  attempt started before the close may be submitted until its own time limit.
- **How often**: ``attempts_allowed`` per round and entrant, one in progress at a time. An attempt
  left unsubmitted past its limit ends (expired) and counts as used.
- **Time**: the server's clock only. ``deadline`` = start + the round's limit; a submission up to
  ``GRACE`` later (the network's share) is on time, timed at most at the limit. Later, the
  round's ``late_policy`` decides: accepted and timed at the whole limit, or refused (the attempt
  ends unscored).
- **What is asked**: ``questions_drawn`` questions drawn at random from the round's pool, in a
  random order, each one's choices shuffled. Answers name questions and choices by their number
  as shown (1-based), never by a database id: ids would say in what order an editor typed the
  choices in. Nothing about the right answers leaves the server before the round closes.
- **Retries**: ``idempotency_key`` makes a start or a submit safe to repeat (the same attempt
  comes back, changed in nothing). A second submit without the first one's key is refused.
- **Concurrency**: the entrant's row is locked while an attempt starts (two devices starting at
  once get one attempt and one ``ATTEMPT_IN_PROGRESS``; a unique constraint backs it up where the
  database has no row locks, SQLite). A submit writes with one conditional UPDATE that only an
  attempt still in progress takes: of two submits at once, or a submit and an expiry, one wins
  and the other reads what the attempt has become.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.contests.bank import Bank, bank_for
from cms.contests.errors import ContestErrorCode as Code
from cms.contests.models import (
    AttemptStatus,
    ContestAttempt,
    ContestEntrant,
    ContestPage,
    ContestRound,
    LatePolicy,
)
from cms.core.errors import ServiceError
from cms.core.idempotency import clean_key
from cms.core.prepared import PreparedQuery
from cms.core.text import plain_text
from cms.core.visibility import Viewer, is_loaded_page_visible, loaded_page_checks, viewer_union_path
from cms.members.membership import active_member
from cms.members.models import Member
from cms.members.phone import InvalidPhone, normalize_phone

GRACE = timedelta(seconds=10)
# New guest entrants one client address (an IPv6 /64) may make per hour, all contests together:
# enough for a factory's workers behind one router, not for a script inventing phone numbers.
GUESTS_PER_ADDRESS_PER_HOUR = 200
MAX_PREDICTION = 10_000_000


def _attempts_own_generator() -> random.Random:
    """A generator for one attempt's draw, seeded with 128 bits from the operating system: no
    draw tells anything of another's, and it costs a fifth of drawing every number from the
    operating system (``SystemRandom``: one system call per number, ~80 per start).
    """
    return random.Random(secrets.randbits(128))


@dataclass(frozen=True)
class GuestDetails:
    """What a guest gives to enter a contest open to the public."""

    name: str = ""
    phone: str = ""
    workplace: str = ""


@dataclass(frozen=True)
class Answer:
    """The choice numbered ``choice`` of the question numbered ``question``, as shown (1-based)."""

    question: int
    choice: int


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_key(key: Any) -> str:
    return clean_key(key, Code)


def _clean_text(value: Any, field: str, max_length: int) -> str:
    text = plain_text(value, field=field, code=Code.INVALID_TEXT, single_line=True)
    if len(text) > max_length:
        raise ServiceError(
            Code.INVALID_TEXT, _("Write at most %(count)d characters.") % {"count": max_length}, field
        )
    if not text:
        raise ServiceError(Code.DETAILS_REQUIRED, _("This field is required."), field)
    return text


# --- starting ------------------------------------------------------------------------------------


# What a start reads of the contest page: the visibility rule's fields and who may enter; not its
# texts (rules, prizes...), which every start read for nothing.
_START_PAGE_FIELDS = tuple(
    f"page__{name}"
    for name in ("title", "live", "expired", "go_live_at", "expire_at", "path", "depth", "open_to_public")
)


# The round, its contest's page and whether the caller may see it, in one statement.
_ROUND_WITH_PAGE = PreparedQuery(
    lambda pk, union_path: (
        ContestRound.objects.filter(pk=pk)
        .select_related("page")
        .only(*(field.name for field in ContestRound._meta.concrete_fields), *_START_PAGE_FIELDS)
        .annotate(**loaded_page_checks(ContestPage, "page", union_path))
        .order_by("pk")[:1]
    ),
    pk=int,
    union_path=str,
)


def _round_for(user, round_id: int, member: Member | None) -> ContestRound:
    """The round, if its contest is visible to ``user`` (a draft, private or out-of-audience
    contest is NOT_FOUND, as if it did not exist)."""
    viewer = Viewer.for_user(user, member)
    round_ = _ROUND_WITH_PAGE.first(pk=round_id, union_path=viewer_union_path(viewer))
    if round_ is not None and is_loaded_page_visible(
        round_.page, viewer, in_private_section=round_.in_private_section, in_audience=round_.in_audience
    ):
        return round_
    raise ServiceError(Code.NOT_FOUND, _("This round does not exist or is not open to you."), "round_id")


def _check_open(round_: ContestRound, now) -> None:
    if now < round_.opens_at:
        raise ServiceError(
            Code.ROUND_NOT_OPEN,
            _("This round opens at %(time)s.")
            % {"time": timezone.localtime(round_.opens_at).strftime("%H:%M %d/%m/%Y")},
            "round_id",
        )
    if now >= round_.closes_at:
        raise ServiceError(Code.ROUND_CLOSED, _("This round has closed."), "round_id")


def _guest_details(guest: GuestDetails | None) -> tuple[str, str, str]:
    guest = guest or GuestDetails()
    name = _clean_text(guest.name, "guest.name", 120)
    raw_phone = _clean_text(guest.phone, "guest.phone", 32)
    try:
        phone = normalize_phone(raw_phone)
    except InvalidPhone:
        raise ServiceError(
            Code.INVALID_PHONE, _("Enter a Vietnamese mobile number, e.g. 0912345678."), "guest.phone"
        ) from None
    workplace = _clean_text(guest.workplace, "guest.workplace", 255)
    return name, phone, workplace


def _count_new_guest(client_address: str) -> None:
    from cms.members.login_limits import address_bucket, count_in_window

    key = f"contests:guests:{address_bucket(client_address)}"
    if count_in_window(key, 3600) > GUESTS_PER_ADDRESS_PER_HOUR:
        raise ServiceError(
            Code.TOO_MANY_ENTRIES,
            _("Too many new entrants from your network in the last hour: try again later or sign in."),
            "guest",
        )


def _entrant(
    user, member: Member | None, contest: ContestPage, guest: GuestDetails | None, client_address: str = ""
) -> tuple[ContestEntrant, bool]:
    """The entrant ``user`` (or the guest) is in ``contest``, created on their first attempt, and
    locked until the current transaction ends (a row just inserted is locked by the insert); and
    whether it was created now."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if member is not None:
        # The contest is visible to them (checked with the round): its audience holds their union.
        return _locked_or_created(
            {"contest": contest, "user": user},
            lambda: {
                "name": member.full_name,
                "phone": member.phone,
                "workplace": member.organisation.name,
                "organisation": member.organisation,
            },
        )
    if not contest.open_to_public:
        raise ServiceError(
            Code.NOT_ELIGIBLE if signed_in else Code.SIGN_IN_REQUIRED,
            _("Only union members may take part in this contest.")
            if signed_in
            else _("Sign in as a union member to take part in this contest."),
            "round_id",
        )
    if signed_in:

        def signed_in_details() -> dict:
            name, phone, workplace = _guest_details(guest)
            return {"name": name, "phone": phone, "workplace": workplace}

        return _locked_or_created({"contest": contest, "user": user}, signed_in_details)
    name, phone, workplace = _guest_details(guest)
    if Member.objects.filter(phone=phone).exists():
        raise ServiceError(
            Code.SIGN_IN_REQUIRED,
            _("This phone number belongs to an account: sign in to take part."),
            "guest.phone",
        )

    def new_guest() -> dict:
        _count_new_guest(client_address)
        return {"name": name, "workplace": workplace}

    return _locked_or_created({"contest": contest, "user": None, "phone": phone}, new_guest)


_LOCKED_ENTRANT_OF_USER = PreparedQuery(
    lambda contest_id, user_id: (
        ContestEntrant.objects.select_for_update()
        .filter(contest_id=contest_id, user_id=user_id)
        .order_by("pk")[:1]
    ),
    contest_id=int,
    user_id=int,
)


def _locked_or_created(lookup: dict, details: Callable[[], dict]) -> tuple[ContestEntrant, bool]:
    """The entrant matching ``lookup``, locked; or a new one with ``details()`` (called only when
    the entrant is new: it may refuse). Must run inside a transaction. Two first starts of one
    entrant at once: the second's insert fails on the unique constraint once the first commits
    (an ``IntegrityError``: :func:`start_attempt` starts over, and finds the entrant)."""
    if lookup.get("user") is not None:
        entrant = _LOCKED_ENTRANT_OF_USER.first(contest_id=lookup["contest"].pk, user_id=lookup["user"].pk)
    else:
        entrant = ContestEntrant.objects.select_for_update().filter(**lookup).first()
    if entrant is not None:
        return entrant, False
    return ContestEntrant.objects.create(**lookup, **details()), True


def draw_questions(round_: ContestRound, bank: Bank, rng: random.Random | None = None) -> list[list]:
    """``questions_drawn`` questions of the round's pool in ``bank`` (the contest's) in a random
    order, each with its choices shuffled: ``[[question_id, [choice_id, ...]], ...]``."""
    rng = rng or _attempts_own_generator()
    pool = bank.pool(round_.question_category)
    result = []
    for question_id in rng.sample(pool, min(round_.questions_drawn, len(pool))):
        shown = list(bank.questions[question_id].choices)
        rng.shuffle(shown)
        result.append([question_id, shown])
    return result


def _expire_overdue(entrant: ContestEntrant, round_: ContestRound, now) -> None:
    ContestAttempt.objects.filter(
        entrant=entrant, round=round_, status=AttemptStatus.IN_PROGRESS, deadline__lt=now - GRACE
    ).update(status=AttemptStatus.EXPIRED)


_ATTEMPTS_OF_ENTRANT = PreparedQuery(
    lambda entrant_id, round_id: (
        ContestAttempt.objects.filter(entrant_id=entrant_id, round_id=round_id)
        .order_by("number")
        .values_list("pk", "number", "status", "deadline", "start_key")
    ),
    entrant_id=int,
    round_id=int,
)


def start_attempt(
    user,
    round_id: int,
    *,
    guest: GuestDetails | None = None,
    idempotency_key: Any = "",
    client_address: str = "",
) -> tuple[ContestAttempt, str]:
    """Start an attempt at a round: returns it and, for a guest, the secret that submits it
    (empty for a signed-in entrant, and on a replay: the secret is given once)."""
    key = _clean_key(idempotency_key)
    member = active_member(user)
    round_ = _round_for(user, round_id, member)
    try:
        with transaction.atomic():
            return _start(user, member, round_, guest, key, client_address)
    except IntegrityError:
        # A parallel start of the same entrant won a race the row lock could not settle: their
        # first entry (both inserted the entrant), or any start where the database has no row
        # locks (SQLite). Start over: the winner's rows are there now, as for any later start.
        try:
            with transaction.atomic():
                return _start(user, member, round_, guest, key, client_address)
        except IntegrityError:
            raise _in_progress() from None


def _in_progress() -> ServiceError:
    return ServiceError(
        Code.ATTEMPT_IN_PROGRESS,
        _("You have an attempt in progress in this round: finish it first."),
        "round_id",
    )


def _start(
    user,
    member: Member | None,
    round_: ContestRound,
    guest: GuestDetails | None,
    key: str,
    client_address: str,
) -> tuple[ContestAttempt, str]:
    """The start's work inside its transaction (no savepoint: a unique-constraint race fails the
    whole transaction, and :func:`start_attempt` runs it again)."""
    now = timezone.now()
    # The entrant's row stays locked until the attempt is written: two devices starting
    # at once take turns here.
    entrant, new = _entrant(user, member, round_.page, guest, client_address)
    # A new entrant has no attempts yet: their first start reads none.
    rows = [] if new else _ATTEMPTS_OF_ENTRANT.all(entrant_id=entrant.pk, round_id=round_.pk)
    replay = next((pk for pk, _n, _s, _d, start_key in rows if key and start_key == key), None)
    if replay is not None:  # a retry of a start that went through: the same attempt
        return ContestAttempt.objects.get(pk=replay), ""
    _check_open(round_, now)
    attempts = [(number, status, deadline) for _pk, number, status, deadline, _key in rows]
    overdue = {
        n
        for n, status, deadline in attempts
        if status == AttemptStatus.IN_PROGRESS and deadline < now - GRACE
    }
    if overdue:
        _expire_overdue(entrant, round_, now)
        attempts = [(n, AttemptStatus.EXPIRED if n in overdue else status, d) for n, status, d in attempts]
    if any(status == AttemptStatus.IN_PROGRESS for _number, status, _deadline in attempts):
        raise _in_progress()
    if len(attempts) >= round_.attempts_allowed:
        raise ServiceError(
            Code.NO_ATTEMPTS_LEFT,
            _("You have used all %(count)d attempts of this round.") % {"count": round_.attempts_allowed},
            "round_id",
        )
    bank = bank_for(round_.page_id)
    drawn = draw_questions(round_, bank)
    token = "" if entrant.user_id else secrets.token_urlsafe(24)
    attempt = ContestAttempt.objects.create(
        entrant=entrant,
        round=round_,
        number=max((n for n, _s, _d in attempts), default=0) + 1,
        token_hash=hash_token(token) if token else "",
        start_key=key,
        drawn=drawn,
        answers=[None] * len(drawn),
        started_at=now,
        deadline=now + timedelta(minutes=round_.time_limit_minutes),
        question_count=len(drawn),
    )
    attempt.round = round_
    attempt.entrant = entrant
    attempt.bank = bank  # the answer shows the questions from the bank they were drawn from
    return attempt, token


# --- submitting ----------------------------------------------------------------------------------


# A member's attempt with its round (read at each submit).
_ATTEMPT_OF_USER = PreparedQuery(
    lambda pk, user_id: (
        ContestAttempt.objects.filter(pk=pk, entrant__user_id=user_id)
        .select_related("round")
        .order_by("pk")[:1]
    ),
    pk=int,
    user_id=int,
)


def attempt_for(user, attempt_id: int, token: str = "") -> ContestAttempt:
    """The attempt, if it is ``user``'s (or the guest holds its secret); NOT_FOUND otherwise."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in and not token:
        attempt = _ATTEMPT_OF_USER.first(pk=attempt_id, user_id=user.pk)
    elif token:
        attempt = (
            ContestAttempt.objects.filter(
                pk=attempt_id, token_hash=hash_token(str(token)), entrant__user__isnull=True
            )
            .select_related("round")
            .first()
        )
    else:
        attempt = None
    if attempt is None:
        raise ServiceError(Code.NOT_FOUND, _("This attempt does not exist or is not yours."), "attempt_id")
    return attempt


def _chosen(attempt: ContestAttempt, answers: Sequence[Answer]) -> list[int | None]:
    """The chosen choice id per drawn question, from answers numbered as shown."""
    chosen: list[int | None] = [None] * len(attempt.drawn)
    seen = set()
    for answer in answers:
        if not 1 <= answer.question <= len(attempt.drawn):
            raise ServiceError(
                Code.QUESTION_NOT_DRAWN,
                _("Question %(number)s was not asked in this attempt.") % {"number": answer.question},
                "answers",
            )
        if answer.question in seen:
            raise ServiceError(
                Code.DUPLICATE_ANSWER,
                _("Question %(number)d is answered twice.") % {"number": answer.question},
                "answers",
            )
        seen.add(answer.question)
        offered = attempt.drawn[answer.question - 1][1]
        if not 1 <= answer.choice <= len(offered):
            raise ServiceError(
                Code.CHOICE_NOT_OFFERED,
                _("Question %(number)d has no choice %(choice)s.")
                % {"number": answer.question, "choice": answer.choice},
                "answers",
            )
        chosen[answer.question - 1] = offered[answer.choice - 1]
    return chosen


def score(attempt: ContestAttempt, chosen: list[int | None]) -> int:
    """Right answers among ``chosen`` (a choice id per drawn question), by the bank as it is now."""
    questions = attempt.bank.questions
    right = [questions[q].right_choice if q in questions else None for q, _choices in attempt.drawn]
    return sum(1 for good, choice in zip(right, chosen, strict=True) if choice is not None and choice == good)


def submit_attempt(
    user,
    attempt_id: int,
    *,
    answers: Sequence[Answer],
    prediction: Any,
    token: str = "",
    idempotency_key: Any = "",
) -> ContestAttempt:
    """Score the attempt's answers on the server and record its time from the server's clock."""
    key = _clean_key(idempotency_key)
    if (
        isinstance(prediction, bool)
        or not isinstance(prediction, int)
        or not 0 <= prediction <= MAX_PREDICTION
    ):
        raise ServiceError(
            Code.INVALID_PREDICTION,
            _("The prediction is a whole number from 0 to %(max)s.")
            % {"max": f"{MAX_PREDICTION:,}".replace(",", ".")},
            "prediction",
        )
    # No lock and no transaction: the attempt is read, decided on, and written by one conditional
    # UPDATE that only an attempt still in progress takes (a compare-and-set). A submit or an
    # expiry that got there first leaves it nothing to update: the attempt is read again and the
    # decision made on what it has become. An attempt leaves "in progress" once, so a second
    # reading always decides.
    for _reading in range(2):
        attempt = attempt_for(user, attempt_id, token)
        outcome = _submission(attempt, answers, prediction, key, timezone.now())
        if outcome is not None:
            return outcome
    raise AssertionError("an attempt left 'in progress' twice")  # pragma: no cover


def _submission(
    attempt: ContestAttempt, answers: Sequence[Answer], prediction: int, key: str, now
) -> ContestAttempt | None:
    """Decide on ``attempt`` as read and write the decision: the attempt submitted, or a refusal;
    None when the attempt changed since it was read (read it again)."""
    if attempt.status == AttemptStatus.SUBMITTED:
        if key and key == attempt.submit_key:
            return attempt
        raise ServiceError(
            Code.ALREADY_SUBMITTED, _("This attempt has already been submitted."), "attempt_id"
        )
    late = now > attempt.deadline + GRACE
    if attempt.status == AttemptStatus.EXPIRED or (late and attempt.round.late_policy == LatePolicy.REFUSE):
        if attempt.status != AttemptStatus.EXPIRED and not _write_if_in_progress(
            attempt, status=AttemptStatus.EXPIRED
        ):
            return None
        raise ServiceError(
            Code.TIME_LIMIT_EXCEEDED,
            _("The time limit of this attempt has passed: it was not scored."),
            "attempt_id",
        )
    chosen = _chosen(attempt, answers)
    limit_ms = attempt.round.time_limit_minutes * 60_000
    elapsed_ms = int((now - attempt.started_at).total_seconds() * 1000)
    submitted = {
        "answers": chosen,
        "correct": score(attempt, chosen),
        "prediction": prediction,
        "submitted_at": now,
        "duration_ms": min(elapsed_ms, limit_ms),
        "late": late,
        "status": AttemptStatus.SUBMITTED,
        "submit_key": key,
    }
    if not _write_if_in_progress(attempt, **submitted):
        return None
    for name, value in submitted.items():
        setattr(attempt, name, value)
    return attempt


def _write_if_in_progress(attempt: ContestAttempt, **changes) -> bool:
    """Write ``changes`` if the attempt is still in progress (one statement); False if not."""
    return bool(
        ContestAttempt.objects.filter(pk=attempt.pk, status=AttemptStatus.IN_PROGRESS).update(**changes)
    )


# --- reading -------------------------------------------------------------------------------------


def attempts_left(entrant: ContestEntrant | None, round_: ContestRound) -> int:
    if entrant is None:
        return round_.attempts_allowed
    used = ContestAttempt.objects.filter(entrant=entrant, round=round_).count()
    return max(0, round_.attempts_allowed - used)


@dataclass(frozen=True)
class ShownChoice:
    number: int
    text: str
    chosen: bool
    correct: bool | None  # None until the round closes


@dataclass(frozen=True)
class ShownQuestion:
    number: int
    text: str
    choices: list[ShownChoice]
    explanation: str | None  # None until the round closes


def shown_questions(attempt: ContestAttempt, *, now=None) -> list[ShownQuestion]:
    """The attempt's questions and choices as the entrant sees them, numbered as shown, with their
    own answers; the right answers and explanations only once the round has closed."""
    closed = (now or timezone.now()) >= attempt.round.closes_at
    questions = attempt.bank.questions
    answers = attempt.answers or [None] * len(attempt.drawn)
    shown = []
    for number, ((question_id, offered), chosen) in enumerate(zip(attempt.drawn, answers, strict=True), 1):
        question = questions.get(question_id)
        choices = question.choices if question else {}
        shown.append(
            ShownQuestion(
                number=number,
                text=question.text if question else _("(This question was removed from the bank.)"),
                choices=[
                    ShownChoice(
                        number=index,
                        text=choices[choice_id].text if choice_id in choices else "",
                        chosen=choice_id == chosen,
                        correct=(choices[choice_id].is_correct if choice_id in choices else False)
                        if closed
                        else None,
                    )
                    for index, choice_id in enumerate(offered, 1)
                ],
                explanation=(question.explanation if question else "") if closed else None,
            )
        )
    return shown
