"""Demo data at the size of the province: ``manage.py seed_demo --scale=province``.

On top of the normal demo, each domain that has something to show at scale adds it in its own
``scale`` module (``cms/<domain>/scale.py``), which registers a scale seeder here, as the demo
seeders register with ``cms.core.demo.registry``:

    register_scale_seeder("news", seed, after=("organisations",))

The province (``SCALES["province"]``) is about 3,000 grassroots unions under the demo's
upper-level unions, 300,000 members and tens of thousands of published pages (20,000 news
articles...). ``tiny`` is the same generators at a few dozen rows, for tests.

Every scale seeder writes in bulk (``cms.core.demo.bulk``: tree paths computed in Python,
pages inserted with their revisions, log entries, references and search entries), reports a
progress bar on stderr, and is idempotent like the demo: rows are keyed on natural keys drawn
from a seeded generator (codes, card numbers, slugs), so a second run adds nothing.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from typing import Any, TextIO, cast

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from cms.core.demo.base import RANDOM_SEED, Seeder
from cms.core.demo.registry import in_dependency_order

# How many rows of each kind a scale adds (on top of the normal demo). A seeder reads its own
# sizes with ``ctx.size(name)``; a name a scale does not list is 0 (nothing to add).
SCALES: dict[str, dict[str, int]] = {
    "province": {
        "grassroots": 3_000,
        "members": 300_000,
        "news": 20_000,
        "announcements": 3_000,
        "documents": 5_000,
        "legal": 1_200,
        "benefits": 500,
        "jobs": 2_500,
    },
    # The same generators in a few seconds, for tests.
    "tiny": {
        "grassroots": 24,
        "members": 400,
        "news": 60,
        "announcements": 20,
        "documents": 20,
        "legal": 10,
        "benefits": 8,
        "jobs": 12,
    },
}

_seeders: dict[str, Seeder] = {}


def register_scale_seeder(
    name: str, run: Callable[[ScaleContext], None], *, after: Iterable[str] = (), order: int = 0
) -> None:
    """Register ``run`` as the scale seeder ``name``, run after the scale seeders in ``after``."""
    seeder = Seeder(
        name, cast(Any, run), tuple(after), order
    )  # the demo's seeder record, run with a ScaleContext
    registered = _seeders.setdefault(name, seeder)
    if registered != seeder:
        raise ValueError(f"Two scale seeders are named {name!r}: {registered.run} and {run}.")


def scale_seeders() -> tuple[Seeder, ...]:
    """Every registered scale seeder (the ``scale`` module of each installed app), in order."""
    autodiscover_modules("scale")
    return in_dependency_order(_seeders.values())


class Progress:
    """A progress bar on stderr: redrawn in place on a terminal, a line every 10 % otherwise."""

    WIDTH = 30

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_draw = 0.0
        self._last_tenth = -1

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total) if self.total else self.done + count
        now = time.perf_counter()
        if self._tty:
            if now - self._last_draw >= 0.2 or self.done >= self.total:
                self._last_draw = now
                self.stream.write("\r" + self._line())
                self.stream.flush()
        else:
            tenth = self.done * 10 // self.total if self.total else 10
            if tenth != self._last_tenth and tenth < 10:
                self._last_tenth = tenth
                self.stream.write(self._line() + "\n")
                self.stream.flush()

    def finish(self) -> None:
        self.done = self.total
        self.stream.write(("\r" if self._tty else "") + self._line() + "\n")
        self.stream.flush()

    def _line(self) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.WIDTH)
        elapsed = time.perf_counter() - self.started
        return (
            f"  {self.label:<26} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
            f"{self.done:>9,}/{self.total:,} {elapsed:6.1f} s"
        )


@dataclass
class ScaleContext:
    """What a scale seeder gets: the scale's sizes, seeded generators, progress and reports."""

    scale: str
    write: Callable[[str], None] = print
    progress_stream: TextIO | None = None
    reports: list[str] = field(default_factory=list)
    # What one seeder computes for the next (the new unions and their sizes, for the members).
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def sizes(self) -> dict[str, int]:
        return SCALES[self.scale]

    def size(self, name: str) -> int:
        return self.sizes.get(name, 0)

    def rng(self, name: str) -> random.Random:
        # Not the demo's generators: a scale run draws from its own, so the demo stays the same.
        return random.Random(f"{RANDOM_SEED}:scale:{self.scale}:{name}")

    def report(self, line: str) -> None:
        self.reports.append(line)
        self.write(f"  {line}")

    @contextmanager
    def progress(self, label: str, total: int) -> Iterator[Progress]:
        bar = Progress(label, total, self.progress_stream)
        yield bar
        bar.finish()


def run_scale(
    scale: str, write: Callable[[str], None] = print, progress_stream: TextIO | None = None
) -> ScaleContext:
    """Run every scale seeder for ``scale`` (a key of ``SCALES``); the caller holds the transaction."""
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}: {', '.join(SCALES)}.")
    ctx = ScaleContext(scale=scale, write=write, progress_stream=progress_stream)
    for seeder in scale_seeders():
        seeder.run(cast(Any, ctx))
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner: tens of thousands of rows arrived at once.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ctx


# --- What content seeders share -------------------------------------------------------------


@dataclass(frozen=True)
class Publishers:
    """The active organisations content is published by, by level (the federation first)."""

    federation: Any
    upper: list[Any]
    grassroots: list[Any]

    def draw(self, rng: random.Random, weights: tuple[float, float, float] = (0.2, 0.3, 0.5)):
        """(publisher, audience): the federation publishes for everyone, the others for their own
        subtree (only federation editors may publish to everyone: ``cms.core.publishing``)."""
        level = rng.choices((0, 1, 2), weights=weights)[0]
        pool = self.upper if level == 1 else self.grassroots
        if level == 0 or not pool:
            return self.federation, []
        publisher = rng.choice(pool)
        return publisher, [publisher]


def publishers() -> Publishers:
    from cms.organisations.models import Organisation, OrganisationLevel

    active = list(Organisation.objects.active().only("pk", "path", "name", "short_name", "level", "code"))
    federation = next(org for org in active if org.level == OrganisationLevel.FEDERATION)
    return Publishers(
        federation=federation,
        upper=[org for org in active if org.level == OrganisationLevel.UPPER],
        grassroots=[org for org in active if org.level == OrganisationLevel.GRASSROOTS],
    )


def published_at(rng: random.Random, first: date, last: date, *, recent_bias: float = 1.4) -> datetime:
    """A publication time between ``first`` and ``last`` (local office hours), more of them recent."""
    days = (last - first).days
    day = last - timedelta(days=int(days * rng.random() ** recent_bias))
    moment = datetime.combine(day, dt_time(rng.randint(7, 20), rng.randint(0, 59), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def slug_of(text: str, number: int, length: int = 70) -> str:
    """A page slug from its title: folded, hyphenated, cut at a word, and numbered to be unique."""
    from search.normalize import fold

    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(words) > length:
        words = words[:length].rsplit("-", 1)[0]
    return f"{words}-{number}"


def cover_images(limit: int = 12) -> list:
    """A few of the demo's banner images, reused as covers: their renditions are shared by all."""
    from wagtail.images import get_image_model

    return list(
        get_image_model().objects.filter(width__gte=1000, height__lt=F("width")).order_by("pk")[:limit]
    )


def publish_new_pages(ctx: ScaleContext, parent, pages: list, label: str, **options) -> list:
    """Publish under ``parent`` those of ``pages`` whose slug is not there yet, with a progress bar.

    Returns the pages created (a second run creates none); ``options`` go to bulk.publish_pages.
    """
    from cms.core.demo.bulk import existing_child_slugs, publish_pages

    taken = existing_child_slugs(parent)
    wanted = [page for page in pages if page.slug not in taken]
    with ctx.progress(label, len(wanted)) as bar:
        publish_pages(parent, wanted, progress=bar, **options)
    return wanted
