"""E-mails to handlers, the overdue command, the audit log, exports and response deadlines."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.core.errors import ServiceError
from cms.feedback import services
from cms.feedback.errors import FeedbackErrorCode
from cms.feedback.models import DEFAULT_RESPONSE_DAYS, Feedback, FeedbackLogEntry, ResponseDeadline
from cms.organisations.models import Officer
from tests import factories
from tests.cms.feedback.helpers import DESCRIPTION, submit

IDENTITY = ("Nguyễn Văn An", "0912345678", "4000000001", DESCRIPTION)


def _without_identity(message) -> bool:
    text = f"{message.subject}\n{message.body}"
    return not any(part in text for part in IDENTITY)


def test_new_feedback_is_emailed_to_the_routed_unions_handlers_without_the_member(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        feedback = submit(people.member, employer_name="Công ty TNHH Luxshare-ICT Nghệ An")

    # then one e-mail, to Luxshare's handler, with what to act on and nothing of who sent it
    [message] = mailoutbox
    assert message.to == ["phananh.vsip@example.vn"]
    assert feedback.reference in message.subject
    assert f"/admin/feedback/{feedback.pk}/" in message.body
    assert feedback.title in message.body
    assert _without_identity(message)


def test_without_handlers_the_nearest_union_above_with_one_hears(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    # given Luxshare's handler has left
    Officer.objects.filter(user=people.vsip_handler).update(ended_on=timezone.localdate() - timedelta(days=1))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        submit(people.member)

    # then the zones' union's handler is told (not its editor: handlers only)
    assert [m.to for m in mailoutbox] == [["phananh.kcn@example.vn"]]


def test_nothing_is_emailed_when_the_submission_fails(people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ServiceError):
        submit(people.member, description="ngắn")

    assert mailoutbox == []


def test_overdue_feedback_is_emailed_once_a_day(people, mailoutbox, monkeypatch):
    # given one overdue feedback (assigned), one not yet due, one overdue but answered
    overdue = submit(people.member)
    services.assign_handler(people.kcn_handler, overdue, handler=people.kcn_handler)
    submit(people.member)
    answered = submit(people.other_member)
    services.reply_to_feedback(people.gd_handler, answered, body="Đã trả lời")
    past = timezone.now() - timedelta(days=1)
    Feedback.objects.filter(pk__in=[overdue.pk, answered.pk]).update(due_at=past)

    # when the command runs twice today, then tomorrow
    first, second = StringIO(), StringIO()
    call_command("notify_overdue_feedback", stdout=first)
    call_command("notify_overdue_feedback", stdout=second)
    after_today = len(mailoutbox)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    call_command("notify_overdue_feedback", stdout=StringIO())

    # then the assigned handler heard about it once today and again tomorrow, without the member
    assert list(services.overdue_feedback()) == [overdue]
    assert Feedback.objects.get(pk=overdue.pk).is_overdue
    assert (first.getvalue(), second.getvalue()) == (
        "1 overdue feedback notified in 1 e-mails\n",
        "0 overdue feedback notified in 0 e-mails\n",
    )
    assert after_today == 1
    assert [m.to for m in mailoutbox] == [["phananh.kcn@example.vn"]] * 2
    assert overdue.reference in mailoutbox[0].body
    assert all(_without_identity(m) for m in mailoutbox)


def test_every_change_is_in_the_audit_log_without_the_members_identity(people):
    # given
    feedback = submit(people.member)

    # when it goes through its life
    services.assign_handler(people.kcn_handler, feedback, handler=people.vsip_handler)
    services.add_internal_note(people.vsip_handler, feedback, body="Đã gọi phòng nhân sự.")
    services.request_information(people.vsip_handler, feedback, body="Đề nghị gửi bảng lương.")
    services.add_member_message(people.member.user, feedback, body="Tôi gửi bảng lương tháng 10.")
    services.forward_feedback(
        people.vsip_handler, feedback, to_organisation=people.tree["kcn"], reason="Cần cấp trên làm việc."
    )
    services.reply_to_feedback(people.kcn_handler, feedback, body="Công ty đã trả lương.")
    services.rate_feedback_answer(people.member.user, feedback, rating=5)

    # then
    entries = FeedbackLogEntry.objects.for_instance(feedback).order_by("pk")
    assert [(e.action, e.user) for e in entries] == [
        ("feedback.submit", people.member.user),
        ("feedback.assign", people.kcn_handler),
        ("feedback.note", people.vsip_handler),
        ("feedback.acknowledge", people.vsip_handler),
        ("feedback.status", people.vsip_handler),
        ("feedback.information_request", people.vsip_handler),
        ("feedback.member_message", people.member.user),
        ("feedback.resume", people.member.user),
        ("feedback.forward", people.vsip_handler),
        ("feedback.answer", people.kcn_handler),
        ("feedback.reply", people.kcn_handler),
        ("feedback.rate", people.member.user),
        ("feedback.close", people.member.user),
    ]
    assert entries[4].data == {"from": "acknowledged", "to": "needs_information"}
    logged = " ".join(str(e.data) + e.label for e in entries)
    assert not any(part in logged for part in IDENTITY)
    # every action is registered, with its message
    assert all(e.formatter is not None and e.message for e in entries)


def test_exports_never_say_who_sent_it(people):
    submit(people.member, employer_name="Công ty TNHH Luxshare-ICT Nghệ An")

    [row] = services.export_rows(Feedback.objects.all())

    assert list(row) == [name for name, _ in services.EXPORT_FIELDS]
    assert not any(part in str(row) for part in IDENTITY)
    assert row["organisation"] == "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An"


def test_the_deadline_comes_from_the_category(people):
    # given a deadline for safety, none for wages
    federation_editor = factories.make_officer(people.tree["root"], role="editor").user
    services.set_response_deadline(federation_editor, category="safety", days=5)

    # when
    safety = submit(people.member, category="safety")
    wages = submit(people.member, category="wages")

    # then
    assert safety.due_at - safety.submitted_at == timedelta(days=5)
    assert wages.due_at - wages.submitted_at == timedelta(days=DEFAULT_RESPONSE_DAYS)
    assert ResponseDeadline.all_days()["safety"] == 5


def test_only_the_federation_sets_deadlines_and_within_range(people):
    federation_editor = factories.make_officer(people.tree["root"], role="editor").user
    refusals = []
    for officer, days in (
        (people.kcn_editor, 10),
        (people.root_handler, 10),
        (federation_editor, 0),
        (federation_editor, 366),
        (federation_editor, "7"),
    ):
        with pytest.raises(ServiceError) as refused:
            services.set_response_deadline(officer, category="wages", days=days)
        refusals.append(refused.value.code)

    assert refusals == [FeedbackErrorCode.NOT_ALLOWED] * 2 + [FeedbackErrorCode.INVALID_DEADLINE] * 3
    assert not ResponseDeadline.objects.exists()


def test_feedback_changes_leave_the_public_api_caches_content_version_alone(demo):
    # given the content version guests' cached lists are kept under
    from cms.feedback import services
    from cms.members.models import Member
    from graphql_api.core.caching import content_version

    member = Member.objects.filter(status="active", user__isnull=False).first()
    before = content_version()

    # when a member submits feedback (logged in the feedback domain's own audit table)
    services.submit_feedback(
        member.user,
        category="wages",
        title="Chậm trả lương",
        description="Công ty trả lương chậm hai tuần so với hợp đồng lao động đã ký.",
    )

    # then guests' cached lists stay valid
    assert content_version() == before
