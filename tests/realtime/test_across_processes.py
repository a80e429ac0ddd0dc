"""Production's layer: an event published in one process reaches sockets held by other server
processes, through channels_redis' pub/sub layer, on PostgreSQL.

Two production servers (gunicorn + uvicorn workers, one worker each, as the README starts them)
share a database and Redis; a management shell — a third process, as ``publish_scheduled`` from
cron would be — publishes an announcement. A guest on one server and a member on the other each
receive it; a member of another union does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from contextlib import ExitStack

import pytest
from websockets.sync.client import connect

from tests.test_production_server import ROOT, _postgres_reachable, start

DATABASE = "congdoanso_realtime_probe"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/13"
SUBSCRIPTION = "subscription { announcementPublished { kind announcement { title } } }"


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


def _postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _manage(*args: str) -> str:
    env = dict(os.environ, DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


SETUP = """
from tests.factories import PASSWORD, make_member, make_tree
from cms.members import tokens
tree = make_tree()
make_member(tree["vsip"], phone="0987654321", full_name="Trần Thị Lan")
make_member(tree["thpt"], phone="0912000111", full_name="Lê Văn Hùng")
print("TOKENS", tokens.login("0987654321", PASSWORD).access_token, tokens.login("0912000111", PASSWORD).access_token)
"""

PUBLISH = """
from cms.organisations.models import Organisation
from tests.content_factories import make_announcement
kcn = Organisation.objects.get(code="cd-kcn")
make_announcement(kcn, "Cho khu công nghiệp", audience=[kcn])
make_announcement(Organisation.objects.get(code="ldld-nghe-an"), "Cho mọi người")
"""


class _Socket:
    """A socket that subscribed, collecting what it receives in a thread."""

    def __init__(self, port: int, token: str | None):
        self.ws = connect(
            f"ws://127.0.0.1:{port}/graphql/", subprotocols=["graphql-transport-ws"], open_timeout=10
        )
        self.ws.send(
            json.dumps(
                {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"} if token else {}}
            )
        )
        assert json.loads(self.ws.recv(timeout=10)) == {"type": "connection_ack"}
        self.ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}))
        self.titles: list[str] = []

    def collect(self) -> list[str]:
        """Everything received until 5 s pass without a message (20 s for the first)."""
        try:
            while True:
                message = json.loads(self.ws.recv(timeout=5 if self.titles else 20))
                assert message["type"] == "next", message
                self.titles.append(
                    message["payload"]["data"]["announcementPublished"]["announcement"]["title"]
                )
        except TimeoutError:
            pass
        return self.titles


@pytest.mark.skipif(
    not (_postgres_reachable() and _redis_reachable()),
    reason="needs the PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) servers every machine here runs",
)
def test_an_announcement_published_elsewhere_reaches_sockets_on_every_server(tmp_path_factory):
    # given a migrated database with two members, and two production servers on it and on Redis
    _postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    _postgres(f"CREATE DATABASE {DATABASE}")
    _manage("migrate", "--noinput", "-v", "0")
    output = _manage("shell", "-c", SETUP)
    lan_token, hung_token = output[output.index("TOKENS ") :].split()[1:3]
    environment = {"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL, "WEB_CONCURRENCY": "1"}
    first, second = start(tmp_path_factory, **environment), start(tmp_path_factory, **environment)
    (_, port_a, _), (_, port_b, _) = next(first), next(second)
    try:
        with ExitStack() as stack:
            guest = _Socket(port_a, None, stack)
            lan = _Socket(port_b, lan_token, stack)
            hung = _Socket(port_a, hung_token, stack)

            # when a management shell publishes one announcement for the industrial zones, one for all
            _manage("shell", "-c", PUBLISH)

            # then each socket receives what it may see, whichever server holds it
            results: dict[str, list[str]] = {}
            threads = [
                threading.Thread(target=lambda n=name, s=socket: results.__setitem__(n, s.collect()))
                for name, socket in (("guest", guest), ("lan", lan), ("hung", hung))
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert results == {
                "guest": ["Cho mọi người"],
                "lan": ["Cho khu công nghiệp", "Cho mọi người"],
                "hung": ["Cho mọi người"],
            }
    finally:
        first.close()
        second.close()
        _postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
