"""Officer rights, and the admin proving that each officer sees and manages only their subtree."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.members.models import Member
from cms.organisations import permissions
from cms.organisations.models import Officer, Organisation, OrganisationChange
from cms.organisations.services import reparent
from tests import factories
from tests.cms.organisations.helpers import client_for, make_admin_officer

# Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and a message.
DENIED = (302, "/admin/")

KCN_SUBTREE = {"cd-kcn", "cdcs-luxshare", "cdcs-hoa-sen"}
GD_SUBTREE = {"cd-giao-duc", "cdcs-thpt-htk", "cdcs-mn-hoa-hong"}


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


# --- the rules ------------------------------------------------------------------------------------


def test_an_officer_manages_the_subtree_of_each_current_role(tree, kcn_officer):
    # when
    managed = permissions.organisations_managed_by(kcn_officer.user)

    # then
    assert codes(managed) == KCN_SUBTREE
    assert [o.code for o in managed] == ["cd-kcn", "cdcs-hoa-sen", "cdcs-luxshare"]


def test_roles_add_up_and_can_be_filtered(tree, kcn_officer):
    # given
    Officer.objects.create(user=kcn_officer.user, organisation=tree["thpt"], role="feedback_handler")

    # when
    everything = permissions.organisations_managed_by(kcn_officer.user)
    as_editor = permissions.organisations_managed_by(kcn_officer.user, role="editor")
    as_handler = permissions.organisations_managed_by(kcn_officer.user, role=["feedback_handler"])

    # then
    assert codes(everything) == KCN_SUBTREE | {"cdcs-thpt-htk"}
    assert codes(as_editor) == KCN_SUBTREE
    assert codes(as_handler) == {"cdcs-thpt-htk"}


def test_ended_future_and_dissolved_roles_grant_nothing(tree):
    # given
    today = timezone.localdate()
    ended = factories.make_officer(tree["kcn"], started_on=datetime.date(2024, 1, 1), ended_on=today)
    future = factories.make_officer(tree["kcn"], started_on=today + datetime.timedelta(days=1))

    # when / then
    assert codes(permissions.organisations_managed_by(ended.user)) == set()
    assert codes(permissions.organisations_managed_by(future.user)) == set()
    assert permissions.can_manage(ended.user, tree["vsip"]) is False


def test_superusers_manage_everything_and_anonymous_users_nothing(tree, superuser):
    # given
    from django.contrib.auth.models import AnonymousUser

    # when / then
    assert permissions.organisations_managed_by(superuser).count() == 7
    assert permissions.organisations_managed_by(AnonymousUser()).count() == 0
    assert permissions.can_manage(AnonymousUser(), tree["vsip"]) is False
    assert permissions.can_restructure(superuser, tree["root"]) is True


def test_can_manage_and_can_restructure(tree, kcn_officer):
    # given
    user = kcn_officer.user

    # when / then
    assert permissions.can_manage(user, tree["kcn"]) is True
    assert permissions.can_manage(user, tree["vsip"]) is True
    assert permissions.can_manage(user, tree["thpt"]) is False
    assert permissions.can_manage(user, tree["root"]) is False
    assert permissions.can_manage(user, tree["vsip"], role="membership_clerk") is False
    assert permissions.can_restructure(user, tree["vsip"]) is True
    assert permissions.can_restructure(user, tree["kcn"]) is False  # not their own union


def test_rights_follow_the_tree_when_an_organisation_moves(tree, kcn_officer, gd_officer):
    # when
    reparent(tree["vsip"], tree["gd"])

    # then
    moved = Organisation.objects.get(pk=tree["vsip"].pk)
    assert permissions.can_manage(kcn_officer.user, moved) is False
    assert permissions.can_manage(gd_officer.user, moved) is True


def test_members_managed_by_follows_member_roles(tree, kcn_officer):
    # given
    ours = factories.make_member(tree["vsip"], phone="0912000001")
    factories.make_member(tree["thpt"], phone="0912000002")
    handler = factories.make_officer(tree["kcn"], role="feedback_handler")
    clerk = factories.make_officer(tree["kcn"], role="membership_clerk")

    # when / then
    assert list(permissions.members_managed_by(kcn_officer.user)) == [ours]
    assert list(permissions.members_managed_by(clerk.user)) == [ours]
    assert list(permissions.members_managed_by(handler.user)) == []


# --- two officers in the admin ----------------------------------------------------------------------


@pytest.fixture
def people(tree):
    return {
        "an": factories.make_member(tree["vsip"], phone="0912000001", full_name="Nguyễn Văn An"),
        "binh": factories.make_member(tree["hoa_sen"], phone="0912000002", full_name="Lê Thị Bình"),
        "cuong": factories.make_member(tree["thpt"], phone="0912000003", full_name="Phạm Văn Cường"),
        "dung": factories.make_member(tree["mn"], phone="0912000004", full_name="Hoàng Thị Dung"),
    }


def test_each_officer_lists_only_the_organisations_of_their_subtree(tree, kcn_client, gd_client):
    # when
    kcn_page = kcn_client.get(reverse("organisation:index"))
    gd_page = gd_client.get(reverse("organisation:index"))

    # then
    assert {o.code for o in kcn_page.context["object_list"]} == KCN_SUBTREE
    assert {o.code for o in gd_page.context["object_list"]} == GD_SUBTREE
    assert "Huỳnh Thúc Kháng" not in kcn_page.content.decode()
    assert "Luxshare" not in gd_page.content.decode()


def test_each_officer_lists_only_the_members_of_their_subtree(tree, people, kcn_client, gd_client):
    # when
    kcn_page = kcn_client.get(reverse("member:index"))
    gd_page = gd_client.get(reverse("member:index"))

    # then
    assert [m.full_name for m in kcn_page.context["object_list"]] == ["Lê Thị Bình", "Nguyễn Văn An"]
    assert [m.full_name for m in gd_page.context["object_list"]] == ["Hoàng Thị Dung", "Phạm Văn Cường"]


def test_an_officer_cannot_open_or_change_a_member_of_another_subtree(tree, people, kcn_client, gd_client):
    # given
    theirs = people["cuong"]

    # when
    edit = kcn_client.get(reverse("member:edit", args=[theirs.pk]))
    post = kcn_client.post(
        reverse("member:edit", args=[theirs.pk]),
        {"full_name": "Bị sửa", "phone": theirs.phone, "organisation": tree["vsip"].pk, "status": "active"},
    )
    deactivate = kcn_client.post(reverse("member:deactivate", args=[theirs.pk]), {"status": "left"})
    delete = kcn_client.get(f"/admin/members/delete/{theirs.pk}/")
    own = gd_client.get(reverse("member:edit", args=[theirs.pk]))

    # then
    assert (edit.status_code, post.status_code, deactivate.status_code, delete.status_code) == (
        404,
        404,
        404,
        404,
    )
    assert own.status_code == 200
    theirs.refresh_from_db()
    assert (theirs.full_name, theirs.organisation, theirs.status) == (
        "Phạm Văn Cường",
        tree["thpt"],
        "active",
    )


def test_member_form_offers_only_the_officers_grassroots_unions(tree, kcn_client, gd_client):
    # when
    kcn_form = kcn_client.get(reverse("member:add")).context["form"]
    gd_form = gd_client.get(reverse("member:add")).context["form"]

    # then
    assert codes(kcn_form.fields["organisation"].queryset) == {"cdcs-luxshare", "cdcs-hoa-sen"}
    assert codes(gd_form.fields["organisation"].queryset) == {"cdcs-thpt-htk", "cdcs-mn-hoa-hong"}


def test_an_officer_cannot_create_a_member_in_another_subtree(tree, kcn_client):
    # when
    response = kcn_client.post(
        reverse("member:add"),
        {"full_name": "Trần Văn Em", "phone": "0987654321", "organisation": tree["thpt"].pk},
    )

    # then
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organisation"]
    assert not Member.objects.filter(phone="0987654321").exists()


def test_an_officer_cannot_open_another_subtrees_organisation_or_restructure_it(tree, kcn_client):
    # when
    responses = [
        kcn_client.get(reverse("organisation:edit", args=[tree["thpt"].pk])).status_code,
        kcn_client.get(reverse("organisation:reparent", args=[tree["thpt"].pk])).status_code,
        kcn_client.post(
            reverse("organisation:dissolve", args=[tree["mn"].pk]), {"effective_on": "2026-01-01"}
        ).status_code,
        kcn_client.get(reverse("organisation:merge", args=[tree["gd"].pk])).status_code,
    ]

    # then
    assert responses == [404, 404, 404, 404]
    assert Organisation.objects.get(pk=tree["mn"].pk).status == "active"


def test_an_officer_may_edit_but_not_restructure_their_own_union(tree, kcn_client):
    # when
    edit = kcn_client.get(reverse("organisation:edit", args=[tree["kcn"].pk]))
    move = kcn_client.get(reverse("organisation:reparent", args=[tree["kcn"].pk]))
    below = kcn_client.get(reverse("organisation:reparent", args=[tree["vsip"].pk]))

    # then
    assert (edit.status_code, below.status_code) == (200, 200)
    assert (move.status_code, move["Location"]) == DENIED


def test_move_targets_are_limited_to_the_officers_subtree(tree, kcn_client):
    # when
    form = kcn_client.get(reverse("organisation:reparent", args=[tree["vsip"].pk])).context["form"]

    # then
    assert codes(form.fields["new_parent"].queryset) == set()  # kcn is already its parent; gd is not theirs


def test_officer_roles_and_history_are_scoped(tree, kcn_officer, gd_officer, kcn_client):
    # given
    clerk = make_admin_officer(tree["thpt"], role="membership_clerk", username="clerk-thpt")
    gd_change = OrganisationChange.objects.create(
        organisation=tree["mn"], kind="renamed", effective_on="2026-01-01"
    )
    kcn_change = OrganisationChange.objects.create(
        organisation=tree["vsip"], kind="renamed", effective_on="2026-01-01"
    )

    # when
    roles = kcn_client.get(reverse("officer:index")).context["object_list"]
    history = kcn_client.get(reverse("organisationchange:index")).context["object_list"]
    other_role = kcn_client.get(reverse("officer:edit", args=[clerk.pk]))
    other_change = kcn_client.get(reverse("organisationchange:cancel", args=[gd_change.pk]))

    # then
    assert [r.user.username for r in roles] == ["officer-kcn"]
    assert [c.pk for c in history] == [kcn_change.pk]
    assert (other_role.status_code, other_change.status_code) == (404, 404)


def test_history_shows_moves_out_of_the_subtree_to_both_sides(tree, kcn_client, gd_client):
    # given
    change = reparent(tree["vsip"], tree["gd"])

    # when
    kcn_history = kcn_client.get(reverse("organisationchange:index")).context["object_list"]
    gd_history = gd_client.get(reverse("organisationchange:index")).context["object_list"]

    # then
    assert [c.pk for c in kcn_history] == [change.pk]
    assert [c.pk for c in gd_history] == [change.pk]


def test_superuser_sees_everything(tree, people, admin_client_):
    # when
    organisations = admin_client_.get(reverse("organisation:index")).context["object_list"]
    members = admin_client_.get(reverse("member:index")).context["object_list"]

    # then
    assert len(organisations) == 7
    assert len(members) == 4


def test_admin_access_without_a_role_shows_nothing(tree):
    # given
    user = factories.make_user("no-role", is_staff=True)
    from cms.organisations.services import grant_admin_access

    grant_admin_access(user)
    client = client_for(user)

    # when
    responses = [
        client.get(reverse(name))
        for name in ("organisation:index", "member:index", "member:add", "member:import", "officer:index")
    ]

    # then
    assert [(r.status_code, r["Location"]) for r in responses] == [DENIED] * 5


def test_a_feedback_handler_cannot_manage_members(tree, people):
    # given
    handler = make_admin_officer(tree["kcn"], role="feedback_handler", username="handler")
    client = client_for(handler.user)

    # when
    index = client.get(reverse("member:index"))
    edit = client.get(reverse("member:edit", args=[people["an"].pk]))

    # then
    assert [(index.status_code, index["Location"]), (edit.status_code, edit["Location"])] == [DENIED, DENIED]


def test_a_membership_clerk_manages_members_but_not_the_tree(tree, people):
    # given
    clerk = make_admin_officer(tree["vsip"], role="membership_clerk", username="clerk")
    client = client_for(clerk.user)

    # when
    members = client.get(reverse("member:index"))
    organisations = client.get(reverse("organisation:index"))

    # then
    assert [m.full_name for m in members.context["object_list"]] == ["Nguyễn Văn An"]
    assert (organisations.status_code, organisations["Location"]) == DENIED


def test_anonymous_users_are_sent_to_the_login_page(tree):
    # given
    from django.test import Client

    # when
    response = Client().get(reverse("member:index"))

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
