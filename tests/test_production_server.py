"""The production server as the README starts it: gunicorn (gunicorn.conf.py) with uvicorn workers.

One command serves HTTP and websockets from several processes. This starts it for real, on a
free loopback port, with the database this test run was given (SQLite in a temporary folder on
the embedded default, the PostgreSQL server in CI's second run), and talks to it as an app does.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(tmp_path_factory, **environment: str):
    """Start `gunicorn cms.asgi:application` as the README does; yield (base URL, port, master pid)."""
    port = _free_port()
    env = dict(os.environ)
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "VAR_DIR": str(tmp_path_factory.mktemp("var")),
            **environment,
        }
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                # The whole group: a worker left alive would hold the output pipe open, and
                # reading it would wait forever instead of failing.
                os.killpg(process.pid, signal.SIGKILL)
                pytest.fail("gunicorn did not start:\n" + (process.stdout.read() if process.stdout else ""))
            time.sleep(0.2)
    try:
        yield base, port, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """With the database this test run was given."""
    yield from start(tmp_path_factory)


def test_it_answers_graphql_over_http(server):
    base, _, _ = server
    request = urllib.request.Request(
        f"{base}/graphql/",
        data=json.dumps({"query": "{ __typename }"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"data": {"__typename": "Query"}}


def test_it_holds_graphql_websockets(server):
    _, port, _ = server
    with connect(
        f"ws://127.0.0.1:{port}/graphql/", subprotocols=["graphql-transport-ws"], open_timeout=10
    ) as ws:
        assert ws.subprotocol == "graphql-transport-ws"
        ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "connection_ack"}
        ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": "{ __typename }"}}))
        assert json.loads(ws.recv(timeout=10)) == {
            "id": "1",
            "type": "next",
            "payload": {"data": {"__typename": "Query"}},
        }
        assert json.loads(ws.recv(timeout=10)) == {"id": "1", "type": "complete"}


def test_it_runs_the_configured_number_of_worker_processes(server):
    _, _, master = server
    result = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True, check=True)
    workers = [
        pid for pid, ppid in (line.split() for line in result.stdout.splitlines()) if ppid == str(master)
    ]
    assert len(workers) == 2, result.stdout


# -- Database connections stay bounded ---------------------------------------------------------

POOL_PROBE = "congdoanso_pool_probe"


def _postgres(sql: str, *params):
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
    ) as c:
        return c.execute(sql, params).fetchone()


def _postgres_reachable() -> bool:
    try:
        _postgres("SELECT 1")
    except Exception:
        return False
    return True


@pytest.mark.skipif(
    not _postgres_reachable(), reason="no PostgreSQL server on 127.0.0.1:5432 on this machine"
)
def test_a_burst_of_requests_holds_at_most_the_pool_per_worker(tmp_path_factory, django_db_blocker):
    # given the production server on PostgreSQL, 2 workers with pools of 3 connections, its
    # connections named so they can be counted
    url = f"postgres://postgres@127.0.0.1:5432/postgres?application_name={POOL_PROBE}"
    servers = start(tmp_path_factory, DATABASE_URL=url, DATABASE_POOL_MAX_SIZE="3", REDIS_URL="")
    base, _, _ = next(servers)
    try:
        # when 120 requests, 24 at a time, each needing a connection, arrive at once
        def probe(_):
            with urllib.request.urlopen(f"{base}/healthz", timeout=30) as response:
                return response.status

        peak, done = [0], threading.Event()

        def sample():  # the most connections open at any moment of the burst
            while not done.is_set():
                (now,) = _postgres(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", POOL_PROBE
                )
                peak[0] = max(peak[0], now)
                time.sleep(0.01)

        with django_db_blocker.unblock():
            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                with ThreadPoolExecutor(24) as pool:
                    statuses = list(pool.map(probe, range(120)))
            finally:
                done.set()
                sampler.join()
    finally:
        servers.close()

    # then every request was answered, and never more than 2 x 3 connections were open
    # (without the pool the same burst left 49 open here: one per thread, kept for CONN_MAX_AGE)
    assert statuses == [200] * 120
    assert 1 <= peak[0] <= 6, peak
