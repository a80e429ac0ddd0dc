"""The seeder registry: every domain registers its demo seeders, ``seed_demo`` runs them in order.

A domain owns its demo data in its ``demo`` module (``cms/<domain>/demo.py``), which calls
``register_seeder`` when imported. ``seeders()`` imports the ``demo`` module of every installed
app, as Wagtail does with ``wagtail_hooks``, and orders what they registered: each seeder after
the seeders it names in ``after``, and among those free to run, by ``order`` then name. Core
knows no domain: the arrows run from the domains to this registry.

The home page every section hangs under belongs to the home domain, which registers how to
make it (``register_home_page``); ``cms.core.demo.content.home_page`` asks for it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

from cms.core.demo.base import SeedContext, Seeder

if TYPE_CHECKING:
    from wagtail.models import Page

_seeders: dict[str, Seeder] = {}
_home_page: list[Callable[[], Page]] = []


def register_seeder(
    name: str, run: Callable[[SeedContext], None], *, after: Iterable[str] = (), order: int = 0
) -> None:
    """Register ``run`` as the seeder ``name`` (the name ``seed_demo --only`` takes)."""
    seeder = Seeder(name, run, tuple(after), order)
    registered = _seeders.setdefault(name, seeder)
    if registered != seeder:
        raise ImproperlyConfigured(f"Two demo seeders are named {name!r}: {registered.run} and {run}.")


def register_home_page(factory: Callable[[], Page]) -> None:
    """Register the function that returns the demo's home page, making it the first time."""
    if _home_page and _home_page[0] is not factory:
        raise ImproperlyConfigured(f"Two apps make the demo home page: {_home_page[0]} and {factory}.")
    _home_page[:] = [factory]


def discover() -> None:
    """Import the ``demo`` module of every installed app: each registers its seeders."""
    autodiscover_modules("demo")


def seeders() -> tuple[Seeder, ...]:
    """Every registered seeder, each after those it depends on."""
    discover()
    return in_dependency_order(_seeders.values())


def home_page_factory() -> Callable[[], Page]:
    discover()
    if not _home_page:
        raise ImproperlyConfigured("No installed app registers the demo home page (register_home_page).")
    return _home_page[0]


def in_dependency_order(candidates: Iterable[Seeder]) -> tuple[Seeder, ...]:
    """A topological sort of ``candidates`` by ``after``; ties go by (order, name), so it is stable."""
    by_name = {seeder.name: seeder for seeder in candidates}
    waiting_on: dict[str, set[str]] = {}
    for seeder in by_name.values():
        unknown = set(seeder.after) - by_name.keys()
        if unknown:
            raise ImproperlyConfigured(
                f"Demo seeder {seeder.name!r} runs after unknown seeders: {', '.join(sorted(unknown))}."
            )
        waiting_on[seeder.name] = set(seeder.after)
    ready = [(seeder.order, seeder.name) for seeder in by_name.values() if not seeder.after]
    heapq.heapify(ready)
    ordered: list[Seeder] = []
    while ready:
        _, name = heapq.heappop(ready)
        ordered.append(by_name[name])
        for other, needs in waiting_on.items():
            if name in needs:
                needs.discard(name)
                if not needs:
                    heapq.heappush(ready, (by_name[other].order, other))
    if len(ordered) != len(by_name):
        stuck = sorted(by_name.keys() - {seeder.name for seeder in ordered})
        raise ImproperlyConfigured(f"Demo seeders depend on each other in a cycle: {', '.join(stuck)}.")
    return tuple(ordered)
