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


def organisation_pk(organisation: relay.GlobalID | None, argument: str = "organisation") -> int | None:
    """The primary key of an Organisation global ID, refusing IDs of other types."""
    if organisation is None:
        return None
    if organisation.type_name != "Organisation" or not organisation.node_id.isdigit():
        raise ApiError(ApiErrorCode.BAD_USER_INPUT, f"`{argument}` must be an Organisation ID.")
    return int(organisation.node_id)
