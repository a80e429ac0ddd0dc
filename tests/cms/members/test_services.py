from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import authenticate
from django.utils import timezone

from cms.core.errors import ServiceError, ServiceErrors
from cms.members import services
from cms.members.errors import MemberErrorCode
from cms.members.models import Member, MemberStatus, MemberTransfer, TransferReason
from tests import factories


def test_create_member_creates_the_user_with_the_phone_as_username_and_no_usable_password(tree):
    # when
    member = services.create_member(
        full_name="  Nguyễn   Văn An ",
        phone="+84 912 345 678",
        organisation=tree["vsip"],
        date_of_birth=datetime.date(1990, 3, 15),
        gender="male",
        card_number="NA-000123",
    )

    # then
    assert (member.full_name, member.phone, member.search_name, member.card_number) == (
        "Nguyễn   Văn An",
        "0912345678",
        "nguyen van an",
        "NA-000123",
    )
    assert member.user.username == "0912345678"
    assert member.user.has_usable_password() is False
    assert member.status == MemberStatus.ACTIVE


def test_create_member_with_a_password_can_sign_in_by_phone(tree):
    # given
    services.create_member(
        full_name="Lê Thị Bình", phone="0987654321", organisation=tree["thpt"], password="Mat-khau-2026!"
    )

    # when
    user = authenticate(username="098 765 4321", password="Mat-khau-2026!")

    # then
    assert user is not None
    assert user.member.full_name == "Lê Thị Bình"


def test_create_member_reports_every_problem_at_once(tree):
    # given
    factories.make_member(tree["vsip"], phone="0912000001", card_number="NA-1")

    # when
    with pytest.raises(ServiceErrors) as error:
        services.create_member(full_name="", phone="0912000001", organisation=tree["kcn"], card_number="NA-1")

    # then
    assert [(e.code, e.field) for e in error.value.errors] == [
        (MemberErrorCode.NAME_REQUIRED, "full_name"),
        (MemberErrorCode.ORGANISATION_NOT_MEMBER_LEVEL, "organisation"),
        (MemberErrorCode.PHONE_TAKEN, "phone"),
        (MemberErrorCode.CARD_TAKEN, "card_number"),
    ]
    assert Member.objects.count() == 1


def test_create_member_refuses_an_invalid_phone(tree):
    # when
    with pytest.raises(ServiceError) as error:
        services.create_member(full_name="Trần Văn C", phone="012345", organisation=tree["vsip"])

    # then
    assert (error.value.code, error.value.message) == (
        MemberErrorCode.INVALID_PHONE,
        "“012345” is not a Vietnamese mobile number.",
    )


def test_create_member_refuses_a_phone_used_as_someones_username(tree):
    # given
    factories.make_user("0912000009")

    # when
    with pytest.raises(ServiceError) as error:
        services.create_member(full_name="Trần Văn C", phone="0912000009", organisation=tree["vsip"])

    # then
    assert error.value.code == MemberErrorCode.PHONE_TAKEN


def test_update_member_changes_the_phone_and_the_username_with_it(tree):
    # given
    member = services.create_member(full_name="Nguyễn Văn An", phone="0912345678", organisation=tree["vsip"])

    # when
    updated = services.update_member(member, phone="0987 000 111", full_name="Nguyễn Văn Ân")

    # then
    assert (updated.phone, updated.user.username, updated.search_name) == (
        "0987000111",
        "0987000111",
        "nguyen van an",
    )


def test_moving_a_member_records_a_transfer(tree):
    # given
    member = factories.make_member(tree["vsip"], phone="0912000001")
    officer = factories.make_officer(tree["kcn"])
    day = datetime.date(2026, 7, 1)

    # when
    services.update_member(
        member,
        by=officer.user,
        organisation=tree["hoa_sen"],
        transfer_on=day,
        transfer_note="Chuyển công tác",
    )

    # then
    assert Member.objects.get(pk=member.pk).organisation == tree["hoa_sen"]
    transfer = MemberTransfer.objects.get(member=member)
    assert (
        transfer.from_organisation,
        transfer.to_organisation,
        transfer.effective_on,
        transfer.reason,
        transfer.note,
        transfer.recorded_by,
    ) == (tree["vsip"], tree["hoa_sen"], day, TransferReason.TRANSFER, "Chuyển công tác", officer.user)
    assert list(Member.objects.in_organisation_on(tree["vsip"], datetime.date(2026, 6, 30))) == [member]
    assert list(Member.objects.in_organisation_on(tree["hoa_sen"], day)) == [member]


def test_a_member_cannot_be_moved_to_an_upper_level_union(tree):
    # given
    member = factories.make_member(tree["vsip"], phone="0912000001")

    # when
    with pytest.raises(ServiceError) as error:
        services.update_member(member, organisation=tree["kcn"])

    # then
    assert error.value.code == MemberErrorCode.ORGANISATION_NOT_MEMBER_LEVEL
    assert not MemberTransfer.objects.exists()


def test_deactivating_keeps_the_member_and_their_history(tree):
    # given
    member = factories.make_member(tree["vsip"], phone="0912000001")

    # when
    services.deactivate_member(member)

    # then
    member = Member.objects.get(pk=member.pk)
    assert member.status == MemberStatus.LEFT
    assert member.user.is_active is True
    assert list(Member.objects.active()) == []
    assert member.updated_at <= timezone.now()
