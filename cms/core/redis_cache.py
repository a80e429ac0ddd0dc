"""Django's Redis cache, keeping its Redis client.

Django's client makes a new ``redis.Redis`` object at every cache call, and each builds its table
of some 200 response callbacks: ~0.1 ms of CPU per call, on every request that reads the cache
(a contest start reads it twice, the response cache and the login limits on most requests). One
client per connection pool does the same work: a ``redis.Redis`` takes a connection from its pool
for each command and is safe to share. Everything else is Django's.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
