"""The production server: gunicorn managing uvicorn worker processes serving cms.asgi.

`.venv/bin/gunicorn cms.asgi:application` reads this file from the project directory. Each
worker is one process serving HTTP (admin, GraphQL) and websockets (subscriptions); gunicorn
restarts a worker that dies or hangs. Every process has its own database pool of
DATABASE_POOL_MAX_SIZE connections, so PostgreSQL needs WEB_CONCURRENCY x DATABASE_POOL_MAX_SIZE
connections for the web tier (plus cron jobs). Settings come from the environment:

    BIND               address:port to listen on (default 127.0.0.1:8000; behind the proxy)
    WEB_CONCURRENCY    worker processes (default: 2 per CPU core)
    FORWARDED_ALLOW_IPS proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1)
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "uvicorn_worker.UvicornWorker"
# A worker silent this long is killed and replaced; an HTTP request is stopped long before
# (GRAPHQL_TIMEOUT_SECONDS), and open websockets do not count as silence.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Restart each worker after this many requests (with jitter, not all at once), so a slow leak
# in any library cannot grow without bound.
max_requests = 20_000
max_requests_jitter = 2_000
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No access log here: the proxy in front keeps one.
errorlog = "-"


def post_worker_init(worker):
    """Once a worker has loaded the project: load what its first request would, and keep the
    garbage collector off the objects start-up made (cms.core.collector)."""
    from cms.core.collector import settle_after_start

    settle_after_start()
