"""Production's realtime path, for real: two production servers (gunicorn + uvicorn workers, one
worker each, as the README starts them) on PostgreSQL and channels_redis' pub/sub layer, and a
management shell — a third process, as ``publish_scheduled`` run by cron would be — publishing.

- An announcement published elsewhere reaches the sockets held by either server, each only what
  its reader may see.
- The frontend's example client (frontend_contract/examples/realtime, the npm graphql-ws
  library) receives events and resumes from its cursor after a disconnection.
"""

from __future__ import annotations

import json
import os
import shutil
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
EXAMPLE = ROOT / "frontend_contract" / "examples" / "realtime"


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


pytestmark = pytest.mark.skipif(
    not (_postgres_reachable() and _redis_reachable()),
    reason="needs the PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) servers every machine here runs",
)


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


def _publish(*announcements: tuple[str, str | None]) -> None:
    """Publish announcements (title, audience organisation code or None for everyone) from a shell."""
    lines = [
        "from cms.organisations.models import Organisation",
        "import itertools, time",
        "from tests import content_factories",
        "from tests.content_factories import make_announcement",
        # each shell is a new process: its slugs must not repeat the previous shell's
        "content_factories._seq = itertools.count(time.monotonic_ns())",
        "root = Organisation.objects.get(code='ldld-nghe-an')",
    ]
    for title, code in announcements:
        audience = f"[Organisation.objects.get(code={code!r})]" if code else "[]"
        lines.append(f"make_announcement(root, {title!r}, audience={audience})")
    _manage("shell", "-c", "\n".join(lines))


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """A migrated database with two members, and two production servers on it and on Redis."""
    _postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    _postgres(f"CREATE DATABASE {DATABASE}")
    _manage("migrate", "--noinput", "-v", "0")
    output = _manage("shell", "-c", SETUP)
    lan, hung = output[output.index("TOKENS ") :].split()[1:3]
    environment = {"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL, "WEB_CONCURRENCY": "1"}
    first, second = start(tmp_path_factory, **environment), start(tmp_path_factory, **environment)
    (_, port_a, _), (_, port_b, _) = next(first), next(second)
    try:
        yield {"ports": (port_a, port_b), "lan": lan, "hung": hung}
    finally:
        first.close()
        second.close()
        _postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


class _Socket:
    """A socket that subscribed, collecting what it receives."""

    def __init__(self, port: int, token: str | None, stack: ExitStack):
        self.ws = stack.enter_context(
            connect(f"ws://127.0.0.1:{port}/graphql/", subprotocols=["graphql-transport-ws"], open_timeout=10)
        )
        payload = {"authorization": f"Bearer {token}"} if token else {}
        self.ws.send(json.dumps({"type": "connection_init", "payload": payload}))
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


def test_an_announcement_published_elsewhere_reaches_sockets_on_every_server(servers):
    # given a guest and Hùng (a school) on the first server, Lan (industrial zones) on the second
    port_a, port_b = servers["ports"]
    with ExitStack() as stack:
        guest = _Socket(port_a, None, stack)
        lan = _Socket(port_b, servers["lan"], stack)
        hung = _Socket(port_a, servers["hung"], stack)

        # when a management shell publishes one announcement for the industrial zones, one for all
        _publish(("Cho khu công nghiệp", "cd-kcn"), ("Cho mọi người", None))

        # then each socket receives what its reader may see, whichever server holds it
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


def _example(port: int, token: str, exit_after: int, after: str = "") -> subprocess.Popen:
    return subprocess.Popen(
        ["node", "subscribe.mjs"],
        cwd=EXAMPLE,
        env=dict(
            os.environ,
            API_WS_URL=f"ws://127.0.0.1:{port}/graphql/",
            ACCESS_TOKEN=token,
            EXIT_AFTER=str(exit_after),
            AFTER=after,
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_connected(process: subprocess.Popen) -> None:
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line.strip() == "connected", line + process.stderr.read()


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed on this machine")
def test_the_frontend_example_client_receives_and_resumes_from_its_cursor(servers):
    # given the example client (graphql-ws), signed in as Lan on the second server
    assert (EXAMPLE / "node_modules" / "graphql-ws").exists(), "run `make example-client` (make test does)"
    port = servers["ports"][1]
    client = _example(port, servers["lan"], exit_after=1)
    _wait_connected(client)

    # when one announcement is published, and two more while it is away
    _publish(("Lịch khám sức khỏe định kỳ", "cd-kcn"))
    output, errors = client.communicate(timeout=60)
    first = json.loads(output.splitlines()[0])
    _publish(("Khi vắng mặt 1", None), ("Cho ngành giáo dục", "cd-giao-duc"), ("Khi vắng mặt 2", "cd-kcn"))
    resumed = _example(port, servers["lan"], exit_after=2, after=first["cursor"])
    output_after, errors_after = resumed.communicate(timeout=60)

    # then it received the first live, and on resuming from its cursor exactly the two it missed
    assert client.returncode == 0, errors
    assert (first["kind"], first["announcement"]["title"]) == ("PUBLISHED", "Lịch khám sức khỏe định kỳ")
    assert resumed.returncode == 0, errors_after
    missed = [json.loads(line) for line in output_after.splitlines()]
    assert [event["announcement"]["title"] for event in missed] == ["Khi vắng mặt 1", "Khi vắng mặt 2"]
