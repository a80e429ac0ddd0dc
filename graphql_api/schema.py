"""The one GraphQL schema: every domain's queries, mutations and subscriptions merged here.

Each domain package may define, in ``queries.py`` / ``mutations.py`` / ``subscriptions.py``,
a class ``Query`` / ``Mutation`` / ``Subscription``, and in ``types.py`` a list
``PAGE_TYPES`` of its concrete page types (so ``page`` and ``preview`` can return them).
The list below is the only place a domain is wired in.
"""

from __future__ import annotations

import importlib

import strawberry
from django.conf import settings
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from graphql_api.core.authentication import RejectInvalidToken
from graphql_api.core.blocks import ALL_BLOCK_TYPES
from graphql_api.core.errors import ErrorCodes, log_errors
from graphql_api.core.input import RejectControlCharacters
from graphql_api.core.limits import for_async_execution, limit_extensions
from graphql_api.core.pages import PageQueries

DOMAINS = [
    "home",
    "news",
    "announcements",
    "documents",
    "legal",
    "benefits",
    "contests",
    "jobs",
    "congress",
    "statistics",
    "organisations",
    "members",
    "feedback",
    "search",
]


def _collect(module_name: str, attribute: str) -> list:
    found = []
    for domain in DOMAINS:
        try:
            module = importlib.import_module(f"graphql_api.{domain}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"graphql_api.{domain}.{module_name}":
                raise
            continue
        value = getattr(module, attribute, None)
        if value is not None:
            found.extend(value if isinstance(value, list) else [value])
    return found


class Schema(strawberry.Schema):
    """Strawberry's schema, logging errors our way: bugs with their traceback, the rest in a line.

    Strawberry would log every error, expected or not, with a traceback.
    """

    def process_errors(self, errors, execution_context=None) -> None:
        log_errors(errors, execution_context)

    def get_extensions(self, sync: bool = False) -> list:
        # Async execution (the websocket consumer): parsing and validation in a worker thread,
        # the time budget as a cancelling timeout (graphql_api.core.limits).
        extensions = super().get_extensions(sync=sync)
        return extensions if sync else for_async_execution(extensions)


def schema_extensions() -> list:
    # ErrorCodes comes first: its end of the operation runs last and sees every error.
    return [ErrorCodes, RejectInvalidToken, RejectControlCharacters, *limit_extensions()]


Query = merge_types("Query", (PageQueries, *_collect("queries", "Query")))
Mutation = merge_types("Mutation", tuple(_collect("mutations", "Mutation")))
_subscriptions = _collect("subscriptions", "Subscription")
Subscription = merge_types("Subscription", tuple(_subscriptions)) if _subscriptions else None
PAGE_TYPES = _collect("types", "PAGE_TYPES")

schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=[*ALL_BLOCK_TYPES, *PAGE_TYPES],
    extensions=[*schema_extensions(), DjangoOptimizerExtension],
    config=StrawberryConfig(relay_max_results=settings.GRAPHQL_MAX_PAGE_SIZE),
)
