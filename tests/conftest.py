from __future__ import annotations

import pytest
from django.core.cache import cache

from tests import factories

pytest_plugins = ["tests.s3_server"]


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
def tree(db):
    return factories.make_tree()


@pytest.fixture
def member(tree):
    return factories.make_member(tree["vsip"], phone="0912345678", full_name="Nguyễn Văn An")
