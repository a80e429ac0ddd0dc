"""Django's ASGI handler, with each request's synchronous code run in one go on a reused thread.

Django serves a request over ASGI by running its synchronous parts on a thread of its own, and
two things made that cost more than the work of a small GraphQL request (py-spy on a worker
serving ``benchmarks/contest_rush.py``'s floor):

- asgiref starts a thread for every request and another one to join it afterwards
  (``Thread.start`` and the join: a quarter of the samples). Here a request borrows a thread
  from the idle ones and gives it back when it ends, as a threaded WSGI server's threads serve
  request after request.
- The middleware chain ran in Django's async mode: every ``process_request`` and
  ``process_response`` of the ten middleware was a hop from the event loop to the thread and
  back (15 hops, then one for the view: asgiref's bookkeeping was 40% of the samples, more
  than the view). Here the chain is built in sync mode, as under WSGI, and the whole of it,
  view included, runs in one hop.

Everything else (reading the body, signals, streaming the answer, disconnects) is Django's own
handler.

Each thread still serves one request at a time, so what a request's synchronous code keeps per
thread (its database connection, the active language) is never shared with a request running
at the same time; Django resets both per request as it does under WSGI. A thread whose request
was abandoned while its view still runs (the client went away) is not reused: it finishes that
work and ends.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from threading import Lock

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler

# Idle threads kept per process; more requests at once than this start threads of their own,
# which end with their request (as Django's handler always does).
KEPT_IDLE = 64


class RequestThread(ThreadPoolExecutor):
    """One thread that runs one request's synchronous code at a time."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="asgi-request")
        self._last: Future | None = None

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future = super().submit(fn, *args, **kwargs)
        self._last = future  # one worker, in order: idle once the last call submitted is done
        return future

    @property
    def idle(self) -> bool:
        return self._last is None or self._last.done()


class RequestThreads:
    """The idle request threads of this process."""

    def __init__(self, kept: int = KEPT_IDLE) -> None:
        self.kept = kept
        self._idle: list[RequestThread] = []
        self._lock = Lock()

    def borrow(self) -> RequestThread:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return RequestThread()

    def give_back(self, thread: RequestThread) -> None:
        if thread.idle:
            with self._lock:
                if len(self._idle) < self.kept:
                    self._idle.append(thread)
                    return
        thread.shutdown(wait=False)  # it ends once its work is done; nobody waits for it

    def __len__(self) -> int:
        return len(self._idle)

    def close(self) -> None:
        """End the idle threads, each closing its database connections first (a thread keeps
        the connections its requests opened, as a threaded WSGI server's threads do)."""
        from django.db import connections

        with self._lock:
            idle, self._idle = self._idle, []
        for thread in idle:
            thread.submit(connections.close_all).result()
            thread.shutdown(wait=True)


class ReusedThreadsASGIHandler(ASGIHandler):
    """Django's :class:`ASGIHandler`: the middleware and the view in one hop to a reused thread."""

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)  # the chain as WSGI runs it: no hop per middleware
        self.threads = RequestThreads()

    async def get_response_async(self, request):
        # BaseHandler.get_response: the sync chain, then the request's closers and the log of an
        # error answer; on the request's thread (thread-sensitive), like every sync part of it.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        thread = self.threads.borrow()
        try:
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            self.threads.give_back(thread)


def get_asgi_application() -> ReusedThreadsASGIHandler:
    """Like :func:`django.core.asgi.get_asgi_application`, with the handler above."""
    import django

    django.setup(set_prefix=False)
    return ReusedThreadsASGIHandler()
