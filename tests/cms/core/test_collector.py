"""A production worker keeps the garbage collector off what start-up loaded (gunicorn.conf.py)."""

from __future__ import annotations

import gc
import runpy
import weakref
from pathlib import Path

import pytest

from cms.core.collector import THRESHOLDS

GUNICORN_CONF = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"


@pytest.fixture
def restore_collector():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_a_worker_freezes_start_up_and_collects_young_garbage_less_often(restore_collector):
    from graphql_api.schema import schema

    conf = runpy.run_path(str(GUNICORN_CONF))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0

    conf["post_worker_init"](worker=None)

    assert gc.get_threshold() == THRESHOLDS
    # Start-up's objects (the schema among them) are out of the collector's reach...
    assert gc.get_freeze_count() > 10_000
    assert not any(obj is schema for obj in gc.get_objects())
    # ...and what requests make afterwards is still collected: a cycle is freed.
    cycle = Node()
    cycle.itself = cycle
    alive = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert alive() is None


class Node:
    itself: Node | None = None
