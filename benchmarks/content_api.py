#!/usr/bin/env python
"""Content API benchmark: GraphQL vs Wagtail's REST API v2, same data, same run.

Serves the demo data from PostgreSQL on 127.0.0.1, as production runs (gunicorn.conf.py:
gunicorn managing uvicorn workers), and measures, for each
scenario, requests per second, p50 and p95 latency (concurrent clients over loopback) and
SQL queries per request (counted in-process with the same code path).

Scenarios:
- news list, 20 items, the same fields: GraphQL `news` vs REST `/api/v2/pages/?type=news.NewsPage`;
- home screen: one GraphQL `home` request vs the REST calls it replaces.

The two sides of each comparison run in alternating rounds (GraphQL, REST, GraphQL, ...), so
that a machine busy with something else slows both alike; the ratio is reported per round,
with its median and spread.

Usage:  .venv/bin/python benchmarks/content_api.py [--requests 400] [--rounds 5] [--concurrency 8] [--port 8765]
            [--server production|daphne|wsgi-sync] [--workers N] [--compare-servers]

--compare-servers starts every topology at once (ports --port, --port+1, ...) and measures the
GraphQL news list on each in rotating rounds, then counts the PostgreSQL connections left open.
Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/congdoanso_bench);
the database is created, migrated and seeded if needed. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PORT = 8765
BASE = f"http://127.0.0.1:{DEFAULT_PORT}"  # set from --port in main()

NEWS_GRAPHQL = """query NewsBench { news(first: 20) { edges { node {
  id title path date author summary organisation { name } } } } }"""
NEWS_REST = (
    "/api/v2/pages/?type=news.NewsPage&fields=date,author,summary,organisation_name&order=-date&limit=20"
)

HOME_GRAPHQL_FILE = ROOT / "frontend_contract" / "operations" / "home.graphql"
HOME_REST_CALLS = [
    "/api/v2/pages/?type=news.NewsPage&fields=date,summary,organisation_name&order=-date&limit=10",
    # The other types expose no api_fields: REST v2 gives them id, title and meta only, so
    # this baseline does less work per item than the GraphQL home screen does.
    "/api/v2/pages/?type=announcements.AnnouncementPage&order=-first_published_at&limit=5",
    "/api/v2/pages/?type=documents.OfficialDocumentPage&order=-first_published_at&limit=5",
    "/api/v2/pages/?type=contests.ContestPage&limit=5",
]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congdoanso_bench")
    # DEBUG off refuses the public default key: a throwaway one for this run.
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.update(
        {
            "ENABLE_REST_API_V2": "1",
            "DEBUG": "0",
            "GRAPHQL_GRAPHIQL": "0",
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def post_graphql(query: str, operation_name: str | None = None) -> bytes:
    payload = (
        {"query": query} if operation_name is None else {"query": query, "operationName": operation_name}
    )
    body = json.dumps(payload).encode()
    request = urllib.request.Request(
        f"{BASE}/graphql/", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
    if b'"errors"' in data:
        raise RuntimeError(data[:500])
    return data


def get(path: str) -> bytes:
    with urllib.request.urlopen(f"{BASE}{path}", timeout=30) as response:
        return response.read()


def measure(name: str, call, requests: int, concurrency: int, warmup: int = 10) -> dict:
    for _ in range(warmup):
        call()
    latencies: list[float] = []
    lock = threading.Lock()

    def one(_):
        start = time.perf_counter()
        call()
        elapsed = time.perf_counter() - start
        with lock:
            latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "name": name,
        "rps": requests / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000,
        "latencies": latencies,
        "wall": wall,
        "requests": requests,
    }


def compare(names: tuple[str, str], calls: tuple, requests: int, rounds: int, concurrency: int) -> dict:
    """Both sides in alternating rounds of ``requests / rounds`` each; per-round ratio of req/s."""
    per_round = max(requests // rounds, 1)
    sides: list[list[dict]] = [[], []]
    for round_ in range(rounds):
        order = (0, 1) if round_ % 2 == 0 else (1, 0)  # neither side always goes first
        for side in order:
            warmup = 10 if round_ == 0 else 0
            sides[side].append(measure(names[side], calls[side], per_round, concurrency, warmup))
    ratios = [a["rps"] / b["rps"] for a, b in zip(sides[0], sides[1], strict=True)]
    summary = []
    for side in (0, 1):
        latencies = sorted(x for r in sides[side] for x in r["latencies"])
        total = sum(r["requests"] for r in sides[side])
        summary.append(
            {
                "name": names[side],
                "rps": total / sum(r["wall"] for r in sides[side]),
                "p50": statistics.median(latencies) * 1000,
                "p95": latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000,
            }
        )
    return {"sides": summary, "ratios": ratios}


def count_queries(env: dict[str, str]) -> dict[str, float]:
    """SQL queries per request, through Django's test client in this process."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def queries(fn) -> int:
        fn()  # warm caches, as the server's are
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    def gql(query):
        return lambda: client.post("/graphql/", {"query": query}, content_type="application/json")

    counts = {
        "news GraphQL": queries(gql(NEWS_GRAPHQL)),
        "news REST v2": queries(lambda: client.get(NEWS_REST)),
    }
    if HOME_GRAPHQL_FILE.exists():
        counts["home GraphQL (1 request)"] = queries(gql(HOME_GRAPHQL_FILE.read_text()))
        counts[f"home REST v2 ({len(HOME_REST_CALLS)} requests)"] = queries(
            lambda: [client.get(p) for p in HOME_REST_CALLS]
        )
    return counts


# How the server is run. "production" is what the README's production section prescribes
# (gunicorn.conf.py: gunicorn managing uvicorn workers serving cms.asgi); the others are there
# to compare topologies with --compare-servers.
SERVERS = {
    "production": lambda port, workers: [
        "-m", "gunicorn", "cms.asgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--log-level", "warning",
    ],
    "daphne": lambda port, workers: ["-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "cms.asgi:application"],
    "wsgi-sync": lambda port, workers: [
        "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", "sync", "--log-level", "warning",
    ],
}  # fmt: skip


def describe(server: str, workers: int) -> str:
    return {
        "production": f"gunicorn with {workers} uvicorn workers (ASGI)",
        "daphne": "daphne, one process (ASGI)",
        "wsgi-sync": f"gunicorn with {workers} sync workers (WSGI, no websockets)",
    }[server]


def start_server(server: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, *SERVERS[server](port, workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                response.read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{server} exited with {process.returncode}") from None
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit(f"{server} did not start on port {port}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def open_connections(env: dict[str, str]) -> int:
    import psycopg

    url = env["DATABASE_URL"]
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (url.rsplit("/", 1)[1],),
        ).fetchone()
    return int(row[0]) if row else 0


def compare_servers(env: dict[str, str], args) -> None:
    """The GraphQL news list on each topology, all started at once and measured in rotating rounds."""
    global BASE
    names = list(SERVERS)
    processes = {}
    try:
        for offset, name in enumerate(names):
            processes[name] = start_server(name, args.port + offset, args.workers, env)
        per_round = max(args.requests // args.rounds, 1)
        results: dict[str, list[dict]] = {name: [] for name in names}
        for round_ in range(args.rounds):
            rotation = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in rotation:
                BASE = f"http://127.0.0.1:{args.port + names.index(name)}"
                warmup = 10 if round_ == 0 else 0
                results[name].append(
                    measure(name, lambda: post_graphql(NEWS_GRAPHQL), per_round, args.concurrency, warmup)
                )
        connections = open_connections(env)
    finally:
        for process in processes.values():
            stop_server(process)
    print(
        f"\nGraphQL news list (20 items): {args.requests} requests per server in {args.rounds} rotating "
        f"rounds, {args.concurrency} concurrent clients, {os.cpu_count()} cores\n"
    )
    print(f"{'server':58} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs production':>14}")
    baseline = [r["rps"] for r in results["production"]]
    for name in names:
        rounds = results[name]
        latencies = sorted(x for r in rounds for x in r["latencies"])
        rps = sum(r["requests"] for r in rounds) / sum(r["wall"] for r in rounds)
        ratio = statistics.median(r["rps"] / b for r, b in zip(rounds, baseline, strict=True))
        print(
            f"{describe(name, args.workers):58} {rps:8.1f} {statistics.median(latencies) * 1000:8.1f} "
            f"{latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000:8.1f} {ratio:13.2f}x"
        )
    print(f"\nPostgreSQL connections open to the database after the run, all servers up: {connections}")


def main() -> None:
    global BASE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="per side of each comparison")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per comparison")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="loopback port for the server")
    parser.add_argument(
        "--server",
        choices=list(SERVERS),
        default="production",
        help="how the server runs (default: production)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1),
        help="worker processes (default: 2 per core)",
    )
    parser.add_argument(
        "--compare-servers",
        action="store_true",
        help="measure the GraphQL news list on each server topology instead (ports --port, --port+1, ...)",
    )
    args = parser.parse_args()
    BASE = f"http://127.0.0.1:{args.port}"

    env = environment()
    ensure_database(env["DATABASE_URL"])
    print(f"database: {env['DATABASE_URL']}  (migrating and seeding demo data if needed)")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    if args.compare_servers:
        compare_servers(env, args)
        return
    server = start_server(args.server, args.port, args.workers, env)
    comparisons = []
    try:
        comparisons.append(
            compare(
                ("news list — GraphQL", "news list — REST v2"),
                (lambda: post_graphql(NEWS_GRAPHQL), lambda: get(NEWS_REST)),
                args.requests,
                args.rounds,
                args.concurrency,
            )
        )
        if HOME_GRAPHQL_FILE.exists():
            home_query = HOME_GRAPHQL_FILE.read_text()
            comparisons.append(
                compare(
                    ("home — GraphQL, 1 request", f"home — REST v2, {len(HOME_REST_CALLS)} requests"),
                    (lambda: post_graphql(home_query), lambda: [get(p) for p in HOME_REST_CALLS]),
                    args.requests,
                    args.rounds,
                    args.concurrency,
                )
            )
    finally:
        stop_server(server)

    queries = count_queries(env)
    print(
        f"\n{args.requests} requests per side in {args.rounds} alternating rounds, {args.concurrency} "
        f"concurrent clients, {describe(args.server, args.workers)} on loopback port {args.port}, "
        f"{os.cpu_count()} cores\n"
    )
    print(f"{'scenario':40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for comparison in comparisons:
        for r in comparison["sides"]:
            print(f"{r['name']:40} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f}")
        ratios = comparison["ratios"]
        print(
            f"{'  GraphQL / REST, per round':40} median {statistics.median(ratios):.2f}x "
            f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x over {len(ratios)} rounds)"
        )
    print("\nSQL queries per request (warm):")
    for name, count in queries.items():
        print(f"  {name:38} {count}")


if __name__ == "__main__":
    main()
