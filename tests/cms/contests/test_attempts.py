"""Taking part (cms.contests.attempts): who may enter, when, how often, against which clock, and
what a retry, a double submit or two devices at once do."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from cms.contests import attempts
from cms.contests.attempts import GRACE, Answer, GuestDetails, shown_questions, start_attempt, submit_attempt
from cms.contests.errors import ContestErrorCode as Code
from cms.contests.models import (
    AttemptStatus,
    ContestAttempt,
    ContestChoice,
    ContestEntrant,
    ContestRound,
    LatePolicy,
)
from cms.core.errors import ServiceError
from tests.content_factories import make_contest, make_contest_question
from tests.factories import make_member, make_user

GUEST = GuestDetails(name="Trần Thị Bình", phone="0987 654 321", workplace="Công ty May Minh Anh")


def round_spec(**fields) -> dict:
    now = timezone.now()
    spec = {
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=6),
        "questions_drawn": 3,
        "attempts_allowed": 2,
        "time_limit_minutes": 20,
    }
    spec.update(fields)
    return spec


def bank(contest, count: int = 5, category: str = "") -> list:
    return [
        make_contest_question(
            contest,
            f"Câu hỏi {category} số {i}?",
            choices=[("Đáp án đúng", True), ("Sai một", False), ("Sai hai", False), ("Sai ba", False)],
            category=category,
            explanation=f"Giải thích câu {i}.",
        )
        for i in range(1, count + 1)
    ]


@pytest.fixture
def contest(tree):
    page = make_contest(tree["root"], "Tìm hiểu Luật Công đoàn năm 2024", rounds=[round_spec()])
    bank(page)
    return page


@pytest.fixture
def round_(contest):
    return contest.rounds.get()


def right_answers(attempt: ContestAttempt, wrong: int = 0) -> list[Answer]:
    """Answers to every drawn question, all right but the first ``wrong`` ones."""
    right = set(ContestChoice.objects.filter(is_correct=True).values_list("pk", flat=True))
    answers = []
    for number, (_question, choices) in enumerate(attempt.drawn, 1):
        good = next(i for i, pk in enumerate(choices, 1) if pk in right)
        answers.append(Answer(number, good if number > wrong else good % len(choices) + 1))
    return answers


def refused(call, *args, **kwargs) -> tuple[str, str | None, str]:
    """What ``call`` refuses: (code, field, the message in Vietnamese)."""
    with pytest.raises(ServiceError) as failure, translation.override("vi"):
        call(*args, **kwargs)
    return failure.value.code, failure.value.field, str(failure.value.message)


# --- drawing and scoring -------------------------------------------------------------------------


def test_an_attempt_draws_the_rounds_number_of_questions_with_all_their_choices(member, contest, round_):
    # when a member starts an attempt
    attempt, token = start_attempt(member.user, round_.pk)

    # then three different questions of the bank were drawn, each with its four choices, on the server's clock
    question_ids = [q for q, _choices in attempt.drawn]
    assert len(set(question_ids)) == 3 and attempt.question_count == 3
    assert set(question_ids) <= set(contest.questions.values_list("pk", flat=True))
    for question_id, choices in attempt.drawn:
        assert sorted(choices) == sorted(
            ContestChoice.objects.filter(question_id=question_id).values_list("pk", flat=True)
        )
    assert attempt.deadline - attempt.started_at == timedelta(minutes=20)
    assert attempt.status == AttemptStatus.IN_PROGRESS and attempt.number == 1
    assert token == ""  # a member needs no secret: their sign-in says whose attempt it is
    entrant = ContestEntrant.objects.get()
    assert (entrant.name, entrant.phone, entrant.organisation) == (
        "Nguyễn Văn An",
        "0912345678",
        member.organisation,
    )


def test_questions_and_choices_come_in_a_different_order_per_attempt(tree, contest, round_):
    # when twenty members start an attempt
    draws = {
        tuple(start_attempt(make_member(tree["vsip"]).user, round_.pk)[0].drawn[0][1]) for _ in range(20)
    }

    # then the first question's choices were not always shown in the same order (1 in 24^19 to fail)
    assert len(draws) > 1


def test_a_round_with_a_category_draws_only_from_it(member, contest):
    # given a round drawing from the "Tuần 2" questions only
    week2 = bank(contest, 3, category="Tuần 2")
    round2 = ContestRound.objects.create(
        page=contest, name="Tuần 2", question_category="Tuần 2", **round_spec()
    )

    # when an attempt starts
    attempt, _token = start_attempt(member.user, round2.pk)

    # then only those were drawn
    assert sorted(q for q, _c in attempt.drawn) == sorted(q.pk for q in week2)


def test_the_server_scores_the_answers_and_times_the_attempt(member, round_):
    # given an attempt started 95 seconds ago
    attempt, _token = start_attempt(member.user, round_.pk)
    ContestAttempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - timedelta(seconds=95),
        deadline=attempt.deadline - timedelta(seconds=95),
    )

    # when it is submitted with one wrong answer and a prediction
    done = submit_attempt(member.user, attempt.pk, answers=right_answers(attempt, wrong=1), prediction=1234)

    # then two of three are right, timed by the server
    done.refresh_from_db()
    assert (done.status, done.correct, done.question_count, done.prediction) == (
        AttemptStatus.SUBMITTED,
        2,
        3,
        1234,
    )
    assert 95_000 <= done.duration_ms < 100_000 and not done.late
    assert len(done.answers) == 3 and all(done.answers)


def test_unanswered_questions_count_as_wrong(member, round_):
    attempt, _token = start_attempt(member.user, round_.pk)

    done = submit_attempt(member.user, attempt.pk, answers=right_answers(attempt)[:1], prediction=0)

    assert (done.correct, done.answers[1:]) == (1, [None, None])


# --- when, how often -----------------------------------------------------------------------------


def test_a_round_not_open_yet_or_closed_refuses_to_start(member, tree):
    # given a contest whose first round has closed and whose second has not opened
    now = timezone.now()
    page = make_contest(
        tree["root"],
        rounds=[
            round_spec(opens_at=now - timedelta(days=8), closes_at=now - timedelta(days=1)),
            round_spec(name="Tuần 2", opens_at=now + timedelta(hours=3), closes_at=now + timedelta(days=7)),
        ],
    )
    bank(page)
    closed, upcoming = page.rounds.order_by("opens_at")

    # then neither starts
    assert refused(start_attempt, member.user, closed.pk)[:2] == (Code.ROUND_CLOSED, "round_id")
    code, field, message = refused(start_attempt, member.user, upcoming.pk)
    assert (code, field) == (Code.ROUND_NOT_OPEN, "round_id") and message.startswith("Vòng thi này mở lúc")
    assert not ContestAttempt.objects.exists()


def test_the_attempt_limit_of_the_round_holds(member, round_):
    # given two attempts submitted (the round allows two)
    for _ in range(2):
        attempt, _token = start_attempt(member.user, round_.pk)
        submit_attempt(member.user, attempt.pk, answers=[], prediction=10)

    # then a third is refused
    code, field, message = refused(start_attempt, member.user, round_.pk)
    assert (code, field, message) == (
        Code.NO_ATTEMPTS_LEFT,
        "round_id",
        "Bạn đã dùng hết 2 lượt thi của vòng này.",
    )
    assert ContestAttempt.objects.count() == 2


def test_one_attempt_in_progress_at_a_time(member, round_):
    start_attempt(member.user, round_.pk)

    code, _field, message = refused(start_attempt, member.user, round_.pk)

    assert code == Code.ATTEMPT_IN_PROGRESS and "đang làm dở" in message


def test_an_attempt_left_past_its_limit_ends_and_counts(member, round_):
    # given an attempt abandoned half an hour ago (limit: 20 minutes)
    attempt, _token = start_attempt(member.user, round_.pk)
    ContestAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=10))

    # when the member starts again
    second, _token = start_attempt(member.user, round_.pk)

    # then the first ended unscored and the new one is their second (and last)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, second.number) == (AttemptStatus.EXPIRED, None, 2)
    submit_attempt(member.user, second.pk, answers=[], prediction=1)
    assert refused(start_attempt, member.user, round_.pk)[0] == Code.NO_ATTEMPTS_LEFT


def test_a_late_submission_is_timed_at_the_limit_when_the_round_accepts_it(member, round_):
    # given an attempt whose limit passed a minute ago (beyond the network's grace)
    attempt, _token = start_attempt(member.user, round_.pk)
    ContestAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=21), deadline=timezone.now() - timedelta(minutes=1)
    )

    # when it is submitted
    done = submit_attempt(member.user, attempt.pk, answers=right_answers(attempt), prediction=5)

    # then it is scored, marked late and timed at exactly the limit
    assert (done.status, done.correct, done.late, done.duration_ms) == (
        AttemptStatus.SUBMITTED,
        3,
        True,
        20 * 60_000,
    )


def test_a_submission_within_the_grace_is_on_time(member, round_):
    attempt, _token = start_attempt(member.user, round_.pk)
    ContestAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=20, seconds=3),
        deadline=timezone.now() - timedelta(seconds=3),
    )

    done = submit_attempt(member.user, attempt.pk, answers=right_answers(attempt), prediction=5)

    assert (done.late, done.duration_ms) == (False, 20 * 60_000)
    assert timedelta(seconds=3) < GRACE


def test_a_late_submission_is_refused_when_the_round_says_so(member, round_):
    # given a round refusing late submissions and an attempt past its limit
    round_.late_policy = LatePolicy.REFUSE
    round_.save()
    attempt, _token = start_attempt(member.user, round_.pk)
    ContestAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    # when it is submitted
    code, field, message = refused(
        submit_attempt, member.user, attempt.pk, answers=right_answers(attempt), prediction=5
    )

    # then it is refused, and the attempt ended unscored (kept, counted)
    assert (code, field) == (Code.TIME_LIMIT_EXCEEDED, "attempt_id") and "không được chấm" in message
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.submitted_at) == (AttemptStatus.EXPIRED, None, None)


# --- retries and doubles -------------------------------------------------------------------------


def test_a_double_submit_is_refused_and_the_first_result_stands(member, round_):
    attempt, _token = start_attempt(member.user, round_.pk)
    first = submit_attempt(member.user, attempt.pk, answers=right_answers(attempt), prediction=7)

    code, _field, _message = refused(submit_attempt, member.user, attempt.pk, answers=[], prediction=9)

    assert code == Code.ALREADY_SUBMITTED
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.prediction, attempt.submitted_at) == (3, 7, first.submitted_at)


def test_a_retried_submit_with_the_same_key_gets_the_first_result(member, round_):
    attempt, _token = start_attempt(member.user, round_.pk)
    first = submit_attempt(
        member.user, attempt.pk, answers=right_answers(attempt), prediction=7, idempotency_key="nop-1"
    )

    again = submit_attempt(member.user, attempt.pk, answers=[], prediction=99, idempotency_key="nop-1")

    assert (again.pk, again.correct, again.prediction, again.submitted_at) == (
        first.pk,
        3,
        7,
        first.submitted_at,
    )


def test_a_retried_start_with_the_same_key_gets_the_same_attempt(member, round_):
    first, _token = start_attempt(member.user, round_.pk, idempotency_key="bat-dau-1")

    again, _token = start_attempt(member.user, round_.pk, idempotency_key="bat-dau-1")

    assert (again.pk, again.drawn) == (first.pk, first.drawn)
    assert ContestAttempt.objects.count() == 1


@pytest.mark.parametrize("key", ["có dấu", "x" * 65, "a b", "-leading"])
def test_a_malformed_idempotency_key_is_refused(member, round_, key):
    assert refused(start_attempt, member.user, round_.pk, idempotency_key=key)[:2] == (
        Code.INVALID_IDEMPOTENCY_KEY,
        "idempotency_key",
    )


# --- what the answers say ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ([Answer(4, 1)], Code.QUESTION_NOT_DRAWN),
        ([Answer(0, 1)], Code.QUESTION_NOT_DRAWN),
        ([Answer(-1, 1)], Code.QUESTION_NOT_DRAWN),
        ([Answer(1, 5)], Code.CHOICE_NOT_OFFERED),
        ([Answer(1, 0)], Code.CHOICE_NOT_OFFERED),
        ([Answer(1, 1), Answer(1, 2)], Code.DUPLICATE_ANSWER),
    ],
)
def test_answers_to_questions_or_choices_not_offered_are_refused(member, round_, answers, code):
    attempt, _token = start_attempt(member.user, round_.pk)

    assert refused(submit_attempt, member.user, attempt.pk, answers=answers, prediction=1)[:2] == (
        code,
        "answers",
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS  # nothing recorded: the entrant may correct and submit


@pytest.mark.parametrize("prediction", [-1, 2.5, True, "3", None, 10_000_001])
def test_a_prediction_is_a_whole_number(member, round_, prediction):
    attempt, _token = start_attempt(member.user, round_.pk)

    code, field, message = refused(submit_attempt, member.user, attempt.pk, answers=[], prediction=prediction)

    assert (code, field) == (Code.INVALID_PREDICTION, "prediction") and "số nguyên" in message


def test_no_right_answer_shows_before_the_round_closes_and_each_shows_after(member, round_):
    # given a submitted attempt with one wrong answer
    attempt, _token = start_attempt(member.user, round_.pk)
    done = submit_attempt(member.user, attempt.pk, answers=right_answers(attempt, wrong=1), prediction=3)

    # then while the round is open: the entrant's own choices, no right answer, no explanation
    shown = shown_questions(done)
    assert [sum(c.chosen for c in q.choices) for q in shown] == [1, 1, 1]
    assert {c.correct for q in shown for c in q.choices} == {None} and {q.explanation for q in shown} == {
        None
    }

    # and once it has closed: which was right, and why
    shown = shown_questions(done, now=round_.closes_at)
    assert [sum(c.correct for c in q.choices) for q in shown] == [1, 1, 1]
    assert [next(c.chosen for c in q.choices if c.correct) for q in shown] == [False, True, True]
    assert all(q.explanation.startswith("Giải thích câu") for q in shown)


# --- who may enter -------------------------------------------------------------------------------


def test_a_member_outside_the_audience_or_a_draft_contest_is_not_found(tree):
    # given a contest for the education union's members, and a draft one
    now = timezone.now()
    for_teachers = make_contest(tree["gd"], rounds=[round_spec()], audience=[tree["gd"]])
    draft = make_contest(tree["root"], rounds=[round_spec()], live=False)
    bank(for_teachers)
    bank(draft)
    worker = make_member(tree["vsip"])
    teacher = make_member(tree["thpt"])

    # then the worker cannot enter the teachers' contest, nobody the draft; the teacher can
    assert refused(start_attempt, worker.user, for_teachers.rounds.get().pk)[0] == Code.NOT_FOUND
    assert refused(start_attempt, teacher.user, draft.rounds.get().pk)[0] == Code.NOT_FOUND
    assert start_attempt(teacher.user, for_teachers.rounds.get().pk)[0].started_at >= now


def test_only_members_enter_a_contest_not_open_to_the_public(round_, tree):
    officer_without_membership = make_user()

    assert refused(start_attempt, None, round_.pk, guest=GUEST)[0] == Code.SIGN_IN_REQUIRED
    assert refused(start_attempt, officer_without_membership, round_.pk, guest=GUEST)[0] == Code.NOT_ELIGIBLE


@pytest.fixture
def public_round(contest, round_):
    contest.open_to_public = True
    contest.save()
    return round_


def test_a_guest_enters_a_public_contest_with_their_details_and_submits_with_the_secret(public_round):
    # when a guest starts an attempt
    attempt, token = start_attempt(None, public_round.pk, guest=GUEST)

    # then they are an entrant by their phone number, and only the secret submits their attempt
    entrant = ContestEntrant.objects.get()
    assert (entrant.user, entrant.name, entrant.phone, entrant.workplace, entrant.organisation) == (
        None,
        "Trần Thị Bình",
        "0987654321",
        "Công ty May Minh Anh",
        None,
    )
    assert len(token) >= 32 and attempt.token_hash != token
    assert refused(submit_attempt, None, attempt.pk, answers=[], prediction=1)[0] == Code.NOT_FOUND
    assert (
        refused(submit_attempt, None, attempt.pk, answers=[], prediction=1, token="doan-bua")[0]
        == Code.NOT_FOUND
    )
    done = submit_attempt(None, attempt.pk, answers=right_answers(attempt), prediction=1, token=token)
    assert done.correct == 3


def test_a_guest_writing_their_number_another_way_is_the_same_entrant(public_round):
    start_attempt(None, public_round.pk, guest=GUEST)

    again = GuestDetails(name="Trần Thị Bình", phone="+84987654321", workplace="Công ty May Minh Anh")
    code, _field, _message = refused(start_attempt, None, public_round.pk, guest=again)

    assert code == Code.ATTEMPT_IN_PROGRESS and ContestEntrant.objects.count() == 1


@pytest.mark.parametrize(
    ("guest", "code", "field"),
    [
        (GuestDetails(phone="0987654321", workplace="Công ty"), Code.DETAILS_REQUIRED, "guest.name"),
        (GuestDetails(name="An", workplace="Công ty"), Code.DETAILS_REQUIRED, "guest.phone"),
        (GuestDetails(name="An", phone="0987654321"), Code.DETAILS_REQUIRED, "guest.workplace"),
        (GuestDetails(name="An", phone="12345", workplace="Công ty"), Code.INVALID_PHONE, "guest.phone"),
        (
            GuestDetails(name="An\x00", phone="0987654321", workplace="Công ty"),
            Code.INVALID_TEXT,
            "guest.name",
        ),
        (
            GuestDetails(name="A" * 121, phone="0987654321", workplace="Công ty"),
            Code.INVALID_TEXT,
            "guest.name",
        ),
        (None, Code.DETAILS_REQUIRED, "guest.name"),
    ],
)
def test_a_guests_details_are_checked(public_round, guest, code, field):
    assert refused(start_attempt, None, public_round.pk, guest=guest)[:2] == (code, field)
    assert not ContestEntrant.objects.exists()


def test_a_guest_cannot_enter_with_a_members_phone_number(public_round, member):
    guest = GuestDetails(name="Kẻ mạo danh", phone="0912.345.678", workplace="Không rõ")

    code, field, message = refused(start_attempt, None, public_round.pk, guest=guest)

    assert (code, field) == (Code.SIGN_IN_REQUIRED, "guest.phone") and "đăng nhập" in message


def test_someone_elses_attempt_is_not_found(member, round_, tree):
    attempt, _token = start_attempt(member.user, round_.pk)
    other = make_member(tree["vsip"])

    assert refused(submit_attempt, other.user, attempt.pk, answers=[], prediction=1)[0] == Code.NOT_FOUND
    assert refused(submit_attempt, None, attempt.pk, answers=[], prediction=1)[0] == Code.NOT_FOUND


def _overtaken_once(monkeypatch, change) -> None:
    """The next submit reads its attempt, then ``change()`` happens before it writes (another
    device's submit, a start expiring the attempt): as two requests interleave on a server."""
    read = attempts.attempt_for
    pending = [change]

    def read_then_overtaken(*args, **kwargs):
        found = read(*args, **kwargs)
        if pending:
            pending.pop()()
        return found

    monkeypatch.setattr(attempts, "attempt_for", read_then_overtaken)


@pytest.mark.parametrize("key", ["phone", "tablet"])
def test_a_submit_overtaken_by_another_between_its_read_and_its_write(member, round_, monkeypatch, key):
    attempt, _token = start_attempt(member.user, round_.pk)
    answers = right_answers(attempt)
    _overtaken_once(
        monkeypatch,
        lambda: submit_attempt(
            member.user, attempt.pk, answers=answers, prediction=7, idempotency_key="phone"
        ),
    )

    if key == "phone":  # the same submit sent twice: both get the result that was recorded
        result = submit_attempt(member.user, attempt.pk, answers=[], prediction=9, idempotency_key=key)
        assert (result.correct, result.prediction) == (3, 7)
    else:  # another device's submit: refused, the first one stands
        assert (
            refused(submit_attempt, member.user, attempt.pk, answers=[], prediction=9, idempotency_key=key)[0]
            == Code.ALREADY_SUBMITTED
        )
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.prediction) == (AttemptStatus.SUBMITTED, 3, 7)


def test_a_submit_overtaken_by_its_attempts_expiry_is_not_scored(member, round_, monkeypatch):
    attempt, _token = start_attempt(member.user, round_.pk)
    _overtaken_once(
        monkeypatch,
        lambda: ContestAttempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.EXPIRED),
    )

    code = refused(submit_attempt, member.user, attempt.pk, answers=right_answers(attempt), prediction=9)[0]

    attempt.refresh_from_db()
    assert code == Code.TIME_LIMIT_EXCEEDED
    assert (attempt.status, attempt.correct, attempt.prediction) == (AttemptStatus.EXPIRED, None, None)


# --- at the same moment --------------------------------------------------------------------------

# Threads writing at once need a database that makes writers wait: PostgreSQL, or SQLite on a file
# (the embedded default). The suite's SQLite database lives in memory, where SQLite answers "table
# is locked" at once instead of waiting, so these run in the suite's PostgreSQL run.
at_once = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="needs PostgreSQL: SQLite's in-memory test database refuses parallel writers instead of "
        "making them wait; the suite's PostgreSQL run (DATABASE_URL) runs it",
    ),
]


def _at_once(count: int, call) -> list:
    """``call(n)`` from ``count`` threads released together; each result or the refusal's code."""
    start = threading.Barrier(count)

    def one(n: int):
        try:
            start.wait()
            return call(n)
        except ServiceError as failure:
            return failure.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


@at_once[0]
@at_once[1]
def test_two_devices_starting_at_once_get_one_attempt(member, round_):
    results = _at_once(2, lambda n: start_attempt(member.user, round_.pk)[0].pk)

    assert sorted(map(str, results))[1] == Code.ATTEMPT_IN_PROGRESS
    assert ContestAttempt.objects.filter(status=AttemptStatus.IN_PROGRESS).count() == 1


@at_once[0]
@at_once[1]
def test_a_first_start_sent_twice_at_once_gets_one_attempt_both_times(member, round_):
    # the member's first entry: both requests insert the entrant, one waits for the other's
    # commit, fails on the unique constraint and starts over
    results = _at_once(2, lambda n: start_attempt(member.user, round_.pk, idempotency_key="tap-1")[0].pk)

    assert results[0] == results[1]
    assert ContestAttempt.objects.get().pk == results[0]
    assert ContestEntrant.objects.count() == 1


@at_once[0]
@at_once[1]
def test_a_double_submit_at_once_is_scored_once(member, round_):
    attempt, _token = start_attempt(member.user, round_.pk)
    answers = right_answers(attempt)

    results = _at_once(
        3, lambda n: submit_attempt(member.user, attempt.pk, answers=answers, prediction=n).prediction
    )

    assert sorted(r for r in results if r == Code.ALREADY_SUBMITTED) == [Code.ALREADY_SUBMITTED] * 2
    winner = next(r for r in results if r != Code.ALREADY_SUBMITTED)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.prediction) == (AttemptStatus.SUBMITTED, 3, winner)


@at_once[0]
@at_once[1]
def test_a_submit_sent_three_times_at_once_with_its_key_gets_one_result_three_times(member, round_):
    attempt, _token = start_attempt(member.user, round_.pk)
    answers = right_answers(attempt, wrong=1)

    results = _at_once(
        3,
        lambda n: (
            submit_attempt(
                member.user, attempt.pk, answers=answers, prediction=40 + n, idempotency_key="tap-9"
            ).prediction
        ),
    )

    attempt.refresh_from_db()
    assert results == [attempt.prediction] * 3 and attempt.correct == 2


@at_once[0]
@at_once[1]
def test_parallel_starts_never_exceed_the_attempt_limit(member, round_):
    # given one attempt used (the round allows two)
    first, _token = start_attempt(member.user, round_.pk)
    submit_attempt(member.user, first.pk, answers=[], prediction=1)

    # when four starts arrive at once
    results = _at_once(4, lambda n: start_attempt(member.user, round_.pk)[0].number)

    # then exactly one got the second attempt
    assert sorted(map(str, results)) == [
        "2",
        Code.ATTEMPT_IN_PROGRESS,
        Code.ATTEMPT_IN_PROGRESS,
        Code.ATTEMPT_IN_PROGRESS,
    ]
    assert attempts.attempts_left(first.entrant, round_) == 0


def test_one_network_cannot_invent_guests_without_end(public_round, monkeypatch):
    # given a limit of two new guests per address and hour
    monkeypatch.setattr(attempts, "GUESTS_PER_ADDRESS_PER_HOUR", 2)

    def guest(n: int) -> GuestDetails:
        return GuestDetails(name=f"Khách {n}", phone=f"03880000{n:02d}", workplace="Công ty")

    # when one address enters three new guests, and another address one
    for n in (1, 2):
        start_attempt(None, public_round.pk, guest=guest(n), client_address="203.0.113.7")
    code, field, message = refused(
        start_attempt, None, public_round.pk, guest=guest(3), client_address="203.0.113.7"
    )
    elsewhere, _token = start_attempt(None, public_round.pk, guest=guest(4), client_address="198.51.100.1")

    # then the third is refused, the known guests still come back, other networks are unaffected
    assert (code, field) == (Code.TOO_MANY_ENTRIES, "guest") and "đăng nhập" in message
    assert refused(start_attempt, None, public_round.pk, guest=guest(1), client_address="203.0.113.7")[0] == (
        Code.ATTEMPT_IN_PROGRESS
    )
    assert elsewhere.number == 1 and ContestEntrant.objects.count() == 3


# --- the bank kept in each process ---------------------------------------------------------------


def test_the_bank_is_read_once_while_unchanged(contest, django_assert_num_queries):
    from cms.contests.bank import bank_for

    with django_assert_num_queries(2):  # its questions, then their choices
        first = bank_for(contest.pk)
    with django_assert_num_queries(0):
        again = bank_for(contest.pk)

    assert again is first and len(first.questions) == 5


def test_a_correction_to_the_bank_counts_at_once(member, round_):
    # given an attempt started, then an editor corrects which answer of its first question is right
    attempt, _token = start_attempt(member.user, round_.pk)
    first_question = attempt.drawn[0][0]
    choices = list(ContestChoice.objects.filter(question_id=first_question).order_by("sort_order"))
    for choice in choices:
        choice.is_correct = choice.pk == choices[1].pk
        choice.save()

    # when the entrant answers what is right now
    done = submit_attempt(member.user, attempt.pk, answers=right_answers(attempt), prediction=1)

    # then it is scored by the corrected bank
    assert done.correct == 3


def test_another_process_sees_a_change_by_its_version(contest):
    from django.core.cache import cache

    from cms.contests import bank

    # given this process keeps the bank
    kept = bank.bank_for(contest.pk)

    # when another process changes a question (its commit renews the version in the shared cache)
    ContestQuestionModel = type(contest.questions.first())
    ContestQuestionModel.objects.filter(contest=contest).update(text="Đã sửa?")
    cache.set(bank._version_key(contest.pk), "a version written elsewhere", None)

    # then this process reads the bank again
    fresh = bank.bank_for(contest.pk)
    assert fresh is not kept and {q.text for q in fresh.questions.values()} == {"Đã sửa?"}
