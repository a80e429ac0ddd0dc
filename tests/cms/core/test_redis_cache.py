"""The project's Redis cache backend is Django's, keeping one Redis client per connection pool."""

from __future__ import annotations

import os
import threading

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not REDIS_URL,
    reason="REDIS_URL is not set: the suite's Redis run (REDIS_URL=redis://127.0.0.1:6379/15) covers it",
)


@pytest.fixture
def cache():
    backend = {
        "BACKEND": "cms.core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "redis-cache-tests",
    }
    with override_settings(CACHES={"default": backend}):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_it_is_a_cache(cache):
    assert cache.add("a", {"n": 1}, 60) and not cache.add("a", 2, 60)
    cache.set_many({"b": "hai", "c": [3]}, 60)
    assert cache.get_many(["a", "b", "c", "d"]) == {"a": {"n": 1}, "b": "hai", "c": [3]}
    cache.set("n", 1, 60)
    assert cache.incr("n") == 2 and cache.get("n") == 2
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"


def test_one_client_serves_every_call(cache):
    clients = {id(cache._cache.get_client(key)) for key in ("a", "b", "c")}
    cache.get("a")

    assert len(clients) == 1
    assert cache._cache.get_client("z", write=True) is cache._cache.get_client("z")


def test_threads_share_what_they_write(cache):
    def write(n: int) -> None:
        caches["default"].set(f"thread-{n}", n, 60)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert cache.get_many([f"thread-{n}" for n in range(4)]) == {f"thread-{n}": n for n in range(4)}


def test_requests_reuse_the_process_connections(cache):
    """Under ASGI every request gets its own cache objects (Django keeps them per context): they
    share the process's pool, so twenty requests open no new connection to Redis."""
    import contextvars

    pools = set()

    def one_request(n: int) -> None:
        request_cache = caches["default"]  # a new object in this context, as in a new request
        assert request_cache is not cache
        request_cache.set(f"request-{n}", n, 60)
        assert request_cache.get(f"request-{n}") == n
        pools.add(request_cache._cache._get_connection_pool(write=True))

    cache.get("warm")  # the pool's first connection
    pool = cache._cache._get_connection_pool(write=True)
    opened = pool._created_connections
    for n in range(20):
        contextvars.Context().run(one_request, n)

    assert pools == {pool} and pool._created_connections == opened
    assert caches.create_connection("default")._cache.get_client("a") is cache._cache.get_client("a")
