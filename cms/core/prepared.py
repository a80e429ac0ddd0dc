"""Querysets compiled to SQL once and run again with new values: for the few reads on the hottest
paths (a contest start and submit at a deadline rush), where Django building and compiling the
same query at every request costs more than running it.

A :class:`PreparedQuery` is written as an ordinary queryset, built by a function of named values.
The first time it runs on a database connection, it is built with stand-in values and compiled,
and the places of the stand-ins among the statement's parameters are noted; later runs on that
connection reuse the statement, the compiler's columns and converters, and only swap the values
in. The rows become model instances (``select_related`` included) or values, exactly as the
queryset would give them: the same ``QuerySet`` iterables do it.

Only plain values can stand in (``int`` and ``str`` as the query's lookups take them: ``pk``,
``user_id``, a code): a value Django transforms before sending it (a ``__startswith`` pattern, a
date) has no stand-in to find, and compiling refuses it. Everything else in the query is fixed
when it is written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import QuerySet

_STAND_INS: dict[type, Callable[[int], Any]] = {
    int: lambda n: -7_340_032_001 - n,
    str: lambda n: f"\u2063prepared-value-{n}\u2063",
}


def _plain(value: Any, kind: type) -> bool:
    """``value`` can be sent as it is: of its kind, and an int within every integer column's range."""
    return type(value) is kind and (kind is not int or -(2**31) <= value < 2**31)


class _Compiled:
    """One connection's statement: the compiled queryset and where each value goes."""

    def __init__(self, queryset: QuerySet, compiler, sql: str, params: tuple, places: dict[str, int]):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.places = places


class PreparedQuery:
    """``build(**values)`` → a queryset; ``.all(**values)`` runs its statement, compiled once per
    connection."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        unknown = [name for name, kind in kinds.items() if kind not in _STAND_INS]
        if unknown:
            raise ImproperlyConfigured(f"No stand-in value for {unknown}: only int and str can be prepared.")
        self.build = build
        self.kinds = kinds

    @cached_property
    def model(self):
        return self.build(**self._stand_ins()).model

    def _stand_ins(self) -> dict[str, Any]:
        return {name: _STAND_INS[kind](n) for n, (name, kind) in enumerate(self.kinds.items())}

    def _compile(self, alias: str) -> _Compiled:
        stand_ins = self._stand_ins()
        queryset = self.build(**stand_ins).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        places = {}
        for name, value in stand_ins.items():
            found = [i for i, param in enumerate(params) if type(param) is type(value) and param == value]
            if len(found) != 1:
                raise ImproperlyConfigured(
                    f"{name!r} is not sent as it is given (found {len(found)} times in the statement's "
                    "parameters): it cannot be prepared."
                )
            places[name] = found[0]
        return _Compiled(queryset, compiler, sql, tuple(params), places)

    def all(self, **values: Any) -> list:
        """The rows of the query for these values, as the queryset would give them."""
        if values.keys() != self.kinds.keys():
            raise TypeError(f"Expected the values {sorted(self.kinds)}, got {sorted(values)}.")
        if not all(_plain(values[name], kind) for name, kind in self.kinds.items()):
            # Django's own path, for what it would check or turn first (an id beyond any
            # integer column's range finds nothing there, instead of a database error).
            return list(self.build(**values))
        alias = router.db_for_read(self.model)
        # Kept on the connection: each thread has its own, and the compiler is bound to it.
        kept = connections[alias].__dict__.setdefault("prepared_queries", {})
        compiled = kept.get(self)
        if compiled is None:
            compiled = kept[self] = self._compile(alias)
        params = list(compiled.params)
        for name, place in compiled.places.items():
            params[place] = values[name]
        compiler = copy.copy(compiled.compiler)
        statement = (compiled.sql, tuple(params))
        compiler.as_sql = lambda *args, **kwargs: statement
        query = copy.copy(compiled.queryset.query)  # shares the compiled parts, which nothing changes
        query.get_compiler = lambda *args, **kwargs: compiler
        return list(_run_once(compiled.queryset, query))

    def first(self, **values: Any):
        """The first row, or None (build the queryset with ``[:1]`` so only one is read)."""
        rows = self.all(**values)
        return rows[0] if rows else None


def _run_once(queryset: QuerySet, query) -> QuerySet:
    """``queryset`` (compiled, never run) with ``query`` in its place, to be run once. Not
    ``queryset._chain()``: that clones the whole query tree (and strawberry-django's settings)
    for a statement that is already written, a fifth of a prepared read's time."""
    shell = QuerySet.__new__(type(queryset))
    shell.__dict__.update(queryset.__dict__)
    shell._query = query
    shell._result_cache = None
    shell._prefetch_done = False
    return shell
