"""Schema extensions: query limits, auth failures and error codes.

Depth, aliases and tokens are capped so one request cannot make the server walk the whole
tree; introspection can be turned off in production. Every top-level error leaves with an
``extensions.code`` a frontend can act on.
"""

from __future__ import annotations

import logging

from django.conf import settings
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.types import ExecutionResult

from graphql_api.core.errors import ErrorCode

logger = logging.getLogger("graphql_api")

_LIMIT_MARKERS = ("exceeds maximum operation depth", "aliases found", "token limit", "tokens")


class RejectInvalidToken(SchemaExtension):
    """A request whose bearer token is unknown, expired or revoked gets no data at all.

    Treating it as anonymous would hide the problem from the app, which must refresh or sign
    in again; public content stays available to requests that send no token.
    """

    def on_execute(self):
        context = self.execution_context.context
        reason = getattr(context, "auth_error", None)
        if reason:
            self.execution_context.result = ExecutionResult(
                data=None,
                errors=[GraphQLError(reason, extensions={"code": ErrorCode.UNAUTHENTICATED.value})],
            )
        yield


class ErrorCodes(SchemaExtension):
    """Give every error a code and keep bug details out of responses in production."""

    def on_operation(self):
        yield
        result = self.execution_context.result
        if not result or not result.errors:
            return
        result.errors = [self._with_code(error) for error in result.errors]

    def _with_code(self, error: GraphQLError) -> GraphQLError:
        if error.extensions and "code" in error.extensions:
            return error
        original = error.original_error
        original_extensions = getattr(original, "extensions", None)
        if isinstance(original_extensions, dict) and "code" in original_extensions:
            error.extensions = {**(error.extensions or {}), **original_extensions}
            return error
        message = error.message or ""
        if original is None:
            code = (
                ErrorCode.QUERY_TOO_COMPLEX
                if any(marker in message for marker in _LIMIT_MARKERS)
                else "GRAPHQL_VALIDATION_FAILED"
            )
            error.extensions = {**(error.extensions or {}), "code": getattr(code, "value", code)}
            return error
        if isinstance(original, GraphQLError):
            # A variable whose value does not fit its type (an unknown enum value, a bad date).
            error.extensions = {**(error.extensions or {}), "code": ErrorCode.BAD_USER_INPUT.value}
            return error
        if isinstance(original, (ValueError, TypeError)) and error.path:
            # Argument values the schema accepts but the resolver cannot use (bad cursor, ...).
            error.extensions = {**(error.extensions or {}), "code": ErrorCode.BAD_USER_INPUT.value}
            return error
        logger.error("GraphQL resolver failed", exc_info=original)
        if not settings.DEBUG:
            return GraphQLError(
                "Internal server error",
                path=error.path,
                nodes=error.nodes,
                extensions={"code": ErrorCode.INTERNAL_SERVER_ERROR.value},
            )
        error.extensions = {**(error.extensions or {}), "code": ErrorCode.INTERNAL_SERVER_ERROR.value}
        return error


def schema_extensions() -> list:
    extensions: list = [
        ErrorCodes,
        RejectInvalidToken,
        lambda: QueryDepthLimiter(max_depth=settings.GRAPHQL_MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=settings.GRAPHQL_MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
    ]
    if not settings.GRAPHQL_INTROSPECTION:
        extensions.append(DisableIntrospection)
    return extensions
