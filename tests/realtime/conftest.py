from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.db import connections


@pytest.fixture(autouse=True)
async def _close_worker_thread_connections():
    """Consumers reach the database from asgiref's worker thread, whose connection outlives the
    test (CONN_MAX_AGE): close it, or PostgreSQL refuses to drop the test database at the end."""
    yield
    await sync_to_async(connections.close_all)()
