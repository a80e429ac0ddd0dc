"""The garbage collector of a server process, set for serving requests.

Python's cycle collector walks the objects it tracks at each collection. A worker holds ~300,000
of them once Django, Wagtail and the GraphQL schema are loaded, and a request makes tens of
thousands more; with the default thresholds (700, 10, 10) a worker serving a contest rush spent
26% of its time collecting (``benchmarks/contest_rush.py``, timed with ``gc.callbacks``).
Two changes, made once the worker has loaded the project (gunicorn's ``post_worker_init``):

- ``gc.freeze()`` moves everything alive after start-up (modules, classes, the schema, the URL
  patterns) out of the collector's reach: those live as long as the process, and walking them
  at every full collection was wasted work. 26% -> 14%.
- The first generation is collected every 50,000 net allocations instead of 700: a request's
  short-lived objects are freed by reference counting anyway, and the collector only has to
  find cycles, which now wait a little longer (at most 50,000 objects; a worker's resident
  memory after a rush was the same either way, 214-218 MB). Fewer objects still in use by
  requests in flight get promoted, so the older generations fill more slowly. 14% -> 10%.

Measured with ``gc.callbacks`` timing every collection in the three workers of a 1000-entrant
rush at 64 at a time (``benchmarks/README.md``, the contest rush's fifth round).
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)


def load_lazily_loaded() -> None:
    """What Django loads at the first request: the URL patterns, and with them the views and the
    GraphQL schema."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loads them)


def settle_after_start() -> None:
    load_lazily_loaded()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
