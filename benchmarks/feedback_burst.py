#!/usr/bin/env python
"""Feedback burst: many members submitting feedback with a photo at once, through the real server.

Starts what production runs (gunicorn managing uvicorn workers serving cms.asgi, DEBUG off) on
PostgreSQL and S3 (moto's server on loopback, started here), creates the members, signs them in,
and has each submit one feedback with a small PNG attached, as the app does (one multipart
request, the GraphQL multipart request spec), in bursts of concurrent requests. Prints the
throughput and p50/p95 latency, then counts what was stored (feedback rows, attachment rows, S3
objects) to show that nothing was lost or duplicated, and replays a sample of the requests with
the same idempotency keys (a flaky connection retrying) to show that a retry creates nothing. A request answered 503
(the server shedding load: no database connection free within DATABASE_POOL_TIMEOUT) is sent
again after its ``Retry-After``, as the frontend contract tells apps to; how often is printed.

Usage:  .venv/bin/python benchmarks/feedback_burst.py [--members 1000] [--burst 50] [--replay 200]
            [--workers 4] [--port 8766] [--s3-port 5398]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/congdoanso_bench_feedback):
the database is created if missing and emptied of earlier benchmark feedback and members; it is
the benchmark's own (the suite's databases `test` and `test_test` are refused). Members are
signed in through the token service (cms.members.tokens) rather than one `login` each: a
password check costs a deliberate ~0.4 s of CPU, which would measure PBKDF2, not feedback.
Nothing leaves the machine.
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
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUCKET = "congdoanso-bench-feedback"
PHONE_PREFIX = "0899"  # the benchmark's members: 0899000000 to 0899999999
SUBMIT = """mutation Submit($input: SubmitFeedbackInput!) {
  submitFeedback(input: $input) { feedback { id reference attachments { size } } errors { field code } }
}"""


def environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congdoanso_bench_feedback")
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    if name in {"test", "test_test", "postgres"}:
        raise SystemExit(f"Refusing to benchmark on the database {name!r}: give the benchmark its own.")
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.update(
        {
            "DEBUG": "0",
            "GRAPHQL_GRAPHIQL": "0",
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "LOG_LEVEL": "WARNING",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{args.s3_port}",
            "AWS_S3_REGION_NAME": "ap-southeast-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "WEB_CONCURRENCY": str(args.workers),
        }
    )
    return env


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def start_s3(port: int):
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="ap-southeast-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
    return server, client


def s3_objects(client, prefix: str) -> set[str]:
    names: set[str] = set()
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        names.update(item["Key"] for item in page.get("Contents", ()))
    return names


def prepare(count: int) -> list[tuple[str, str]]:
    """A federation, ten grassroots unions, a feedback handler, ``count`` members with tokens:
    (phone, access token) each. Earlier benchmark feedback and members are removed first."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from cms.feedback.models import Feedback, FeedbackAttachment, FeedbackForward, FeedbackMessage
    from cms.members import tokens
    from cms.members.models import AuthSession, Member
    from cms.organisations.models import Officer, Organisation, OrganisationKind, OrganisationLevel

    user_model = get_user_model()
    FeedbackAttachment.objects.all().delete()
    FeedbackMessage.objects.all().delete()
    FeedbackForward.objects.all().delete()
    Feedback.objects.all().delete()
    Member.objects.filter(phone__startswith=PHONE_PREFIX).delete()
    user_model.objects.filter(username__startswith=f"member-{PHONE_PREFIX}").delete()

    root = Organisation.objects.filter(code="bench-federation").first() or Organisation.add_root(
        name="Liên đoàn Lao động tỉnh (benchmark)",
        code="bench-federation",
        level=OrganisationLevel.FEDERATION,
        kind=OrganisationKind.FEDERATION,
    )
    unions = []
    for i in range(10):
        code = f"bench-cdcs-{i}"
        union = Organisation.objects.filter(code=code).first()
        if union is None:
            root.refresh_from_db()
            union = root.add_child(
                name=f"Công đoàn cơ sở Công ty {i} (benchmark)",
                code=code,
                level=OrganisationLevel.GRASSROOTS,
                kind=OrganisationKind.ENTERPRISE,
            )
        unions.append(union)
    handler, _ = user_model.objects.get_or_create(
        username="bench-phananh", defaults={"email": "phananh@bench.invalid", "is_staff": True}
    )
    Officer.objects.get_or_create(user=handler, organisation=root, role="feedback_handler", ended_on=None)

    password = make_password(secrets.token_urlsafe(16))
    phones = [f"{PHONE_PREFIX}{i:06d}" for i in range(count)]
    users = user_model.objects.bulk_create(
        [user_model(username=f"member-{phone}", password=password) for phone in phones]
    )
    Member.objects.bulk_create(
        [
            Member(user=user, phone=phone, full_name=f"Đoàn viên {i}", organisation=unions[i % 10])
            for i, (user, phone) in enumerate(zip(users, phones, strict=True))
        ]
    )
    signed_in = []
    for user, phone in zip(users, phones, strict=True):
        session = AuthSession.objects.create(user=user, user_agent="feedback_burst")
        signed_in.append((phone, tokens._issue_pair(session).access_token))
    return signed_in


def png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def multipart_body(variables: dict, file_name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    operations = json.dumps({"query": SUBMIT, "variables": variables})
    parts = [
        ("operations", None, operations.encode()),
        ("map", None, json.dumps({"0": ["variables.input.attachments.0"]}).encode()),
        ("0", file_name, content),
    ]
    body = BytesIO()
    for name, filename, data in parts:
        body.write(f"--{boundary}\r\n".encode())
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body.write(f"Content-Disposition: {disposition}\r\n".encode())
        if filename:
            body.write(b"Content-Type: image/png\r\n")
        body.write(b"\r\n" + data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


RETRIES = {"count": 0}
RETRY_LOCK = threading.Lock()


def submit(base: str, token: str, key: str, image: bytes) -> tuple[float, dict]:
    """One submission as the app sends it; on 503 (the server sheds load: no database connection
    free in time) it waits ``Retry-After`` and sends the same request again, key included."""
    variables = {
        "input": {
            "category": "WAGES",
            "title": "Chậm trả lương tháng 10",
            "description": "Công ty chậm trả lương tháng 10 đã hơn hai tuần, chưa có thông báo lý do.",
            "attachments": [None],
            "idempotencyKey": key,
        }
    }
    body, content_type = multipart_body(variables, "phieu-luong.png", image)
    started = time.perf_counter()
    for attempt in range(20):
        request = urllib.request.Request(
            f"{base}/graphql/",
            data=body,
            headers={"Content-Type": content_type, "Authorization": f"Bearer {token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                result = json.loads(response.read())
            break
        except urllib.error.HTTPError as error:
            if error.code != 503 or attempt == 19:
                raise
            with RETRY_LOCK:
                RETRIES["count"] += 1
            time.sleep(float(error.headers.get("Retry-After") or 1))
    elapsed = time.perf_counter() - started
    payload = (result.get("data") or {}).get("submitFeedback")
    if not payload or payload["errors"]:
        raise RuntimeError(f"submitFeedback failed: {result}")
    return elapsed, payload["feedback"]


def in_bursts(
    base: str, work: list[tuple[str, str]], burst: int, image: bytes
) -> tuple[list[float], list, float]:
    """Each burst: ``burst`` requests sent at once, the next when all have answered."""
    latencies: list[float] = []
    results: list = []
    lock = threading.Lock()

    def one(item):
        token, key = item
        elapsed, feedback = submit(base, token, key, image)
        with lock:
            latencies.append(elapsed)
            results.append((key, feedback))

    started = time.perf_counter()
    with ThreadPoolExecutor(burst) as pool:
        for start in range(0, len(work), burst):
            list(pool.map(one, work[start : start + burst]))
    return latencies, results, time.perf_counter() - started


def start_server(env: dict[str, str], port: int, workers: int, cwd: Path = ROOT) -> subprocess.Popen:
    """The production server (gunicorn.conf.py) of the project in ``cwd``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.asgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                response.read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode}") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the server did not start on port {port}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * share) - 1, 0)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--replay", type=int, default=200, help="requests sent again with their keys")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--s3-port", type=int, default=5398)
    args = parser.parse_args()

    env = environment(args)
    os.environ.update(env)
    ensure_database(env["DATABASE_URL"])
    print(f"database: {env['DATABASE_URL']}; S3: moto on 127.0.0.1:{args.s3_port}, bucket {BUCKET}")
    s3_server, s3 = start_s3(args.s3_port)
    server = None
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        signed_in = prepare(args.members)
        print(f"{len(signed_in)} members created and signed in")
        server = start_server(env, args.port, args.workers)
        base = f"http://127.0.0.1:{args.port}"
        image = png()
        work = [(token, f"bench-{phone}") for phone, token in signed_in]
        submit(base, work[0][0], "bench-warmup-probe", image)  # the first request loads everything

        latencies, results, wall = in_bursts(base, work, args.burst, image)
        print(
            f"\nsubmitFeedback with a {len(image)}-byte PNG, gunicorn with {args.workers} uvicorn workers, "
            f"bursts of {args.burst}:"
        )
        print(f"  {len(latencies)} requests in {wall:.1f} s: {len(latencies) / wall:.1f} req/s")
        print(f"  answered 503 (busy, retried after Retry-After with the same key): {RETRIES['count']} times")
        print(
            f"  latency p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms"
        )

        sample = work[: args.replay]
        first = {key: feedback["id"] for key, feedback in results}
        RETRIES["count"] = 0
        replay_latencies, replayed, replay_wall = in_bursts(base, sample, args.burst, image)
        same = sum(1 for key, feedback in replayed if first[key] == feedback["id"])
        print(
            f"  replay of {len(sample)} requests with their idempotency keys: {same} answered with the first "
            f"feedback; p50 {statistics.median(replay_latencies) * 1000:.0f} ms, {RETRIES['count']} retries after 503"
        )

        from cms.feedback.models import Feedback, FeedbackAttachment

        expected = len(work) + 1  # and the warm-up probe
        rows = Feedback.objects.count()
        files = set(FeedbackAttachment.objects.values_list("file", flat=True))
        objects = s3_objects(s3, "private/feedback/")
        references = Feedback.objects.values("reference").distinct().count()
        keys = Feedback.objects.values("submitter", "idempotency_key").distinct().count()
        print("\nafterwards:")
        print(
            f"  feedback rows {rows} (expected {expected}), distinct references {references}, distinct keys {keys}"
        )
        print(f"  attachment rows {FeedbackAttachment.objects.count()}, S3 objects {len(objects)}")
        print(f"  every attachment row has its S3 object and no object is orphaned: {files == objects}")
        ok = (
            rows == references == keys == expected
            and len(objects) == len(files) == expected
            and files == objects
        )
        ok = ok and same == len(sample)
        print("  OK: nothing lost, nothing duplicated" if ok else "  FAILED: see the counts above")
        if not ok:
            raise SystemExit(1)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        s3_server.stop()


if __name__ == "__main__":
    main()
