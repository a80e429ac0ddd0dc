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
import time
import urllib.request
from pathlib import Path

import pytest
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    env = dict(os.environ)
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "VAR_DIR": str(tmp_path_factory.mktemp("var")),
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
                process.kill()
                pytest.fail("gunicorn did not start:\n" + (process.stdout.read() if process.stdout else ""))
            time.sleep(0.2)
    yield base, port, process.pid
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


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
