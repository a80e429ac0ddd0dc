"""The feedback inbox in the Wagtail admin: scoped to the officer's subtree, filtered, searched
without accents, sorted, and exported without the member's identity."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.feedback import services
from cms.feedback.models import Feedback
from cms.organisations.services import grant_admin_access
from tests.cms.feedback.helpers import submit
from tests.cms.organisations.helpers import client_for, make_superuser

INBOX = "/admin/feedback/"


def admin_client(user):
    grant_admin_access(user)
    return client_for(user)


def references(response) -> list[str]:
    return [f.reference for f in response.context["object_list"]]


@pytest.fixture
def inbox(people, media):
    """Feedback at Luxshare (under KCN) and at the school (under GD), in several states."""
    wages = submit(people.member, title="Chậm trả lương tháng 10")
    meals = submit(
        people.member,
        category="shift_meals",
        title="Bữa ăn ca không đủ định lượng",
        description="Suất ăn ca đêm ít thịt, cơm nguội, công nhân phản ánh nhiều lần.",
    )
    school = submit(
        people.other_member,
        category="working_hours",
        title="Giờ dạy thêm không được trả lương",
        description="Giáo viên phải dạy thêm buổi chiều mà không được tính vào giờ làm thêm.",
    )
    services.assign_handler(people.kcn_handler, meals, handler=people.kcn_handler)
    services.acknowledge_feedback(people.vsip_handler, wages)
    Feedback.objects.filter(pk=wages.pk).update(due_at=timezone.now() - timedelta(days=1))
    return {"wages": wages, "meals": meals, "school": school}


# --- scope -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("officer", "expected"),
    [
        ("vsip_handler", ["meals", "wages"]),
        ("kcn_handler", ["meals", "wages"]),
        ("kcn_editor", ["meals", "wages"]),
        ("gd_handler", ["school"]),
        ("root_handler", ["school", "meals", "wages"]),
    ],
)
def test_an_officer_lists_the_feedback_of_their_subtree_only(people, inbox, officer, expected):
    # when
    response = admin_client(getattr(people, officer)).get(INBOX)

    # then newest first
    assert response.status_code == 200
    assert references(response) == [inbox[name].reference for name in expected]


def test_a_superuser_lists_everything(people, inbox):
    # when
    response = admin_client(make_superuser()).get(INBOX)

    # then
    assert sorted(references(response)) == sorted(f.reference for f in inbox.values())


def test_officers_without_a_handling_role_have_no_inbox_nor_menu(people, inbox):
    # given a document clerk of KCN
    client = admin_client(people.kcn_clerk)

    # when
    listing = client.get(INBOX)
    detail = client.get(reverse("feedback:detail", args=[inbox["wages"].pk]))
    dashboard = client.get(reverse("wagtailadmin_home"))

    # then the listing refuses them (Wagtail sends them to the dashboard), a thread does not exist
    assert listing.status_code == 302 and listing.url == reverse("wagtailadmin_home")
    assert detail.status_code == 404
    assert INBOX not in dashboard.content.decode()


def test_the_menu_shows_the_inbox_to_handlers(people, inbox):
    # when
    dashboard = admin_client(people.vsip_handler).get(reverse("wagtailadmin_home"))

    # then
    assert f'"{INBOX}"' in dashboard.content.decode()


def test_another_unions_feedback_is_not_found_by_its_id(people, inbox):
    # given the school's handler
    client = admin_client(people.gd_handler)
    wages = inbox["wages"]

    # when
    detail = client.get(reverse("feedback:detail", args=[wages.pk]))
    action = client.post(reverse("feedback:action", args=[wages.pk, "close"]))

    # then
    assert detail.status_code == 404
    assert action.status_code == 404


def test_the_listing_never_shows_who_sent_it(people, inbox):
    # when
    page = admin_client(people.kcn_handler).get(INBOX).content.decode()

    # then
    assert inbox["wages"].title in page
    assert people.member.full_name not in page
    assert people.member.phone not in page


# --- filters, search, order --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "acknowledged"}, ["wages"]),
        ({"status": "submitted"}, ["meals", "school"]),
        ({"category": "shift_meals"}, ["meals"]),
        ({"overdue": "true"}, ["wages"]),
        ({"overdue": "false"}, ["meals", "school"]),
        ({"mine": "true"}, []),
    ],
)
def test_filters(people, inbox, query, expected):
    # when
    response = admin_client(people.root_handler).get(INBOX, query)

    # then
    assert sorted(references(response)) == sorted(inbox[name].reference for name in expected)


def test_assigned_to_me(people, inbox):
    # when
    response = admin_client(people.kcn_handler).get(INBOX, {"mine": "true"})

    # then
    assert references(response) == [inbox["meals"].reference]


def test_the_organisation_filter_takes_its_subtree_and_offers_only_the_officers_unions(people, inbox):
    # given
    client = admin_client(people.root_handler)

    # when
    kcn = client.get(INBOX, {"organisation": people.tree["kcn"].pk})
    school = client.get(INBOX, {"organisation": people.tree["thpt"].pk})

    # then
    assert sorted(references(kcn)) == sorted([inbox["wages"].reference, inbox["meals"].reference])
    assert references(school) == [inbox["school"].reference]


def test_an_organisation_outside_the_subtree_is_not_a_choice(people, inbox):
    # when the KCN handler asks for the school's union by id
    response = admin_client(people.kcn_handler).get(INBOX, {"organisation": people.tree["thpt"].pk})

    # then the filter is refused (an invalid choice) and nothing of the school leaks
    assert response.context["filters"].errors
    assert inbox["school"].reference not in references(response)
    choices = [
        str(label) for _value, label in response.context["filters"].form.fields["organisation"].choices
    ]
    assert not any(people.tree["thpt"].name in label for label in choices)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cham tra luong", ["wages"]),
        ("CHẬM TRẢ LƯƠNG", ["wages"]),
        ("bua an ca", ["meals"]),
        ("com nguoi", ["meals"]),  # in the description
        ("luong", ["wages", "meals", "school"]),  # lương, định lượng
        ("giao vien", ["school"]),
        ("khong co gi nhu vay", []),
    ],
)
def test_search_without_diacritics(people, inbox, query, expected):
    # when
    response = admin_client(people.root_handler).get(INBOX, {"q": query})

    # then
    assert sorted(references(response)) == sorted(inbox[name].reference for name in expected)


def test_search_by_reference(people, inbox):
    # when
    response = admin_client(people.root_handler).get(INBOX, {"q": inbox["meals"].reference.lower()})

    # then
    assert references(response) == [inbox["meals"].reference]


def test_search_stays_in_the_subtree(people, inbox):
    # when the KCN handler searches for the school's feedback
    response = admin_client(people.kcn_handler).get(INBOX, {"q": "giao vien"})

    # then
    assert references(response) == []


def test_sorting_by_due_date(people, inbox):
    # when
    ascending = admin_client(people.root_handler).get(INBOX, {"ordering": "due_at"})
    descending = admin_client(people.root_handler).get(INBOX, {"ordering": "-due_at"})

    # then the overdue one (due yesterday) first, then by submission
    expected = [inbox["wages"].reference, inbox["meals"].reference, inbox["school"].reference]
    assert references(ascending) == expected
    assert references(descending) == expected[::-1]


def test_overdue_items_are_flagged(people, inbox):
    # when
    page = admin_client(people.root_handler).get(INBOX).content.decode()

    # then exactly one row carries the flag
    assert page.count("data-feedback-overdue") == 1


def test_the_listing_takes_the_same_queries_for_one_or_many(people, media):
    # given
    client = admin_client(people.root_handler)
    submit(people.member)
    with CaptureQueriesContext(connection) as one:
        client.get(INBOX)
    for n in range(5):
        submit(people.other_member, title=f"Phản ánh số {n + 2}")

    # when
    with CaptureQueriesContext(connection) as six:
        response = client.get(INBOX)

    # then
    assert len(response.context["object_list"]) == 6
    assert len(six) == len(one)


# --- export ------------------------------------------------------------------------------------


def test_csv_export_has_no_member_identity(people, inbox):
    # when
    response = admin_client(people.kcn_handler).get(INBOX, {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8")

    # then
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == [
        "Reference",
        "Category",
        "Title",
        "Routed to",
        "Status",
        "Handler",
        "Submitted at",
        "Answer due by",
        "Answered at",
        "Closed at",
        "Overdue",
        "Rating",
    ]
    assert sorted(row[0] for row in rows[1:]) == sorted([inbox["wages"].reference, inbox["meals"].reference])
    for secret in (people.member.full_name, people.member.phone, "4000000001", inbox["wages"].description):
        assert secret not in content
    overdue = {row[0]: row[10] for row in rows[1:]}
    assert overdue == {inbox["wages"].reference: "Yes", inbox["meals"].reference: "No"}


def test_xlsx_export_follows_the_filters_and_has_no_member_identity(people, inbox):
    # when
    response = admin_client(people.root_handler).get(INBOX, {"export": "xlsx", "category": "working_hours"})

    # then
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in values] == ["Reference", inbox["school"].reference]
    flat = " ".join(str(cell) for row in values for cell in row if cell is not None)
    for secret in (people.other_member.full_name, people.other_member.phone, inbox["school"].description):
        assert secret not in flat
