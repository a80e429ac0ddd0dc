#!/usr/bin/env python
"""Contest deadline rush: many members starting and submitting a contest attempt at once.

Starts what production runs (gunicorn managing uvicorn workers serving cms.asgi, DEBUG off) on
PostgreSQL, with Redis as the cache, creates a contest (one page published for everyone, one
round open now: 20 questions drawn from a bank of 100 with 4 choices each, 3 attempts, 20
minutes) and N members signed in through the token service, and has each member start an attempt
and submit it (answers to all 20 questions and a prediction) with the contract's operations
(frontend_contract/operations/contest_play.graphql), over loopback, ``--concurrency`` at a time.

Two patterns (``--pattern``):

- ``split`` (default): every entrant starts (all of them, concurrently), then every entrant
  submits: the last minutes before a round closes, when those who started earlier hand in. Gives
  the submissions per second over the whole rush and the submits-only throughput.
- ``interleaved``: each entrant starts and at once submits, ``--concurrency`` entrants at a time.

Prints the throughput, p50/p95/p99 latency of start and of submit, the errors by code, the HTTP
5xx (a 503, the server shedding load, is sent again after its ``Retry-After`` with the same
idempotency key, and counted), and where the machine's CPU went during each phase (this
client, the server's workers, PostgreSQL, the rest) read from /proc. Then it checks in the
database: one attempt per entrant (none lost, none duplicated), each submitted, its answers the
ones the entrant chose and its score the expected one. Entrant i answers right on the questions
numbered n (as shown) where (i + n) % 3 != 0 and picks the first wrong choice shown elsewhere:
the client finds the right choice by its text (it wrote the bank), the check recomputes it from
``ContestAttempt.drawn`` and ``ContestChoice.is_correct``. Then it replays a sample: the same
submits with their idempotency keys (the same attempt, changed in nothing), the same starts
with theirs, and submits again without a key (ALREADY_SUBMITTED).

``--against DIR`` compares this tree with another checkout of the project (a git worktree of an
older commit): both servers run at once, against the same database, and take the rush in
alternating slices of ``--slice`` entrants, so both meet the machine at the same speed (on a
shared machine, runs minutes apart differ by 1.5x); per side it prints the submissions per
second, the CPU per entrant and the latencies, then the ratios. The checks afterwards cover both.

``--profile N`` then runs N start+submit pairs in this process through Django's test client
against the same database, under cProfile, and prints the top entries and the queries per
request: where one worker's time goes.

Usage:  .venv/bin/python benchmarks/contest_rush.py [--entrants 1000] [--concurrency 64]
            [--workers 3] [--pattern split|interleaved] [--replay 100] [--port 8767]
            [--profile 0] [--against /path/to/other/checkout [--slice 100]]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/congdoanso_bench_contest;
created if missing and migrated; `test`, `test_test` and `postgres` are refused) and Redis
(REDIS_URL, default redis://127.0.0.1:6379/9). Earlier runs' contest and members are removed
first. Nothing leaves the machine. Goal (the issue): at least 200 submissions per second with
p95 under 250 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from feedback_burst import ensure_database, start_server  # noqa: E402

PHONE_PREFIX = "0898"  # the benchmark's members: 0898000000 to 0898999999
PROFILE_PREFIX = "0897"  # the in-process profile's members
CONTEST_TITLE = "Cuộc thi tìm hiểu Bộ luật Lao động (benchmark)"
BANK = 100
CHOICES = 4
DRAWN = 20
GOAL_RATE = 200.0
GOAL_P95_MS = 250.0
WARMUP = 24  # entrants who warm the workers up before the clock starts
OPERATIONS = ROOT / "frontend_contract" / "operations" / "contest_play.graphql"


def environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congdoanso_bench_contest")
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    if name in {"test", "test_test", "postgres"}:
        raise SystemExit(f"Refusing to benchmark on the database {name!r}: give the benchmark its own.")
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
    env.update(
        {
            "DEBUG": "0",
            "GRAPHQL_GRAPHIQL": "0",
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "LOG_LEVEL": "WARNING",
            "CACHE_KEY_PREFIX": "bench-contest",
            "CHANNEL_LAYER_PREFIX": "bench-contest",
            "ACCESS_TOKEN_TTL": "7200",  # tokens issued before the run outlive it
            "WEB_CONCURRENCY": str(args.workers),
        }
    )
    return env


def operation(name: str) -> str:
    """The contract's operation ``name`` with the fragments it uses, as an app sends it."""
    from graphql import FragmentSpreadNode, parse, print_ast, visit
    from graphql.language import Visitor

    document = parse(OPERATIONS.read_text())
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    op = next(d for d in document.definitions if d.kind == "operation_definition" and d.name.value == name)

    used: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_args):
            if node.name.value not in used:
                used.append(node.name.value)
                visit(fragments[node.name.value], self)

    visit(op, Spreads())
    return "\n\n".join([print_ast(op)] + [print_ast(fragments[f]) for f in used])


# --- preparing -------------------------------------------------------------------------------


def question_text(q: int) -> str:
    return f"Câu {q + 1}: theo Bộ luật Lao động 2019, điều nào sau đây đúng về tình huống số {q + 1}?"


def choice_text(q: int, c: int) -> str:
    return f"Phương án {c + 1} của câu {q + 1}"


def right_choice(q: int) -> int:
    return (q * 7) % CHOICES  # the right choice's place in the bank (not the order shown)


def prepare(count: int, extra: int) -> tuple[int, list[str], list[str], dict[str, str]]:
    """The contest, ``count`` + WARMUP members (the last ones warm the server up) and ``extra``
    members for the profile, each signed in: (round id, tokens, profile tokens, the bank's right
    choice text per question text). Earlier runs' contest and members are removed first."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cms.contests.models import ContestEntrant, ContestPage
    from cms.members import tokens
    from cms.members.models import AuthSession, Member
    from cms.organisations.models import Organisation, OrganisationKind, OrganisationLevel
    from tests.content_factories import make_contest, make_contest_question

    user_model = get_user_model()
    for page in ContestPage.objects.filter(title=CONTEST_TITLE):
        ContestEntrant.objects.filter(contest=page).delete()  # their attempts and places with them
        page.delete()
    for prefix in (PHONE_PREFIX, PROFILE_PREFIX):
        Member.objects.filter(phone__startswith=prefix).delete()
        user_model.objects.filter(username__startswith=f"member-{prefix}").delete()

    root = Organisation.objects.filter(code="bench-contest-federation").first() or Organisation.add_root(
        name="Liên đoàn Lao động tỉnh (benchmark cuộc thi)",
        code="bench-contest-federation",
        level=OrganisationLevel.FEDERATION,
        kind=OrganisationKind.FEDERATION,
    )
    unions = []
    for i in range(10):
        code = f"bench-contest-cdcs-{i}"
        union = Organisation.objects.filter(code=code).first()
        if union is None:
            root.refresh_from_db()
            union = root.add_child(
                name=f"Công đoàn cơ sở Công ty {i} (benchmark cuộc thi)",
                code=code,
                level=OrganisationLevel.GRASSROOTS,
                kind=OrganisationKind.ENTERPRISE,
            )
        unions.append(union)

    now = timezone.now()
    contest = make_contest(
        root,
        CONTEST_TITLE,
        rounds=[
            {
                "name": "Tuần 1",
                "opens_at": now - timedelta(hours=1),
                "closes_at": now + timedelta(days=1),
                "questions_drawn": DRAWN,
                "attempts_allowed": 3,
                "time_limit_minutes": 20,
            }
        ],
    )
    answers = {}
    for q in range(BANK):
        make_contest_question(
            contest,
            question_text(q),
            choices=[(choice_text(q, c), c == right_choice(q)) for c in range(CHOICES)],
        )
        answers[question_text(q)] = choice_text(q, right_choice(q))
    round_id = contest.rounds.get().pk

    password = make_password(secrets.token_urlsafe(16))

    def members(prefix: str, n: int) -> list[str]:
        phones = [f"{prefix}{i:06d}" for i in range(n)]
        users = user_model.objects.bulk_create(
            [user_model(username=f"member-{phone}", password=password) for phone in phones]
        )
        Member.objects.bulk_create(
            [
                Member(user=user, phone=phone, full_name=f"Đoàn viên {i}", organisation=unions[i % 10])
                for i, (user, phone) in enumerate(zip(users, phones, strict=True))
            ]
        )
        sessions = AuthSession.objects.bulk_create(
            [AuthSession(user=user, user_agent="contest_rush") for user in users]
        )
        return [tokens._issue_pair(session).access_token for session in sessions]

    return round_id, members(PHONE_PREFIX, count + WARMUP), members(PROFILE_PREFIX, extra), answers


# --- the client ------------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.retries_503 = 0
        self.reconnects = 0
        self.http_errors: Counter = Counter()
        self.codes: Counter = Counter()


STATS = Stats()
_local = threading.local()


def _connection(port: int) -> http.client.HTTPConnection:
    conns = _local.__dict__.setdefault("conns", {})
    conn = conns.get(port)
    if conn is None:
        conn = conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    return conn


def post(port: int, token: str, query: str, variables: dict) -> dict:
    """One GraphQL request on this thread's kept-alive connection. A 503 is sent again after its
    Retry-After; a connection the server closed (keep-alive timeout, a worker restarted) is
    opened again and the request sent again (safe: every request carries an idempotency key)."""
    body = json.dumps({"query": query, "variables": variables}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    for attempt in range(30):
        conn = _connection(port)
        try:
            conn.request("POST", "/graphql/", body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (TimeoutError, http.client.HTTPException, ConnectionError, OSError):
            conn.close()
            _local.conns.pop(port, None)
            with STATS.lock:
                STATS.reconnects += 1
            if attempt == 29:
                raise
            continue
        if response.status == 503:
            with STATS.lock:
                STATS.retries_503 += 1
                STATS.http_errors[503] += 1
            time.sleep(float(response.getheader("Retry-After") or 1))
            continue
        if response.status != 200:
            with STATS.lock:
                STATS.http_errors[response.status] += 1
            raise RuntimeError(f"HTTP {response.status}: {data[:300]!r}")
        return json.loads(data)
    raise RuntimeError("still 503 after 30 tries")


class Entrant:
    """One member taking part: the client's side of the rush."""

    def __init__(self, index: int, token: str) -> None:
        self.index = index
        self.token = token
        self.start_key = f"start-{index}-{secrets.token_hex(4)}"
        self.submit_key = f"submit-{index}-{secrets.token_hex(4)}"
        self.attempt_id: str | None = None
        self.answers: list[dict] = []
        self.prediction = index % 997
        self.submitted: dict | None = None
        self.error = ""


def start(port: int, entrant: Entrant, answers_bank: dict[str, str]) -> float:
    began = time.perf_counter()
    result = post(
        port,
        entrant.token,
        START,
        {"roundId": ROUND_GLOBAL_ID, "idempotencyKey": entrant.start_key},
    )
    elapsed = time.perf_counter() - began
    payload = (result.get("data") or {}).get("startContestAttempt")
    if result.get("errors") or not payload:
        _count_error(entrant, "GRAPHQL_ERROR", result)
        return elapsed
    if payload["errors"]:
        _count_error(entrant, payload["errors"][0]["code"], payload)
        return elapsed
    attempt = payload["attempt"]
    entrant.attempt_id = attempt["id"]
    chosen = []
    for question in attempt["questions"]:
        number = question["number"]
        right_text = answers_bank[question["text"]]
        want_right = (entrant.index + number) % 3 != 0
        pick = next(i for i, text in enumerate(question["choices"], 1) if (text == right_text) == want_right)
        chosen.append({"question": number, "choice": pick})
    entrant.answers = chosen
    return elapsed


def submit(port: int, entrant: Entrant, *, key: str | None = "same") -> tuple[float, dict]:
    variables = {
        "attemptId": entrant.attempt_id,
        "answers": entrant.answers,
        "prediction": entrant.prediction,
    }
    if key == "same":
        variables["idempotencyKey"] = entrant.submit_key
    elif key:
        variables["idempotencyKey"] = key
    began = time.perf_counter()
    result = post(port, entrant.token, SUBMIT, variables)
    elapsed = time.perf_counter() - began
    payload = (result.get("data") or {}).get("submitContestAttempt")
    if result.get("errors") or not payload:  # a GraphQL error (not a user error): no payload
        return elapsed, {
            "attempt": None,
            "errors": [{"code": "GRAPHQL_ERROR", "detail": result.get("errors")}],
        }
    return elapsed, payload


def _count_error(entrant: Entrant, code: str, detail) -> None:
    with STATS.lock:
        STATS.codes[code] += 1
    if not entrant.error:
        entrant.error = f"{code}: {json.dumps(detail, ensure_ascii=False)[:300]}"


def do_submit(port: int, entrant: Entrant) -> float:
    elapsed, payload = submit(port, entrant)
    if payload["errors"]:
        _count_error(entrant, payload["errors"][0]["code"], payload)
    else:
        entrant.submitted = payload["attempt"]
    return elapsed


# --- measuring the machine --------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> tuple[str, int, float]:
    """(command name, parent pid, CPU seconds) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        raw = f.read()
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def cpu_snapshot(server_pid: int) -> dict[str, float]:
    """CPU seconds so far: this client, the server (gunicorn's workers), PostgreSQL, Redis, and
    the whole machine (busy time of all cores)."""
    totals = Counter()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            name, parent, seconds = _cpu_of(int(entry))
        except (OSError, ValueError):
            continue
        pid = int(entry)
        if pid == os.getpid():
            totals["client"] += seconds
        elif pid == server_pid or parent == server_pid:
            totals["server"] += seconds
        elif name == "postgres" or name.startswith("postgres"):
            totals["postgres"] += seconds
        elif name.startswith("redis"):
            totals["redis"] += seconds
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    totals["machine"] = (sum(parts[:8]) - idle) / TICK
    totals["redis connections"] = redis_connections_received()
    return dict(totals)


REDIS_STATS_URL = ""  # set by main(): the server's Redis


def redis_connections_received() -> int:
    """Connections Redis has accepted since it started (all clients of the instance)."""
    import redis

    client = redis.Redis.from_url(REDIS_STATS_URL)
    try:
        return int(client.info("stats")["total_connections_received"])
    finally:
        client.close()


def cpu_report(before: dict, after: dict, wall: float, requests: int, unit: str = "request") -> str:
    used = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
    known = sum(used.get(k, 0.0) for k in ("client", "server", "postgres", "redis"))
    cores = os.cpu_count() or 1
    parts = [
        f"{name} {used.get(name, 0.0):.1f} s ({used.get(name, 0.0) / wall * 100:.0f}% of one core)"
        for name in ("server", "postgres", "client", "redis")
    ]
    other = used["machine"] - known
    return (
        f"CPU over {wall:.1f} s wall ({cores} cores = {cores * wall:.1f} core-s): "
        + ", ".join(parts)
        + f", other processes {max(other, 0.0):.1f} s; machine busy {used['machine'] / (cores * wall) * 100:.0f}%"
        + f"\n    CPU per {unit}: server {used.get('server', 0.0) / requests * 1000:.1f} ms, "
        f"PostgreSQL {used.get('postgres', 0.0) / requests * 1000:.1f} ms, "
        f"client {used.get('client', 0.0) / requests * 1000:.1f} ms; "
        # This client's own reading of the figure opens one connection.
        f"Redis connections opened {max(used.get('redis connections', 0) - 1, 0) / requests:.2f}"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(max(int(round(len(ordered) * share)) - 1, 0), len(ordered) - 1)] * 1000


def latency_line(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label}: no requests"
    return (
        f"  {label}: n={len(values)} p50 {percentile(values, 0.5):.0f} ms, p95 {percentile(values, 0.95):.0f} ms, "
        f"p99 {percentile(values, 0.99):.0f} ms, max {max(values) * 1000:.0f} ms"
    )


# --- the phases -------------------------------------------------------------------------------


def _timed(call) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


def run_phase(concurrency: int, items: list, work) -> tuple[list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def one(item):
        try:
            elapsed = work(item)
        except Exception as exc:  # counted and shown; the check afterwards tells what it cost
            with STATS.lock:
                STATS.codes[f"EXCEPTION {type(exc).__name__}"] += 1
            if isinstance(item, Entrant) and not item.error:
                item.error = f"{type(exc).__name__}: {exc}"[:300]
            return
        with lock:
            latencies.extend(elapsed if isinstance(elapsed, tuple) else (elapsed,))

    began = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, items))
    return latencies, time.perf_counter() - began


def check_database(round_id: int, entrants: list[Entrant], warmup_tokens: list[str]) -> tuple[bool, dict]:
    """One attempt per entrant, submitted, with the chosen answers and the expected score."""
    from cms.contests.models import AttemptStatus, ContestAttempt, ContestChoice
    from cms.members.tokens import authenticate_access_token

    user_of = {}
    for entrant in entrants:
        user, _session = authenticate_access_token(entrant.token)
        user_of[user.pk] = entrant
    warmup_users = [authenticate_access_token(token)[0] for token in warmup_tokens]
    right = set(ContestChoice.objects.filter(is_correct=True).values_list("pk", flat=True))
    attempts = list(
        ContestAttempt.objects.filter(round_id=round_id)
        .exclude(entrant__user__in=warmup_users)
        .values("pk", "entrant__user_id", "status", "drawn", "answers", "correct", "prediction")
    )
    per_user = Counter(a["entrant__user_id"] for a in attempts)
    lost = sum(1 for user_id in user_of if per_user[user_id] == 0)
    duplicated = sum(n - 1 for n in per_user.values() if n > 1)
    strangers = sum(n for user_id, n in per_user.items() if user_id not in user_of)
    not_submitted = wrong_scores = wrong_answers = wrong_ids = wrong_predictions = 0
    for a in attempts:
        entrant = user_of.get(a["entrant__user_id"])
        if entrant is None:
            continue
        if a["status"] != AttemptStatus.SUBMITTED:
            not_submitted += 1
            continue
        expected_answers = []
        expected_score = 0
        for number, (_question_id, shown) in enumerate(a["drawn"], 1):
            if (entrant.index + number) % 3 != 0:
                pick = next(c for c in shown if c in right)
                expected_score += 1
            else:
                pick = next(c for c in shown if c not in right)
            expected_answers.append(pick)
        # The score recomputed from the bank, independently of what the server stored.
        assert sum(1 for c in expected_answers if c in right) == expected_score
        if a["answers"] != expected_answers:
            wrong_answers += 1
        if a["correct"] != expected_score:
            wrong_scores += 1
        if a["prediction"] != entrant.prediction:
            wrong_predictions += 1
        if entrant.attempt_id is None or _pk(entrant.attempt_id) != a["pk"]:
            wrong_ids += 1
    figures = {
        "attempts": len(attempts),
        "entrants": len(user_of),
        "lost": lost,
        "duplicated": duplicated,
        "strangers": strangers,
        "not_submitted": not_submitted,
        "wrong_scores": wrong_scores,
        "wrong_answers": wrong_answers,
        "wrong_predictions": wrong_predictions,
        "wrong_ids": wrong_ids,
    }
    ok = len(attempts) == len(user_of) and not any(
        v for k, v in figures.items() if k not in {"attempts", "entrants"}
    )
    return ok, figures


def _pk(global_id: str) -> int:
    import base64

    raw = base64.b64decode(global_id).decode()
    return int(raw.rsplit(":", 1)[1])


def snapshot(round_id: int) -> dict:
    from cms.contests.models import ContestAttempt

    return {
        row[0]: row[1:]
        for row in ContestAttempt.objects.filter(round_id=round_id).values_list(
            "pk", "status", "answers", "correct", "prediction", "submitted_at", "duration_ms", "submit_key",
            "start_key", "number",
        )
    }  # fmt: skip


def replay(port: int, concurrency: int, sample: list[Entrant], round_id: int, answers_bank) -> None:
    before = snapshot(round_id)
    same_submit = Counter()
    same_start = Counter()
    double = Counter()

    def again(entrant: Entrant):
        elapsed, payload = submit(port, entrant)
        if payload.get("errors") or not payload.get("attempt"):
            same_submit["error " + str((payload.get("errors") or [{}])[0].get("code"))] += 1
        elif (
            payload["attempt"]["id"] == entrant.submitted["id"]
            and payload["attempt"]["submittedAt"] == entrant.submitted["submittedAt"]
            and payload["attempt"]["status"] == "SUBMITTED"
        ):
            same_submit["same attempt, same submittedAt"] += 1
        else:
            same_submit["different"] += 1
        # The start again, with its key: the same attempt comes back, no new one.
        result = post(
            port, entrant.token, START, {"roundId": ROUND_GLOBAL_ID, "idempotencyKey": entrant.start_key}
        )
        start_payload = result["data"]["startContestAttempt"]
        if start_payload["errors"]:
            same_start["error " + start_payload["errors"][0]["code"]] += 1
        elif start_payload["attempt"]["id"] == entrant.attempt_id:
            same_start["same attempt"] += 1
        else:
            same_start["different"] += 1
        # Submitted again without the key, and with another key: refused.
        for key in (None, f"other-{entrant.index}"):
            _e, payload = submit(port, entrant, key=key)
            codes = [e["code"] for e in payload.get("errors") or []]
            double[codes[0] if codes else "accepted"] += 1
        return elapsed

    eligible = [e for e in sample if e.submitted]
    latencies, wall = run_phase(concurrency, eligible, again)
    after = snapshot(round_id)
    changed = sum(1 for pk in before if before[pk] != after.get(pk))
    print(
        f"\nreplay of {len(eligible)} entrants (sent again: submit with its key, start with its key, submit without a key and with another key):"
    )
    print(f"  submit with the same key: {dict(same_submit)}; p50 {percentile(latencies, 0.5):.0f} ms")
    print(f"  start with the same key: {dict(same_start)}")
    print(f"  submit without the key or with another: {dict(double)}")
    print(f"  attempts before {len(before)}, after {len(after)}; rows changed {changed}")
    REPLAY_OK[0] = (
        same_submit.get("same attempt, same submittedAt", 0) == len(eligible)
        and same_start.get("same attempt", 0) == len(eligible)
        and double.get("ALREADY_SUBMITTED", 0) == 2 * len(eligible)
        and len(before) == len(after)
        and changed == 0
    )


REPLAY_OK = [False]
START = operation("StartContestAttempt")
SUBMIT = operation("SubmitContestAttempt")
ROUND_GLOBAL_ID = ""


# --- the in-process profile -------------------------------------------------------------------


AREAS = (  # where a function's own time goes, by the file it is in (first match)
    ("/psycopg_pool/", "psycopg_pool"),
    ("/psycopg/", "psycopg: the driver, waiting for PostgreSQL included"),
    ("/django/db/models/sql/", "Django ORM: SQL compiler"),
    ("/django/db/models/", "Django ORM: querysets, models, fields"),
    ("/django/db/", "Django database backend, transactions"),
    ("/strawberry_django/", "strawberry_django (optimizer, fields)"),
    ("/strawberry/", "strawberry (schema, extensions, views)"),
    ("/graphql/execution/", "graphql-core execution"),
    ("/graphql/validation/", "graphql-core validation"),
    ("/graphql/language/", "graphql-core parsing, printing"),
    ("/graphql/", "graphql-core, other"),
    ("/django/test/", "Django test client (not in production)"),
    ("/django/", "Django, other (request, middleware, translations)"),
    ("/wagtail/", "Wagtail"),
    ("/graphql_api/", "graphql_api (the project's API layer)"),
    ("/cms/", "cms (the project's services)"),
    ("/json/", "json"),
)


def _area(function: tuple) -> str:
    filename = function[0]
    for marker, name in AREAS:
        if marker in filename:
            return name
    if filename == "~":
        return "built-ins called from everywhere (isinstance, getattr...)"
    return "standard library, other"


def profile(round_id: int, tokens: list[str], answers_bank: dict[str, str], top: int) -> None:
    """start+submit for each token through Django's test client (the view, middleware, schema,
    services, database: a worker's request path minus uvicorn), timed plain then under cProfile,
    start and submit apart."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    profilers = {"start": cProfile.Profile(), "submit": cProfile.Profile()}
    cpu_used: dict = {"start": [], "submit": []}

    def call(label: str, token: str, query: str, variables: dict, mode: str, record: dict) -> dict:
        body = json.dumps({"query": query, "variables": variables})
        began = time.perf_counter()
        if mode == "queries":
            with CaptureQueriesContext(connection) as captured:
                response = client.post(
                    "/graphql/",
                    data=body,
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                )
            record[label].append(captured.captured_queries)
        elif mode == "profile":
            profilers[label].enable()
            response = client.post(
                "/graphql/", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
            )
            profilers[label].disable()
        else:
            cpu = time.thread_time()
            response = client.post(
                "/graphql/", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
            )
            cpu_used[label].append(time.thread_time() - cpu)
        if mode != "queries":
            record[label].append(time.perf_counter() - began)
        assert response.status_code == 200, response.content[:300]
        return response.json()

    def pair(index: int, token: str, mode: str, record: dict) -> None:
        entrant = Entrant(index, token)
        variables = {"roundId": ROUND_GLOBAL_ID, "idempotencyKey": entrant.start_key}
        result = call("start", token, START, variables, mode, record)
        attempt = result["data"]["startContestAttempt"]["attempt"]
        answers = []
        for q in attempt["questions"]:
            want_right = (index + q["number"]) % 3 != 0
            pick = next(
                i for i, text in enumerate(q["choices"], 1) if (text == answers_bank[q["text"]]) == want_right
            )
            answers.append({"question": q["number"], "choice": pick})
        variables = {
            "attemptId": attempt["id"],
            "answers": answers,
            "prediction": entrant.prediction,
            "idempotencyKey": entrant.submit_key,
        }
        result = call("submit", token, SUBMIT, variables, mode, record)
        assert not result["data"]["submitContestAttempt"]["errors"], result

    n = len(tokens)
    third = max(n // 3, 1)
    # 1. the queries of a few pairs, 2. plain timing (a third), 3. the request's parts, the services
    # on the next third's members, 4. under cProfile (the rest): each member's first attempt.
    queries: dict = {"start": [], "submit": []}
    for i in range(min(5, third)):
        pair(i, tokens[i], "queries", queries)
    # 2 and 3 interleaved, so that every part meets the machine at the same speed (it changes
    # by 1.5x from one minute to the next here).
    from cms.members.models import Member

    users = {
        m.phone: m.user
        for m in Member.objects.filter(phone__startswith=PROFILE_PREFIX).select_related("user")
    }
    plain: dict = {"start": [], "submit": []}
    parts = _RequestParts(client, tokens[0], round_id)
    for i in range(min(5, third), third):
        pair(i, tokens[i], "plain", plain)
        parts.measure(users[f"{PROFILE_PREFIX}{i + third:06d}"])
    profiled: dict = {"start": [], "submit": []}
    for i in range(2 * third, n):
        pair(i, tokens[i], "profile", profiled)

    print(
        f"\nin-process profile (Django test client, same database, one thread, no other request), {n} members:"
    )
    for label in ("start", "submit"):
        sql = [sum(float(q["time"]) for q in qs) * 1000 for qs in queries[label]]
        print(
            f"  {label}: {statistics.median(len(qs) for qs in queries[label]):.0f} queries per request "
            f"(SQL {statistics.median(sql):.0f} ms by Django's debug cursor, 1 ms resolution); "
            f"plain p50 {percentile(plain[label], 0.5):.1f} ms (CPU of this thread p50 "
            f"{percentile(cpu_used[label], 0.5):.1f} ms) over {len(plain[label])} requests; "
            f"under cProfile p50 {percentile(profiled[label], 0.5):.1f} ms over {len(profiled[label])}"
        )
    print(
        "  the same requests taken apart, each part measured between two of them (CPU of this thread, "
        "p50): the floor (a signed-in `{ __typename }` through the test client), the service alone "
        "(cms.contests.attempts on other members' first attempts, the member read apart from the "
        "token), the answer alone (the operation run by the schema with the service's result given: "
        "its arguments, fields and extensions; no HTTP, no token, no statement)"
    )
    for label in ("start", "submit"):
        whole = percentile(cpu_used[label], 0.5)
        floor, alone, answer = (percentile(values, 0.5) for values in parts.of(label))
        print(
            f"    {label}: {whole:.1f} ms = floor {floor:.1f} + service {alone:.1f} + answer {answer:.1f} "
            f"+ the rest {whole - floor - alone - answer:.1f} (what the parts leave out or share: the "
            "answer's JSON, the mutation's own steps, the caches a part run alone keeps warm)"
        )
    for label in ("start", "submit"):
        print(f"  the queries of one {label}:")
        for q in queries[label][-1]:
            sql = re.sub(r"\s+", " ", q["sql"])[:150]
            print(f"    {float(q['time']) * 1000:4.0f} ms  {sql}")
    for label in ("start", "submit"):
        stats = pstats.Stats(profilers[label])
        count = len(profiled[label])
        areas: Counter = Counter()
        for function, (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            areas[_area(function)] += own
        total = sum(areas.values())
        print(f"\n  {label}: {total / count * 1000:.1f} ms per request under cProfile, by area (own time):")
        for name, seconds in areas.most_common(14):
            print(f"    {seconds / count * 1000:6.2f} ms  {seconds / total * 100:4.1f}%  {name}")
        for sort in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profilers[label], stream=out).strip_dirs().sort_stats(sort).print_stats(top)
            lines = [line for line in out.getvalue().splitlines()[6:] if line.strip()]
            print(f"\n  {label}: top {top} by {sort} ({count} requests; times are totals in s):")
            print("\n".join("    " + line for line in lines))
        path = PROFILE_PATH.with_name(f"contest_rush_{label}.prof")
        path.parent.mkdir(parents=True, exist_ok=True)
        profilers[label].dump_stats(path)
        print(f"  the whole profile: {path} (python -m pstats)")


class _RequestParts:
    """A start and a submit taken apart, CPU of this thread: the framework's floor through the test
    client, the service alone, and GraphQL building the answer from the service's result with
    nothing else (its arguments, fields and extensions)."""

    def __init__(self, client, token: str, round_id: int) -> None:
        from django.test import RequestFactory
        from strawberry.relay import to_base64

        from cms.contests.models import AttemptStatus, ContestAttempt

        self.client, self.token, self.round_id = client, token, round_id
        self.floor: list[float] = []
        self.alone: dict = {"start": [], "submit": []}
        self.answer: dict = {"start": [], "submit": []}
        # What the answers are built from: a submitted attempt of a profile member (the first
        # pairs made them), and the same row as just started.
        self.submitted = (
            ContestAttempt.objects.filter(round_id=round_id, status=AttemptStatus.SUBMITTED,
                                          entrant__user__member__phone__startswith=PROFILE_PREFIX)
            .select_related("round", "entrant__user").order_by("-pk").first()
        )  # fmt: skip
        self.request = RequestFactory().post("/graphql/", REMOTE_ADDR="127.0.0.1")
        self.variables = {
            "start": {"roundId": ROUND_GLOBAL_ID, "idempotencyKey": "answer-alone"},
            "submit": {
                "attemptId": to_base64("ContestAttempt", self.submitted.pk),
                "answers": [{"question": n, "choice": 1} for n in range(1, len(self.submitted.drawn) + 1)],
                "prediction": 1,
                "idempotencyKey": "answer-alone",
            },
        }

    def of(self, label: str) -> tuple[list[float], list[float], list[float]]:
        return self.floor, self.alone[label], self.answer[label]

    def measure(self, user) -> None:
        """One of each part; ``user`` (a member without an attempt yet) starts and submits."""
        from unittest import mock

        from cms.contests import attempts as service
        from cms.contests.models import AttemptStatus, ContestAttempt
        from graphql_api.contests import mutations
        from graphql_api.core.context import Context
        from graphql_api.schema import schema

        body = json.dumps({"query": "{ __typename }"})
        cpu = time.thread_time()
        self.client.post(
            "/graphql/", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {self.token}"
        )
        self.floor.append(time.thread_time() - cpu)

        cpu = time.thread_time()
        attempt, _token = service.start_attempt(user, self.round_id)
        self.alone["start"].append(time.thread_time() - cpu)
        answers = [service.Answer(number, 1) for number in range(1, len(attempt.drawn) + 1)]
        cpu = time.thread_time()
        service.submit_attempt(user, attempt.pk, answers=answers, prediction=1)
        self.alone["submit"].append(time.thread_time() - cpu)

        in_progress = ContestAttempt.objects.select_related("round").get(pk=self.submitted.pk)
        in_progress.status, in_progress.submitted_at = AttemptStatus.IN_PROGRESS, None
        with (
            mock.patch.object(mutations.attempts, "start_attempt", return_value=(in_progress, None)),
            mock.patch.object(mutations.attempts, "submit_attempt", return_value=self.submitted),
        ):
            for label, query, name in (("start", START, "StartContestAttempt"),
                                       ("submit", SUBMIT, "SubmitContestAttempt")):  # fmt: skip
                context = Context(request=self.request, response=None, user=self.submitted.entrant.user)
                cpu = time.thread_time()
                result = schema.execute_sync(
                    query, self.variables[label], context_value=context, operation_name=name
                )
                self.answer[label].append(time.thread_time() - cpu)
                assert not result.errors, result.errors


PROFILE_PATH = ROOT / "var" / "contest_rush.prof"


# --- main -------------------------------------------------------------------------------------


def compare(args, sides: list[tuple[str, subprocess.Popen, int]], entrants: list, answers_bank) -> None:
    """Two servers (this tree and ``--against``'s) take the rush in alternating slices of
    ``--slice`` entrants (each slice: its starts, then its submits), so both meet the machine at
    the same speed: on a shared or throttled machine, runs minutes apart differ by 1.5x, slices
    seconds apart do not. Per side: submissions per second over its slices, CPU per entrant
    (its server's workers, and PostgreSQL during its slices), latencies."""
    totals = {
        name: {"wall": 0.0, "done": 0, "n": 0, "start": [], "submit": [], "cpu": Counter()}
        for name, _s, _p in sides
    }
    slices = [entrants[i : i + args.slice] for i in range(0, len(entrants), args.slice)]
    for number, part in enumerate(slices):
        name, server, port = sides[number % 2]
        side = totals[name]
        cpu0 = cpu_snapshot(server.pid)
        start_lat, start_wall = run_phase(
            args.concurrency, part, lambda e, port=port: start(port, e, answers_bank)
        )
        ready = [e for e in part if e.attempt_id]
        submit_lat, submit_wall = run_phase(args.concurrency, ready, lambda e, port=port: do_submit(port, e))
        cpu1 = cpu_snapshot(server.pid)
        side["cpu"].update({k: cpu1.get(k, 0.0) - cpu0.get(k, 0.0) for k in ("server", "postgres", "client")})
        side["wall"] += start_wall + submit_wall
        side["done"] += sum(1 for e in part if e.submitted)
        side["n"] += len(part)
        side["start"] += start_lat
        side["submit"] += submit_lat
    print(f"\n{len(entrants)} entrants in alternating slices of {args.slice}, {args.concurrency} at a time, "
          f"gunicorn with {args.workers} uvicorn workers per side:")  # fmt: skip
    rates = {}
    for name, side in totals.items():
        n = max(side["n"], 1)
        rates[name] = (side["done"] / side["wall"], side["cpu"]["server"] / n)
        print(
            f"  {name}: {side['done']} submissions in {side['wall']:.2f} s: {rates[name][0]:.1f} submissions/s "
            f"(each with its start); CPU per entrant: server {side['cpu']['server'] / n * 1000:.1f} ms, "
            f"PostgreSQL {side['cpu']['postgres'] / n * 1000:.1f} ms, client {side['cpu']['client'] / n * 1000:.1f} ms"
        )
        print("  " + latency_line("start ", side["start"]))
        print("  " + latency_line("submit", side["submit"]))
    (this, (rate_a, cpu_a)), (other, (rate_b, cpu_b)) = rates.items()
    print(
        f"  {this} / {other}: submissions/s x{rate_a / rate_b:.2f}, server CPU per entrant x{cpu_a / cpu_b:.2f}"
    )
    print(
        f"  errors by code: {dict(STATS.codes) or 'none'}; HTTP errors: {dict(STATS.http_errors) or 'none'}; "
        f"503 retried after Retry-After: {STATS.retries_503}"
    )


def main() -> None:
    global ROUND_GLOBAL_ID
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entrants", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn's uvicorn workers")
    parser.add_argument("--pattern", choices=("split", "interleaved"), default="split")
    parser.add_argument("--replay", type=int, default=100, help="entrants whose requests are sent again")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument(
        "--profile", type=int, default=0, help="start+submit pairs profiled in process (0: none)"
    )
    parser.add_argument("--top", type=int, default=35, help="profile entries shown")
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout of the project (e.g. a git worktree of an older commit): its server "
        "takes every other slice of the rush, on port --port + 1, against the same database",
    )
    parser.add_argument("--slice", type=int, default=100, help="entrants per slice with --against")
    parser.add_argument(
        "--floor",
        type=int,
        default=1000,
        help="signed-in `{ __typename }` requests: the framework's floor (0: none)",
    )
    args = parser.parse_args()
    ok_all = False

    env = environment(args)
    global REDIS_STATS_URL
    REDIS_STATS_URL = env["REDIS_URL"]
    os.environ.update(env)
    ensure_database(env["DATABASE_URL"])
    print(
        f"database: {env['DATABASE_URL']}; cache: {env['REDIS_URL']}; {os.cpu_count()} cores; load {os.getloadavg()}"
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    began = time.perf_counter()
    round_id, tokens, profile_tokens, answers_bank = prepare(args.entrants, args.profile)
    from strawberry.relay import to_base64

    ROUND_GLOBAL_ID = to_base64("ContestRound", round_id)
    print(
        f"contest ready: 1 round open, {DRAWN} of {BANK} questions x {CHOICES} choices, 3 attempts, 20 min; "
        f"{len(tokens)} members signed in ({time.perf_counter() - began:.1f} s)"
    )
    entrants = [Entrant(i, token) for i, token in enumerate(tokens[: args.entrants])]
    server = start_server(env, args.port, args.workers)
    servers = [server]
    try:
        # Every worker loads everything (schema, ORM paths, its database pool) before the clock
        # starts: WARMUP entrants start and submit at once, each on a connection of its own (new
        # threads, new connections), so that the kernel hands them to every worker.
        warmups = [Entrant(args.entrants + i, token) for i, token in enumerate(tokens[args.entrants :])]

        def warm(entrant: Entrant, port: int = args.port):
            for _ in range(3):
                post(port, entrant.token, "{ __typename }", {})
            start(port, entrant, answers_bank)
            do_submit(port, entrant)
            return ()

        _lat, warm_wall = run_phase(len(warmups), warmups, warm)
        print(
            f"warm-up (not counted): {len(warmups)} entrants at once in {warm_wall:.1f} s, "
            f"503 {STATS.retries_503}, errors {dict(STATS.codes) or 'none'}"
        )
        failed_warmups = [e.error for e in warmups if e.error or not e.submitted]
        if failed_warmups:
            raise SystemExit(f"the warm-up failed: {failed_warmups[:3]}")
        if args.against:
            other = start_server(env, args.port + 1, args.workers, cwd=args.against.resolve())
            servers.append(other)
            # The same members warm it up: their second attempt (3 are allowed), on the other server.
            again = [Entrant(args.entrants + i, token) for i, token in enumerate(tokens[args.entrants :])]
            run_phase(len(again), again, lambda e: warm(e, args.port + 1))
        STATS.codes.clear()
        STATS.http_errors.clear()
        STATS.retries_503 = STATS.reconnects = 0

        if args.against:
            compare(
                args,
                [
                    (f"this tree ({ROOT})", server, args.port),
                    (f"--against ({args.against})", other, args.port + 1),
                ],
                entrants,
                answers_bank,
            )
        if not args.against:
            header = (
                f"\n{len(entrants)} entrants, {args.concurrency} at a time, gunicorn with {args.workers} uvicorn workers, "
                f"pattern {args.pattern}:"
            )
            print(header)
            cpu0 = cpu_snapshot(server.pid)
            if args.pattern == "split":
                start_lat, start_wall = run_phase(
                    args.concurrency, entrants, lambda e: start(args.port, e, answers_bank)
                )
                cpu1 = cpu_snapshot(server.pid)
                ready = [e for e in entrants if e.attempt_id]
                submit_lat, submit_wall = run_phase(
                    args.concurrency, ready, lambda e: do_submit(args.port, e)
                )
                cpu2 = cpu_snapshot(server.pid)
                wall = start_wall + submit_wall
                submitted = sum(1 for e in entrants if e.submitted)
                print(
                    f"  starts: {len(start_lat)} in {start_wall:.2f} s: {len(start_lat) / start_wall:.1f} starts/s"
                )
                print(f"    {cpu_report(cpu0, cpu1, start_wall, len(entrants))}")
                print(
                    f"  submits only: {len(submit_lat)} in {submit_wall:.2f} s: {submitted / submit_wall:.1f} submissions/s"
                )
                print(f"    {cpu_report(cpu1, cpu2, submit_wall, len(ready))}")
            else:
                start_lat: list[float] = []
                submit_lat: list[float] = []
                lock = threading.Lock()

                def both(entrant: Entrant):
                    s = start(args.port, entrant, answers_bank)
                    with lock:
                        start_lat.append(s)
                    if entrant.attempt_id:
                        t = do_submit(args.port, entrant)
                        with lock:
                            submit_lat.append(t)
                    return ()

                _ignored, wall = run_phase(args.concurrency, entrants, both)
                cpu2 = cpu_snapshot(server.pid)
                submitted = sum(1 for e in entrants if e.submitted)
                print(f"    {cpu_report(cpu0, cpu2, wall, len(entrants), 'entrant (a start and a submit)')}")
            rate = submitted / wall
            print(
                f"  the whole rush: {submitted} submissions in {wall:.2f} s: {rate:.1f} submissions/s (each with its start)"
            )
            # What the same CPU per request would give if the server, PostgreSQL and this client had
            # every core to themselves (an estimate: CPU per request itself grows on a busy machine).
            cores = os.cpu_count() or 1
            ours = ("server", "postgres", "client", "redis")
            per_entrant = sum(cpu2.get(k, 0.0) - cpu0.get(k, 0.0) for k in ours) / max(len(entrants), 1)
            line = (
                f"  estimate, these processes alone on {cores} cores at the CPU measured: "
                f"{cores / per_entrant:.0f} submissions/s with their starts ({per_entrant * 1000:.1f} ms of CPU per entrant)"
            )
            if args.pattern == "split":
                per_submit = sum(cpu2.get(k, 0.0) - cpu1.get(k, 0.0) for k in ours) / max(len(ready), 1)
                line += f", {cores / per_submit:.0f} submits-only/s ({per_submit * 1000:.1f} ms per submit)"
            print(line)
            print(latency_line("start ", start_lat))
            print(latency_line("submit", submit_lat))
            p95 = percentile(submit_lat, 0.95)
            print(
                f"  goal (the issue): >= {GOAL_RATE:.0f} submissions/s with p95 < {GOAL_P95_MS:.0f} ms on 2 cores: "
                f"measured {rate:.1f}/s (rush), submit p95 {p95:.0f} ms, start p95 {percentile(start_lat, 0.95):.0f} ms: "
                + (
                    "MET"
                    if rate >= GOAL_RATE and p95 < GOAL_P95_MS and percentile(start_lat, 0.95) < GOAL_P95_MS
                    else "NOT MET"
                )
            )
            print(
                f"  errors by code: {dict(STATS.codes) or 'none'}; HTTP errors: {dict(STATS.http_errors) or 'none'}; "
                f"503 retried after Retry-After: {STATS.retries_503}; connections reopened: {STATS.reconnects}"
            )
            failed = [e for e in entrants if e.error]
            for e in failed[:5]:
                print(f"    entrant {e.index}: {e.error}")

            if args.floor:
                # The framework's floor: the cheapest request a signed-in member can send (token
                # lookup, middleware, GraphQL, no field touching the database), at the same concurrency.
                floor_items = [entrants[i % len(entrants)] for i in range(args.floor)]
                cpu3 = cpu_snapshot(server.pid)
                floor_lat, floor_wall = run_phase(
                    args.concurrency,
                    floor_items,
                    lambda e: _timed(lambda: post(args.port, e.token, "query Floor { __typename }", {})),
                )
                cpu4 = cpu_snapshot(server.pid)
                print(
                    f"\nthe floor: {len(floor_lat)} signed-in `{{ __typename }}` requests in {floor_wall:.2f} s: "
                    f"{len(floor_lat) / floor_wall:.1f} requests/s, p50 {percentile(floor_lat, 0.5):.0f} ms, "
                    f"p95 {percentile(floor_lat, 0.95):.0f} ms"
                )
                print(f"    {cpu_report(cpu3, cpu4, floor_wall, len(floor_lat))}")

        ok, figures = check_database(round_id, entrants, [e.token for e in warmups])
        print("\nafterwards, in the database:")
        print(
            f"  attempts {figures['attempts']} for {figures['entrants']} entrants: lost {figures['lost']}, "
            f"duplicated {figures['duplicated']}, wrong scores {figures['wrong_scores']}"
        )
        print(
            f"  not submitted {figures['not_submitted']}, answers not the ones chosen {figures['wrong_answers']}, "
            f"wrong predictions {figures['wrong_predictions']}, attempt ids not the ones answered "
            f"{figures['wrong_ids']}, attempts of others {figures['strangers']}"
        )
        STATS.codes.clear()
        replay(args.port, min(args.concurrency, 16), entrants[: args.replay], round_id, answers_bank)
        ok_all = ok and REPLAY_OK[0]
        print("  OK: nothing lost, nothing duplicated, every score right, replays changed nothing" if ok_all
              else "  FAILED: see the counts above")  # fmt: skip
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    if args.profile:
        profile(round_id, profile_tokens, answers_bank, args.top)
    if not ok_all:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
