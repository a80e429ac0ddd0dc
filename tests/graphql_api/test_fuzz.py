"""Schema-driven fuzzing: operations generated from the real schema must never break the server.

hypothesis-graphql builds queries and mutations from ``graphql_api.schema.schema`` (valid ones,
and in NEGATIVE mode ones with one schema violation each); each is posted to /graphql/ through
Django's test client, anonymously and with a member's bearer token, over a small seeded content
set. Every answer must be one the contract allows (frontend_contract/README.md):

- HTTP 200, or 400 for a request the server refuses as a whole;
- a JSON body whose errors all carry ``extensions.code``, none of them ``INTERNAL_SERVER_ERROR``.

The run is seeded (``derandomize=True``, no example database), so it is the same on every
machine and every run. It does not stop at the first bad answer: it collects every distinct
failure (root field, code, message) with the shortest operation that caused it and reports them
all at the end, so one run shows everything the fuzzer found. Shrinking is off for the same
reason: it would spend the time budget on one failure.

Argument values (``custom_scalars``) mix values that mean something here (real codes, paths,
tokens, cursors and global IDs, and crafted ones: NUL, huge keys and offsets) with random text,
hypothesis-graphql's own alphabet (NUL and other controls included) among it, so most operations
get past "not found" and "refused" into the resolvers.

The same fuzzer with the control-character guard (graphql_api.core.input) switched off finds the
NUL crash on PostgreSQL within the first mutations: ``login(input: {identifier: "\\u0000", ...})``.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import graphql
import hypothesis_graphql
import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from strawberry import relay

from cms.core.preview import make_preview_token
from cms.jobs.models import Employer
from cms.members import tokens
from cms.organisations.models import OrganisationLevel
from graphql_api.schema import schema
from tests import content_factories as content
from tests.factories import PASSWORD, make_child, make_member, make_officer, make_user

GRAPHQL_SCHEMA = schema._schema


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def gid(type_name: str, pk: object) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


# --- Seeded content ------------------------------------------------------------------------


@pytest.fixture
def fast_passwords(settings):
    # The fuzzer signs in hundreds of times: the production hasher would take the whole budget.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Seeded:
    access_token: str
    refresh_token: str
    strings: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


@pytest.fixture
def seeded(fast_passwords, tree) -> Seeded:
    """A few pages of every type, a member with tokens, and the strings that name them."""
    root, kcn, vsip = tree["root"], tree["kcn"], tree["vsip"]
    # A union group: organisations below the grassroots level are stored without a kind.
    tree = {**tree, "unit": make_child(vsip, "Tổ công đoàn ca 1", OrganisationLevel.UNIT, "to-ca-1")}
    member = make_member(vsip, phone="0912345678", full_name="Nguyễn Văn An")
    officer = make_officer(kcn, role="editor", username="can-bo-kcn")

    today = timezone.localdate()
    now = timezone.now()
    pages = [
        content.make_news(root, "Công đoàn Nghệ An chăm lo Tết Sum vầy", day=date(2026, 11, 1)),
        content.make_news(root, "Tin cho KCN", audience=[kcn], day=date(2026, 10, 1)),
        content.make_news(root, "Bản nháp", live=False),
        content.make_announcement(root, "Thông báo lịch nghỉ Tết", is_pinned=True),
        content.make_announcement(root, "Thông báo cho Giáo dục", audience=[tree["gd"]]),
        content.make_official_document(
            root,
            number_symbol="75/KH-LĐLĐ",
            issued_on=date(2026, 3, 2),
            recipients=[vsip],
            files=[content.make_wagtail_document("Kế hoạch 75")],
        ),
        content.make_official_document(root, number_symbol="112/LĐLĐ-VP", issued_on=date(2026, 5, 20)),
        content.make_legal_scenario(root, topics=[content.make_legal_topic("Thai sản", "thai-san")]),
        content.make_legal_scenario(root, "Tiền lương làm thêm giờ"),
        content.make_benefit(root, "Mái ấm Công đoàn"),
        content.make_benefit(root, "Ưu đãi đối tác", valid_until=today - timedelta(days=1)),
        content.make_congress(
            root, related_news=[], documents=[("Báo cáo chính trị", content.make_congress_file())]
        ),
        content.make_job(kcn, "Tuyển 50 công nhân may", salary_min=7_000_000, salary_max=9_000_000),
        content.make_job(kcn, "Tuyển kế toán"),
    ]
    contest = content.make_contest(
        root,
        "Tìm hiểu Bộ luật Lao động",
        rounds=[
            (now - timedelta(days=1), now + timedelta(days=6)),
            (now + timedelta(days=7), now + timedelta(days=14)),
        ],
    )
    content.make_contest_question(contest)
    pages.append(contest)
    content.make_menu(
        "main",
        [
            {"label": "Tin tức", "icon": "news", "page": content.news_index()},
            {"label": "Web", "url": "https://congdoannghean.vn/"},
        ],
    )

    pair = tokens.login(member.phone, PASSWORD)
    strings = [
        member.phone,
        "+84912345678",
        "0912 345 678",
        PASSWORD,
        officer.user.username,
        pair.refresh_token,
        pair.access_token,
        make_preview_token(pages[2], make_user(is_superuser=True)),
        "main",
        "cong doan",
        "Công đoàn",
        "strikes",
        "members",
        "thai-san",
        "75/KH-LĐLĐ",
        "%",
        "_",
        "\\",
        "' OR 1=1 --",
        "\x00",
        "a\x00b",
        "x" * 5_000,
        b64("arrayconnection:0"),
        b64("arrayconnection:1"),
        b64("arrayconnection:-1"),
        b64("arrayconnection:99999999999999999999"),
        b64("arrayconnection:1e9"),
        b64("arrayconnection:\x00"),
        *(organisation.code for organisation in tree.values()),
        *(page.url_path for page in pages),
        *(page.url_path.removeprefix("/trang-chu") for page in pages),
        *(page.slug for page in pages),
    ]
    ids = [
        *(gid("Organisation", organisation.pk) for organisation in tree.values()),
        *(gid(type(page.specific).__name__, page.pk) for page in pages),
        *(gid("Employer", pk) for pk in Employer.objects.values_list("pk", flat=True)),
        gid("Organisation", 10**20),
        gid("Employer", 10**20),
        gid("NewsPage", 10**20),
        gid("Organisation", -1),
        gid("Organisation", "abc"),
        gid("Organisation", "²"),
        gid("NewsPage", "²"),
        gid("NewsPage", "\x00"),
        gid("Nope", 1),
        b64("Organisation"),
        "",
    ]
    return Seeded(pair.access_token, pair.refresh_token, strings, ids)


# --- What the fuzzer sends -----------------------------------------------------------------


# Any UTF-8 character of the BMP, NUL and other controls included (hypothesis-graphql's alphabet).
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", max_codepoint=0xFFFF, exclude_categories=["Cs"]))
# Without control characters, which the API refuses before any resolver runs.
PRINTABLE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", max_codepoint=0xFFFF, exclude_categories=["Cs", "Cc"])
)
INT32 = st.integers(min_value=-(2**31), max_value=2**31 - 1)


def _weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of ``choices``, each drawn in proportion to its weight (``st.one_of`` weighs all alike)."""
    table = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.integers(min_value=0, max_value=len(table) - 1).flatmap(table.__getitem__)


def _string_node(value: str) -> graphql.ValueNode:
    return graphql.StringValueNode(value=value)


def custom_scalars(seeded: Seeded) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Argument values: mostly ones that reach a resolver, some that must be refused cleanly.

    Random text with control characters is refused before anything runs, and it would be in
    almost every operation (they have several string arguments): it gets a sixteenth of the draws;
    NUL also comes in the known values ("\\x00", "a\\x00b"). Known values keep their order: Hypothesis
    draws the first one most (its simplest), so a useful one comes first.
    """
    strings = _weighted(
        (8, st.sampled_from(list(dict.fromkeys(seeded.strings)))), (7, PRINTABLE_TEXT), (1, ANY_TEXT)
    ).map(_string_node)
    ids = _weighted(
        (10, st.sampled_from(list(dict.fromkeys(seeded.ids))).map(_string_node)),
        (3, PRINTABLE_TEXT.map(_string_node)),
        (1, ANY_TEXT.map(_string_node)),
        (2, INT32.map(lambda n: graphql.IntValueNode(value=str(n)))),
    )
    dates = st.one_of(
        st.dates().map(date.isoformat),
        st.sampled_from(
            ["2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31", "", "hôm nay", "2026-11-01T00:00"]
        ),
    )
    datetimes = st.one_of(
        st.datetimes().map(lambda d: d.isoformat()), st.sampled_from(["", "2026-11-01T25:00:00", "now"])
    )
    return {
        "String": strings,
        "ID": ids,
        "Date": dates.map(_string_node),
        "DateTime": datetimes.map(_string_node),
        # Files come only as multipart parts, never inline: a literal is refused before anything runs.
        "Upload": strings,
    }


def strategies(seeded: Seeded) -> dict[str, st.SearchStrategy[str]]:
    """The operations of each kind, built once per test (hypothesis-graphql caches inside them)."""
    scalars = custom_scalars(seeded)
    return {
        # One root field per query: cheap to generate and to answer, and every resolver gets its share.
        "root-fields": st.one_of(
            [
                hypothesis_graphql.queries(GRAPHQL_SCHEMA, fields=[name], custom_scalars=scalars)
                for name in GRAPHQL_SCHEMA.query_type.fields
            ]
        ),
        # Any subset of root fields at once, the way an app's screen asks.
        "queries": hypothesis_graphql.queries(GRAPHQL_SCHEMA, custom_scalars=scalars),
        "mutations": hypothesis_graphql.mutations(GRAPHQL_SCHEMA, custom_scalars=scalars),
        # Documents with one schema violation each: wrong argument types, unknown enum values...
        "negative": hypothesis_graphql.from_schema(
            GRAPHQL_SCHEMA, custom_scalars=scalars, mode=hypothesis_graphql.Mode.NEGATIVE
        ),
    }


# --- What the server must answer -----------------------------------------------------------


def problems(status: int, body: bytes) -> list[tuple[str, str]]:
    """What is wrong with one answer, as (kind, detail) pairs; empty when it keeps the contract."""
    if status not in (200, 400):
        return [("status", f"HTTP {status}")]
    try:
        payload = json.loads(body)
    except ValueError:
        return [("body", f"HTTP {status} with a body that is not JSON: {body[:200]!r}")]
    if not isinstance(payload, dict) or not ("data" in payload or "errors" in payload):
        return [("body", f"HTTP {status} with neither data nor errors: {body[:200]!r}")]
    if status == 400 and not payload.get("errors"):
        return [("body", f"HTTP 400 without errors: {body[:200]!r}")]
    found = []
    for error in payload.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        root = (error.get("path") or ["-"])[0]
        if code is None:
            found.append(("no code", f"{root}: {error.get('message')}"))
        elif code == "INTERNAL_SERVER_ERROR":
            found.append(("INTERNAL_SERVER_ERROR", f"{root}: {error.get('message')}"))
    return found


@dataclass
class Run:
    examples: int = 0
    seconds: float = 0.0
    # (kind, detail) -> the shortest operation that produced it
    failures: dict[tuple[str, str], str] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)

    def record(self, operation: str, found: Iterable[tuple[str, str]]) -> None:
        for key in found:
            known = self.failures.get(key)
            if known is None or len(operation) < len(known):
                self.failures[key] = operation

    def count(self, body: bytes) -> None:
        try:
            errors = json.loads(body).get("errors") or []
        except (ValueError, AttributeError):
            return
        for error in errors:
            code = (error.get("extensions") or {}).get("code", "-")
            self.codes[code] = self.codes.get(code, 0) + 1


def fuzz(client, operations: st.SearchStrategy[str], max_examples: int, token: str | None) -> Run:
    """Post ``max_examples`` generated operations; collect what breaks the contract."""
    run = Run()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    # Hypothesis runs this inner test, not the pytest test: function-scoped fixtures (the
    # database, the client) are set up once around the whole run, which is what we want here.
    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        # No shrinking: every distinct failure is collected, with its shortest operation.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
        print_blob=False,
    )
    @given(operation=operations)
    def post(operation: str) -> None:
        run.examples += 1
        started = time.perf_counter()
        # Each operation runs in a savepoint rolled back after it: a fuzzed `logout` must not
        # sign the member out for the examples after it, and every example sees the same rows.
        with transaction.atomic():
            try:
                response = client.post(
                    "/graphql/",
                    data=json.dumps({"query": operation}),
                    content_type="application/json",
                    **headers,
                )
            except Exception as exc:  # the view let an exception out: a server would answer 500
                run.record(operation, [("exception", f"{type(exc).__name__}: {exc}")])
                return
            finally:
                transaction.set_rollback(True)
                run.seconds += time.perf_counter() - started
        run.record(operation, problems(response.status_code, response.content))
        run.count(response.content)

    post()
    return run


# Generated operations per run, by kind; each kind runs anonymously and with the member's token.
EXAMPLES = {"root-fields": 600, "queries": 50, "mutations": 200, "negative": 150}
WHO = ("anonymous", "member")


@pytest.mark.parametrize("who", WHO)
def test_generated_operations_keep_the_error_contract(client, seeded, who, caplog):
    # given operations generated from the schema, sent anonymously or with the member's token
    token = seeded.access_token if who == "member" else None
    operations = strategies(seeded)

    # when each kind runs (INFO logs of the thousands of expected errors are not kept)
    caplog.set_level(logging.WARNING)
    runs, walls = {}, {}
    for kind, examples in EXAMPLES.items():
        started = time.perf_counter()
        runs[kind] = fuzz(client, operations[kind], examples, token)
        walls[kind] = time.perf_counter() - started

    # then every answer kept the contract
    for kind, run in runs.items():
        print(
            f"{who}/{kind}: {run.examples} operations in {walls[kind]:.1f}s, {run.seconds:.1f}s of it in requests,"
            f" codes {run.codes}"
        )
    failures = {
        f"{kind}/{key[0]}: {key[1]}": op for kind, run in runs.items() for key, op in run.failures.items()
    }
    report = "\n\n".join(f"{key}\n{operation}" for key, operation in failures.items())
    assert not failures, f"{len(failures)} distinct failures ({who}):\n\n{report}"
    # and the runs were as long as asked (Hypothesis may stop early only if it ran out of new operations)
    assert {kind: run.examples >= EXAMPLES[kind] * 0.9 for kind, run in runs.items()} == dict.fromkeys(
        EXAMPLES, True
    )


def test_the_fuzzer_posts_at_least_two_thousand_operations():
    assert sum(EXAMPLES.values()) * len(WHO) >= 2_000
