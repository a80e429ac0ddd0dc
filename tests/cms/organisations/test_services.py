from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.core.errors import ServiceError
from cms.members.models import Member, MemberStatus, MemberTransfer, TransferReason
from cms.organisations import services
from cms.organisations.errors import OrganisationErrorCode
from cms.organisations.models import (
    ChangeKind,
    Officer,
    Organisation,
    OrganisationChange,
    OrganisationLevel,
    OrganisationStatus,
)
from tests import factories

TODAY = timezone.localdate
ONE_DAY = datetime.timedelta(days=1)


def fresh(organisation: Organisation) -> Organisation:
    return Organisation.objects.get(pk=organisation.pk)


def parent_of(organisation: Organisation) -> Organisation:
    return fresh(organisation).get_parent(update=True)


@pytest.fixture
def units(tree):
    """Two nested departmental units inside the Luxshare grassroots union."""
    workshop = factories.make_child(
        tree["vsip"], "Công đoàn bộ phận Xưởng SMT", OrganisationLevel.UNIT, "cdbp-smt"
    )
    group = factories.make_child(workshop, "Tổ công đoàn ca 1", OrganisationLevel.UNIT, "to-ca-1")
    return {"workshop": workshop, "group": group}


# --- create ------------------------------------------------------------------------------------


def test_create_organisation_places_it_under_its_parent_and_records_the_creation(tree):
    # given
    officer = factories.make_officer(tree["kcn"])

    # when
    created = services.create_organisation(
        tree["kcn"],
        by=officer.user,
        name="Công đoàn cơ sở Công ty TNHH Goertek Vina",
        code="cdcs-goertek",
        level=OrganisationLevel.GRASSROOTS,
        established_on=datetime.date(2024, 5, 2),
    )

    # then
    assert parent_of(created) == tree["kcn"]
    assert created.search_name == "cong doan co so cong ty tnhh goertek vina"
    change = OrganisationChange.objects.get(organisation=created)
    assert (change.kind, change.new_parent, change.new_name, change.effective_on, change.recorded_by) == (
        ChangeKind.CREATED,
        tree["kcn"],
        "Công đoàn cơ sở Công ty TNHH Goertek Vina",
        datetime.date(2024, 5, 2),
        officer.user,
    )
    assert change.applied_at is not None


@pytest.mark.parametrize(
    ("parent_key", "level", "code", "expected_code"),
    [
        ("vsip", OrganisationLevel.GRASSROOTS, "cdcs-new", OrganisationErrorCode.LEVEL_NOT_ALLOWED),
        ("kcn", OrganisationLevel.UPPER, "cd-new", OrganisationErrorCode.LEVEL_NOT_ALLOWED),
        ("kcn", OrganisationLevel.GRASSROOTS, "CDCS-LUXSHARE", OrganisationErrorCode.CODE_TAKEN),
        (None, OrganisationLevel.GRASSROOTS, "cdcs-orphan", OrganisationErrorCode.PARENT_REQUIRED),
    ],
)
def test_create_organisation_refuses_a_misplaced_or_duplicate_organisation(
    tree, parent_key, level, code, expected_code
):
    # given
    parent = tree[parent_key] if parent_key else None
    count = Organisation.objects.count()

    # when
    with pytest.raises(ServiceError) as error:
        services.create_organisation(parent, name="Công đoàn mới", code=code, level=level)

    # then
    assert error.value.code == expected_code
    assert Organisation.objects.count() == count


# --- reparent ----------------------------------------------------------------------------------


def test_reparent_moves_the_subtree_and_records_old_and_new_parent(tree, units):
    # given
    member = factories.make_member(tree["vsip"], phone="0912000001")
    officer = factories.make_officer(tree["root"])

    # when
    change = services.reparent(tree["vsip"], tree["gd"], by=officer.user, note="45/QĐ-LĐLĐ")

    # then
    assert parent_of(tree["vsip"]) == tree["gd"]
    assert parent_of(units["workshop"]) == tree["vsip"]
    assert parent_of(units["group"]) == units["workshop"]
    assert fresh(units["group"]).path.startswith(fresh(tree["gd"]).path)
    assert (change.kind, change.old_parent, change.new_parent, change.note, change.effective_on) == (
        ChangeKind.REPARENTED,
        tree["kcn"],
        tree["gd"],
        "45/QĐ-LĐLĐ",
        TODAY(),
    )
    assert change.applied_at is not None
    assert Member.objects.get(pk=member.pk).organisation == tree["vsip"]
    assert list(fresh(tree["kcn"]).get_children()) == [tree["hoa_sen"]]


def test_reparent_keeps_siblings_in_alphabetical_order(tree):
    # when
    services.reparent(tree["vsip"], tree["gd"])

    # then
    assert [o.code for o in fresh(tree["gd"]).get_children()] == [
        "cdcs-luxshare",
        "cdcs-mn-hoa-hong",
        "cdcs-thpt-htk",
    ]


@pytest.mark.parametrize(
    ("moved", "target", "expected_code"),
    [
        ("workshop", "group", OrganisationErrorCode.MOVE_INTO_OWN_SUBTREE),
        ("workshop", "workshop", OrganisationErrorCode.MOVE_INTO_OWN_SUBTREE),
        ("vsip", "hoa_sen", OrganisationErrorCode.LEVEL_NOT_ALLOWED),
        ("vsip", "kcn", OrganisationErrorCode.SAME_PARENT),
        ("kcn", "gd", OrganisationErrorCode.LEVEL_NOT_ALLOWED),
    ],
)
def test_reparent_refuses_invalid_moves_and_records_nothing(tree, units, moved, target, expected_code):
    # given
    nodes = {**tree, **units}
    paths = dict(Organisation.objects.values_list("code", "path"))

    # when
    with pytest.raises(ServiceError) as error:
        services.reparent(nodes[moved], nodes[target])

    # then
    assert error.value.code == expected_code
    assert dict(Organisation.objects.values_list("code", "path")) == paths
    assert not OrganisationChange.objects.filter(kind=ChangeKind.REPARENTED).exists()


def test_reparent_refuses_an_inactive_parent(tree):
    # given
    services.dissolve(tree["mn"])
    services.merge(tree["hoa_sen"], tree["vsip"])

    # when
    with pytest.raises(ServiceError) as error:
        services.reparent(tree["thpt"], tree["hoa_sen"])

    # then
    assert error.value.code == OrganisationErrorCode.ORGANISATION_INACTIVE
    assert error.value.field == "new_parent"


# --- merge -------------------------------------------------------------------------------------


def test_merge_moves_current_members_and_children_ends_roles_and_keeps_history(tree, units):
    # given
    active = factories.make_member(tree["vsip"], phone="0912000001", full_name="Trần Văn Bình")
    suspended = factories.make_member(tree["vsip"], phone="0912000002", status=MemberStatus.SUSPENDED)
    left = factories.make_member(tree["vsip"], phone="0912000003", status=MemberStatus.LEFT)
    chair = factories.make_officer(tree["vsip"], role="editor")
    services.grant_admin_access(chair.user)
    dissolved_unit = factories.make_child(
        tree["vsip"], "Tổ công đoàn đã giải thể", OrganisationLevel.UNIT, "to-cu"
    )
    services.dissolve(dissolved_unit)
    yesterday = TODAY() - ONE_DAY

    # when
    change = services.merge(tree["vsip"], tree["hoa_sen"], note="Sáp nhập theo QĐ 12/QĐ-LĐLĐ")

    # then
    vsip = fresh(tree["vsip"])
    assert (vsip.status, vsip.merged_into, vsip.dissolved_on) == (
        OrganisationStatus.MERGED,
        tree["hoa_sen"],
        TODAY(),
    )
    assert (change.kind, change.merged_into, change.effective_on) == (
        ChangeKind.MERGED,
        tree["hoa_sen"],
        TODAY(),
    )
    assert change.applied_at is not None
    assert {
        m.pk: m.organisation_id for m in Member.objects.filter(pk__in=[active.pk, suspended.pk, left.pk])
    } == {
        active.pk: tree["hoa_sen"].pk,
        suspended.pk: tree["hoa_sen"].pk,
        left.pk: tree["vsip"].pk,
    }
    transfers = MemberTransfer.objects.filter(organisation_change=change)
    assert sorted(
        transfers.values_list("member_id", "from_organisation_id", "to_organisation_id", "reason")
    ) == sorted(
        [
            (active.pk, tree["vsip"].pk, tree["hoa_sen"].pk, TransferReason.MERGE),
            (suspended.pk, tree["vsip"].pk, tree["hoa_sen"].pk, TransferReason.MERGE),
        ]
    )
    assert parent_of(units["workshop"]) == tree["hoa_sen"]
    assert parent_of(dissolved_unit) == tree["vsip"]
    moved_unit = OrganisationChange.objects.get(organisation=units["workshop"], kind=ChangeKind.REPARENTED)
    assert (moved_unit.old_parent, moved_unit.new_parent) == (tree["vsip"], tree["hoa_sen"])
    assert Officer.objects.get(pk=chair.pk).ended_on == TODAY()
    assert not Officer.objects.current().filter(organisation=tree["vsip"]).exists()
    assert not chair.user.groups.filter(name=services.OFFICER_GROUP_NAME).exists()
    # who was where stays answerable
    assert set(Member.objects.in_organisation_on(tree["vsip"], yesterday)) == {active, suspended, left}
    assert set(Member.objects.in_organisation_on(tree["hoa_sen"], yesterday)) == set()
    assert set(Member.objects.in_organisation_on(tree["hoa_sen"], TODAY())) == {active, suspended}


@pytest.mark.parametrize(
    ("merged", "into", "expected_code"),
    [
        ("vsip", "vsip", OrganisationErrorCode.SAME_ORGANISATION),
        ("vsip", "kcn", OrganisationErrorCode.MERGE_LEVEL_MISMATCH),
        ("workshop", "group", OrganisationErrorCode.MOVE_INTO_OWN_SUBTREE),
    ],
)
def test_merge_refuses_invalid_targets(tree, units, merged, into, expected_code):
    # given
    nodes = {**tree, **units}

    # when
    with pytest.raises(ServiceError) as error:
        services.merge(nodes[merged], nodes[into])

    # then
    assert error.value.code == expected_code
    assert Organisation.objects.filter(status=OrganisationStatus.ACTIVE).count() == 9
    assert not OrganisationChange.objects.filter(kind=ChangeKind.MERGED).exists()


# --- dissolve ----------------------------------------------------------------------------------


def test_dissolve_refuses_while_current_members_remain(tree):
    # given
    factories.make_member(tree["mn"], phone="0912000001", status=MemberStatus.SUSPENDED)

    # when
    with pytest.raises(ServiceError) as error:
        services.dissolve(tree["mn"])

    # then
    assert error.value.code == OrganisationErrorCode.HAS_ACTIVE_MEMBERS
    assert (
        error.value.message
        == "“Công đoàn Trường Mầm non Hoa Hồng” still has 1 current members: transfer them first."
    )
    assert fresh(tree["mn"]).status == OrganisationStatus.ACTIVE
    assert not OrganisationChange.objects.filter(kind=ChangeKind.DISSOLVED).exists()


def test_dissolve_refuses_while_active_children_remain(tree):
    # when
    with pytest.raises(ServiceError) as error:
        services.dissolve(tree["gd"])

    # then
    assert error.value.code == OrganisationErrorCode.HAS_ACTIVE_CHILDREN
    assert fresh(tree["gd"]).status == OrganisationStatus.ACTIVE


def test_dissolve_marks_the_organisation_and_ends_its_roles_but_keeps_the_row(tree):
    # given
    factories.make_member(tree["mn"], phone="0912000001", status=MemberStatus.LEFT)
    clerk = factories.make_officer(tree["mn"], role="membership_clerk", started_on=datetime.date(2024, 1, 1))
    effective_on = TODAY() - datetime.timedelta(days=3)

    # when
    change = services.dissolve(tree["mn"], effective_on, note="Trường sáp nhập")

    # then
    mn = fresh(tree["mn"])
    assert (mn.status, mn.dissolved_on) == (OrganisationStatus.DISSOLVED, effective_on)
    assert (change.kind, change.effective_on, change.note) == (
        ChangeKind.DISSOLVED,
        effective_on,
        "Trường sáp nhập",
    )
    assert Officer.objects.get(pk=clerk.pk).ended_on == effective_on
    assert mn.members.count() == 1


# --- rename ------------------------------------------------------------------------------------


def test_rename_records_old_and_new_name_and_refolds_the_search_name(tree):
    # when
    change = services.rename(tree["gd"], "Công đoàn ngành Giáo dục Nghệ An", note="Đổi tên")

    # then
    gd = fresh(tree["gd"])
    assert (gd.name, gd.search_name) == (
        "Công đoàn ngành Giáo dục Nghệ An",
        "cong doan nganh giao duc nghe an",
    )
    assert (change.kind, change.old_name, change.new_name) == (
        ChangeKind.RENAMED,
        "Công đoàn Giáo dục tỉnh",
        "Công đoàn ngành Giáo dục Nghệ An",
    )
    assert [o.code for o in fresh(tree["root"]).get_children()] == ["cd-kcn", "cd-giao-duc"]


def test_rename_refuses_the_same_name(tree):
    # when
    with pytest.raises(ServiceError) as error:
        services.rename(tree["gd"], "Công đoàn Giáo dục tỉnh")

    # then
    assert error.value.code == OrganisationErrorCode.SAME_NAME


# --- scheduled changes ---------------------------------------------------------------------------


def test_a_future_change_is_scheduled_and_applied_when_due(tree):
    # given
    effective_on = TODAY() + datetime.timedelta(days=10)

    # when
    change = services.reparent(tree["thpt"], tree["kcn"], effective_on, note="Từ 01/01")

    # then
    assert change.is_scheduled
    assert change.applied_at is None
    assert parent_of(tree["thpt"]) == tree["gd"]

    # when the day before comes
    early = services.apply_due_changes(effective_on - ONE_DAY)

    # then
    assert (early.applied, early.failed) == ([], [])
    assert parent_of(tree["thpt"]) == tree["gd"]

    # when the day comes
    report = services.apply_due_changes(effective_on)

    # then
    assert [c.pk for c in report.applied] == [change.pk]
    assert parent_of(tree["thpt"]) == tree["kcn"]
    change.refresh_from_db()
    assert change.applied_at is not None
    assert not change.is_scheduled


def test_a_scheduled_merge_moves_members_on_its_date(tree):
    # given
    member = factories.make_member(tree["mn"], phone="0912000001")
    effective_on = TODAY() + datetime.timedelta(days=5)
    change = services.merge(tree["mn"], tree["thpt"], effective_on)

    # when
    services.apply_due_changes(effective_on)

    # then
    assert Member.objects.get(pk=member.pk).organisation == tree["thpt"]
    assert MemberTransfer.objects.get(member=member).effective_on == effective_on
    assert fresh(tree["mn"]).status == OrganisationStatus.MERGED
    change.refresh_from_db()
    assert change.applied_at is not None


def test_a_scheduled_change_that_no_longer_fits_stays_scheduled_and_is_reported(tree):
    # given
    factories.make_member(tree["mn"], phone="0912000001")
    effective_on = TODAY() + datetime.timedelta(days=5)
    dissolution = services.dissolve(tree["mn"], effective_on)
    rename = services.rename(tree["thpt"], "Công đoàn Trường THPT chuyên Phan Bội Châu", effective_on)

    # when
    report = services.apply_due_changes(effective_on)

    # then
    assert [c.pk for c in report.applied] == [rename.pk]
    assert [(c.pk, e.code) for c, e in report.failed] == [
        (dissolution.pk, OrganisationErrorCode.HAS_ACTIVE_MEMBERS)
    ]
    dissolution.refresh_from_db()
    assert dissolution.is_scheduled
    assert fresh(tree["mn"]).status == OrganisationStatus.ACTIVE
    assert fresh(tree["thpt"]).name == "Công đoàn Trường THPT chuyên Phan Bội Châu"


def test_a_cancelled_change_is_never_applied(tree):
    # given
    effective_on = TODAY() + datetime.timedelta(days=5)
    change = services.dissolve(tree["mn"], effective_on)

    # when
    services.cancel_change(change)
    report = services.apply_due_changes(effective_on)

    # then
    assert report.applied == []
    change.refresh_from_db()
    assert change.cancelled_at is not None
    assert fresh(tree["mn"]).status == OrganisationStatus.ACTIVE
    with pytest.raises(ServiceError) as error:
        services.cancel_change(change)
    assert error.value.code == OrganisationErrorCode.CHANGE_NOT_SCHEDULED


def test_the_command_applies_due_changes_and_fails_loudly_on_the_rest(tree):
    # given
    effective_on = TODAY() + datetime.timedelta(days=2)
    services.reparent(tree["thpt"], tree["kcn"], effective_on)
    factories.make_member(tree["mn"], phone="0912000001")
    services.dissolve(tree["mn"], effective_on)
    out, err = io.StringIO(), io.StringIO()

    # when
    with pytest.raises(CommandError) as error:
        call_command("apply_organisation_changes", "--date", effective_on.isoformat(), stdout=out, stderr=err)

    # then
    assert str(error.value) == "1 scheduled changes could not be applied"
    assert out.getvalue().splitlines() == [
        f"applied: Công đoàn Trường THPT Huỳnh Thúc Kháng — Moved to another parent ({effective_on:%d/%m/%Y})",
        "1 applied, 1 not applied",
    ]
    assert err.getvalue().strip() == (
        f"not applied: Công đoàn Trường Mầm non Hoa Hồng — Dissolved ({effective_on:%d/%m/%Y}): "
        "“Công đoàn Trường Mầm non Hoa Hồng” still has 1 current members: transfer them first. [HAS_ACTIVE_MEMBERS]"
    )
    assert parent_of(tree["thpt"]) == tree["kcn"]


def test_the_command_with_nothing_due_succeeds(tree):
    # given
    out = io.StringIO()

    # when
    call_command("apply_organisation_changes", stdout=out)

    # then
    assert out.getvalue() == "0 applied, 0 not applied\n"


# --- history -------------------------------------------------------------------------------------


def test_history_survives_a_move_then_a_merge(tree):
    # given
    member = factories.make_member(tree["hoa_sen"], phone="0912000001")
    services.reparent(tree["hoa_sen"], tree["gd"], TODAY() - datetime.timedelta(days=30))
    services.merge(tree["hoa_sen"], tree["thpt"], TODAY() - datetime.timedelta(days=10))

    # when
    history = list(
        OrganisationChange.objects.filter(organisation=tree["hoa_sen"]).values_list(
            "kind", "old_parent__code", "new_parent__code", "merged_into__code"
        )
    )

    # then
    assert history == [
        (ChangeKind.MERGED, None, None, "cdcs-thpt-htk"),
        (ChangeKind.REPARENTED, "cd-kcn", "cd-giao-duc", None),
    ]
    assert Organisation.objects.filter(pk=tree["hoa_sen"].pk).exists()
    twenty_days_ago = TODAY() - datetime.timedelta(days=20)
    assert list(Member.objects.in_organisation_on(tree["hoa_sen"], twenty_days_ago)) == [member]
    assert list(Member.objects.in_organisation_on(tree["thpt"], TODAY())) == [member]


# --- officers ------------------------------------------------------------------------------------


def test_assigning_a_role_grants_admin_access_and_ending_the_last_one_takes_it_away(tree):
    # given
    user = factories.make_user("can-bo-kcn")

    # when
    role = services.assign_officer_role(user, tree["kcn"], "editor", title="Phó Chủ tịch")

    # then
    user.refresh_from_db()
    assert (user.is_staff, user.has_perm("wagtailadmin.access_admin")) == (True, True)
    assert (role.organisation, role.role, role.title, role.started_on) == (
        tree["kcn"],
        "editor",
        "Phó Chủ tịch",
        TODAY(),
    )

    # when
    services.end_officer_role(role)

    # then
    user = type(user).objects.get(pk=user.pk)
    assert (user.is_staff, user.has_perm("wagtailadmin.access_admin")) == (False, False)
    assert Officer.objects.get(pk=role.pk).ended_on == TODAY()


def test_assigning_a_role_twice_is_refused(tree):
    # given
    user = factories.make_user("can-bo-kcn")
    services.assign_officer_role(user, tree["kcn"], "editor")

    # when
    with pytest.raises(ServiceError) as error:
        services.assign_officer_role(user, tree["kcn"], "editor")

    # then
    assert error.value.code == OrganisationErrorCode.ROLE_ALREADY_HELD
    assert Officer.objects.filter(user=user).count() == 1


# --- contact details ---------------------------------------------------------------------------


def test_editing_contact_details_is_logged_and_moves_the_content_version(tree):
    from wagtail.models import ModelLogEntry

    from graphql_api.core.caching import content_version

    officer = factories.make_user("can-bo-lien-doan")
    before = content_version()

    # when an officer changes a union's phone (and sends its address unchanged)
    services.update_organisation(
        tree["vsip"], by=officer, phone="0238 3844 555", address=tree["vsip"].address
    )

    # then the change is in the audit trail with who made it, and kept API answers are stale
    entry = ModelLogEntry.objects.for_instance(fresh(tree["vsip"])).get()
    assert (entry.action, entry.user, entry.data) == ("wagtail.edit", officer, {"fields": ["phone"]})
    assert fresh(tree["vsip"]).phone == "0238 3844 555"
    assert content_version() != before

    # and saving what is already there writes nothing
    services.update_organisation(tree["vsip"], by=officer, phone="0238 3844 555")
    assert ModelLogEntry.objects.for_instance(fresh(tree["vsip"])).count() == 1
