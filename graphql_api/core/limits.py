"""Schema extensions: query limits, auth failures and error codes.

Depth, aliases and tokens are capped so one request cannot make the server walk the whole
tree; introspection can be turned off in production. Every top-level error leaves with an
``extensions.code`` a frontend can act on.
"""

from __future__ import annotations

import contextlib
import logging
from functools import cache, lru_cache

from django.conf import settings
from graphql import GraphQLError, parse
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
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


@cache
def _limit_rules(max_depth: int, max_aliases: int) -> tuple:
    """The depth and alias rules, built once per configuration.

    Strawberry's limiters build a new rule class per instance; rules that change with every
    request would make every validation a cache miss.
    """
    return (
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    )


class QueryLimits(AddValidationRules):
    """Depth and alias caps (DESIGN.md §4), as validation rules that stay the same between requests."""

    def __init__(self) -> None:
        super().__init__(list(_limit_rules(settings.GRAPHQL_MAX_DEPTH, settings.GRAPHQL_MAX_ALIASES)))


# The apps send a few dozen distinct operations; parsed and validated once each, they skip both
# steps afterwards. Bounded, so unique query texts from a client cannot grow memory.
DOCUMENT_CACHE_SIZE = 256
_cached_parse = lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(parse)


class ParsedDocumentCache(SchemaExtension):
    """Reuse the parsed document of a query text seen before (the token cap is part of the key).

    Unlike strawberry's ParserCache, a document that fails to parse is left to strawberry, which
    reports the syntax error (or the token cap) as a normal GraphQL error with its code.
    """

    def on_parse(self):
        context = self.execution_context
        if context.query:
            # A failure is left to strawberry's own parse, which reports it with its code.
            with contextlib.suppress(GraphQLError):
                context.graphql_document = _cached_parse(context.query, **context.parse_options)
        yield


def schema_extensions() -> list:
    extensions: list = [
        ErrorCodes,
        RejectInvalidToken,
        QueryLimits,
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        ParsedDocumentCache,
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
    ]
    if not settings.GRAPHQL_INTROSPECTION:
        extensions.append(DisableIntrospection)
    return extensions
