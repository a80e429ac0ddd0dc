"""Errors as the frontend sees them.

Expected failures of a mutation are data: a list of ``UserError`` (field, message, code) in
the payload. Auth failures and bugs are top-level GraphQL errors with ``extensions.code``.
"""

from __future__ import annotations

from enum import StrEnum

import strawberry
from graphql import GraphQLError

from cms.core.errors import ServiceError, ServiceErrors


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    PAGE_SIZE_TOO_LARGE = "PAGE_SIZE_TOO_LARGE"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    NOT_FOUND = "NOT_FOUND"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class ApiError(GraphQLError):
    """A top-level error that carries a machine-readable code."""

    def __init__(self, code: ErrorCode | str, message: str):
        super().__init__(message, extensions={"code": code.value if isinstance(code, ErrorCode) else code})


@strawberry.type(description="An expected failure of a mutation: show `message`, act on `code`.")
class UserError:
    field: str | None = strawberry.field(description="The input field at fault (camelCase), if one is.")
    message: str = strawberry.field(description="A human-readable message in the request's language.")
    code: str = strawberry.field(description="A stable, machine-readable code, e.g. INVALID_CREDENTIALS.")


def _camel(name: str | None) -> str | None:
    if not name:
        return None
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def user_errors(exc: ServiceError | ServiceErrors) -> list[UserError]:
    errors = exc.errors if isinstance(exc, ServiceErrors) else [exc]
    return [UserError(field=_camel(e.field), message=e.message, code=e.code) for e in errors]
