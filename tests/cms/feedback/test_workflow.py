"""The status workflow: every allowed move through the services, and every other one refused."""

from __future__ import annotations

import pytest

from cms.core.errors import ServiceError
from cms.feedback import services
from cms.feedback.errors import FeedbackErrorCode
from cms.feedback.models import Feedback, FeedbackMessage, FeedbackStatus
from tests.cms.feedback.helpers import row_counts, submit

S = FeedbackStatus
FINAL = "FEEDBACK_FINAL"
INVALID = "INVALID_TRANSITION"


def test_the_table_is_the_one_the_design_gives():
    assert {
        S.SUBMITTED: {S.ACKNOWLEDGED, S.IN_PROGRESS, S.REJECTED, S.WITHDRAWN},
        S.ACKNOWLEDGED: {S.IN_PROGRESS, S.NEEDS_INFORMATION, S.ANSWERED, S.REJECTED, S.WITHDRAWN},
        S.IN_PROGRESS: {S.NEEDS_INFORMATION, S.ANSWERED, S.REJECTED},
        S.NEEDS_INFORMATION: {S.IN_PROGRESS, S.WITHDRAWN},
        S.ANSWERED: {S.CLOSED, S.IN_PROGRESS},
        S.CLOSED: set(),
        S.REJECTED: set(),
        S.WITHDRAWN: set(),
    } == services.TRANSITIONS


ACTIONS = {
    "acknowledge": lambda p, f: services.acknowledge_feedback(p.vsip_handler, f),
    "start": lambda p, f: services.start_progress(p.vsip_handler, f),
    "ask": lambda p, f: services.request_information(
        p.vsip_handler, f, body="Đề nghị gửi bảng lương tháng 10."
    ),
    "answer": lambda p, f: services.reply_to_feedback(
        p.vsip_handler, f, body="Công ty đã cam kết trả lương."
    ),
    "reply_on_the_way": lambda p, f: services.reply_to_feedback(
        p.vsip_handler, f, body="Đang làm việc với công ty.", final=False
    ),
    "note": lambda p, f: services.add_internal_note(p.vsip_handler, f, body="Đã gọi phòng nhân sự."),
    "assign": lambda p, f: services.assign_handler(p.vsip_handler, f, handler=p.vsip_handler),
    "forward": lambda p, f: services.forward_feedback(
        p.vsip_handler, f, to_organisation=p.tree["kcn"], reason="Vượt thẩm quyền công đoàn cơ sở."
    ),
    "reject": lambda p, f: services.reject_feedback(
        p.vsip_handler, f, reason="Không thuộc phạm vi công đoàn."
    ),
    "close": lambda p, f: services.close_feedback(p.vsip_handler, f),
    "withdraw": lambda p, f: services.withdraw_feedback(p.member.user, f),
    "member_writes": lambda p, f: services.add_member_message(p.member.user, f, body="Tôi gửi bổ sung."),
    "rate": lambda p, f: services.rate_feedback_answer(p.member.user, f, rating=4),
}

# What each action leaves from each status (a status, or the code it is refused with). Officers'
# answers and questions acknowledge a submitted feedback first (two steps the table allows).
EXPECTED = {
    S.SUBMITTED: {
        "acknowledge": S.ACKNOWLEDGED,
        "start": S.IN_PROGRESS,
        "ask": S.NEEDS_INFORMATION,
        "answer": S.ANSWERED,
        "reply_on_the_way": S.ACKNOWLEDGED,
        "note": S.SUBMITTED,
        "assign": S.SUBMITTED,
        "forward": S.SUBMITTED,
        "reject": S.REJECTED,
        "close": INVALID,
        "withdraw": S.WITHDRAWN,
        "member_writes": S.SUBMITTED,
        "rate": "NOT_ANSWERED",
    },
    S.ACKNOWLEDGED: {
        "acknowledge": INVALID,
        "start": S.IN_PROGRESS,
        "ask": S.NEEDS_INFORMATION,
        "answer": S.ANSWERED,
        "reply_on_the_way": S.ACKNOWLEDGED,
        "note": S.ACKNOWLEDGED,
        "assign": S.ACKNOWLEDGED,
        "forward": S.ACKNOWLEDGED,
        "reject": S.REJECTED,
        "close": INVALID,
        "withdraw": S.WITHDRAWN,
        "member_writes": S.ACKNOWLEDGED,
        "rate": "NOT_ANSWERED",
    },
    S.IN_PROGRESS: {
        "acknowledge": INVALID,
        "start": INVALID,
        "ask": S.NEEDS_INFORMATION,
        "answer": S.ANSWERED,
        "reply_on_the_way": S.IN_PROGRESS,
        "note": S.IN_PROGRESS,
        "assign": S.IN_PROGRESS,
        "forward": S.IN_PROGRESS,
        "reject": S.REJECTED,
        "close": INVALID,
        "withdraw": INVALID,
        "member_writes": S.IN_PROGRESS,
        "rate": "NOT_ANSWERED",
    },
    S.NEEDS_INFORMATION: {
        "acknowledge": INVALID,
        "start": S.IN_PROGRESS,
        "ask": S.NEEDS_INFORMATION,
        "answer": INVALID,
        "reply_on_the_way": S.NEEDS_INFORMATION,
        "note": S.NEEDS_INFORMATION,
        "assign": S.NEEDS_INFORMATION,
        "forward": S.NEEDS_INFORMATION,
        "reject": INVALID,
        "close": INVALID,
        "withdraw": S.WITHDRAWN,
        "member_writes": S.IN_PROGRESS,
        "rate": "NOT_ANSWERED",
    },
    S.ANSWERED: {
        "acknowledge": INVALID,
        "start": S.IN_PROGRESS,
        "ask": INVALID,
        "answer": S.ANSWERED,
        "reply_on_the_way": S.ANSWERED,
        "note": S.ANSWERED,
        "assign": S.ANSWERED,
        "forward": S.ANSWERED,
        "reject": INVALID,
        "close": S.CLOSED,
        "withdraw": INVALID,
        "member_writes": S.IN_PROGRESS,
        "rate": S.CLOSED,
    },
    **{final: {action: FINAL for action in ACTIONS} for final in (S.CLOSED, S.REJECTED, S.WITHDRAWN)},
}


def _in_status(people, status) -> Feedback:
    feedback = submit(people.member)
    Feedback.objects.filter(pk=feedback.pk).update(status=status)
    feedback.refresh_from_db()
    return feedback


@pytest.mark.parametrize(
    ("status", "action"), [(status, action) for status in EXPECTED for action in ACTIONS], ids=str
)
def test_each_action_from_each_status(people, status, action):
    # given
    feedback = _in_status(people, status)
    before = row_counts()
    expected = EXPECTED[status][action]

    # when
    try:
        ACTIONS[action](people, feedback)
        outcome = Feedback.objects.get(pk=feedback.pk).status
    except ServiceError as exc:
        outcome = exc.code.value

    # then
    assert outcome == expected
    if expected in (FINAL, INVALID, "NOT_ANSWERED"):
        assert row_counts() == before
        assert Feedback.objects.get(pk=feedback.pk).status == status


def test_a_refused_move_leaves_no_acknowledgement_behind(people):
    # given a submitted feedback
    feedback = submit(people.member)

    # when the officer closes it (not allowed from submitted)
    with pytest.raises(ServiceError) as refused:
        services.close_feedback(people.vsip_handler, feedback)

    # then nothing changed
    feedback.refresh_from_db()
    assert (refused.value.code, feedback.status, feedback.acknowledged_at) == (
        FeedbackErrorCode.INVALID_TRANSITION,
        S.SUBMITTED,
        None,
    )


def test_timestamps_follow_the_moves(people):
    # given
    feedback = submit(people.member)

    # when it is answered (acknowledged on the way) and then rated
    services.reply_to_feedback(people.vsip_handler, feedback, body="Đã có kết quả.")
    after_answer = Feedback.objects.get(pk=feedback.pk)
    services.rate_feedback_answer(people.member.user, feedback, rating=5, comment="Cảm ơn công đoàn")
    closed = Feedback.objects.get(pk=feedback.pk)

    # then
    assert after_answer.acknowledged_at is not None and after_answer.answered_at is not None
    assert after_answer.closed_at is None
    assert (closed.status, closed.rating, closed.rating_comment) == (S.CLOSED, 5, "Cảm ơn công đoàn")
    assert closed.closed_at is not None and closed.rated_at is not None


def test_an_answer_is_rated_once(people):
    # given an answered and rated feedback
    feedback = submit(people.member)
    services.reply_to_feedback(people.vsip_handler, feedback, body="Đã có kết quả.")
    services.rate_feedback_answer(people.member.user, feedback, rating=3)

    # when the member rates again
    with pytest.raises(ServiceError) as refused:
        services.rate_feedback_answer(people.member.user, feedback, rating=5)

    # then
    assert refused.value.code == FeedbackErrorCode.ALREADY_RATED
    assert Feedback.objects.get(pk=feedback.pk).rating == 3


@pytest.mark.parametrize("rating", [0, 6, -1, True, "5", 4.5, None])
def test_ratings_are_whole_numbers_from_1_to_5(people, rating):
    feedback = submit(people.member)
    services.reply_to_feedback(people.vsip_handler, feedback, body="Đã có kết quả.")

    with pytest.raises(ServiceError) as refused:
        services.rate_feedback_answer(people.member.user, feedback, rating=rating)

    assert refused.value.code == FeedbackErrorCode.INVALID_RATING
    assert Feedback.objects.get(pk=feedback.pk).status == S.ANSWERED


def test_the_member_writing_after_the_answer_reopens_it_and_reads_the_thread(people):
    # given an answered feedback
    feedback = submit(people.member)
    services.reply_to_feedback(people.vsip_handler, feedback, body="Đã có kết quả.")

    # when the member writes again
    message = services.add_member_message(people.member.user, feedback, body="Công ty vẫn chưa trả đủ.")

    # then it is in progress again, and what came before is read
    feedback.refresh_from_db()
    assert (feedback.status, message.kind, message.author) == (S.IN_PROGRESS, "member", people.member.user)
    assert feedback.member_read_at == message.created_at


def test_a_withdrawal_reason_goes_into_the_thread(people):
    feedback = submit(people.member)

    services.withdraw_feedback(people.member.user, feedback, reason="Công ty đã giải quyết xong.")

    assert list(FeedbackMessage.objects.filter(feedback=feedback).values_list("kind", "body")) == [
        ("member", "Công ty đã giải quyết xong.")
    ]


def test_a_rejection_tells_the_member_why(people):
    feedback = submit(people.member)

    services.reject_feedback(
        people.vsip_handler, feedback, reason="Nội dung trùng với phản ánh PA-2026-000001."
    )

    assert list(FeedbackMessage.objects.filter(feedback=feedback).values_list("kind", "body")) == [
        ("reply", "Nội dung trùng với phản ánh PA-2026-000001.")
    ]
