"""What a database error means for the client: try again later, or a bug.

The server cannot reach a database connection when PostgreSQL refuses one (too many clients,
starting up or shutting down, unreachable) or when every connection of the process's pool
stays busy for ``DATABASE_POOL_TIMEOUT`` seconds. Those are not bugs of the request: the API
answers them as ``SERVICE_UNAVAILABLE`` (HTTP 503 with ``Retry-After`` when nothing ran), so an
app retries instead of showing an error page. A statement PostgreSQL cancelled after
``DATABASE_STATEMENT_TIMEOUT_MS`` is the request's own time budget running out.
"""

from __future__ import annotations

import sqlite3

from django.db import OperationalError

# SQLSTATE classes and codes meaning "no connection to work with right now":
# 08 connection exception, 53 insufficient resources (53300 too many connections),
# 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up).
_UNAVAILABLE_CLASSES = ("08", "53")
_UNAVAILABLE_CODES = {"57P01", "57P02", "57P03"}
_QUERY_CANCELED = "57014"

# Seconds a client is told to wait before retrying.
RETRY_AFTER_SECONDS = 5


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _driver_error(exc: BaseException) -> BaseException | None:
    """The driver's own exception under Django's OperationalError, if ``exc`` is one."""
    if not isinstance(exc, OperationalError):
        return None
    for cause in _causes(exc):
        if cause is not exc and not isinstance(cause, OperationalError):
            return cause
    return exc.__cause__


def database_unavailable(exc: BaseException | None) -> bool:
    """True when ``exc`` says no database connection could be had, not that the request is wrong."""
    if exc is None:
        return False
    driver = _driver_error(exc)
    if driver is None:
        return False
    try:
        from psycopg_pool import PoolTimeout, TooManyRequests
    except ImportError:  # pragma: no cover - the pool is part of the locked dependencies
        PoolTimeout = TooManyRequests = ()  # type: ignore[assignment,misc]
    if isinstance(driver, PoolTimeout | TooManyRequests):
        return True
    if isinstance(driver, sqlite3.OperationalError):
        # Another process holds SQLite's write lock past the busy timeout.
        return "database is locked" in str(driver)
    sqlstate = getattr(driver, "sqlstate", None)
    if sqlstate is None:
        # psycopg raises OperationalError without a SQLSTATE when it cannot connect at all.
        return type(driver).__name__ == "OperationalError"
    return sqlstate.startswith(_UNAVAILABLE_CLASSES) or sqlstate in _UNAVAILABLE_CODES


def statement_cancelled(exc: BaseException | None) -> bool:
    """True when PostgreSQL cancelled a statement (``DATABASE_STATEMENT_TIMEOUT_MS``)."""
    driver = _driver_error(exc) if exc is not None else None
    return getattr(driver, "sqlstate", None) == _QUERY_CANCELED
