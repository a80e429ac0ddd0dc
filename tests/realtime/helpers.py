"""Sockets as the app opens them, for the realtime tests."""

from __future__ import annotations

from channels.testing import WebsocketCommunicator


async def open_socket(token: str | None = None) -> WebsocketCommunicator:
    """A socket that has sent `connection_init` (with the token, if any) and been acknowledged."""
    from cms.asgi import application

    communicator = WebsocketCommunicator(application, "/graphql/", subprotocols=["graphql-transport-ws"])
    connected, _ = await communicator.connect()
    assert connected
    payload = {"authorization": f"Bearer {token}"} if token else {}
    await communicator.send_json_to({"type": "connection_init", "payload": payload})
    assert await communicator.receive_json_from(timeout=3) == {"type": "connection_ack"}
    return communicator


async def subscribe(
    communicator: WebsocketCommunicator, query: str, variables: dict | None = None, id: str = "s"
):
    await communicator.send_json_to(
        {"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
    )


async def next_payload(communicator: WebsocketCommunicator, timeout: float = 5) -> dict:
    message = await communicator.receive_json_from(timeout=timeout)
    assert message["type"] == "next", message
    return message["payload"]


async def closed_with(communicator: WebsocketCommunicator, timeout: float = 5) -> int:
    output = await communicator.receive_output(timeout=timeout)
    assert output["type"] == "websocket.close", output
    return output["code"]
