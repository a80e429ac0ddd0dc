"""Relay connections with a total count and a hard cap on page size."""

from __future__ import annotations

from typing import Any

import strawberry
from django.conf import settings
from strawberry import relay
from strawberry_django.relay import DjangoListConnection

from graphql_api.core.errors import ApiError, ErrorCode


def check_page_size(first: int | None, last: int | None) -> None:
    cap = settings.GRAPHQL_MAX_PAGE_SIZE
    for name, value in (("first", first), ("last", last)):
        if value is None:
            continue
        if value < 0:
            raise ApiError(ErrorCode.BAD_USER_INPUT, f"`{name}` must not be negative.")
        if value > cap:
            raise ApiError(ErrorCode.PAGE_SIZE_TOO_LARGE, f"`{name}` must be at most {cap}.")


@strawberry.type(name="CountedConnection", description="A page of results with the total count.")
class Connection(DjangoListConnection[relay.NodeType]):
    @classmethod
    def resolve_connection(
        cls, nodes, *, info, before=None, after=None, first=None, last=None, **kwargs: Any
    ):
        check_page_size(first, last)
        return super().resolve_connection(
            nodes, info=info, before=before, after=after, first=first, last=last, **kwargs
        )
