"""Django's ASGI handler against this project's (cms/core/asgi.py), side by side.

Starts one uvicorn process (uvloop, httptools, as gunicorn's uvicorn workers run) for each
handler in turn, on the same PostgreSQL database, and sends the same signed-in request — by
default ``{ __typename }``, the floor of every GraphQL request: the token lookup, the middleware
and GraphQL with no field touching the database — ``--concurrency`` at a time over kept-alive
connections. Rounds alternate the two handlers so that a change in the machine's load hits both.
Prints, per round and handler, requests per second and the server process's CPU per request
(read from /proc), then the medians.

- ``django``: ``django.core.asgi.get_asgi_application()``, as Django ships it (a thread started
  and joined per request; the middleware chain in async mode: a hop to the thread and back for
  each middleware method).
- ``project``: ``cms.asgi:application`` (a reused thread; the chain in sync mode, run with the
  view in one hop).

Usage:  .venv/bin/python benchmarks/asgi_handler.py [--requests 3000] [--concurrency 8]
            [--rounds 3] [--query "{ __typename }"]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/congdoanso_bench_contest,
created and migrated if missing; ``test``, ``test_test`` and ``postgres`` are refused). It adds
one member (phone 0896000000) and signs them in. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from contest_rush import environment as contest_environment  # noqa: E402
from feedback_burst import ensure_database  # noqa: E402

PHONE = "0896000000"
# Django's own handler, behind the same websocket router as cms.asgi.
DJANGO_APP = """import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
from django.core.asgi import get_asgi_application
django_asgi_app = get_asgi_application()
from realtime.routing import build_application
application = build_application(django_asgi_app)
"""


def environment() -> dict[str, str]:
    """The contest rush's environment (its database, Redis, production settings), one worker."""
    env = contest_environment(argparse.Namespace(workers=1))
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    return env


def signed_in_token() -> str:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from cms.members import tokens
    from cms.members.models import AuthSession, Member
    from cms.organisations.models import Organisation, OrganisationKind, OrganisationLevel

    member = Member.objects.filter(phone=PHONE).select_related("user").first()
    if member is None:
        union = Organisation.objects.filter(
            level=OrganisationLevel.GRASSROOTS
        ).first() or Organisation.add_root(
            name="Công đoàn cơ sở (benchmark máy chủ)",
            code="bench-asgi",
            level=OrganisationLevel.GRASSROOTS,
            kind=OrganisationKind.ENTERPRISE,
        )
        user = get_user_model().objects.create_user(f"member-{PHONE}")
        member = Member.objects.create(
            user=user, phone=PHONE, full_name="Đoàn viên benchmark", organisation=union
        )
    session = AuthSession.objects.create(user=member.user, user_agent="asgi_handler benchmark")
    return tokens._issue_pair(session).access_token


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited ({process.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not answer")


def measure(app: str, port: int, env: dict, body: str, token: str, requests: int, concurrency: int):
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--loop", "uvloop", "--http",
         "httptools", "--log-level", "warning", "--lifespan", "off", "--no-access-log"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    errors: list[str] = []
    try:
        wait_until_up(port, process)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}

        def client(count: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for _ in range(count):
                connection.request("POST", "/graphql/", body, headers)
                response = connection.getresponse()
                answer = response.read()
                if response.status != 200 or b'"errors"' in answer:
                    errors.append(f"{response.status} {answer[:200]!r}")

        def run(per_client: int) -> float:
            threads = [threading.Thread(target=client, args=(per_client,)) for _ in range(concurrency)]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return time.perf_counter() - began

        run(50)  # warm-up: imports, the schema, the database pool
        cpu = server_cpu(process.pid)
        per_client = requests // concurrency
        wall = run(per_client)
        used = server_cpu(process.pid) - cpu
    finally:
        process.terminate()
        process.wait()
    if errors:
        raise SystemExit(f"{app}: {len(errors)} bad answers, e.g. {errors[0]}")
    done = per_client * concurrency
    return done / wall, used / done * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--query", default="{ __typename }")
    parser.add_argument("--port", type=int, default=8781)
    args = parser.parse_args()

    env = environment()
    os.environ.update(env)
    ensure_database(env["DATABASE_URL"])
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    token = signed_in_token()
    body = json.dumps({"query": args.query})
    with tempfile.TemporaryDirectory() as directory:
        Path(directory, "django_handler.py").write_text(DJANGO_APP)
        env["PYTHONPATH"] = os.pathsep.join([directory, str(ROOT), env.get("PYTHONPATH", "")])
        handlers = {"django": "django_handler:application", "project": "cms.asgi:application"}
        print(
            f"{os.cpu_count()} cores; {args.requests} requests of {args.query!r}, {args.concurrency} at a "
            f"time, one uvicorn process per handler, {args.rounds} rounds alternating"
        )
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in handlers}
        for round_number in range(args.rounds):
            for offset, (name, app) in enumerate(handlers.items()):
                load = os.getloadavg()[0]
                rate, cpu = measure(
                    app,
                    args.port + 2 * round_number + offset,
                    env,
                    body,
                    token,
                    args.requests,
                    args.concurrency,
                )
                results[name].append((rate, cpu))
                print(f"  round {round_number + 1}  {name:8} {rate:7.1f} requests/s  "
                      f"server CPU {cpu:5.2f} ms per request  (load {load:.1f})", flush=True)  # fmt: skip
    print("medians:")
    for name, values in results.items():
        print(
            f"  {name:8} {statistics.median(rate for rate, _ in values):7.1f} requests/s  "
            f"server CPU {statistics.median(cpu for _, cpu in values):5.2f} ms per request"
        )


if __name__ == "__main__":
    main()
