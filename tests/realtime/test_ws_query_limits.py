"""Over the websocket, operations run under async execution on the event loop every socket shares:
the cost budget refuses the fragment chain there too, parsing, validation and the optimizer run
in worker threads, and the time budget stops a slow query with its code."""

from __future__ import annotations

import threading
import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from tests.factories import make_tree
from tests.graphql_api.test_query_cost import fragment_chain

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def _connected() -> WebsocketCommunicator:
    from cms.asgi import application

    communicator = WebsocketCommunicator(application, "/graphql/", subprotocols=["graphql-transport-ws"])
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "connection_init", "payload": {}})
    assert await communicator.receive_json_from(timeout=3) == {"type": "connection_ack"}
    return communicator


async def _subscribe(communicator: WebsocketCommunicator, id: str, query: str) -> None:
    await communicator.send_json_to({"id": id, "type": "subscribe", "payload": {"query": query}})


@pytest.fixture
def threads_used(monkeypatch):
    """Which threads validated documents and optimized querysets, by step."""
    import strawberry_django.optimizer

    from graphql_api.core import limits

    used: dict[str, set[int]] = {"validate": set(), "optimize": set()}
    validate, optimize = limits._validate, strawberry_django.optimizer.optimize

    def spying_validate(context):
        used["validate"].add(threading.get_ident())
        return validate(context)

    def spying_optimize(*args, **kwargs):
        used["optimize"].add(threading.get_ident())
        return optimize(*args, **kwargs)

    monkeypatch.setattr(limits, "_validate", spying_validate)
    monkeypatch.setattr(strawberry_django.optimizer, "optimize", spying_optimize)
    return used


async def test_the_fragment_chain_is_refused_over_the_websocket_off_the_event_loop(threads_used):
    # given a connected socket that has answered once
    communicator = await _connected()
    try:
        await _subscribe(communicator, "0", "{ __typename }")
        assert (await communicator.receive_json_from(timeout=3))["type"] == "next"
        assert await communicator.receive_json_from(timeout=3) == {"id": "0", "type": "complete"}

        # when the chain of 40 fragments is sent
        started = time.perf_counter()
        await _subscribe(communicator, "1", fragment_chain(40))
        answer = await communicator.receive_json_from(timeout=3)
        elapsed = time.perf_counter() - started

        # then it is refused with its code, at once, and was validated outside the event loop
        assert answer == {
            "id": "1",
            "type": "error",
            "payload": [
                {
                    "message": f"'anonymous' costs {2**41 + 2}, over the maximum of 10000: "
                    "select fewer fields or ask for smaller pages.",
                    "locations": [{"line": 1, "column": 1}],
                    "extensions": {"code": "QUERY_TOO_COMPLEX"},
                }
            ],
        }
        assert elapsed < 5  # never walks the expansions (benchmarks/query_limits.py: the time)
        assert threads_used["validate"]
        assert threading.get_ident() not in threads_used["validate"]
    finally:
        await communicator.disconnect()


async def test_a_query_over_the_websocket_is_optimized_off_the_event_loop(threads_used):
    # given the union tree
    await sync_to_async(make_tree)()
    communicator = await _connected()
    try:
        # when a list with its total count is asked for
        await _subscribe(
            communicator, "1", "{ organisations(first: 2) { totalCount edges { node { code } } } }"
        )
        answer = await communicator.receive_json_from(timeout=5)

        # then it answers, and neither validation nor the optimizer ran on the event loop
        assert answer["type"] == "next"
        assert answer["payload"]["data"]["organisations"]["totalCount"] == 7
        assert threads_used["validate"] and threads_used["optimize"]
        assert threading.get_ident() not in threads_used["validate"] | threads_used["optimize"]
    finally:
        await communicator.disconnect()


async def test_a_slow_query_over_the_websocket_gets_the_timeout_error(settings, slow_level_labels):
    # given a 0.2 s budget and 7 organisations whose label takes 100 ms each
    await sync_to_async(make_tree)()
    settings.GRAPHQL_TIMEOUT_SECONDS = 0.2
    calls = slow_level_labels
    communicator = await _connected()
    try:
        # when
        started = time.perf_counter()
        await _subscribe(communicator, "1", "{ organisations(first: 7) { edges { node { levelLabel } } } }")
        answer = await communicator.receive_json_from(timeout=5)
        elapsed = time.perf_counter() - started

        # then the operation ends with its error, before the 0.7 s the labels would take
        assert answer == {
            "id": "1",
            "type": "error",
            "payload": [
                {
                    "message": "The operation took longer than 0.2 seconds and was stopped: "
                    "ask for less, or try again later.",
                    "extensions": {"code": "TIMEOUT"},
                }
            ],
        }
        assert len(calls) < 7
        assert elapsed < 3
    finally:
        await communicator.disconnect()
