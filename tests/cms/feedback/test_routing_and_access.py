"""Where feedback goes, who may read it and who may act on it."""

from __future__ import annotations

import pytest

from cms.core.errors import ServiceError
from cms.core.visibility import Viewer
from cms.feedback import services
from cms.feedback.errors import FeedbackErrorCode
from cms.feedback.models import Feedback, FeedbackAttachment, FeedbackMessage
from cms.feedback.permissions import can_handle, can_view, feedback_for_officer
from cms.members.models import Member, MemberStatus
from cms.organisations.models import Officer, OrganisationStatus
from tests import factories
from tests.cms.feedback.helpers import png_bytes, row_counts, submit, upload


def test_feedback_goes_to_the_members_union_by_default(people):
    feedback = submit(people.member)

    assert feedback.organisation == people.tree["vsip"]
    assert feedback.member == people.member
    assert feedback.reference == f"PA-{feedback.submitted_at.year}-{feedback.pk:06d}"


@pytest.mark.parametrize("level", ["kcn", "root"])
def test_a_member_may_choose_a_union_above_theirs(people, level):
    feedback = submit(people.member, organisation=people.tree[level])

    assert feedback.organisation == people.tree[level]


@pytest.mark.parametrize("elsewhere", ["hoa_sen", "gd", "thpt"])
def test_a_member_may_not_send_outside_their_chain(people, elsewhere):
    # given
    before = row_counts()

    # when
    with pytest.raises(ServiceError) as refused:
        submit(people.member, organisation=people.tree[elsewhere].pk)

    # then
    assert (refused.value.code, refused.value.field) == (
        FeedbackErrorCode.ORGANISATION_NOT_ALLOWED,
        "organisation_id",
    )
    assert row_counts() == before


def test_a_dissolved_union_above_is_not_a_choice(people):
    people.tree["kcn"].status = OrganisationStatus.DISSOLVED
    people.tree["kcn"].save()

    with pytest.raises(ServiceError) as refused:
        submit(people.member, organisation=people.tree["kcn"])

    assert refused.value.code == FeedbackErrorCode.ORGANISATION_NOT_ALLOWED
    member = Member.objects.select_related("organisation").get(pk=people.member.pk)
    assert [o.code for o in services.routable_organisations(member)] == ["cdcs-luxshare", "ldld-nghe-an"]


@pytest.mark.parametrize("who", ["officer", "suspended member", "deactivated user"])
def test_only_active_members_submit(people, who):
    if who == "officer":
        user = people.kcn_handler
    elif who == "suspended member":
        people.member.status = MemberStatus.SUSPENDED
        people.member.save()
        user = people.member.user
    else:
        people.member.user.is_active = False
        people.member.user.save()
        user = people.member.user

    with pytest.raises(ServiceError) as refused:
        submit(user)

    assert refused.value.code == FeedbackErrorCode.NOT_A_MEMBER
    assert Feedback.objects.count() == 0


def test_the_handlers_above_the_routed_union_handle_it_and_no_one_else(people):
    # given feedback routed to Luxshare (under the zones' union)
    feedback = submit(people.member)

    # then
    assert [
        can_handle(user, feedback)
        for user in (
            people.vsip_handler,
            people.kcn_handler,
            people.kcn_editor,
            people.root_handler,
            people.gd_handler,
            people.kcn_clerk,
            people.member.user,
            people.other_member.user,
        )
    ] == [True, True, True, True, False, False, False, False]


def test_a_handler_sees_only_what_is_routed_to_their_subtree(people):
    # given one feedback in each subtree
    ours = submit(people.member)
    theirs = submit(people.other_member)

    # then
    assert list(feedback_for_officer(people.kcn_handler)) == [ours]
    assert list(feedback_for_officer(people.gd_handler)) == [theirs]
    assert set(feedback_for_officer(people.root_handler)) == {ours, theirs}
    assert list(feedback_for_officer(people.kcn_clerk)) == []
    assert list(Feedback.objects.visible_to(Viewer.for_user(people.gd_handler))) == [theirs]


def test_a_handler_cannot_act_on_feedback_routed_elsewhere(people):
    # given
    theirs = submit(people.other_member)
    before = row_counts()

    # when the zones' handler tries every action
    attempts = [
        lambda: services.acknowledge_feedback(people.kcn_handler, theirs),
        lambda: services.reply_to_feedback(people.kcn_handler, theirs, body="Trả lời"),
        lambda: services.add_internal_note(people.kcn_handler, theirs, body="Ghi chú"),
        lambda: services.assign_handler(people.kcn_handler, theirs, handler=people.kcn_handler),
        lambda: services.forward_feedback(
            people.kcn_handler, theirs, to_organisation=people.tree["root"], reason="Chuyển lên"
        ),
        lambda: services.reject_feedback(people.kcn_handler, theirs, reason="Không thuộc phạm vi"),
    ]
    codes = []
    for attempt in attempts:
        with pytest.raises(ServiceError) as refused:
            attempt()
        codes.append(refused.value.code)

    # then
    assert codes == [FeedbackErrorCode.NOT_ALLOWED] * len(attempts)
    assert row_counts() == before


def test_nobody_handles_their_own_feedback(people):
    # given an officer who is also a member of Luxshare
    officer_member = factories.make_member(people.tree["vsip"], full_name="Lê Thị Cán Bộ")
    Officer.objects.create(
        user=officer_member.user, organisation=people.tree["vsip"], role="feedback_handler"
    )
    feedback = submit(officer_member.user)

    # then they may not handle it, and as its member they never see internal notes
    services.add_internal_note(people.vsip_handler, feedback, body="Ghi chú nội bộ")
    assert not can_handle(officer_member.user, feedback)
    assert not FeedbackMessage.objects.visible_to(Viewer.for_user(officer_member.user)).exists()


def test_members_read_only_their_own_feedback_and_never_internal_notes(people):
    # given two members' feedback, a reply and an internal note with a file on the first
    ours = submit(people.member)
    theirs = submit(people.other_member)
    services.reply_to_feedback(people.vsip_handler, ours, body="Trả lời", final=False)
    services.add_internal_note(
        people.vsip_handler, ours, body="Ghi chú nội bộ", attachments=[upload("note.png", png_bytes())]
    )
    member, other, handler = (
        Viewer.for_user(people.member.user),
        Viewer.for_user(people.other_member.user),
        Viewer.for_user(people.vsip_handler),
    )

    # then
    assert list(Feedback.objects.visible_to(member)) == [ours]
    assert list(Feedback.objects.visible_to(other)) == [theirs]
    assert list(FeedbackMessage.objects.visible_to(member).values_list("kind", flat=True)) == ["reply"]
    assert list(FeedbackMessage.objects.visible_to(other)) == []
    assert sorted(FeedbackMessage.objects.visible_to(handler).values_list("kind", flat=True)) == [
        "internal_note",
        "reply",
    ]
    assert not FeedbackAttachment.objects.visible_to(member).exists()
    assert FeedbackAttachment.objects.visible_to(handler).count() == 1
    assert not Feedback.objects.visible_to(Viewer.anonymous()).exists()


def test_forwarding_goes_up_and_the_lower_level_keeps_read_access(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    # given feedback at Luxshare
    feedback = submit(people.member)

    # when Luxshare's handler forwards it to the zones' union
    with django_capture_on_commit_callbacks(execute=True):
        forward = services.forward_feedback(
            people.vsip_handler,
            feedback,
            to_organisation=people.tree["kcn"],
            reason="Liên quan nhiều doanh nghiệp trong KCN.",
        )

    # then the zones' union handles it, Luxshare still reads it but no longer acts
    feedback.refresh_from_db()
    assert (forward.from_organisation, forward.to_organisation) == (people.tree["vsip"], people.tree["kcn"])
    assert feedback.organisation == people.tree["kcn"]
    assert can_handle(people.kcn_handler, feedback)
    assert not can_handle(people.vsip_handler, feedback)
    assert can_view(people.vsip_handler, feedback)
    assert list(Feedback.objects.visible_to(Viewer.for_user(people.vsip_handler))) == [feedback]
    assert not can_view(people.gd_handler, feedback)
    with pytest.raises(ServiceError) as refused:
        services.reply_to_feedback(people.vsip_handler, feedback, body="Trả lời")
    assert refused.value.code == FeedbackErrorCode.NOT_ALLOWED
    assert [m.to for m in mailoutbox] == [["phananh.kcn@example.vn"]]


@pytest.mark.parametrize("target", ["vsip", "hoa_sen", "gd", "thpt"])
def test_forwarding_only_upward(people, target):
    # given feedback routed to the zones' union
    feedback = submit(people.member, organisation=people.tree["kcn"])
    before = row_counts()

    # when its handler forwards to itself, below, sideways or into another subtree
    with pytest.raises(ServiceError) as refused:
        services.forward_feedback(
            people.kcn_handler, feedback, to_organisation=people.tree[target], reason="Chuyển đi"
        )

    # then
    assert refused.value.code == FeedbackErrorCode.ORGANISATION_NOT_ALLOWED
    assert row_counts() == before


def test_forwarding_needs_a_reason(people):
    feedback = submit(people.member)

    with pytest.raises(ServiceError) as refused:
        services.forward_feedback(
            people.vsip_handler, feedback, to_organisation=people.tree["kcn"], reason="  "
        )

    assert (refused.value.code, refused.value.field) == (FeedbackErrorCode.REQUIRED, "reason")


def test_assignment_only_to_someone_who_may_handle_it(people):
    feedback = submit(people.member)

    services.assign_handler(people.kcn_handler, feedback, handler=people.vsip_handler)
    with pytest.raises(ServiceError) as refused:
        services.assign_handler(people.kcn_handler, feedback, handler=people.gd_handler)

    feedback.refresh_from_db()
    assert refused.value.code == FeedbackErrorCode.HANDLER_NOT_ALLOWED
    assert feedback.handler == people.vsip_handler
