"""Wagtail's publishing features as editors use them, seen through the API: draft changes to a
live page, scheduled publishing (run by ``publish_scheduled`` from cron) and the moderation
workflow. The member app must only ever see what has been published."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Workflow

from cms.core.preview import make_preview_token
from cms.documents.models import DocumentDelivery
from tests.content_factories import make_news, make_official_document
from tests.factories import make_user

NEWS_TITLES = "{ news(first: 20) { edges { node { title summary } } } }"
PREVIEW = "query($t: String!) { preview(token: $t) { title } }"


def default_workflow() -> Workflow:
    """Wagtail's default workflow, under the Vietnamese name the home app's migration 0003 gives it."""
    return Workflow.objects.get(name="Duyệt bởi nhóm kiểm duyệt")


def titles(gql) -> list[str]:
    return [edge["node"]["title"] for edge in gql.execute(NEWS_TITLES)["data"]["news"]["edges"]]


def test_draft_changes_to_a_live_page_stay_out_of_the_api_until_published(gql, tree):
    # given a live article, then a saved but unpublished edit of it
    page = make_news(tree["root"], "Tin đã đăng", summary="Bản đã đăng")
    page.title = "Tin đang sửa"
    page.summary = "Bản nháp"
    page.save_revision()

    # when members read the list, and an editor previews the draft
    before = titles(gql)
    token = make_preview_token(page, make_user(is_superuser=True))
    preview = gql.execute(PREVIEW, {"t": token})["data"]["preview"]

    # then members see the published version; only the preview shows the draft
    assert before == ["Tin đã đăng"]
    assert preview == {"title": "Tin đang sửa"}

    # and once the edit is published, members see it
    page.get_latest_revision().publish()
    assert titles(gql) == ["Tin đang sửa"]


def _later(monkeypatch, **delta) -> None:
    """Move the clock forward (Wagtail's publish_scheduled and the visibility rule both read it)."""
    moved = timezone.now() + timedelta(**delta)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moved)


def test_scheduled_page_appears_when_publish_scheduled_runs_after_its_time(gql, tree, monkeypatch):
    # given an article an editor scheduled for tomorrow
    page = make_news(tree["root"], "Tin hẹn giờ", live=False)
    page.go_live_at = timezone.now() + timedelta(days=1)
    revision = page.save_revision()
    revision.publish()  # with a future go-live, Wagtail schedules instead of publishing
    page.refresh_from_db()
    assert not page.live

    # when cron runs publish_scheduled before the time: nothing
    call_command("publish_scheduled")
    assert titles(gql) == []

    # when the time has come and cron runs it again
    _later(monkeypatch, days=1, minutes=1)
    call_command("publish_scheduled")

    # then members see it
    assert titles(gql) == ["Tin hẹn giờ"]


def test_scheduled_official_document_is_delivered_when_it_goes_live(tree, monkeypatch):
    # given a document scheduled for later, addressed to two unions
    page = make_official_document(
        tree["root"], "Công văn hẹn giờ", recipients=[tree["kcn"], tree["gd"]], live=False
    )
    page.go_live_at = timezone.now() + timedelta(hours=2)
    revision = page.save_revision()
    revision.publish()
    assert DocumentDelivery.objects.filter(document=page).count() == 0

    # when it goes live through publish_scheduled
    _later(monkeypatch, hours=2, minutes=1)
    call_command("publish_scheduled")

    # then each recipient union has its delivery
    delivered = set(
        DocumentDelivery.objects.filter(document=page).values_list("organisation__code", flat=True)
    )
    assert delivered == {tree["kcn"].code, tree["gd"].code}


def test_moderation_workflow_publishes_only_on_approval(gql, tree):
    # given Wagtail's default moderation workflow on the site, and an article submitted to it
    moderator = make_user(username="kiem-duyet", is_superuser=True)
    author = make_user(username="tac-gia")
    workflow = default_workflow()
    page = make_news(tree["root"], "Tin chờ duyệt", live=False)
    assert page.get_workflow() == workflow
    workflow.start(page, author)

    # then while it waits for a moderator, members do not see it
    assert titles(gql) == []

    # when the moderator approves
    task_state = page.current_workflow_task_state
    task_state.task.on_action(task_state, moderator, "approve")

    # then it is published and members see it
    page.refresh_from_db()
    assert page.live
    assert titles(gql) == ["Tin chờ duyệt"]


def test_rejected_page_never_appears(gql, tree):
    moderator = make_user(username="kiem-duyet", is_superuser=True)
    page = make_news(tree["root"], "Tin bị từ chối", live=False)
    default_workflow().start(page, make_user(username="tac-gia"))

    task_state = page.current_workflow_task_state
    task_state.task.on_action(task_state, moderator, "reject")

    assert titles(gql) == []
