"""A feedback's thread in the admin: who sees the member's identity, the messages and notes, and
each officer action through its service (success, refusals, and what is not offered)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.log_actions import registry as log_registry

from cms.feedback import services
from cms.feedback.models import Feedback, FeedbackAttachment, FeedbackMessage, FeedbackStatus, MessageKind
from cms.organisations.services import grant_admin_access
from tests.cms.feedback.helpers import pdf_bytes, png_bytes, submit, upload
from tests.cms.organisations.helpers import client_for


def admin_client(user):
    grant_admin_access(user)
    return client_for(user)


def detail_url(feedback) -> str:
    return reverse("feedback:detail", args=[feedback.pk])


def action_url(feedback, action: str) -> str:
    return reverse("feedback:action", args=[feedback.pk, action])


def offered(response) -> list[str]:
    context = response.context
    return [row["action"].name for row in context["quick_actions"] + context["form_actions"]]


def said(response) -> list[str]:
    """The messages shown after a redirect (Wagtail's carry buttons after the text)."""
    return [str(message).strip() for message in response.context["messages"]]


def status_of(feedback) -> str:
    return Feedback.objects.get(pk=feedback.pk).status


@pytest.fixture
def feedback(people, media):
    return submit(
        people.member,
        employer_name="Công ty TNHH Luxshare-ICT Nghệ An",
        attachments=[upload("phieu-luong.pdf", pdf_bytes())],
    )


@pytest.fixture
def handler(people):
    return admin_client(people.vsip_handler)


# --- what the thread shows -------------------------------------------------------------------


def test_the_handler_sees_the_member_the_description_and_the_files(people, feedback, handler):
    # when
    response = handler.get(detail_url(feedback))
    page = response.content.decode()

    # then
    assert response.status_code == 200
    assert response.context["member"] == people.member.user.member
    for shown in (
        people.member.full_name,
        people.member.phone,
        people.tree["vsip"].name,
        feedback.description,
        "phieu-luong.pdf",
    ):
        assert shown in page
    assert "/files/signed/" in page or "X-Amz-Signature" in page  # a signed, expiring link
    assert offered(response) == [
        "acknowledge",
        "start",
        "reply",
        "request-information",
        "note",
        "assign",
        "forward",
        "reject",
    ]


def test_internal_notes_are_marked_as_not_seen_by_the_member(people, feedback, handler):
    # given
    services.add_internal_note(people.vsip_handler, feedback, body="Đã gọi điện cho phòng nhân sự.")
    services.reply_to_feedback(
        people.vsip_handler, feedback, body="Công đoàn đã làm việc với công ty.", final=False
    )

    # when
    response = handler.get(detail_url(feedback))

    # then
    kinds = [(m["kind"], m["internal"]) for m in response.context["thread"]]
    assert kinds == [(MessageKind.INTERNAL_NOTE, True), (MessageKind.REPLY, False)]
    assert response.content.decode().count("data-feedback-internal") == 1


def test_the_history_comes_from_the_audit_log(people, feedback, handler):
    # given
    services.acknowledge_feedback(people.vsip_handler, feedback)

    # when
    history = handler.get(detail_url(feedback)).context["history"]

    # then the member's own step shows as "Member", never by name
    assert [(row["message"], row["from"], row["to"], row["user"]) for row in history] == [
        ("Feedback submitted", "", "", "Member"),
        ("Feedback acknowledged", "Submitted", "Acknowledged", "phananh.vsip"),
    ]
    assert log_registry.get_logs_for_instance(feedback).count() == 2


def test_after_forwarding_the_lower_level_reads_without_identity_nor_actions(people, feedback, handler):
    # given
    services.forward_feedback(
        people.vsip_handler,
        feedback,
        to_organisation=people.tree["kcn"],
        reason="Vượt thẩm quyền công đoàn cơ sở.",
    )

    # when
    response = handler.get(detail_url(feedback))
    page = response.content.decode()

    # then
    assert response.status_code == 200
    assert response.context["member"] is None
    assert people.member.phone not in page and people.member.full_name not in page
    assert offered(response) == []
    assert "data-feedback-read-only" in page
    assert "Vượt thẩm quyền công đoàn cơ sở." in page  # the forwarding history


def test_a_read_only_officer_cannot_act_by_posting(people, feedback, handler):
    # given
    services.forward_feedback(
        people.vsip_handler, feedback, to_organisation=people.tree["kcn"], reason="Vượt thẩm quyền."
    )

    # when
    response = handler.post(action_url(feedback, "close"), follow=True)

    # then the service's refusal is shown and nothing changed
    assert said(response) == ["You may not handle this feedback."]
    assert status_of(feedback) == FeedbackStatus.SUBMITTED


# --- actions -------------------------------------------------------------------------------------


def test_acknowledge_then_start(people, feedback, handler):
    # when
    first = handler.post(action_url(feedback, "acknowledge"), follow=True)
    second = handler.post(action_url(feedback, "start"), follow=True)

    # then
    assert said(first) == ["The feedback is acknowledged."]
    assert said(second) == ["The feedback is being handled."]
    assert status_of(feedback) == FeedbackStatus.IN_PROGRESS
    assert "acknowledge" not in offered(second)


def test_reply_with_a_final_answer_and_a_file(people, feedback, handler):
    # when
    response = handler.post(
        action_url(feedback, "reply"),
        {
            "reply-body": "Công ty cam kết trả đủ lương tháng 10 trước ngày 15/11.",
            "reply-final": "on",
            "reply-attachments": [upload("bien-ban.png", png_bytes())],
        },
    )

    # then
    assert response.status_code == 302 and response.url == detail_url(feedback)
    assert status_of(feedback) == FeedbackStatus.ANSWERED
    reply = FeedbackMessage.objects.get(feedback=feedback, kind=MessageKind.REPLY)
    assert reply.author == people.vsip_handler
    assert [a.display_name for a in FeedbackAttachment.objects.filter(message=reply)] == ["bien-ban.png"]
    assert offered(handler.get(detail_url(feedback))) == [
        "start",
        "close",
        "reply",
        "note",
        "assign",
        "forward",
    ]


def test_a_reply_on_the_way_leaves_the_status(people, feedback, handler):
    # given
    services.start_progress(people.vsip_handler, feedback)

    # when
    handler.post(action_url(feedback, "reply"), {"reply-body": "Đang xác minh với công ty."})

    # then
    assert status_of(feedback) == FeedbackStatus.IN_PROGRESS


def test_a_disguised_file_is_refused_on_the_form(people, feedback, handler):
    # when
    response = handler.post(
        action_url(feedback, "reply"),
        {
            "reply-body": "Xem tệp.",
            "reply-final": "on",
            "reply-attachments": [upload("bang-luong.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )

    # then
    assert response.status_code == 200
    form = next(row["form"] for row in response.context["form_actions"] if row["action"].name == "reply")
    assert form.errors["attachments"]
    assert status_of(feedback) == FeedbackStatus.SUBMITTED
    assert not FeedbackMessage.objects.filter(feedback=feedback).exists()


def test_request_information(people, feedback, handler):
    # when
    handler.post(
        action_url(feedback, "request-information"), {"request-information-body": "Xin gửi ảnh phiếu lương."}
    )

    # then
    assert status_of(feedback) == FeedbackStatus.NEEDS_INFORMATION
    assert FeedbackMessage.objects.get(feedback=feedback).kind == MessageKind.INFORMATION_REQUEST


def test_internal_note(people, feedback, handler):
    # when
    handler.post(action_url(feedback, "note"), {"note-body": "Đã trao đổi với chủ tịch công đoàn."})

    # then the note changes no status
    assert status_of(feedback) == FeedbackStatus.SUBMITTED
    assert FeedbackMessage.objects.get(feedback=feedback).kind == MessageKind.INTERNAL_NOTE


def test_assign_a_handler_among_those_who_may(people, feedback, handler):
    # given the choices
    form = next(
        row["form"]
        for row in handler.get(detail_url(feedback)).context["form_actions"]
        if row["action"].name == "assign"
    )
    choices = set(form.fields["handler"].queryset)

    # when
    handler.post(action_url(feedback, "assign"), {"assign-handler": people.kcn_handler.pk})
    refused = handler.post(action_url(feedback, "assign"), {"assign-handler": people.gd_handler.pk})

    # then officers of its union and above (no one of another branch, no clerk)
    assert choices == {people.vsip_handler, people.kcn_handler, people.kcn_editor, people.root_handler}
    assert Feedback.objects.get(pk=feedback.pk).handler == people.kcn_handler
    assert refused.status_code == 200
    assert Feedback.objects.get(pk=feedback.pk).handler == people.kcn_handler


def test_forward_to_a_higher_level(people, feedback, handler):
    # when
    handler.post(
        action_url(feedback, "forward"),
        {"forward-to_organisation": people.tree["root"].pk, "forward-reason": "Cần Liên đoàn xử lý."},
    )

    # then
    assert Feedback.objects.get(pk=feedback.pk).organisation == people.tree["root"]


def test_forward_needs_a_reason_and_an_ancestor(people, feedback, handler):
    # when
    no_reason = handler.post(
        action_url(feedback, "forward"),
        {"forward-to_organisation": people.tree["kcn"].pk, "forward-reason": ""},
    )
    sideways = handler.post(
        action_url(feedback, "forward"),
        {"forward-to_organisation": people.tree["gd"].pk, "forward-reason": "Chuyển sang ngành giáo dục."},
    )

    # then
    for response in (no_reason, sideways):
        form = next(
            row["form"] for row in response.context["form_actions"] if row["action"].name == "forward"
        )
        assert form.errors
    assert Feedback.objects.get(pk=feedback.pk).organisation == people.tree["vsip"]


def test_reject_with_the_services_refusal_shown(people, feedback, handler):
    # when the reason is too short for the service
    short = handler.post(action_url(feedback, "reject"), {"reject-reason": "Sai"})
    done = handler.post(
        action_url(feedback, "reject"),
        {"reject-reason": "Nội dung không thuộc thẩm quyền công đoàn."},
        follow=True,
    )

    # then
    form = next(row["form"] for row in short.context["form_actions"] if row["action"].name == "reject")
    assert form.errors == {"reason": ["Write at least 5 characters."]}
    assert said(done) == ["The feedback was rejected."]
    assert status_of(feedback) == FeedbackStatus.REJECTED
    assert offered(done) == []


def test_close_is_offered_only_once_answered(people, feedback, handler):
    # when closing a feedback just submitted (not offered, posted anyway)
    refused = handler.post(action_url(feedback, "close"), follow=True)
    services.reply_to_feedback(people.vsip_handler, feedback, body="Đã giải quyết xong.")
    closed = handler.post(action_url(feedback, "close"), follow=True)

    # then
    assert said(refused) == ["A feedback that is submitted cannot become closed."]
    assert said(closed) == ["The feedback is closed."]
    assert status_of(feedback) == FeedbackStatus.CLOSED


def test_a_withdrawn_feedback_offers_nothing(people, feedback, handler):
    # given
    services.withdraw_feedback(people.member.user, feedback)

    # when
    response = handler.get(detail_url(feedback))
    posted = handler.post(action_url(feedback, "note"), {"note-body": "Ghi chú."}, follow=True)

    # then
    assert offered(response) == []
    assert said(posted) == ["This feedback is withdrawn: nothing more can be done with it."]
    assert not FeedbackMessage.objects.filter(feedback=feedback, kind=MessageKind.INTERNAL_NOTE).exists()


def test_an_unknown_action_is_not_found(feedback, handler):
    # when
    response = handler.post(action_url(feedback, "delete"))

    # then
    assert response.status_code == 404
