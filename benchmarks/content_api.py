#!/usr/bin/env python
"""Content API benchmark: GraphQL vs Wagtail's REST API v2, same data, same run.

Serves the demo data from PostgreSQL with daphne on 127.0.0.1 and measures, for each
scenario, requests per second, p50 and p95 latency (concurrent clients over loopback) and
SQL queries per request (counted in-process with the same code path).

Scenarios:
- news list, 20 items, the same fields: GraphQL `news` vs REST `/api/v2/pages/?type=news.NewsPage`;
- home screen: one GraphQL `home` request vs the REST calls it replaces.

Usage:  .venv/bin/python benchmarks/content_api.py [--requests 400] [--concurrency 8]
Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/congdoanso_bench);
the database is created, migrated and seeded if needed. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"

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


def post_graphql(query: str) -> bytes:
    body = json.dumps({"query": query}).encode()
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


def measure(name: str, call, requests: int, concurrency: int) -> dict:
    for _ in range(10):
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
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    env = environment()
    ensure_database(env["DATABASE_URL"])
    print(f"database: {env['DATABASE_URL']}  (migrating and seeding demo data if needed)")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(PORT), "cms.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                get("/healthz")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        results = [
            measure(
                "news list — GraphQL", lambda: post_graphql(NEWS_GRAPHQL), args.requests, args.concurrency
            ),
            measure("news list — REST v2", lambda: get(NEWS_REST), args.requests, args.concurrency),
        ]
        if HOME_GRAPHQL_FILE.exists():
            home_query = HOME_GRAPHQL_FILE.read_text()
            results.append(
                measure(
                    "home — GraphQL, 1 request",
                    lambda: post_graphql(home_query),
                    args.requests,
                    args.concurrency,
                )
            )
            results.append(
                measure(
                    f"home — REST v2, {len(HOME_REST_CALLS)} requests",
                    lambda: [get(p) for p in HOME_REST_CALLS],
                    args.requests,
                    args.concurrency,
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=10)

    queries = count_queries(env)
    print(
        f"\n{args.requests} requests per scenario, {args.concurrency} concurrent clients, daphne on loopback, "
        f"{os.cpu_count()} cores\n"
    )
    print(f"{'scenario':40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for r in results:
        print(f"{r['name']:40} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f}")
    print("\nSQL queries per request (warm):")
    for name, count in queries.items():
        print(f"  {name:38} {count}")


if __name__ == "__main__":
    main()
