"""The ASGI handler runs each request's synchronous code on a reused thread, one request at a time
per thread, and never hands a thread still busy with an abandoned request to another one."""

from __future__ import annotations

import asyncio
import threading

from asgiref.sync import sync_to_async

from cms.core.asgi import RequestThreads, ReusedThreadsASGIHandler


async def _get(app, path: str) -> int:
    """One GET through the ASGI app; the response's status."""
    sent = []
    received = False

    async def receive():
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)  # the client stays connected

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_requests_one_after_another_reuse_one_thread(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    handler = ReusedThreadsASGIHandler()
    seen: list[int] = []
    real_borrow = handler.threads.borrow

    def borrow():
        thread = real_borrow()
        seen.append(id(thread))
        return thread

    handler.threads.borrow = borrow

    async def three():
        return [await _get(handler, "/graphql/") for _ in range(3)]

    statuses = asyncio.run(three())

    assert statuses == [400, 400, 400]  # GraphQL's answer to a GET without a query
    assert len(set(seen)) == 1  # the same thread served all three
    assert len(handler.threads) == 1  # and is idle again


def test_requests_at_the_same_time_get_threads_of_their_own():
    threads = RequestThreads()
    first, second = threads.borrow(), threads.borrow()
    assert first is not second
    idents = {first.submit(threading.get_ident).result(), second.submit(threading.get_ident).result()}
    assert len(idents) == 2
    threads.give_back(first)
    threads.give_back(second)
    assert len(threads) == 2
    assert threads.borrow() in (first, second)


def test_a_thread_still_busy_with_an_abandoned_request_is_not_reused():
    threads = RequestThreads()
    thread = threads.borrow()
    release = threading.Event()
    still_running = thread.submit(release.wait, 5)  # a view the client gave up on

    threads.give_back(thread)

    assert len(threads) == 0
    assert threads.borrow() is not thread
    release.set()
    assert still_running.result(timeout=5) is True  # its work still ends normally


def test_idle_threads_kept_are_bounded():
    threads = RequestThreads(kept=2)
    borrowed = [threads.borrow() for _ in range(4)]
    for thread in borrowed:
        thread.submit(lambda: None).result()
        threads.give_back(thread)
    assert len(threads) == 2


def test_synchronous_code_of_one_request_runs_on_its_borrowed_thread():
    threads = RequestThreads()
    handler_thread = threads.borrow()
    expected = handler_thread.submit(threading.get_ident).result()

    async def in_context():
        from asgiref.sync import ThreadSensitiveContext

        async with ThreadSensitiveContext(executor=handler_thread):
            return {await sync_to_async(threading.get_ident)() for _ in range(3)}

    assert asyncio.run(in_context()) == {expected}
