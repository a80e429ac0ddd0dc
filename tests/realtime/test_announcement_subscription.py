"""announcementPublished: the right sockets receive an announcement when it goes live, the
wrong ones never do; drafts and scheduled pages wait; withdrawals, resume and rights changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cms.members import services as member_services
from cms.members import tokens
from cms.members.models import Member
from realtime.models import Event
from tests.content_factories import make_announcement
from tests.factories import PASSWORD, make_member, make_tree
from tests.realtime.helpers import closed_with, next_payload, open_socket, subscribe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUBSCRIPTION = """
subscription Announcements($after: String) {
  announcementPublished(after: $after) {
    cursor kind announcementId
    announcement { title organisation { code } }
  }
}
"""


@pytest.fixture
async def world():
    """The tree, a member of Luxshare (under the industrial-zone union) and one of a school."""

    @sync_to_async
    def build():
        tree = make_tree()
        make_member(tree["vsip"], phone="0987654321", full_name="Trần Thị Lan")
        make_member(tree["thpt"], phone="0912000111", full_name="Lê Văn Hùng")
        return (
            tree,
            tokens.login("0987654321", PASSWORD).access_token,
            tokens.login("0912000111", PASSWORD).access_token,
        )

    tree, lan, hung = await build()
    return {"tree": tree, "lan": lan, "hung": hung}


async def _listening(token: str | None, after: str | None = None):
    socket = await open_socket(token)
    await subscribe(socket, SUBSCRIPTION, {"after": after})
    if after is None:
        # Nothing is due yet: this gives the subscription its turn to start listening.
        assert await socket.receive_nothing(timeout=0.3)
    return socket


announce = sync_to_async(make_announcement)


async def test_an_announcement_for_an_upper_union_reaches_its_subtree_only(world):
    # given Lan (Luxshare, under the industrial zones), Hùng (a school) and a guest listening
    tree = world["tree"]
    lan, hung, guest = (
        await _listening(world["lan"]),
        await _listening(world["hung"]),
        await _listening(None),
    )
    try:
        # when the industrial-zone union publishes an announcement for its own subtree
        page = await announce(
            tree["kcn"], "Lịch nghỉ Tết của công nhân khu công nghiệp", audience=[tree["kcn"]]
        )

        # then Lan receives it, the school's member and the guest receive nothing
        payload = await next_payload(lan)
        event = payload["data"]["announcementPublished"]
        assert event["kind"] == "PUBLISHED"
        assert event["announcement"] == {
            "title": "Lịch nghỉ Tết của công nhân khu công nghiệp",
            "organisation": {"code": "cd-kcn"},
        }
        assert event["announcementId"]
        assert await hung.receive_nothing(timeout=0.5)
        assert await guest.receive_nothing(timeout=0.2)
        assert page.pk
    finally:
        for socket in (lan, hung, guest):
            await socket.disconnect()


async def test_an_announcement_for_everyone_reaches_guests_and_members(world):
    # given
    guest, hung = await _listening(None), await _listening(world["hung"])
    try:
        # when
        await announce(world["tree"]["root"], "Thông báo chung toàn tỉnh")

        # then
        for socket in (guest, hung):
            event = (await next_payload(socket))["data"]["announcementPublished"]
            assert (event["kind"], event["announcement"]["title"]) == (
                "PUBLISHED",
                "Thông báo chung toàn tỉnh",
            )
    finally:
        await guest.disconnect()
        await hung.disconnect()


async def test_drafts_rolled_back_and_scheduled_announcements_are_not_announced_until_live(world):
    # given a guest listening
    guest = await _listening(None)
    tree = world["tree"]

    @sync_to_async
    def draft_rollback_and_schedule():
        make_announcement(tree["root"], "Bản nháp", live=False)
        try:
            with transaction.atomic():
                make_announcement(tree["root"], "Bị hủy giữa chừng")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        page = make_announcement(tree["root"], "Hẹn giờ đăng", live=False)
        page.go_live_at = timezone.now() + timedelta(days=1)
        page.save_revision().publish()  # scheduled: Wagtail keeps it offline until go_live_at
        return page

    @sync_to_async
    def go_live(page):
        # the day has come: the scheduled revision's time is now past
        from wagtail.models import Revision

        revision = Revision.page_revisions.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
        past = timezone.now() - timedelta(seconds=1)
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
        call_command("publish_scheduled")

    try:
        # when a draft is saved, a publication is rolled back and one is scheduled
        page = await draft_rollback_and_schedule()

        # then nothing is announced
        assert await guest.receive_nothing(timeout=0.6)
        assert await sync_to_async(Event.objects.count)() == 0

        # and when publish_scheduled makes the scheduled one live, it is announced
        await go_live(page)
        event = (await next_payload(guest))["data"]["announcementPublished"]
        assert event["announcement"]["title"] == "Hẹn giờ đăng"
    finally:
        await guest.disconnect()


async def test_unpublishing_is_announced_as_a_withdrawal_with_the_id_only(world):
    # given a published announcement for the industrial zones, and Lan listening
    page = await announce(world["tree"]["kcn"], "Sẽ bị gỡ", audience=[world["tree"]["kcn"]])
    lan = await _listening(world["lan"])
    try:
        # when an editor unpublishes it
        await sync_to_async(page.unpublish)()

        # then Lan is told to remove it, and nothing of its content is sent
        event = (await next_payload(lan))["data"]["announcementPublished"]
        assert event["kind"] == "WITHDRAWN" and event["announcement"] is None and event["announcementId"]
    finally:
        await lan.disconnect()


async def test_a_client_resuming_from_its_cursor_gets_what_it_missed_then_live_without_duplicates(world):
    # given Lan saw one announcement, then lost her connection
    root = world["tree"]["root"]
    lan = await _listening(world["lan"])
    await announce(root, "Thứ nhất")
    first = (await next_payload(lan))["data"]["announcementPublished"]
    await lan.disconnect()

    # when two are published while she is away, and one for the school only
    await announce(root, "Thứ hai")
    await announce(world["tree"]["gd"], "Chỉ cho ngành giáo dục", audience=[world["tree"]["gd"]])
    await announce(root, "Thứ ba")
    lan = await _listening(world["lan"], after=first["cursor"])
    try:
        # then on reconnecting with her cursor she receives the two she may see, in order
        missed = [(await next_payload(lan))["data"]["announcementPublished"] for _ in range(2)]
        assert [e["announcement"]["title"] for e in missed] == ["Thứ hai", "Thứ ba"]
        assert await lan.receive_nothing(timeout=0.3)

        # and then live ones, each once
        await announce(root, "Thứ tư")
        live = (await next_payload(lan))["data"]["announcementPublished"]
        assert live["announcement"]["title"] == "Thứ tư"
        assert await lan.receive_nothing(timeout=0.5)
    finally:
        await lan.disconnect()


async def test_a_cursor_not_given_out_by_the_server_is_refused_with_a_code(world):
    socket = await open_socket(None)
    try:
        await subscribe(socket, SUBSCRIPTION, {"after": "not-a-cursor"})
        message = await socket.receive_json_from(timeout=5)
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    finally:
        await socket.disconnect()


async def test_a_deactivated_member_is_cut_off_without_reconnecting(world, settings):
    # given Lan listening, with her sign-in checked every 0.2 s
    settings.REALTIME_SESSION_CHECK_SECONDS = 0.2
    lan = await _listening(world["lan"])

    # when the union deactivates her membership
    @sync_to_async
    def deactivate():
        member_services.deactivate_member(Member.objects.get(phone="0987654321"))

    await deactivate()

    # then the socket is closed as an invalid sign-in, before anything else is published to her
    assert await closed_with(lan) == 4403
    await lan.disconnect()


async def test_a_member_moved_to_another_union_follows_the_new_unions_announcements(world, settings):
    # given Lan listening, checked every 0.2 s
    settings.REALTIME_SESSION_CHECK_SECONDS = 0.2
    tree = world["tree"]
    lan = await _listening(world["lan"])
    try:
        # when she moves to a school union
        @sync_to_async
        def move():
            Member.objects.filter(phone="0987654321").update(organisation=tree["thpt"])

        await move()
        assert await lan.receive_nothing(timeout=0.6)  # a check has passed

        await announce(tree["kcn"], "Cho khu công nghiệp", audience=[tree["kcn"]])
        await announce(tree["gd"], "Cho ngành giáo dục", audience=[tree["gd"]])

        # then she receives the education sector's announcement, not the industrial zones'
        event = (await next_payload(lan))["data"]["announcementPublished"]
        assert event["announcement"]["title"] == "Cho ngành giáo dục"
        assert await lan.receive_nothing(timeout=0.5)
    finally:
        await lan.disconnect()


async def test_a_client_too_far_behind_is_told_to_resync_then_goes_on_live(world, settings):
    # given Lan's cursor, and one of the events she missed since purged from the log
    root = world["tree"]["root"]
    lan = await _listening(world["lan"])
    await announce(root, "Cũ")
    old = (await next_payload(lan))["data"]["announcementPublished"]
    await lan.disconnect()
    await announce(root, "Mới hơn")
    await announce(root, "Mới nhất")

    @sync_to_async
    def purge_everything_but_the_newest():
        newest = Event.objects.latest("pk")
        Event.objects.exclude(pk=newest.pk).update(created_at=timezone.now() - timedelta(days=30))
        call_command("purge_realtime_events", verbosity=0)

    await purge_everything_but_the_newest()

    # when she reconnects with her old cursor
    lan = await _listening(world["lan"], after=old["cursor"])
    try:
        # then she is told to reload, with a fresh cursor, and live events follow
        resync = (await next_payload(lan))["data"]["announcementPublished"]
        assert (resync["kind"], resync["announcement"]) == ("RESYNC", None)
        await announce(root, "Trực tiếp")
        live = (await next_payload(lan))["data"]["announcementPublished"]
        assert live["announcement"]["title"] == "Trực tiếp"
    finally:
        await lan.disconnect()


async def test_with_the_production_task_queue_the_worker_sends_the_event(world, settings):
    # given production's task backend (a database queue) and a guest listening
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    guest = await _listening(None)
    try:
        # when an announcement is published: the request only queues the broadcast
        await announce(world["tree"]["root"], "Qua hàng đợi")
        assert await guest.receive_nothing(timeout=0.5)

        # then a worker run sends it (db_worker's loop, in batch mode: what is queued, then stop)
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        )
        await sync_to_async(worker.run)()
        event = (await next_payload(guest))["data"]["announcementPublished"]
        assert event["announcement"]["title"] == "Qua hàng đợi"
    finally:
        await guest.disconnect()


async def test_a_signed_out_member_is_cut_off_at_the_next_event_before_any_periodic_check(world, settings):
    # given Lan listening, with the periodic check an hour away
    settings.REALTIME_SESSION_CHECK_SECONDS = 3600
    lan = await _listening(world["lan"])

    # when she signs out elsewhere, and an announcement for everyone is published
    @sync_to_async
    def sign_out():
        tokens.logout(tokens.authenticate_access_token(world["lan"])[1])

    await sign_out()
    await announce(world["tree"]["root"], "Sau khi đăng xuất")

    # then the socket is closed instead of delivering it
    assert await closed_with(lan) == 4403
    await lan.disconnect()
