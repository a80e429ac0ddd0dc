#!/usr/bin/env python
"""List screens at province scale: server time per screen, page 1 and a deep page.

Runs the member app's list screens exactly as the contract writes them (frontend_contract/
operations: news, announcements, documents, legal library, benefits, jobs, contests,
organisations, home) against the province-scale demo on PostgreSQL (``seed_demo
--scale=province``: 3,000 grassroots unions, 300,000 members, 20,000 news articles...), for a
guest and for the demo member, and prints for each the median over rounds of:

- server time: the request through Django's whole stack in this process (middleware, the
  GraphQL view, execution, JSON), without a network;
- SQL time and queries: measured around every statement the request sends.

Page 1 is the operation with its default variables; the deep page is the same operation
``after`` the cursor of the item at ``min(15,000, 3/4 of the list)``, reached by paging
through the list with the list's own cursors. Screens run in rotating rounds, so a machine busy
with something else slows all alike.

``--http`` then compares the contract's NewsList over HTTP with Wagtail's REST API v2 news list
(benchmarks/content_api.py's servers: gunicorn with uvicorn workers, and WSGI workers), each
side on its best server, in alternating rounds: requests per second and the ratio per round.

Usage:  .venv/bin/python benchmarks/lists_at_scale.py [--rounds 15] [--no-seed] [--http]
            [--screens home,contests] [--show-queries home] [--http-requests 600]
            [--concurrency 8] [--port 8775]

``--show-queries`` prints, for the screens named, every statement of one more request (after the
rounds: a kept answer's re-read when it is kept), slowest first.

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/congdoanso_scale);
the database is created, migrated and seeded at province scale if needed (about ten minutes
the first time). Uses Redis for the cache when one answers on 127.0.0.1:6379 (database 7),
as production does. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
OPERATIONS = ROOT / "frontend_contract" / "operations"
DEEP_ITEM = 15_000
DEMO_MEMBER = ("0912345678", os.environ.get("DEMO_ADMIN_PASSWORD") or "CongDoanSo@2026")


@dataclass(frozen=True)
class Screen:
    name: str
    file: str
    operation: str
    field: str  # the paginated root field; None for screens without pages
    walk_arguments: str = ""  # the screen's default filters, to page through the same list

    @property
    def document(self) -> str:
        return (OPERATIONS / self.file).read_text()


SCREENS = (
    Screen("news", "news.graphql", "NewsList", "news"),
    Screen("announcements", "announcements.graphql", "Announcements", "announcements"),
    Screen("documents", "documents.graphql", "Documents", "documents"),
    Screen("legal library", "legal_library.graphql", "LegalLibrary", "legalScenarios"),
    Screen("benefits", "benefits.graphql", "Benefits", "benefits", "current: true"),
    Screen("jobs", "jobs.graphql", "Jobs", "jobs", "openOnly: true"),
    Screen("contests", "contests.graphql", "Contests", "contests"),
    Screen("organisations", "organisations.graphql", "Organisations", "organisations"),
    Screen("home", "home.graphql", "Home", ""),
)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congdoanso_scale")
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    if "REDIS_URL" not in env and redis_answers():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/7"
        env.setdefault("CACHE_KEY_PREFIX", "congdoanso-scale-bench")
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


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def seed(env: dict[str, str]) -> None:
    from content_api import ensure_database

    ensure_database(env["DATABASE_URL"])
    print(f"database: {env['DATABASE_URL']} (migrating and seeding the province scale if needed)", flush=True)
    for args in (("migrate", "--noinput"), ("seed_demo", "--scale=province")):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


# --- In process ------------------------------------------------------------------------------


class SqlTimer:
    """Times every statement sent on the default connection (works with DEBUG off)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        self.statements: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.seconds += elapsed
            self.count += 1
            self.statements.append((elapsed, sql))


@contextmanager
def timed_sql():
    from django.db import connection

    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        yield timer


class InProcess:
    def __init__(self) -> None:
        from django.test import Client

        self.client = Client()

    def execute(
        self, screen: Screen, variables: dict, token: str | None = None
    ) -> tuple[dict, float, SqlTimer]:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        body = {"query": screen.document, "operationName": screen.operation, "variables": variables}
        with timed_sql() as sql:
            started = time.perf_counter()
            response = self.client.post("/graphql/", body, content_type="application/json", **headers)
            elapsed = time.perf_counter() - started
        data = response.json()
        if data.get("errors"):
            raise RuntimeError(f"{screen.name}: {data['errors']}")
        return data["data"], elapsed, sql

    def login(self) -> str:
        response = self.client.post(
            "/graphql/",
            {
                "query": "mutation($i: String!, $p: String!) { login(input: {identifier: $i, password: $p}) "
                "{ tokens { accessToken } errors { code } } }",
                "variables": {"i": DEMO_MEMBER[0], "p": DEMO_MEMBER[1]},
            },
            content_type="application/json",
        )
        return response.json()["data"]["login"]["tokens"]["accessToken"]

    def deep_cursor(self, screen: Screen, token: str | None) -> tuple[str | None, int, int]:
        """(cursor after which the deep page starts, its position, the list's total), by paging
        through the list 100 items at a time with its own cursors."""
        arguments = f", {screen.walk_arguments}" if screen.walk_arguments else ""
        query = (
            f"query($after: String) {{ {screen.field}(first: 100, after: $after{arguments}) "
            "{ totalCount pageInfo { endCursor hasNextPage } } }"
        )
        data, _, _ = self._raw(query, {"after": None}, token)
        total = data[screen.field]["totalCount"]
        target = min(DEEP_ITEM, total * 3 // 4) // 100 * 100
        if target < 100:
            return None, 0, total
        cursor, position = None, 0
        while position < target:
            data, _, _ = self._raw(query, {"after": cursor}, token)
            cursor = data[screen.field]["pageInfo"]["endCursor"]
            position += 100
        return cursor, position, total

    def _raw(self, query: str, variables: dict, token: str | None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        response = self.client.post(
            "/graphql/", {"query": query, "variables": variables}, content_type="application/json", **headers
        )
        data = response.json()
        if data.get("errors"):
            raise RuntimeError(data["errors"])
        return data["data"], 0.0, None


@dataclass
class Case:
    screen: Screen
    viewer: str
    token: str | None
    page: str
    variables: dict
    position: int
    total: int | None
    times: list[float]
    sql_times: list[float]
    queries: list[int]


def in_process(rounds: int, only: set[str] | None = None, show: set[str] | None = None) -> list[Case]:
    import django

    django.setup()
    runner = InProcess()
    viewers = {"guest": None, "member": runner.login()}
    cases: list[Case] = []
    for screen in SCREENS:
        if only and screen.name not in only:
            continue
        for viewer, token in viewers.items():
            cases.append(Case(screen, viewer, token, "page 1", {}, 0, None, [], [], []))
            if screen.field:
                cursor, position, total = runner.deep_cursor(screen, token)
                cases[-1].total = total
                if cursor:
                    cases.append(
                        Case(screen, viewer, token, "deep", {"after": cursor}, position, total, [], [], [])
                    )
    for case in cases:  # warm: caches, compiled queries, renditions made once
        for _ in range(2):
            runner.execute(case.screen, case.variables, case.token)
    for round_ in range(rounds):
        shift = round_ % len(cases)
        for case in cases[shift:] + cases[:shift]:
            _, elapsed, sql = runner.execute(case.screen, case.variables, case.token)
            case.times.append(elapsed)
            case.sql_times.append(sql.seconds)
            case.queries.append(sql.count)
    for case in cases:
        if show and case.screen.name in show:
            show_statements(runner, case)
    return cases


def show_statements(runner: InProcess, case: Case) -> None:
    """One more request of ``case``: each statement it sent, with its time (slowest first)."""
    _, elapsed, sql = runner.execute(case.screen, case.variables, case.token)
    print(
        f"\n{case.screen.name}, {case.viewer}, {case.page}: {elapsed * 1000:.1f} ms, "
        f"{sql.count} statements, {sql.seconds * 1000:.1f} ms of SQL"
    )
    for seconds, statement in sorted(sql.statements, key=lambda item: -item[0]):
        print(f"  {seconds * 1000:6.2f} ms  {' '.join(statement.split())[:150]}")


def news_against_rest(rounds: int) -> None:
    """The contract's NewsList for a guest (answer kept, and answered afresh) against REST v2's
    news list, in this process: server time per request, median over rotating rounds."""
    from django.test import override_settings

    runner = InProcess()
    news_list = next(screen for screen in SCREENS if screen.operation == "NewsList")

    def kept():
        runner.execute(news_list, {})

    def afresh():
        with override_settings(GRAPHQL_RESPONSE_CACHE=False):
            runner.execute(news_list, {})

    def rest():
        response = runner.client.get(NEWS_REST)
        assert response.status_code == 200, response.content[:200]

    sides = {
        "GraphQL NewsList, answer kept": kept,
        "GraphQL NewsList, afresh": afresh,
        "REST v2 news list": rest,
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    for call in sides.values():
        call(), call()
    names = list(sides)
    for round_ in range(rounds):
        for name in names[round_ % 3 :] + names[: round_ % 3]:
            for _ in range(5):
                started = time.perf_counter()
                sides[name]()
                times[name].append(time.perf_counter() - started)
    print("\nNewsList for a guest against REST v2's news list, in process (median ms per request):")
    rest_ms = statistics.median(times["REST v2 news list"]) * 1000
    for name, values in times.items():
        ms = statistics.median(values) * 1000
        print(f"  {name:32} {ms:7.1f}   REST / this: {rest_ms / ms:4.2f}x")


def report(cases: list[Case], rounds: int) -> None:
    print(
        f"\nIn-process server time per list screen, median of {rounds} rotating rounds ({os.cpu_count()} cores)\n"
    )
    print(
        f"{'screen':15} {'viewer':7} {'page':14} {'items':>7} {'server ms':>10} {'SQL ms':>8} {'queries':>8}"
    )
    for case in cases:
        page = case.page if case.page == "page 1" else f"after {case.position:,}"
        total = f"{case.total:,}" if case.total is not None else "-"
        print(
            f"{case.screen.name:15} {case.viewer:7} {page:14} {total:>7} "
            f"{statistics.median(case.times) * 1000:10.1f} {statistics.median(case.sql_times) * 1000:8.1f} "
            f"{statistics.median(case.queries):8.0f}"
        )


# --- Over HTTP: the contract's NewsList against REST v2 ----------------------------------------

NEWS_REST = (
    "/api/v2/pages/?type=news.NewsPage&fields=date,author,summary,organisation_name&order=-date&limit=20"
)


def http_comparison(env: dict[str, str], args) -> None:
    import content_api

    news_list = next(screen for screen in SCREENS if screen.operation == "NewsList")
    servers = {"production": args.port, "wsgi-sync": args.port + 1}
    processes = {}
    try:
        for name, port in servers.items():
            processes[name] = content_api.start_server(name, port, args.workers, env)

        graphql = lambda: content_api.post_graphql(news_list.document, operation_name="NewsList")  # noqa: E731
        rest = lambda: content_api.get(NEWS_REST)  # noqa: E731
        # Each side on each server, in rotating rounds; then each side's best server.
        sides = {
            (side, name): (port, call)
            for side, call in (("GraphQL NewsList", graphql), ("REST v2 news list", rest))
            for name, port in servers.items()
        }
        per_round = max(args.http_requests // args.rounds_http, 1)
        results: dict[tuple[str, str], list[dict]] = {key: [] for key in sides}
        keys = list(sides)
        for round_ in range(args.rounds_http):
            rotation = keys[round_ % len(keys) :] + keys[: round_ % len(keys)]
            for key in rotation:
                port, call = sides[key]
                content_api.BASE = f"http://127.0.0.1:{port}"
                warmup = 10 if round_ == 0 else 0
                results[key].append(
                    content_api.measure(" / ".join(key), call, per_round, args.concurrency, warmup)
                )
    finally:
        for process in processes.values():
            content_api.stop_server(process)
    print(
        f"\nNewsList (contract, 20 items with cover srcset and categories) vs REST v2 news list (20 items), "
        f"{args.http_requests} requests per side and server in {args.rounds_http} rotating rounds, "
        f"{args.concurrency} concurrent clients, {args.workers} workers\n"
    )
    print(f"{'side / server':44} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    rps: dict[tuple[str, str], float] = {}
    for key, rounds in results.items():
        latencies = sorted(x for r in rounds for x in r["latencies"])
        rps[key] = sum(r["requests"] for r in rounds) / sum(r["wall"] for r in rounds)
        print(
            f"{' / '.join(key):44} {rps[key]:8.1f} {statistics.median(latencies) * 1000:8.1f} "
            f"{latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000:8.1f}"
        )
    best = {
        side: max((key for key in rps if key[0] == side), key=rps.__getitem__)
        for side in ("GraphQL NewsList", "REST v2 news list")
    }
    ratios = [
        g["rps"] / r["rps"]
        for g, r in zip(results[best["GraphQL NewsList"]], results[best["REST v2 news list"]], strict=True)
    ]
    print(
        f"\nBest servers: GraphQL on {best['GraphQL NewsList'][1]}, REST on {best['REST v2 news list'][1]}. "
        f"GraphQL / REST per round: median {statistics.median(ratios):.2f}x "
        f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x over {len(ratios)} rounds)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="in-process rounds")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--screens", default="", help="comma-separated screen names (default: all)")
    parser.add_argument(
        "--show-queries",
        default="",
        help="comma-separated screen names: after the rounds, each statement of one more request, timed",
    )
    parser.add_argument("--http", action="store_true", help="also compare NewsList with REST v2 over HTTP")
    parser.add_argument("--http-only", action="store_true", help="only the HTTP comparison")
    parser.add_argument("--http-requests", type=int, default=600, help="per side and server")
    parser.add_argument("--rounds-http", type=int, default=6)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--port", type=int, default=8775)
    args = parser.parse_args()

    env = environment()
    if not args.no_seed:
        seed(env)
    os.environ.update(env)
    print(f"database: {env['DATABASE_URL']}; cache: {'Redis' if env.get('REDIS_URL') else 'local memory'}")
    if not args.http_only:
        cases = in_process(
            args.rounds,
            set(args.screens.split(",")) if args.screens else None,
            set(args.show_queries.split(",")) if args.show_queries else None,
        )
        report(cases, args.rounds)
        news_against_rest(args.rounds)
    if args.http or args.http_only:
        http_comparison(env, args)


if __name__ == "__main__":
    main()
