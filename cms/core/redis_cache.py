"""Django's Redis cache, keeping its connections and its Redis client for the life of the process.

Django's Redis backend costs more per request than the cache calls themselves, for two reasons
(py-spy on a worker serving ``benchmarks/contest_rush.py``):

- Django's caches live per request under ASGI (``django.core.cache.caches`` keeps them per
  context, not per thread), and each cache object makes its own connection pool. So every
  request that touched the cache opened a new TCP connection to Redis, with its handshake
  (``CLIENT SETINFO``), and left it for the garbage collector: ~8% of a worker's time in a
  contest rush, one connection per request in Redis' ``total_connections_received``. Here the
  pools are the process's: every cache object with the same servers and options shares them,
  and their connections are reused request after request. (redis-py's pool notices a fork and
  starts afresh in the child, so gunicorn's workers never share a socket.)
- Django's client makes a new ``redis.Redis`` object at every cache call, and each builds its
  table of some 200 response callbacks: ~0.1 ms of CPU per call. One client per pool does the
  same work: a ``redis.Redis`` takes a connection from its pool for each command and is safe to
  share.

Everything else is Django's.
"""

from __future__ import annotations

from threading import Lock

from django.core.cache.backends import redis as django_redis

_clients: dict[tuple, object] = {}  # (server, pool class, options) -> a Redis client and its pool
_lock = Lock()


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        options = repr(sorted(self._pool_options.items()))
        self._keys = [(server, self._pool_class, options) for server in self._servers]

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = _clients.get(self._keys[index])
        if client is None:
            with _lock:
                client = _clients.get(self._keys[index])
                if client is None:
                    pool = self._pool_class.from_url(self._servers[index], **self._pool_options)
                    client = _clients[self._keys[index]] = self._client(connection_pool=pool)
        return client

    def _get_connection_pool(self, write):
        return self.get_client(write=write).connection_pool


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
