"""The union tree in the Wagtail admin: browsing, editing, structural actions, history, officers."""

from __future__ import annotations

import datetime
import re

from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cms.members.models import Member
from cms.organisations.models import ChangeKind, Officer, Organisation, OrganisationChange, OrganisationStatus
from cms.organisations.services import OFFICER_GROUP_NAME
from tests import factories

TODAY = timezone.localdate


def listed(response) -> list[str]:
    return [o.code for o in response.context["object_list"]]


def messages_of(response) -> list[str]:
    return [str(m).strip() for m in get_messages(response.wsgi_request)]


# --- browsing --------------------------------------------------------------------------------------


def test_the_tree_is_listed_in_tree_order_and_indented_by_depth(tree, admin_client_):
    # when
    response = admin_client_.get(reverse("organisation:index"))

    # then
    assert listed(response) == [
        "ldld-nghe-an",
        "cd-kcn",
        "cdcs-hoa-sen",
        "cdcs-luxshare",
        "cd-giao-duc",
        "cdcs-mn-hoa-hong",
        "cdcs-thpt-htk",
    ]
    depths = re.findall(
        r'class="org-tree-name" data-depth="(\d)" style="padding-inline-start: ([\d.]+)em"',
        response.content.decode(),
    )
    assert depths == [("1", "0"), ("2", "1.5"), ("3", "3"), ("3", "3"), ("2", "1.5"), ("3", "3"), ("3", "3")]


def test_the_tree_is_filtered_by_level_and_status(tree, admin_client_):
    # given
    from cms.organisations.services import dissolve

    dissolve(tree["mn"])

    # when
    grassroots = admin_client_.get(reverse("organisation:index"), {"level": "grassroots"})
    dissolved = admin_client_.get(reverse("organisation:index"), {"status": "dissolved"})

    # then
    assert listed(grassroots) == ["cdcs-hoa-sen", "cdcs-luxshare", "cdcs-mn-hoa-hong", "cdcs-thpt-htk"]
    assert listed(dissolved) == ["cdcs-mn-hoa-hong"]


def test_the_tree_is_searched_by_folded_name(tree, admin_client_):
    # when
    unaccented = admin_client_.get(reverse("organisation:index"), {"q": "truong mam non"})
    accented = admin_client_.get(reverse("organisation:index"), {"q": "Giáo dục"})
    by_code = admin_client_.get(reverse("organisation:index"), {"q": "CDCS-HOA-SEN"})

    # then
    assert listed(unaccented) == ["cdcs-mn-hoa-hong"]
    assert listed(accented) == ["cd-giao-duc"]
    assert listed(by_code) == ["cdcs-hoa-sen"]


def member_counts(response) -> dict[str, str]:
    """The member count an officer reads on each row of the listing, by organisation name."""
    page = BeautifulSoup(response.content, "html.parser")
    return {
        row.select_one(".org-tree-name").get_text(strip=True): row.select_one(
            "td.org-active-members"
        ).get_text(strip=True)
        for row in page.select("table.listing tbody tr")
    }


def count_header(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return page.select_one("table.listing thead th.org-active-members").get_text(strip=True)


def test_the_listing_counts_the_active_members_of_each_subtree(tree, admin_client_):
    # given members in grassroots unions only, one of whom left the union
    factories.make_member(tree["vsip"], phone="0912000001")
    factories.make_member(tree["vsip"], phone="0912000002")
    factories.make_member(tree["vsip"], phone="0912000003", status="left")
    factories.make_member(tree["hoa_sen"], phone="0912000004")
    factories.make_member(tree["thpt"], phone="0912000005")

    # when
    response = admin_client_.get(reverse("organisation:index"))

    # then the federation and the upper unions count everyone below them
    assert count_header(response) == "Active members (including the unions below)"
    assert member_counts(response) == {
        "Liên đoàn Lao động tỉnh Nghệ An": "4",
        "Công đoàn các Khu công nghiệp Nghệ An": "3",
        "Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An": "1",
        "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An": "2",
        "Công đoàn Giáo dục tỉnh": "1",
        "Công đoàn Trường Mầm non Hoa Hồng": "0",
        "Công đoàn Trường THPT Huỳnh Thúc Kháng": "1",
    }


def test_a_search_or_an_officer_s_scope_still_counts_whole_subtrees(tree, kcn_client):
    # given
    factories.make_member(tree["vsip"], phone="0912000001")
    factories.make_member(tree["hoa_sen"], phone="0912000002")
    factories.make_member(tree["thpt"], phone="0912000003")

    # when the industrial-zone officer lists their tree, and searches for their union alone
    listing = kcn_client.get(reverse("organisation:index"))
    searched = kcn_client.get(reverse("organisation:index"), {"q": "khu cong nghiep"})

    # then their union counts both grassroots unions, shown or not; the other subtree is not theirs
    assert member_counts(listing) == {
        "Công đoàn các Khu công nghiệp Nghệ An": "2",
        "Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An": "1",
        "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An": "1",
    }
    assert member_counts(searched) == {"Công đoàn các Khu công nghiệp Nghệ An": "2"}


def test_the_second_page_counts_the_subtrees_of_its_own_rows(tree, admin_client_):
    # given 60 grassroots unions under the industrial-zone union, each with one member:
    # the listing shows 50 rows a page
    from cms.organisations.models import OrganisationLevel

    for n in range(60):
        union = factories.make_child(
            tree["kcn"], f"Công đoàn cơ sở Công ty số {n:02d}", OrganisationLevel.GRASSROOTS
        )
        factories.make_member(union, phone=f"09130000{n:02d}")

    # when
    first = admin_client_.get(reverse("organisation:index"))
    second = admin_client_.get(reverse("organisation:index"), {"p": 2})

    # then
    assert member_counts(first)["Liên đoàn Lao động tỉnh Nghệ An"] == "60"
    assert member_counts(first)["Công đoàn các Khu công nghiệp Nghệ An"] == "60"
    assert len(member_counts(second)) == 67 - 50
    assert set(member_counts(second).values()) <= {"0", "1"}
    assert member_counts(second)["Công đoàn cơ sở Công ty số 59"] == "1"


# --- create and edit -------------------------------------------------------------------------------


def test_an_officer_adds_a_grassroots_union_under_their_union(tree, kcn_officer, kcn_client):
    # when
    response = kcn_client.post(
        reverse("organisation:add"),
        {
            "parent": tree["kcn"].pk,
            "name": "Công đoàn cơ sở Công ty TNHH Goertek Vina",
            "short_name": "CĐCS Goertek",
            "code": "cdcs-goertek",
            "level": "grassroots",
            "kind": "enterprise",
            "established_on": "2024-05-02",
        },
    )

    # then
    assert response.status_code == 302
    created = Organisation.objects.get(code="cdcs-goertek")
    assert created.get_parent() == tree["kcn"]
    assert (created.short_name, created.level, created.established_on) == (
        "CĐCS Goertek",
        "grassroots",
        datetime.date(2024, 5, 2),
    )
    change = OrganisationChange.objects.get(organisation=created)
    assert (change.kind, change.recorded_by) == (ChangeKind.CREATED, kcn_officer.user)


def test_adding_a_union_at_a_level_that_does_not_fit_is_refused(tree, kcn_client):
    # when
    response = kcn_client.post(
        reverse("organisation:add"),
        {
            "parent": tree["vsip"].pk,
            "name": "Công đoàn cơ sở lồng nhau",
            "code": "cdcs-x",
            "level": "grassroots",
        },
    )

    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "level": ["A grassroots union cannot be placed directly under a grassroots union."]
    }
    assert not Organisation.objects.filter(code="cdcs-x").exists()


def test_renaming_in_the_edit_form_is_recorded_in_the_history(tree, kcn_officer, kcn_client):
    # when
    response = kcn_client.post(
        reverse("organisation:edit", args=[tree["vsip"].pk]),
        {"name": "Công đoàn cơ sở Luxshare-ICT Nghệ An", "short_name": "", "address": "KCN VSIP Nghệ An"},
    )

    # then
    assert response.status_code == 302
    vsip = Organisation.objects.get(pk=tree["vsip"].pk)
    assert (vsip.name, vsip.address) == ("Công đoàn cơ sở Luxshare-ICT Nghệ An", "KCN VSIP Nghệ An")
    change = OrganisationChange.objects.get(organisation=vsip, kind=ChangeKind.RENAMED)
    assert (change.old_name, change.new_name, change.recorded_by) == (
        "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
        "Công đoàn cơ sở Luxshare-ICT Nghệ An",
        kcn_officer.user,
    )


def test_organisations_cannot_be_deleted_through_the_admin(tree, admin_client_):
    # when
    response = admin_client_.post(f"/admin/organisations/delete/{tree['mn'].pk}/")

    # then
    assert response.status_code == 404
    assert Organisation.objects.filter(pk=tree["mn"].pk).exists()


# --- structural actions ------------------------------------------------------------------------------


def test_moving_a_union_through_the_admin(tree, admin_client_, superuser):
    # when
    response = admin_client_.post(
        reverse("organisation:reparent", args=[tree["thpt"].pk]),
        {"new_parent": tree["root"].pk, "effective_on": TODAY().isoformat(), "note": "QĐ 7/QĐ-LĐLĐ"},
    )

    # then
    assert (response.status_code, response["Location"]) == (302, reverse("organisation:index"))
    assert Organisation.objects.get(pk=tree["thpt"].pk).get_parent() == tree["root"]
    change = OrganisationChange.objects.get(kind=ChangeKind.REPARENTED)
    assert (change.old_parent, change.new_parent, change.note, change.recorded_by) == (
        tree["gd"],
        tree["root"],
        "QĐ 7/QĐ-LĐLĐ",
        superuser,
    )
    assert messages_of(response) == ["Moved to another parent: “Công đoàn Trường THPT Huỳnh Thúc Kháng”."]


def test_a_future_merge_through_the_admin_is_scheduled(tree, kcn_client):
    # given
    member = factories.make_member(tree["hoa_sen"], phone="0912000001")
    effective_on = TODAY() + datetime.timedelta(days=7)

    # when
    response = kcn_client.post(
        reverse("organisation:merge", args=[tree["hoa_sen"].pk]),
        {"into": tree["vsip"].pk, "effective_on": effective_on.isoformat(), "note": ""},
    )

    # then
    assert response.status_code == 302
    change = OrganisationChange.objects.get(kind=ChangeKind.MERGED)
    assert (change.is_scheduled, change.merged_into, change.effective_on) == (
        True,
        tree["vsip"],
        effective_on,
    )
    assert Organisation.objects.get(pk=tree["hoa_sen"].pk).status == OrganisationStatus.ACTIVE
    assert Member.objects.get(pk=member.pk).organisation == tree["hoa_sen"]
    assert messages_of(response) == [
        f"Scheduled for {effective_on:%d/%m/%Y}: Merged into another organisation, "
        "“Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An”."
    ]


def test_dissolving_a_union_with_members_shows_the_reason_and_changes_nothing(tree, kcn_client):
    # given
    factories.make_member(tree["hoa_sen"], phone="0912000001")

    # when
    response = kcn_client.post(
        reverse("organisation:dissolve", args=[tree["hoa_sen"].pk]),
        {"effective_on": TODAY().isoformat(), "note": ""},
    )

    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": [
            "“Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An” still has 1 current members: transfer them first."
        ]
    }
    assert Organisation.objects.get(pk=tree["hoa_sen"].pk).status == OrganisationStatus.ACTIVE
    assert not OrganisationChange.objects.filter(kind=ChangeKind.DISSOLVED).exists()


def test_merge_targets_are_organisations_of_the_same_level_outside_the_subtree(tree, admin_client_):
    # when
    form = admin_client_.get(reverse("organisation:merge", args=[tree["vsip"].pk])).context["form"]

    # then
    assert [o.code for o in form.fields["into"].queryset] == [
        "cdcs-hoa-sen",
        "cdcs-mn-hoa-hong",
        "cdcs-thpt-htk",
    ]


# --- history ---------------------------------------------------------------------------------------


def test_the_history_lists_changes_and_filters_by_organisation_and_state(tree, admin_client_):
    # given
    from cms.organisations import services

    moved = services.reparent(tree["thpt"], tree["kcn"])
    scheduled = services.dissolve(tree["mn"], TODAY() + datetime.timedelta(days=3))

    # when
    everything = admin_client_.get(reverse("organisationchange:index"))
    about_kcn = admin_client_.get(reverse("organisationchange:index"), {"organisation": tree["kcn"].pk})
    pending = admin_client_.get(reverse("organisationchange:index"), {"state": "scheduled"})

    # then
    assert [c.pk for c in everything.context["object_list"]] == [scheduled.pk, moved.pk]
    assert [c.pk for c in about_kcn.context["object_list"]] == [moved.pk]
    assert [c.pk for c in pending.context["object_list"]] == [scheduled.pk]
    html = everything.content.decode()
    assert "Công đoàn Giáo dục tỉnh → Công đoàn các Khu công nghiệp Nghệ An" in html
    assert reverse("organisationchange:cancel", args=[scheduled.pk]) in html
    assert reverse("organisationchange:cancel", args=[moved.pk]) not in html


def test_a_scheduled_change_is_cancelled_from_the_history(tree, kcn_client):
    # given
    from cms.organisations import services

    scheduled = services.dissolve(tree["hoa_sen"], TODAY() + datetime.timedelta(days=3))

    # when
    confirm = kcn_client.get(reverse("organisationchange:cancel", args=[scheduled.pk]))
    response = kcn_client.post(reverse("organisationchange:cancel", args=[scheduled.pk]))

    # then
    assert confirm.status_code == 200
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.cancelled_at is not None
    assert kcn_client.get(reverse("organisationchange:cancel", args=[scheduled.pk])).status_code == 404


# --- officers ---------------------------------------------------------------------------------------


def test_an_officer_assigns_a_role_to_a_member_by_phone_number(tree, kcn_client):
    # given
    member = factories.make_member(tree["vsip"], phone="0912000001", full_name="Nguyễn Văn An")

    # when
    response = kcn_client.post(
        reverse("officer:add"),
        {
            "user": "+84 912 000 001",
            "organisation": tree["vsip"].pk,
            "role": "membership_clerk",
            "title": "Ủy viên BCH",
            "started_on": TODAY().isoformat(),
        },
    )

    # then
    assert response.status_code == 302
    role = Officer.objects.get(user=member.user)
    assert (role.organisation, role.role, role.title) == (tree["vsip"], "membership_clerk", "Ủy viên BCH")
    member.user.refresh_from_db()
    assert member.user.is_staff is True
    assert member.user.groups.filter(name=OFFICER_GROUP_NAME).exists()


def test_an_officer_cannot_assign_a_role_in_another_subtree(tree, kcn_client):
    # given
    user = factories.make_user("someone")

    # when
    response = kcn_client.post(
        reverse("officer:add"),
        {
            "user": "someone",
            "organisation": tree["thpt"].pk,
            "role": "editor",
            "started_on": TODAY().isoformat(),
        },
    )

    # then
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organisation"]
    assert not Officer.objects.filter(user=user).exists()


def test_ending_a_role_through_the_admin_takes_admin_access_away(tree, kcn_client):
    # given
    from tests.cms.organisations.helpers import make_admin_officer

    clerk = make_admin_officer(tree["vsip"], role="membership_clerk", username="clerk")

    # when
    response = kcn_client.post(
        reverse("officer:edit", args=[clerk.pk]), {"title": "Nghỉ hưu", "ended_on": TODAY().isoformat()}
    )

    # then
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert (clerk.title, clerk.ended_on) == ("Nghỉ hưu", TODAY())
    assert not clerk.user.groups.filter(name=OFFICER_GROUP_NAME).exists()


def member_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"members_member"' in q["sql"]]


def test_the_tree_listing_and_its_counts_take_the_same_queries_for_any_page_size(tree, kcn_client):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.organisations.models import OrganisationLevel

    factories.make_member(tree["vsip"], phone="0912000001")
    with CaptureQueriesContext(connection) as few:
        small = kcn_client.get(reverse("organisation:index"))
    for n in range(15):
        union = factories.make_child(
            tree["kcn"], f"Công đoàn cơ sở Công ty số {n}", OrganisationLevel.GRASSROOTS
        )
        factories.make_member(union, phone=f"09130000{n:02d}")
        factories.make_child(union, f"Tổ công đoàn số {n}", OrganisationLevel.UNIT)

    # when
    with CaptureQueriesContext(connection) as many:
        response = kcn_client.get(reverse("organisation:index"))

    # then 3 rows and 33 rows cost the same, and the counts of a whole page are one query
    assert (len(small.context["object_list"]), len(response.context["object_list"])) == (3, 33)
    assert len(many) == len(few)
    assert len(member_queries(few.captured_queries)) == len(member_queries(many.captured_queries)) == 1
    assert member_counts(response)["Công đoàn các Khu công nghiệp Nghệ An"] == "16"
