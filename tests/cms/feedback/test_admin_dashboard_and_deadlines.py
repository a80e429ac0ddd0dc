"""The dashboard panel "Việc cần xử lý" and the response deadlines screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.feedback import services
from cms.feedback.models import Feedback, ResponseDeadline
from cms.organisations.models import OfficerRole
from cms.organisations.services import grant_admin_access
from tests import factories
from tests.cms.feedback.helpers import submit
from tests.cms.organisations.helpers import client_for, make_superuser
from tests.content_factories import make_official_document

DEADLINES = "/admin/feedback/deadlines/"


def admin_client(user):
    grant_admin_access(user)
    return client_for(user)


def panel(response):
    for component in response.context["panels"]:
        if component.name == "feedback_tasks":
            return component.get_context_data()
    return None


# --- the dashboard panel -------------------------------------------------------------------------


@pytest.fixture
def tasks(people, media):
    """At Luxshare: one new, one assigned to the KCN handler, one overdue, one answered (no task)."""
    new = submit(people.member, title="Chậm trả lương tháng 10")
    assigned = submit(people.member, title="Bữa ăn ca không đủ định lượng")
    services.acknowledge_feedback(people.kcn_handler, assigned)
    services.assign_handler(people.kcn_handler, assigned, handler=people.kcn_handler)
    late = submit(people.member, title="Không được nghỉ giữa ca")
    services.start_progress(people.kcn_handler, late)
    Feedback.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=2))
    done = submit(people.member, title="Hợp đồng lao động chưa ký")
    services.reply_to_feedback(people.kcn_handler, done, body="Công ty đã ký hợp đồng.")
    elsewhere = submit(people.other_member, title="Giờ dạy thêm")
    return {"new": new, "assigned": assigned, "late": late, "done": done, "elsewhere": elsewhere}


def test_the_panel_lists_new_assigned_and_overdue_feedback_of_the_subtree(people, tasks):
    # when
    response = admin_client(people.kcn_handler).get(reverse("wagtailadmin_home"))

    # then the overdue first (by deadline), nothing answered, nothing of another branch
    context = panel(response)
    assert [f.pk for f in context["feedback"]["items"]] == [
        tasks["late"].pk,
        tasks["new"].pk,
        tasks["assigned"].pk,
    ]
    assert {c["name"]: c["count"] for c in context["feedback"]["counts"]} == {
        "new": 1,
        "assigned": 1,
        "overdue": 1,
    }
    page = response.content.decode()
    assert "data-tasks-panel" in page
    assert reverse("feedback:detail", args=[tasks["late"].pk]) in page
    assert tasks["elsewhere"].title not in page


def test_the_panel_counts_link_to_the_filtered_inbox(people, tasks):
    # given
    client = admin_client(people.kcn_handler)
    counts = panel(client.get(reverse("wagtailadmin_home")))["feedback"]["counts"]

    # when
    listed = {c["name"]: [f.pk for f in client.get(c["url"]).context["object_list"]] for c in counts}

    # then
    assert listed == {
        "new": [tasks["new"].pk],
        "assigned": [tasks["assigned"].pk],
        "overdue": [tasks["late"].pk],
    }


def test_the_panel_takes_the_same_queries_however_many_tasks(people, media):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = admin_client(people.kcn_handler)
    submit(people.member)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("wagtailadmin_home"))
    for n in range(6):
        submit(people.member, title=f"Phản ánh số {n}")

    # when
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("wagtailadmin_home"))

    # then
    assert len(many) == len(few)


def test_the_panel_lists_documents_waiting_for_the_union(people, tasks):
    # given a letter to KCN asking for acknowledgement, and the KCN document clerk
    make_official_document(
        people.tree["root"],
        "Công văn về an toàn lao động",
        recipients=[people.tree["kcn"]],
        requires_acknowledgement=True,
    )

    # when
    response = admin_client(people.kcn_clerk).get(reverse("wagtailadmin_home"))

    # then the clerk gets the documents, and no feedback part (no handling role)
    context = panel(response)
    assert context["feedback"] is None
    assert [(d["title"], d["organisation"], d["awaiting_acknowledgement"]) for d in context["documents"]] == [
        ("Công văn về an toàn lao động", people.tree["kcn"].name, True)
    ]
    assert "Công văn về an toàn lao động" in response.content.decode()


def test_no_panel_for_an_officer_with_nothing_of_either_kind(people, tasks):
    # given an officer whose only role manages members
    clerk = factories.make_officer(
        people.tree["kcn"], role=OfficerRole.MEMBERSHIP_CLERK, username="hoivien.kcn"
    ).user

    # when
    response = admin_client(clerk).get(reverse("wagtailadmin_home"))

    # then
    assert "data-tasks-panel" not in response.content.decode()


# --- response deadlines ------------------------------------------------------------------------------


@pytest.fixture
def federation_editor(people):
    return factories.make_officer(people.tree["root"], role=OfficerRole.EDITOR, username="bientap.ldld").user


def test_a_federation_editor_sets_deadlines(people, federation_editor):
    # given
    client = admin_client(federation_editor)
    form = client.get(DEADLINES).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(wages=7, safety=3)

    # when
    response = client.post(DEADLINES, data, follow=True)

    # then only the changed categories got a row, through the service (logged)
    assert response.status_code == 200
    assert dict(ResponseDeadline.objects.values_list("category", "days")) == {"wages": 7, "safety": 3}
    assert ResponseDeadline.objects.get(category="wages").updated_by == federation_editor


def test_a_deadline_out_of_range_saves_nothing(people, federation_editor):
    # given
    client = admin_client(federation_editor)
    form = client.get(DEADLINES).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(wages=7, safety=0)

    # when
    response = client.post(DEADLINES, data)

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["safety"]
    assert not ResponseDeadline.objects.exists()


@pytest.mark.parametrize("officer", ["kcn_handler", "root_handler", "kcn_editor"])
def test_only_the_federation_sets_deadlines(people, officer):
    # given
    client = admin_client(getattr(people, officer))

    # when
    get = client.get(DEADLINES)
    post = client.post(DEADLINES, {"wages": 3})

    # then refused (Wagtail sends them to the dashboard), and the settings menu does not offer it
    assert (get.status_code, get.url) == (302, reverse("wagtailadmin_home"))
    assert (post.status_code, post.url) == (302, reverse("wagtailadmin_home"))
    assert not ResponseDeadline.objects.exists()
    assert DEADLINES not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_settings_menu_offers_deadlines_to_superusers(people):
    # when
    page = admin_client(make_superuser()).get(reverse("wagtailadmin_home")).content.decode()

    # then
    assert DEADLINES in page
