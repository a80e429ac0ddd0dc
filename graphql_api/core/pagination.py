"""Relay connections with a total count and a hard cap on page size."""

from __future__ import annotations

from typing import Any

import strawberry
from django.conf import settings
from strawberry import relay
from strawberry.relay.types import PREFIX
from strawberry_django.relay import DjangoListConnection

from graphql_api.core.errors import ApiError, ApiErrorCode


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


def check_cursor(name: str, cursor: str | None) -> None:
    """Refuse, as bad input, a cursor this list did not hand out.

    Strawberry reads ``after``/``before`` in ``SliceMetadata.from_arguments`` and raises a plain
    ValueError or TypeError for one it cannot read; that would pass for a bug. This reads it
    the same way first (base64 of ``arrayconnection:<offset>``) and says what is wrong. An
    offset past the end of the list but within ``MAX_CURSOR_OFFSET`` gives an empty page.
    """
    if not cursor:
        return
    try:
        prefix, offset = relay.from_base64(cursor)
        in_range = 0 <= int(offset) <= MAX_CURSOR_OFFSET
    except ValueError:
        prefix, in_range = None, False
    if prefix != PREFIX or not in_range:
        raise ApiError(ApiErrorCode.BAD_USER_INPUT, f"`{name}` is not a cursor from this list.")


@strawberry.type(name="CountedConnection", description="A page of results with the total count.")
class Connection(DjangoListConnection[relay.NodeType]):
    @classmethod
    def resolve_connection(
        cls, nodes, *, info, before=None, after=None, first=None, last=None, **kwargs: Any
    ):
        check_page_size(first, last)
        check_cursor("after", after)
        check_cursor("before", before)
        connection = super().resolve_connection(
            nodes, info=info, before=before, after=after, first=first, last=last, **kwargs
        )
        # Strawberry renders the items one by one: resolve the links and images in the rich text
        # of the whole page of items now, in a fixed number of queries (graphql_api.core.richtext).
        edges = getattr(connection, "edges", None)  # None while an async result is pending
        if edges:
            info.context.rich_text.prewarm_objects(edge.node for edge in edges)
        return connection
