"""Query limits and the caches that keep them cheap.

Depth, aliases and tokens are capped so one request cannot make the server walk the whole
tree; introspection can be turned off in production. A refusal leaves as a top-level error
with the code ``QUERY_TOO_COMPLEX`` (given by ``graphql_api.core.errors.ErrorCodes``).
"""

from __future__ import annotations

import contextlib
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


def limit_extensions() -> list:
    """The limits and caches, in order, as the schema's extensions (read from settings now)."""
    extensions: list = [
        QueryLimits,
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        ParsedDocumentCache,
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
    ]
    if not settings.GRAPHQL_INTROSPECTION:
        extensions.append(DisableIntrospection)
    return extensions
