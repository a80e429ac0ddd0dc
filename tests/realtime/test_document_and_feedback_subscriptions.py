"""documentReceived and feedbackUpdated: each event reaches only the officers of the receiving
union, or the member who sent the feedback; never twice, never to anyone else."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from cms.feedback import services as feedback
from cms.members import tokens
from tests.content_factories import make_official_document
from tests.factories import PASSWORD, make_member, make_officer, make_tree
from tests.realtime.helpers import next_payload, open_socket, subscribe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOCUMENTS = "subscription($after: String) { documentReceived(after: $after) { cursor kind delivery { organisation { code } document { title } } } }"
FEEDBACK = """
subscription($id: ID) {
  feedbackUpdated(feedbackId: $id) { kind feedbackId feedback { title status messages { kind body } } }
}
"""


def _token(user) -> str:
    user.set_password(PASSWORD)
    user.save()
    return tokens.login(user.username, PASSWORD).access_token


@pytest.fixture
async def world():
    @sync_to_async
    def build():
        tree = make_tree()
        clerk = make_officer(tree["vsip"], role="document_clerk", username="van-thu-luxshare")
        other_clerk = make_officer(tree["hoa_sen"], role="document_clerk", username="van-thu-hoa-sen")
        handler = make_officer(tree["vsip"], role="feedback_handler", username="can-bo-luxshare")
        lan = make_member(tree["vsip"], phone="0987654321", full_name="Trần Thị Lan")
        binh = make_member(tree["vsip"], phone="0912000222", full_name="Phạm Văn Bình")
        return {
            "tree": tree,
            "handler": handler.user,
            "lan": lan,
            "binh": binh,
            "tokens": {
                "clerk": _token(clerk.user),
                "other_clerk": _token(other_clerk.user),
                "lan": tokens.login("0987654321", PASSWORD).access_token,
                "binh": tokens.login("0912000222", PASSWORD).access_token,
            },
        }

    return await build()


async def _listening(token, query, variables=None):
    socket = await open_socket(token)
    await subscribe(socket, query, variables)
    assert await socket.receive_nothing(timeout=0.3)
    return socket


async def test_a_document_reaches_the_clerks_of_its_recipient_unions_once(world):
    # given the clerks of Luxshare and of Hoa Sen, and Lan (a member, no role), listening
    tree, t = world["tree"], world["tokens"]
    clerk = await _listening(t["clerk"], DOCUMENTS)
    other = await _listening(t["other_clerk"], DOCUMENTS)
    member = await _listening(t["lan"], DOCUMENTS)
    try:
        # when the federation sends a document to Luxshare, then republishes it
        page = await sync_to_async(make_official_document)(
            tree["root"], "Công văn về Tháng Công nhân", recipients=[tree["vsip"]]
        )
        await sync_to_async(lambda: page.save_revision().publish())()

        # then Luxshare's clerk is told once; the other union's clerk and the member never
        event = (await next_payload(clerk))["data"]["documentReceived"]
        assert event["kind"] == "RECEIVED"
        assert event["delivery"] == {
            "organisation": {"code": "cdcs-luxshare"},
            "document": {"title": "Công văn về Tháng Công nhân"},
        }
        assert await clerk.receive_nothing(timeout=0.5)
        assert await other.receive_nothing(timeout=0.2)
        assert await member.receive_nothing(timeout=0.2)
    finally:
        for socket in (clerk, other, member):
            await socket.disconnect()


async def test_replies_and_status_changes_reach_only_the_member_who_sent_the_feedback(world):
    # given Lan's feedback, Lan and Bình (same union) listening
    t = world["tokens"]

    @sync_to_async
    def submit():
        return feedback.submit_feedback(
            world["lan"].user,
            category="wages",
            title="Chậm trả lương tháng 10",
            description="Công ty trả lương tháng 10 chậm hơn hai tuần so với hợp đồng lao động.",
        )

    item = await submit()
    lan = await _listening(t["lan"], FEEDBACK)
    binh = await _listening(t["binh"], FEEDBACK)
    try:
        # when the handler adds an internal note, then answers
        @sync_to_async
        def handle():
            feedback.add_internal_note(world["handler"], item, body="Đã gọi điện cho phòng nhân sự công ty.")
            feedback.reply_to_feedback(
                world["handler"], item, body="Công ty đã cam kết trả đủ lương trước ngày 15.", final=True
            )

        await handle()

        # then Lan sees the answer (never the note); Bình sees nothing
        events = []
        while (found := await _next_or_none(lan)) is not None:
            events.append(found["data"]["feedbackUpdated"])
        assert events, "Lan received nothing"
        last = events[-1]["feedback"]
        assert last["status"] == "ANSWERED"
        assert [m["kind"] for m in last["messages"]] == ["REPLY"]
        assert all("nhân sự" not in (m["body"] or "") for e in events for m in e["feedback"]["messages"])
        assert await binh.receive_nothing(timeout=0.3)
    finally:
        await lan.disconnect()
        await binh.disconnect()


async def _next_or_none(socket):
    if await socket.receive_nothing(timeout=1.5):
        return None
    return await next_payload(socket)


async def test_subscribing_to_another_members_feedback_or_as_a_guest_is_refused(world):
    # given Lan's feedback
    @sync_to_async
    def submit():
        from strawberry import relay

        made = feedback.submit_feedback(
            world["lan"].user,
            category="contract",
            title="Không được ký hợp đồng",
            description="Làm việc ba tháng nhưng công ty chưa ký hợp đồng lao động bằng văn bản.",
        )
        return str(relay.GlobalID("Feedback", str(made.pk)))

    lans = await submit()

    # when Bình asks for it, and a guest asks for any
    binh = await open_socket(world["tokens"]["binh"])
    guest = await open_socket(None)
    try:
        await subscribe(binh, FEEDBACK, {"id": lans})
        await subscribe(guest, FEEDBACK)

        # then each is refused with its code, as if it did not exist / without a sign-in
        for socket, code in ((binh, "NOT_FOUND"), (guest, "UNAUTHENTICATED")):
            message = await socket.receive_json_from(timeout=5)
            errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
            assert errors[0]["extensions"]["code"] == code, message
    finally:
        await binh.disconnect()
        await guest.disconnect()
