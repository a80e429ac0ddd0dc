"""The ASGI handler runs each request's synchronous code on a reused thread, one request at a time
per thread, and never hands a thread still busy with an abandoned request to another one."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async

from cms.core.asgi import RequestThreads, ReusedThreadsASGIHandler


async def _get(app, path: str) -> int:
    """One GET through the ASGI app; the response's status."""
    return (await _request(app, "GET", path))[0]


async def _request(app, method: str, path: str, body: bytes = b"", headers=()) -> tuple[int, dict, bytes]:
    """One request through the ASGI app: (status, headers as a dict of lists, body)."""
    sent = []
    received = False

    async def receive():
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)  # the client stays connected

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"accept", b"application/json"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    got: dict[str, list[str]] = {}
    for name, value in start["headers"]:
        got.setdefault(name.decode().lower(), []).append(value.decode())
    return (
        start["status"],
        got,
        b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"),
    )


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
    handler.threads.close()


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


def test_a_request_crosses_to_its_thread_a_few_times_not_once_per_middleware(settings):
    """The middleware chain and the view run in one hop (Django's async mode made one per
    middleware method: 15 for this project's chain)."""
    settings.ALLOWED_HOSTS = ["testserver"]
    handler = ReusedThreadsASGIHandler()
    calls = []
    real_borrow = handler.threads.borrow

    def borrow():
        thread = real_borrow()
        real_submit = thread.submit

        def submit(fn, /, *args, **kwargs):
            calls.append(fn)
            return real_submit(fn, *args, **kwargs)

        thread.submit = submit
        return thread

    handler.threads.borrow = borrow

    assert asyncio.run(_get(handler, "/graphql/")) == 400
    handler.threads.close()
    # the request_started signal, the chain with the view, the answer's close
    assert 1 <= len(calls) <= 4, calls


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_signs_in_to_the_admin_through_the_handler(settings):
    """Sessions, CSRF, authentication, messages and the language, in the chain's sync mode."""
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model

    settings.ALLOWED_HOSTS = ["testserver"]
    get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai-9173")
    handler = ReusedThreadsASGIHandler()

    async def sign_in():
        status, headers, page = await _request(handler, "GET", "/admin/login/")
        assert status == 200
        assert "Đăng nhập" in page.decode()
        cookies = SimpleCookie()
        for value in headers["set-cookie"]:
            cookies.load(value)
        csrf = cookies["csrftoken"].value
        form = urlencode(
            {"csrfmiddlewaretoken": csrf, "username": "bientap", "password": "mat-khau-dai-9173"}
        )
        status, headers, _ = await _request(
            handler,
            "POST",
            "/admin/login/",
            form.encode(),
            [
                (b"content-type", b"application/x-www-form-urlencoded"),
                (b"cookie", f"csrftoken={csrf}".encode()),
                (b"referer", b"http://testserver/admin/login/"),
            ],
        )
        return status, headers

    try:
        status, headers = asyncio.run(sign_in())
    finally:
        handler.threads.close()  # their connections to the test database, before it is flushed
    assert status == 302
    assert headers["location"] == ["/admin/"]
    assert any(value.startswith("sessionid=") for value in headers["set-cookie"])
