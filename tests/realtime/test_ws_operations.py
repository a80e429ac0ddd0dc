"""Queries and mutations over the websocket behave as over HTTP, a socket never outlives its
sign-in, and malformed messages close the socket instead of crashing the consumer."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from cms.members import tokens
from cms.members.models import AuthToken
from tests.factories import PASSWORD, make_member, make_tree

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ME = "{ me { username member { fullName organisation { code } } } }"


async def _connect(payload: dict | None = None) -> WebsocketCommunicator:
    from cms.asgi import application

    communicator = WebsocketCommunicator(application, "/graphql/", subprotocols=["graphql-transport-ws"])
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "connection_init", "payload": payload or {}})
    return communicator


async def _signed_in(token: str) -> WebsocketCommunicator:
    communicator = await _connect({"authorization": f"Bearer {token}"})
    assert await communicator.receive_json_from(timeout=3) == {"type": "connection_ack"}
    return communicator


async def _run(communicator: WebsocketCommunicator, id: str, query: str, variables=None) -> list[dict]:
    """Every message the operation gets, up to its `complete` or `error`."""
    await communicator.send_json_to(
        {"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
    )
    messages = []
    while True:
        message = await communicator.receive_json_from(timeout=5)
        messages.append(message)
        if message["type"] in ("complete", "error"):
            return messages


async def _closed_with(communicator: WebsocketCommunicator) -> int:
    output = await communicator.receive_output(timeout=5)
    assert output["type"] == "websocket.close", output
    return output["code"]


@sync_to_async
def _member_token(phone: str = "0987654321") -> str:
    tree = make_tree()
    make_member(tree["vsip"], phone=phone, full_name="Trần Thị Lan")
    return tokens.login(phone, PASSWORD).access_token


@sync_to_async
def _over_http(query: str, token: str | None = None, variables=None) -> dict:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
    )
    return response.json()


@pytest.mark.parametrize(
    "query",
    [
        ME,
        '{ page(path: "/") { title } }',
        "{ menu { name items { __typename } } }",
        "{ statistics { code name unit isComputed } }",
        "{ organisations(first: 3) { totalCount edges { node { code name } } } }",
    ],
)
async def test_queries_over_the_socket_answer_as_over_http(query):
    # given a signed-in member's socket
    token = await _member_token()
    communicator = await _signed_in(token)
    try:
        # when the same query goes over both
        messages = await _run(communicator, "1", query)
        http = await _over_http(query, token)

        # then the socket's answer is HTTP's, followed by `complete`
        assert messages == [{"id": "1", "type": "next", "payload": http}, {"id": "1", "type": "complete"}]
        assert "errors" not in http
    finally:
        await communicator.disconnect()


async def test_login_over_the_socket_signs_in_without_changing_who_the_socket_is():
    # given an anonymous socket
    await _member_token()
    communicator = await _connect()
    assert await communicator.receive_json_from(timeout=3) == {"type": "connection_ack"}
    try:
        # when the member signs in over it
        messages = await _run(
            communicator,
            "1",
            'mutation($p: String!) { login(input: {identifier: "0987654321", password: $p}) '
            "{ tokens { accessToken } errors { code } } }",
            {"p": PASSWORD},
        )
        me = await _run(communicator, "2", ME)

        # then tokens come back, and the socket itself stays anonymous
        login = messages[0]["payload"]["data"]["login"]
        assert login["errors"] == [] and login["tokens"]["accessToken"]
        assert me[0]["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    finally:
        await communicator.disconnect()


async def test_errors_over_the_socket_carry_codes_and_bugs_are_masked(monkeypatch, settings):
    # given an anonymous socket, and a bug in the `me` resolver
    settings.DEBUG = False
    token = await _member_token()
    communicator = await _signed_in(token)

    def broken(user):
        raise RuntimeError("connection string postgres://secret@db")

    monkeypatch.setattr("graphql_api.members.queries.me_for", broken)
    try:
        # when
        bug = await _run(communicator, "1", "{ me { username } }")
        invalid = await _run(communicator, "2", "{ nonexistent }")

        # then
        assert bug[0]["payload"]["errors"] == [
            {
                "message": "Internal server error",
                "locations": [{"line": 1, "column": 3}],
                "path": ["me"],
                "extensions": {"code": "INTERNAL_SERVER_ERROR"},
            }
        ]
        assert invalid == [
            {
                "id": "2",
                "type": "error",
                "payload": [
                    {
                        "message": "Cannot query field 'nonexistent' on type 'Query'.",
                        "locations": [{"line": 1, "column": 3}],
                        "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
                    }
                ],
            }
        ]
    finally:
        await communicator.disconnect()


async def _ends_sign_in(how: str, token: str) -> None:
    @sync_to_async
    def end() -> None:
        found = tokens.authenticate_access_token(token)
        assert found is not None
        user, session = found
        if how == "logout":
            tokens.logout(session)
        elif how == "expiry":
            AuthToken.objects.filter(session=session).update(expires_at=timezone.now())
        elif how == "deactivation":
            user.is_active = False
            user.save(update_fields=["is_active"])

    await end()


@pytest.mark.parametrize("how", ["logout", "expiry", "deactivation"])
async def test_a_socket_whose_sign_in_ended_is_closed_before_it_answers_again(how):
    # given a member's socket that has read their profile
    token = await _member_token()
    communicator = await _signed_in(token)
    first = await _run(communicator, "1", ME)
    assert first[0]["payload"]["data"]["me"]["member"]["fullName"] == "Trần Thị Lan"

    # when the sign-in ends elsewhere (signed out over HTTP, token expired, member deactivated)
    await _ends_sign_in(how, token)
    await communicator.send_json_to({"id": "2", "type": "subscribe", "payload": {"query": ME}})

    # then the socket is closed as a bad token would be, with nothing more sent
    assert await _closed_with(communicator) == 4403
    await communicator.disconnect()


@pytest.mark.parametrize("authorization", [123, ["Bearer x"], {"token": "x"}, None, True, "", "Bearer "])
async def test_an_authorization_that_is_not_a_valid_token_closes_the_socket(authorization):
    # given / when
    communicator = await _connect({"authorization": authorization})

    # then it is never treated as a guest
    assert await _closed_with(communicator) == 4403
    await communicator.disconnect()


@pytest.mark.parametrize(
    "message",
    [
        {"type": "subscribe", "id": {"a": 1}, "payload": {"query": "{ __typename }"}},
        {"type": "subscribe", "id": 7, "payload": {"query": "{ __typename }"}},
        {"type": "subscribe", "id": "", "payload": {"query": "{ __typename }"}},
        {"type": "subscribe", "id": "x" * 129, "payload": {"query": "{ __typename }"}},
        {"type": "subscribe", "id": "1", "payload": "{ __typename }"},
        {"type": "subscribe", "id": "1", "payload": {"query": ["{ __typename }"]}},
        {"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }", "variables": [1]}},
        {"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }", "operationName": 5}},
        {"type": "complete", "id": ["1"]},
        {"type": ["subscribe"]},
        ["subscribe"],
    ],
)
async def test_a_malformed_message_closes_the_socket_with_4400_and_the_server_goes_on(message):
    # given an acknowledged socket
    communicator = await _connect()
    assert await communicator.receive_json_from(timeout=3) == {"type": "connection_ack"}

    # when
    await communicator.send_json_to(message)

    # then it is closed as the protocol says, and a new socket is served
    assert await _closed_with(communicator) == 4400
    await communicator.disconnect()
    again = await _connect()
    assert await again.receive_json_from(timeout=3) == {"type": "connection_ack"}
    answer = await _run(again, "1", "{ __typename }")
    assert answer[0] == {"id": "1", "type": "next", "payload": {"data": {"__typename": "Query"}}}
    await again.disconnect()


async def test_a_socket_may_not_keep_more_than_twenty_operations_in_flight(monkeypatch):
    # given a socket that already holds the maximum number of operations
    from realtime import consumer

    communicator = await _connect()
    assert await communicator.receive_json_from(timeout=3) == {"type": "connection_ack"}
    try:
        monkeypatch.setattr(consumer.TransportWSHandler, "run_operation", _never_ending)
        for index in range(consumer.MAX_OPERATIONS_PER_SOCKET):
            await communicator.send_json_to(
                {"id": str(index), "type": "subscribe", "payload": {"query": "{ __typename }"}}
            )

        # when one more is sent
        await communicator.send_json_to(
            {"id": "extra", "type": "subscribe", "payload": {"query": "{ __typename }"}}
        )

        # then it is refused with an error, and nothing else
        answer = await communicator.receive_json_from(timeout=3)
        assert answer["id"] == "extra" and answer["type"] == "error"
    finally:
        await communicator.disconnect()


async def _never_ending(self, operation) -> None:
    import asyncio

    await asyncio.Event().wait()
