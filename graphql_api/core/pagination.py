"""Relay connections: keyset cursors, a total counted apart, and a hard cap on page size.

A list ordered by plain columns of its model ending with a unique one (the primary key is
added when the ordering lacks it) pages by **keyset**: a cursor holds the sort key of its item
(``-date, -pk`` → the item's date and id) and the next page is the items after that key, read
from the index like the first page, however deep. Other orderings (contests: by status computed
from their rounds) page by offset, as Relay's ``arrayconnection:<offset>`` cursors do.

Offset cursors that earlier versions handed out keep working on keyset lists (the page starts
after that offset; its edges carry keyset cursors). A cursor that does not decode, or a keyset
cursor of another ordering, is ``BAD_USER_INPUT``.

``totalCount`` is counted only when asked, by its own ``COUNT(*)`` of the list's rows (the
same filters and visibility rule, no ordering, no joins for what the items show), never as a
window over the sorted list (``graphql_api.core.caching`` answers it from its cache while the
content is unchanged).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

import strawberry
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models
from django.db.models import F, OrderBy, Q
from django.utils import timezone
from strawberry import relay
from strawberry.relay.types import PREFIX, PageInfo
from strawberry_django.queryset import get_queryset_config
from strawberry_django.relay import DjangoListConnection
from strawberry_django.relay.utils import resolve_edge_class
from strawberry_django.resolvers import django_resolver

from graphql_api.core import caching
from graphql_api.core.errors import ApiError, ApiErrorCode
from graphql_api.core.input import first_forbidden_character


def check_page_size(first: int | None, last: int | None) -> None:
    cap = settings.GRAPHQL_MAX_PAGE_SIZE
    for name, value in (("first", first), ("last", last)):
        if value is None:
            continue
        if value < 0:
            raise ApiError(ApiErrorCode.BAD_USER_INPUT, f"`{name}` must not be negative.")
        if value > cap:
            raise ApiError(ApiErrorCode.PAGE_SIZE_TOO_LARGE, f"`{name}` must be at most {cap}.")


# Offsets a cursor may carry. Beyond it no list of ours has an item, and the database would
# refuse the OFFSET itself (PostgreSQL: "bigint out of range"); a negative one makes a negative
# slice, which Django refuses.
MAX_CURSOR_OFFSET = 2**31 - 1
KEYSET_PREFIX = "keyset"


def _not_ours(name: str) -> ApiError:
    return ApiError(ApiErrorCode.BAD_USER_INPUT, f"`{name}` is not a cursor from this list.")


def _decode(cursor: str) -> tuple[str, str]:
    try:
        prefix, payload = relay.from_base64(cursor)
    except ValueError:
        return "", ""
    return prefix, payload


def read_offset(name: str, cursor: str) -> int:
    """The offset of an ``arrayconnection:<offset>`` cursor; bad input otherwise."""
    prefix, payload = _decode(cursor)
    try:
        offset = int(payload)
    except ValueError:
        offset = -1
    if prefix != PREFIX or not 0 <= offset <= MAX_CURSOR_OFFSET:
        raise _not_ours(name)
    return offset


def check_cursor(name: str, cursor: str | None) -> None:
    """Refuse, as bad input, a cursor no list hands out (neither an offset nor a keyset cursor).

    Strawberry reads ``after``/``before`` in ``SliceMetadata.from_arguments`` and raises a plain
    ValueError or TypeError for one it cannot read; that would pass for a bug. Whether a keyset
    cursor fits the list it is given to is checked when the list is ordered (``Keyset.read``).
    """
    if not cursor:
        return
    prefix, _ = _decode(cursor)
    if prefix == KEYSET_PREFIX:
        return
    read_offset(name, cursor)


# --- Keyset ordering --------------------------------------------------------------------------


# Where a database sorts NULLs when the ordering does not say: PostgreSQL as the largest value
# (last going up, first going down), SQLite and MySQL as the smallest.
NULLS_LARGEST = {"postgresql": True, "oracle": True, "sqlite": False, "mysql": False}


@dataclass(frozen=True)
class Key:
    """One column of a list's ordering: a concrete field of the model, its direction and nulls."""

    field: models.Field
    descending: bool
    nulls_last: bool | None  # None: not said, where the database puts them (NULLS_LARGEST)
    nulls_largest: bool = True

    @property
    def nulls_come_last(self) -> bool:
        if self.nulls_last is not None:
            return self.nulls_last
        return self.nulls_largest != self.descending

    @property
    def name(self) -> str:
        return self.field.attname

    @property
    def alias(self) -> str:
        return f"_cursor_{self.name}"

    @property
    def nullable(self) -> bool:
        return self.field.null

    def flipped(self) -> Key:
        nulls_last = None if self.nulls_last is None else not self.nulls_last
        return Key(self.field, not self.descending, nulls_last, self.nulls_largest)

    def order_by(self) -> OrderBy:
        expression = F(self.name)
        nulls = (
            {}
            if self.nulls_last is None
            else {"nulls_last": True}
            if self.nulls_last
            else {"nulls_first": True}
        )
        return expression.desc(**nulls) if self.descending else expression.asc(**nulls)

    def beyond(self, value: Any) -> Q | None:
        """Rows strictly after ``value`` in this column's order (None: no row is)."""
        if value is None:
            # Nulls come last (or first) together: rows after them, in this column, are the
            # non-null ones only when nulls come first.
            return None if self.nulls_come_last else Q(**{f"{self.name}__isnull": False})
        q = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        if self.nullable and self.nulls_come_last:
            q |= Q(**{f"{self.name}__isnull": True})
        return q

    def equal(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.name}__isnull": True})
        return Q(**{self.name: value})

    def bound(self, value: Any) -> Q | None:
        """A redundant range on the first column (``date <= d``), so the database reads the
        list from its index from the cursor on (not when NULLs, which no range holds, follow)."""
        if value is None or (self.nullable and self.nulls_come_last):
            return None
        return Q(**{f"{self.name}__{'lte' if self.descending else 'gte'}": value})

    def encode(self, value: Any) -> Any:
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def decode(self, value: Any) -> Any:
        if value is None:
            if not self.nullable:
                raise ValidationError("null")
            return None
        if isinstance(value, dict | list) or isinstance(value, bool) != isinstance(
            self.field, models.BooleanField
        ):
            raise ValidationError("type")
        if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
            raise ValidationError("range")
        if isinstance(value, str) and (first_forbidden_character(value) or len(value) > 1000):
            raise ValidationError("text")  # control characters, lone surrogates: never a key of ours
        decoded = self.field.to_python(value)
        if isinstance(decoded, datetime) and timezone.is_naive(decoded):
            raise ValidationError("naive")
        return decoded


@dataclass(frozen=True)
class Keyset:
    """A list's ordering as keys, and cursors that hold an item's values of them."""

    keys: tuple[Key, ...]

    @classmethod
    def of(cls, queryset: models.QuerySet) -> Keyset | None:
        """The keyset of ``queryset``'s ordering; None when it cannot be one (an expression, a
        related column, a nullable column without nulls first/last)."""
        ordering = list(queryset.query.order_by)
        if not ordering or queryset.query.distinct or queryset.query.combinator:
            return None
        nulls_largest = NULLS_LARGEST.get(connections[queryset.db].vendor)
        meta = queryset.model._meta
        keys: list[Key] = []
        for item in ordering:
            if isinstance(item, str):
                descending, name, nulls_last = item.startswith("-"), item.lstrip("-"), None
            elif isinstance(item, OrderBy) and isinstance(item.expression, F):
                descending, name = item.descending, item.expression.name
                nulls_last = True if item.nulls_last else False if item.nulls_first else None
            else:
                return None
            if name in queryset.query.annotations or "__" in name:
                return None
            try:
                field = meta.pk if name == "pk" else meta.get_field(name)
            except FieldDoesNotExist:
                return None
            if not field.concrete or field.is_relation and not field.primary_key and not field.many_to_one:
                return None
            if field.null and nulls_last is None and nulls_largest is None:
                return None  # a database whose place for NULLs we do not know
            keys.append(Key(field, descending, nulls_last, bool(nulls_largest)))
        if not (keys[-1].field.primary_key or keys[-1].field.unique) or keys[-1].nullable:
            keys.append(Key(meta.pk, keys[-1].descending, None, bool(nulls_largest)))
        return cls(tuple(keys))

    @property
    def fingerprint(self) -> str:
        description = ",".join(f"{k.name}:{int(k.descending)}:{int(k.nulls_come_last)}" for k in self.keys)
        return hashlib.sha1(description.encode()).hexdigest()[:8]

    def annotate(self, queryset: models.QuerySet) -> models.QuerySet:
        """``queryset`` with each key's value on every row (the optimizer may defer the columns)."""
        return queryset.annotate(**{key.alias: F(key.name) for key in self.keys})

    def cursor(self, node: Any) -> str:
        values = [key.encode(getattr(node, key.alias)) for key in self.keys]
        payload = json.dumps(values, separators=(",", ":"), ensure_ascii=False)
        return relay.to_base64(KEYSET_PREFIX, f"{self.fingerprint}:{payload}")

    def read(self, name: str, cursor: str) -> list[Any]:
        """The key values of a keyset cursor of this ordering; bad input otherwise."""
        prefix, payload = _decode(cursor)
        fingerprint, _, encoded = payload.partition(":")
        try:
            if prefix != KEYSET_PREFIX or fingerprint != self.fingerprint:
                raise ValueError
            values = json.loads(encoded)
            if not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError
            return [key.decode(value) for key, value in zip(self.keys, values, strict=True)]
        except (ValueError, TypeError, ValidationError, OverflowError):
            raise _not_ours(name) from None

    def after(self, values: list[Any], keys: tuple[Key, ...] | None = None) -> Q:
        """Rows after ``values`` in the order of ``keys`` (the keyset's by default)."""
        keys = keys or self.keys
        condition: Q | None = None
        for key, value in reversed(list(zip(keys, values, strict=True))):
            beyond = key.beyond(value)
            tie = key.equal(value) & condition if condition is not None else None
            parts = [q for q in (beyond, tie) if q is not None]
            if not parts:
                condition = Q(pk__in=[])
                continue
            condition = parts[0] if len(parts) == 1 else parts[0] | parts[1]
        bound = keys[0].bound(values[0])
        assert condition is not None
        return condition & bound if bound is not None else condition

    def before(self, values: list[Any]) -> Q:
        return self.after(values, tuple(key.flipped() for key in self.keys))

    def reversed_order(self) -> list[OrderBy]:
        return [key.flipped().order_by() for key in self.keys]

    def order(self) -> list[OrderBy]:
        return [key.order_by() for key in self.keys]


# --- The connection ---------------------------------------------------------------------------


@strawberry.type(name="CountedConnection", description="A page of results with the total count.")
class Connection(DjangoListConnection[relay.NodeType]):
    @strawberry.field(description="Total quantity of existing nodes.")
    def total_count(self, info: strawberry.Info) -> int | None:
        if isinstance(self.nodes, models.QuerySet):
            # Its own COUNT(*), cached while the content is unchanged (graphql_api.core.caching).
            return cast(int, django_resolver(caching.count)(self.nodes, info.context))
        return super().total_count()

    @classmethod
    def resolve_connection(
        cls, nodes, *, info, before=None, after=None, first=None, last=None, max_results=None, **kwargs: Any
    ):
        check_page_size(first, last)
        check_cursor("after", after)
        check_cursor("before", before)
        keyset = Keyset.of(nodes) if isinstance(nodes, models.QuerySet) else None
        config = get_queryset_config(nodes) if isinstance(nodes, models.QuerySet) else None
        # An offset cursor an earlier version handed out goes on by offset, to the list's end.
        legacy = any(cursor and _decode(cursor)[0] == PREFIX for cursor in (after, before))
        if config is not None and config.optimized_by_prefetching:
            # A nested list the optimizer prefetched whole, with its row numbers: strawberry-django
            # pages it in memory.
            for name, cursor in (("after", after), ("before", before)):
                if cursor:
                    read_offset(name, cursor)
            connection = super().resolve_connection(
                nodes,
                info=info,
                before=before,
                after=after,
                first=first,
                last=last,
                max_results=max_results,
                **kwargs,
            )
        elif keyset is None or legacy:
            # Offset pages (an ordering keys cannot follow, or an offset cursor of an earlier version).
            for name, cursor in (("after", after), ("before", before)):
                if cursor:
                    read_offset(name, cursor)  # a keyset cursor does not fit this list
            # relay's own offset pages, without strawberry-django's COUNT(*) OVER () window.
            connection = super(DjangoListConnection, cls).resolve_connection(
                nodes,
                info=info,
                before=before,
                after=after,
                first=first,
                last=last,
                max_results=max_results,
                **kwargs,
            )
            if hasattr(connection, "nodes"):
                connection.nodes = nodes
        else:
            connection = cls._resolve_keyset(
                nodes,
                keyset,
                info=info,
                before=before,
                after=after,
                first=first,
                last=last,
                max_results=max_results if max_results is not None else info.schema.config.relay_max_results,
                **kwargs,
            )
        # Strawberry renders the items one by one: resolve the links and images in the rich text
        # of the whole page of items now, in a fixed number of queries (graphql_api.core.richtext).
        edges = getattr(connection, "edges", None)  # None while an async result is pending
        if edges:
            info.context.rich_text.prewarm_objects(edge.node for edge in edges)
        return connection

    @classmethod
    def _resolve_keyset(
        cls,
        nodes: models.QuerySet,
        keyset: Keyset,
        *,
        info,
        before,
        after,
        first,
        last,
        max_results,
        **kwargs,
    ):
        edge_class = resolve_edge_class(cls)
        rows = keyset.annotate(nodes)
        if after:
            rows = rows.filter(keyset.after(keyset.read("after", after)))
        if before:
            rows = rows.filter(keyset.before(keyset.read("before", before)))

        if last is not None and first is None:
            # From the end: the last items before ``before`` (or of the list), read backwards.
            items = list(rows.order_by(*keyset.reversed_order())[: last + 1])
            has_previous = len(items) > last
            items = list(reversed(items[:last]))
            has_next = bool(before)
        else:
            size = first if first is not None else max_results
            items = list(rows.order_by(*keyset.order())[: size + 1])
            has_next = len(items) > size
            items = items[:size]
            has_previous = bool(after)
            if last is not None and len(items) > last:
                items, has_previous = items[len(items) - last :], True

        edges = [
            edge_class(cursor=keyset.cursor(item), node=cls.resolve_node(item, info=info, **kwargs))
            for item in items
        ]
        connection = cls(
            edges=edges,
            page_info=PageInfo(
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
                has_previous_page=has_previous,
                has_next_page=has_next,
            ),
        )
        connection.nodes = nodes
        return connection
