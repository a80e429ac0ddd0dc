"""When no database connection can be had, clients are told to retry: SERVICE_UNAVAILABLE, never a 500.

In production every server process draws PostgreSQL connections from a bounded pool
(DATABASE_POOL_MAX_SIZE); a request that waits DATABASE_POOL_TIMEOUT seconds for one, or that
PostgreSQL refuses (too many clients, shutting down), is the service being busy, not a bug.
The first tests make those failures happen for real on the PostgreSQL server every machine
runs; the API tests then give the endpoints the very exceptions Django raises for them.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time

import psycopg
import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError
from django.db.utils import ConnectionHandler
from psycopg_pool import PoolTimeout

from cms.core.database import database_unavailable, statement_cancelled

POSTGRES = {
    "ENGINE": "django.db.backends.postgresql",
    "HOST": "127.0.0.1",
    "PORT": 5432,
    "USER": "postgres",
    "NAME": "postgres",
}


def _postgres_reachable() -> bool:
    try:
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


needs_postgres = pytest.mark.skipif(
    not _postgres_reachable(), reason="no PostgreSQL server on 127.0.0.1:5432 on this machine"
)


@pytest.fixture
def own_connections(django_db_blocker):
    """These tests open connections of their own, outside the test database."""
    with django_db_blocker.unblock():
        yield


def _error_from(settings_dict: dict, sql: str = "SELECT 1") -> Exception:
    """The exception Django raises running ``sql`` on a fresh connection with these settings."""
    handler = ConnectionHandler({"default": {}, "probe": settings_dict})
    try:
        with handler["probe"].cursor() as cursor:
            cursor.execute(sql)
    except Exception as exc:
        return exc
    finally:
        handler.close_all()
    raise AssertionError("the statement did not fail")


@needs_postgres
def test_a_pool_that_stays_busy_is_unavailable_after_its_timeout(own_connections):
    # given a pool of one connection, held by another thread for the whole test (Django keeps
    # pools per alias: this one is not the test database's)
    handler = ConnectionHandler(
        {
            "default": {},  # Django requires one; unused
            "pool_probe": {
                **POSTGRES,
                "CONN_MAX_AGE": 0,
                "OPTIONS": {"pool": {"min_size": 0, "max_size": 1, "timeout": 0.5}},
            },
        }
    )
    held, release = threading.Event(), threading.Event()

    def hold():
        with handler["pool_probe"].cursor() as cursor:
            cursor.execute("SELECT 1")
            held.set()
            release.wait(10)
        handler["pool_probe"].close()  # back to the pool

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    try:
        # when this thread asks the pool for a connection
        started = time.monotonic()
        with pytest.raises(OperationalError) as raised:
            handler["pool_probe"].ensure_connection()
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join()
        handler["pool_probe"].close_pool()

    # then it waited for the pool's timeout and the error says "try again later"
    assert isinstance(raised.value.__cause__, PoolTimeout)
    assert 0.4 < waited < 3
    assert database_unavailable(raised.value)
    assert not statement_cancelled(raised.value)


@needs_postgres
def test_postgresql_refusing_connections_is_unavailable(own_connections):
    # given a role PostgreSQL lets open no connection, as when max_connections is reached
    role = f"congdoanso_full_{os.getpid()}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 0')
        try:
            refused = _error_from({**POSTGRES, "USER": role})
        finally:
            admin.execute(f'DROP ROLE "{role}"')
    # and a server that does not answer at all
    unreachable = _error_from({**POSTGRES, "PORT": 1, "OPTIONS": {"connect_timeout": 2}})

    # then both are "try again later"
    assert isinstance(refused, OperationalError) and "too many connections" in str(refused)
    assert database_unavailable(refused)
    assert isinstance(unreachable, OperationalError)
    assert database_unavailable(unreachable)


@needs_postgres
def test_a_cancelled_statement_and_a_bad_statement_are_not_unavailability(own_connections):
    cancelled = _error_from(
        {**POSTGRES, "OPTIONS": {"options": "-c statement_timeout=50"}}, "SELECT pg_sleep(1)"
    )
    bad = _error_from(POSTGRES, "SELECT * FROM no_such_table")

    assert statement_cancelled(cancelled) and not database_unavailable(cancelled)
    assert isinstance(bad, ProgrammingError)
    assert not database_unavailable(bad) and not statement_cancelled(bad)
    assert not database_unavailable(IntegrityError("duplicate key"))
    assert not database_unavailable(RuntimeError("boom"))


# -- What the endpoints answer --------------------------------------------------------------------


def pool_timeout() -> OperationalError:
    """What Django raises when the pool gives no connection in time (as in the first test)."""
    try:
        try:
            raise PoolTimeout("couldn't get a connection after 5.00 sec")
        except PoolTimeout as exc:
            raise OperationalError(str(exc)) from exc
    except OperationalError as exc:
        return exc


@pytest.fixture
def no_connection(monkeypatch):
    """Every query of the request finds the pool empty."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    def ensure_connection(self):
        raise pool_timeout()

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", ensure_connection)


def warnings_and_errors(caplog) -> list[tuple[str, bool]]:
    return [(r.levelname, bool(r.exc_info)) for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.django_db
def test_a_query_when_the_pool_is_empty_is_service_unavailable(client, caplog, no_connection):
    # when an app asks for the news while no connection can be had
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/graphql/", data=json.dumps({"query": "{ news(first: 3) { edges { node { title } } } }"}),
            content_type="application/json",
        )  # fmt: skip

    # then it is told to retry, without the driver's words, and the log has a warning, not a bug
    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("Hệ thống đang bận. Vui lòng thử lại sau vài giây.", "SERVICE_UNAVAILABLE")
    ]
    assert warnings_and_errors(caplog) == [("WARNING", False)]


def ask_me_with_a_token(client, caplog):
    """A signed-in app's `me` query, with the log of INFO and above captured."""
    with caplog.at_level(logging.INFO):
        return client.post(
            "/graphql/", data=json.dumps({"query": "{ me { username } }"}), content_type="application/json",
            HTTP_AUTHORIZATION="Bearer some-token",
        )  # fmt: skip


@pytest.mark.django_db
def test_reading_the_token_when_the_pool_is_empty_is_a_json_503(client, caplog, no_connection):
    # when a signed-in app's token cannot be looked up
    response = ask_me_with_a_token(client, caplog)

    # then the answer is the API's JSON shape with a code and a Retry-After, not an HTML page
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "errors": [
            {
                "message": "Hệ thống đang bận. Vui lòng thử lại sau vài giây.",
                "extensions": {"code": "SERVICE_UNAVAILABLE"},
            }
        ]
    }
    assert warnings_and_errors(caplog) == [("WARNING", False)]


@pytest.mark.django_db
def test_a_bug_outside_execution_is_json_too(client, caplog, monkeypatch):
    # given a bug in reading the token
    def broken(token):
        raise RuntimeError("bug")

    monkeypatch.setattr("graphql_api.views.authenticate_access_token", broken)

    # when
    response = ask_me_with_a_token(client, caplog)

    # then the app gets JSON with a code, and the log the traceback
    assert response.status_code == 500
    assert response.json()["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "bug" not in response.content.decode()
    assert warnings_and_errors(caplog) == [("ERROR", True)]


@pytest.mark.django_db
def test_the_health_check_and_the_admin_say_503_when_the_pool_is_empty(admin_client, caplog, no_connection):
    # the load balancer's probe and a signed-in editor's page both get "busy, retry", not a 500 page
    client = admin_client
    client.raise_request_exception = False
    for path in ("/healthz", "/admin/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "5"
        assert "Hệ thống đang bận" in response.content.decode()
    assert warnings_and_errors(caplog) == [("WARNING", False), ("WARNING", False)]
