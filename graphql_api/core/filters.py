"""Filter inputs shared by content lists."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from graphql_api.core.errors import ApiError, ApiErrorCode


@strawberry.input(description="An inclusive range of dates; either end may be left open.")
class DateRange:
    start: date | None = None
    end: date | None = None

    def check(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ApiError(ApiErrorCode.BAD_USER_INPUT, "`start` must not be after `end`.")

    def filter(self, queryset, lookup: str):
        """``queryset`` narrowed to rows whose ``lookup`` (a date, or ``x__date``) is in the range."""
        self.check()
        if self.start:
            queryset = queryset.filter(**{f"{lookup}__gte": self.start})
        if self.end:
            queryset = queryset.filter(**{f"{lookup}__lte": self.end})
        return queryset


# Primary keys are 64-bit (BigAutoField): a larger number names no row, and SQLite cannot even
# take it as a query parameter (OverflowError).
MAX_PK = 2**63 - 1


def parse_pk(node_id: str) -> int | None:
    """The primary key a global ID's node id stands for; None if it cannot stand for one.

    ASCII digits only: ``str.isdigit`` also accepts ``"²"``, which ``int`` refuses.
    """
    if not (node_id.isascii() and node_id.isdigit()):
        return None
    pk = int(node_id)
    return pk if pk <= MAX_PK else None


def node_pk(node: relay.GlobalID | None, type_name: str, argument: str) -> int | None:
    """The primary key of a ``type_name`` global ID given as ``argument``, refusing any other ID."""
    if node is None:
        return None
    pk = parse_pk(node.node_id) if node.type_name == type_name else None
    if pk is None:
        raise ApiError(ApiErrorCode.BAD_USER_INPUT, f"`{argument}` must be an {type_name} ID.")
    return pk


def organisation_pk(organisation: relay.GlobalID | None, argument: str = "organisation") -> int | None:
    """The primary key of an Organisation global ID, refusing IDs of other types."""
    return node_pk(organisation, "Organisation", argument)
