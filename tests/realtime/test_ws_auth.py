from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from cms.members import tokens
from tests.factories import PASSWORD, make_member, make_tree

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _application():
    from cms.asgi import application

    return application


async def _connect():
    communicator = WebsocketCommunicator(_application(), "/graphql/", subprotocols=["graphql-transport-ws"])
    connected, subprotocol = await communicator.connect()
    assert connected
    assert subprotocol == "graphql-transport-ws"
    return communicator


@sync_to_async
def _signed_in_member_token() -> str:
    tree = make_tree()
    make_member(tree["vsip"], phone="0987654321")
    return tokens.login("0987654321", PASSWORD).access_token


async def test_connection_init_with_valid_token_is_acknowledged():
    token = await _signed_in_member_token()
    communicator = await _connect()
    try:
        await communicator.send_json_to(
            {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
        )
        assert await communicator.receive_json_from(timeout=3) == {"type": "connection_ack"}
    finally:
        await communicator.disconnect()


async def test_connection_init_with_bad_token_is_closed_4403():
    communicator = await _connect()
    try:
        await communicator.send_json_to(
            {"type": "connection_init", "payload": {"authorization": "Bearer khong-hop-le"}}
        )
        closed = await communicator.receive_output(timeout=3)
        assert closed["type"] == "websocket.close"
        assert closed["code"] == 4403
    finally:
        await communicator.disconnect()


async def test_anonymous_connection_is_acknowledged_for_public_events():
    communicator = await _connect()
    try:
        await communicator.send_json_to({"type": "connection_init", "payload": {}})
        assert await communicator.receive_json_from(timeout=3) == {"type": "connection_ack"}
    finally:
        await communicator.disconnect()


async def test_browser_from_unlisted_origin_is_rejected():
    communicator = WebsocketCommunicator(
        _application(),
        "/graphql/",
        subprotocols=["graphql-transport-ws"],
        headers=[(b"origin", b"https://evil.example")],
    )
    connected, _ = await communicator.connect()
    try:
        assert connected is False
    finally:
        await communicator.disconnect()
