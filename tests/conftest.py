from __future__ import annotations

import io
import json
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from tests import factories

pytest_plugins = ["tests.s3_server"]

# --- The demo, seeded once per session -----------------------------------------------------
#
# Seeding the whole demo takes about ten seconds. Tests that read it ask for ``demo``: the
# first one seeds it inside a transaction that stays open while the demo tests run and is then
# rolled back; each of those tests runs in a savepoint inside it (pytest-django's per-test
# transaction nests), so what a test writes is undone after it and the next one sees the demo
# as seeded. Tests that don't ask for it never see it: the collection hook below runs the demo
# tests together, after the other non-transactional tests and before the transactional ones
# (which commit and flush), the shared transaction is rolled back after the last demo test,
# and ``_outside_the_demo`` fails any test that would run inside it without asking for it.

DEMO_FIXTURE = "demo"
_demo_seeded = False
_demo_transaction = None


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _uses_demo(item: pytest.Item) -> bool:
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    flags = (
        (marker.kwargs.get("transaction"), marker.kwargs.get("reset_sequences"), *marker.args[:2])
        if marker
        else ()
    )
    return any(flags) or bool(TRANSACTIONAL_FIXTURES & set(item.fixturenames))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the tests sharing the seeded demo together, after the other non-transactional tests
    and before the transactional ones, keeping the order within each group."""
    demo_tests = [item for item in items if _uses_demo(item)]
    transactional = [item.nodeid for item in demo_tests if _is_transactional(item)]
    if transactional:
        # A transactional test commits or flushes: it would end the shared demo transaction.
        raise pytest.UsageError(f"Transactional tests cannot use the shared demo: {', '.join(transactional)}")
    others = [item for item in items if not _uses_demo(item)]
    items[:] = (
        [item for item in others if not _is_transactional(item)]
        + demo_tests
        + [item for item in others if _is_transactional(item)]
    )


def _end_the_demo_transaction() -> None:
    global _demo_seeded, _demo_transaction
    if _demo_transaction is None:
        return
    transaction.set_rollback(True)
    _demo_transaction.__exit__(None, None, None)
    _demo_transaction = None
    _demo_seeded = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the last demo test (and its own savepoint's teardown), roll the demo back so the
    transactional tests after it find a clean database."""
    yield
    if _demo_transaction is not None and _uses_demo(item) and (nextitem is None or not _uses_demo(nextitem)):
        with item.config.stash[_BLOCKER_KEY].unblock():
            _end_the_demo_transaction()


_BLOCKER_KEY = pytest.StashKey()


@pytest.fixture(scope="session")
def seeded_demo_database(django_db_setup, django_db_blocker, request):
    """Every demo seeder has run, in a transaction rolled back after the last demo test."""
    global _demo_seeded, _demo_transaction
    request.config.stash[_BLOCKER_KEY] = django_db_blocker
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with pytest.MonkeyPatch.context() as environment:
                environment.delenv("DEMO_ADMIN_PASSWORD", raising=False)
                call_command("seed_demo", stdout=io.StringIO())
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    _demo_transaction = outer
    _demo_seeded = True
    yield
    with django_db_blocker.unblock():
        _end_the_demo_transaction()


@pytest.fixture
def demo(seeded_demo_database, db, monkeypatch):
    """The database as `make run` leaves it: every demo seeder has run (once per session).

    What the test writes is rolled back after it, like any test's writes.
    """
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)


@pytest.fixture(autouse=True)
def _outside_the_demo(request):
    if _demo_seeded and not _uses_demo(request.node):
        pytest.fail(
            "This test would run inside the shared demo transaction: only tests that use the "
            "`demo` fixture may run after it (see pytest_collection_modifyitems in tests/conftest.py)."
        )


# The time budget as configured (GRAPHQL_TIMEOUT_SECONDS), before the fixture below widens it.
DEFAULT_TIMEOUT_SECONDS = django_settings.GRAPHQL_TIMEOUT_SECONDS


@pytest.fixture(autouse=True)
def _generous_time_budget(settings):
    """A first request that makes renditions takes seconds on a loaded machine: tests of other
    things must not meet the API's time budget. Tests of the budget set their own."""
    settings.GRAPHQL_TIMEOUT_SECONDS = 120


@pytest.fixture(autouse=True)
def _clean_cache_and_layers():
    # Redis outlives a test run: counters (e.g. failed sign-ins) must not leak between tests.
    cache.clear()
    from channels.layers import channel_layers

    # pytest-asyncio gives every test its own loop; a layer bound to an old loop hangs.
    channel_layers.backends = {}
    yield
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files in a fresh local folder, unless the run stores files on S3 (CI's second run)."""
    if "S3Storage" not in settings.STORAGES["default"]["BACKEND"]:
        settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def slow_level_labels(monkeypatch):
    """Each organisation's `levelLabel` takes 100 ms; returns the calls made."""
    from graphql_api.organisations import types as organisation_types

    calls = []
    label = organisation_types.choice_label

    def slow(organisation, name):
        if name == "level":
            calls.append(organisation.code)
            time.sleep(0.1)
        return label(organisation, name)

    monkeypatch.setattr(organisation_types, "choice_label", slow)
    return calls


@pytest.fixture
def tree(db):
    return factories.make_tree()


@pytest.fixture
def member(tree):
    return factories.make_member(tree["vsip"], phone="0912345678", full_name="Nguyễn Văn An")


class GraphQLClient:
    """Posts operations to /graphql/ the way an app does: JSON body, optional bearer token."""

    def __init__(self, client):
        self.client = client
        self.token: str | None = None

    def execute(self, query: str, variables: dict | None = None, token: str | None = None, **headers) -> dict:
        token = token if token is not None else self.token
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def gql(client):
    return GraphQLClient(client)


LOGIN = """
mutation Login($identifier: String!, $password: String!) {
  login(input: {identifier: $identifier, password: $password}) {
    tokens { accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt }
    me { username displayName member { fullName phone organisation { code } } }
    errors { field message code }
  }
}
"""


@pytest.fixture
def login(gql):
    def _login(identifier: str, password: str) -> dict:
        return gql.execute(LOGIN, {"identifier": identifier, "password": password})["data"]["login"]

    return _login
