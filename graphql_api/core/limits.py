"""Query limits and the caches that keep them cheap.

Before anything runs, each operation is measured (:class:`Measurer`), every fragment once
however often it is spread, so measuring is linear in the size of the document:

- **depth**: fields nested inside one another (``GRAPHQL_MAX_DEPTH``);
- **aliases**: aliased fields once fragments are expanded (``GRAPHQL_MAX_ALIASES``);
- **cost**: the fields the server will process once fragments are expanded, a field inside a
  paginated list (one with ``first``/``last``) counted once per item the list may return
  (``GRAPHQL_MAX_COST``). A chain of fragments that each spread the next twice costs 2^N:
  refused here in about a millisecond instead of freezing the server in the optimizer.

Tokens are capped by the parser (``GRAPHQL_MAX_TOKENS``); introspection can be turned off in
production. A refusal leaves as a top-level error with the code ``QUERY_TOO_COMPLEX``, which
the rule puts on the error itself (``graphql_api.core.errors`` recognises the parser's own
refusals by their exact wording).

Execution then has a time budget (:class:`TimeBudget`, ``GRAPHQL_TIMEOUT_SECONDS``): once it is
spent, no further field is resolved and the operation answers with the code ``TIMEOUT``.

Under async execution (the websocket consumer) parsing and validation run in a worker thread
(:func:`for_async_execution`): they are CPU work that would otherwise stop every other socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from functools import cache, lru_cache
from typing import Any, NamedTuple

from asgiref.sync import sync_to_async
from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
    parse,
    type_from_ast,
    validate,
)
from graphql.language.visitor import SKIP
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import validate_document
from strawberry.types.graphql import OperationType as StrawberryOperationType

from graphql_api.core.errors import ApiError, ApiErrorCode

logger = logging.getLogger("graphql_api")

# -- Measuring an operation --------------------------------------------------------------

PAGINATION_ARGUMENTS = ("first", "last")


class Measure(NamedTuple):
    cost: int
    depth: int
    aliases: int


NOTHING = Measure(0, 0, 0)


class Measurer:
    """Depth, aliases and cost of a document's operations, each fragment measured once.

    A fragment's measure does not depend on where it is spread (its fields are looked up on its
    own type condition), so it is remembered by name: a fragment spread 2^N times through a
    chain is still walked once. Unknown fragments and cycles measure nothing; the spec rules
    report them.

    - A field costs 1, plus what it selects; inside a field that takes ``first``/``last``, what
      it selects counts once per item it may return: the argument's value, or the maximum page
      size when it is a variable, null or absent without a default (at least 1, at most the
      maximum page size: a larger value is refused when the field runs). Lists without those
      arguments (blocks, categories, menu items) are bounded by the content, not the client,
      and count once. So the cost is never below the number of fields after expansion.
    - Depth follows strawberry's depth limiter: a field with a selection adds one level, a leaf
      none, and introspection fields (``__schema``...) are not counted.
    """

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, page_size: int) -> None:
        self.schema = schema
        self.page_size = page_size
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.measured: dict[str, Measure] = {}
        self.open: set[str] = set()

    def operation(self, node: OperationDefinitionNode) -> Measure:
        return self.selections(node.selection_set, self.schema.get_root_type(node.operation))

    def selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> Measure:
        cost = depth = aliases = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                measure = self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                measure = self.selections(
                    selection.selection_set, type_from_ast(self.schema, condition) if condition else parent
                )
            elif isinstance(selection, FragmentSpreadNode):
                measure = self.fragment(selection.name.value)
            else:  # pragma: no cover - the three kinds of selection above are all there are
                continue
            cost += measure.cost
            aliases += measure.aliases
            depth = max(depth, measure.depth)
        return Measure(cost, depth, aliases)

    def fragment(self, name: str) -> Measure:
        if name in self.measured:
            return self.measured[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.open:
            return NOTHING
        self.open.add(name)
        try:
            measure = self.selections(
                fragment.selection_set, type_from_ast(self.schema, fragment.type_condition)
            )
        finally:
            self.open.discard(name)
        self.measured[name] = measure
        return measure

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Measure:
        aliases = 1 if node.alias else 0
        if node.selection_set is None:
            return Measure(1, 0, aliases)
        definition = self.schema.get_field(parent, node.name.value) if parent is not None else None  # type: ignore[arg-type]
        inner = self.selections(node.selection_set, get_named_type(definition.type) if definition else None)
        depth = 0 if node.name.value.startswith("__") else 1 + inner.depth
        cost = 1 + self.items(node, definition) * inner.cost
        return Measure(cost, depth, aliases + inner.aliases)

    def items(self, node: FieldNode, definition: GraphQLField | None) -> int:
        """How many items a field may return, for what it selects to count once per item."""
        if definition is None or not any(name in definition.args for name in PAGINATION_ARGUMENTS):
            return 1
        given = [
            argument.value for argument in node.arguments or () if argument.name.value in PAGINATION_ARGUMENTS
        ]
        if given:
            # A literal of more than nine digits is over any page size (and Python refuses to
            # convert one of thousands); variables and nulls may be a full page.
            count = min(
                int(value.value)
                if isinstance(value, IntValueNode) and len(value.value) < 10
                else self.page_size
                for value in given
            )
        else:
            default = definition.args["first"].default_value if "first" in definition.args else None
            count = default if isinstance(default, int) and not isinstance(default, bool) else self.page_size
        return max(1, min(count, self.page_size))


def operation_name(node: OperationDefinitionNode) -> str:
    return node.name.value if node.name else "anonymous"


def _refusal(message: str, nodes: list | None = None) -> GraphQLError:
    # The code travels on the error itself: a websocket sends validation errors before the
    # ErrorCodes extension has seen them.
    return GraphQLError(message, nodes, extensions={"code": ApiErrorCode.QUERY_TOO_COMPLEX.value})


def measure_operations(schema: GraphQLSchema, document: DocumentNode, page_size: int) -> dict[str, int]:
    """The cost of each operation of a document, by name (reports, tests)."""
    measurer = Measurer(schema, document, page_size)
    return {
        operation_name(definition): measurer.operation(definition).cost
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    }


@cache
def _limit_rules(max_depth: int, max_aliases: int, max_cost: int, page_size: int) -> tuple:
    """The limits as one validation rule, built once per configuration.

    A rule that changed with every request would make every validation a cache miss. It
    replaces strawberry's depth and alias limiters, which walk a fragment again at every
    spread (2^N on the fragment chain) and did so before any other rule could refuse it.
    """

    class OperationLimits(ValidationRule):
        runs_first = True  # see _validate_limits_first

        def __init__(self, context) -> None:
            super().__init__(context)
            self.measurer = Measurer(context.schema, context.document, page_size)
            self.aliases = 0

        # graphql-core's validate() checks first that fragments do not nest too deeply, so the
        # measuring recursion stays shallow; too deep a document is "Validation aborted."
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any):
            measure = self.measurer.operation(node)
            self.aliases += measure.aliases
            name = operation_name(node)
            if measure.depth > max_depth:
                self.report_error(
                    _refusal(f"'{name}' exceeds maximum operation depth of {max_depth}", [node])
                )
            if measure.cost > max_cost:
                self.report_error(
                    _refusal(
                        f"'{name}' costs {measure.cost}, over the maximum of {max_cost}: "
                        "select fewer fields or ask for smaller pages.",
                        [node],
                    )
                )
            return SKIP

        def enter_fragment_definition(self, *_args: Any):
            return SKIP

        def leave_document(self, *_args: Any) -> None:
            if self.aliases > max_aliases:
                self.report_error(_refusal(f"{self.aliases} aliases found. Allowed: {max_aliases}"))

    return (OperationLimits,)


class QueryLimits(AddValidationRules):
    """Depth, alias and cost caps (DESIGN.md §4), as a rule that stays the same between requests."""

    def __init__(self) -> None:
        super().__init__(
            list(
                _limit_rules(
                    settings.GRAPHQL_MAX_DEPTH,
                    settings.GRAPHQL_MAX_ALIASES,
                    settings.GRAPHQL_MAX_COST,
                    settings.GRAPHQL_MAX_PAGE_SIZE,
                )
            )
        )


# -- Time budget ---------------------------------------------------------------------------


class TimeBudget(SchemaExtension):
    """Stop an operation once it has run ``GRAPHQL_TIMEOUT_SECONDS`` (0: no budget).

    The clock starts with the operation (parsing and validation included). Before each field is
    resolved the deadline is checked; once it has passed no further field starts (a long list
    stops at the next item), and the operation answers with no data and one top-level error
    coded ``TIMEOUT``. Under async execution (the websocket) the resolvers of a list are all
    started at once and queued for Django's thread, so a query is also cancelled when its time
    is up (:class:`_TimeBudgetAsync`); the websocket sends the error as the operation's
    ``error`` message.

    What is already running is not interrupted: Python cannot stop a thread, so a slow resolver
    finishes its call and a slow SQL statement is bounded by the database
    (``DATABASE_STATEMENT_TIMEOUT_MS``). A mutation is checked only before each root field, so
    one that has started completes (its answer is then the ``TIMEOUT`` error if the next one
    was refused). Subscriptions live as long as their socket and have no budget.
    """

    def __init__(self) -> None:
        self.seconds = settings.GRAPHQL_TIMEOUT_SECONDS
        self.started = time.monotonic()
        self.deadline: float | None = None
        self.expired = False

    def on_operation(self):
        self.started = time.monotonic()
        yield

    def _start(self) -> float | None:
        if (
            self.seconds > 0
            and self.execution_context.operation_type is not StrawberryOperationType.SUBSCRIPTION
        ):
            self.deadline = self.started + self.seconds
        return self.deadline

    def _finish(self) -> None:
        self.deadline = None
        if self.expired:
            logger.warning(
                "GraphQL operation %s stopped after its time budget of %ss (%.2fs)",
                self.execution_context.operation_name or "anonymous",
                self.seconds,
                time.monotonic() - self.started,
            )
            # One error for the whole operation rather than one per field it stopped; strawberry
            # answers an error raised here with no data.
            raise self.error()

    def on_execute(self):
        self._start()
        yield
        self._finish()

    def error(self) -> ApiError:
        return ApiError(
            ApiErrorCode.TIMEOUT,
            f"The operation took longer than {self.seconds} seconds and was stopped: "
            "ask for less, or try again later.",
        )

    def resolve(self, _next, root, info, *args: Any, **kwargs: Any):
        if (
            self.deadline is not None
            and time.monotonic() > self.deadline
            and (info.operation.operation is not OperationType.MUTATION or info.path.prev is None)
        ):
            self.expired = True
            raise self.error()
        return _next(root, info, *args, **kwargs)


class _TimeBudgetAsync(TimeBudget):
    """The time budget under async execution: a query is also cancelled when its time is up.

    What was queued for Django's thread is dropped; the resolver running then finishes first
    (asgiref waits for it). Mutations are not cancelled, so a change is never cut half way.
    """

    async def on_execute(self):
        deadline = self._start()
        if deadline is None or self.execution_context.operation_type is not StrawberryOperationType.QUERY:
            yield
        else:
            try:
                async with asyncio.timeout(max(0.0, deadline - time.monotonic())) as timeout:
                    yield
            except TimeoutError:
                self.expired = True
            else:
                # A cancellation that landed while a resolver ran in a thread is swallowed by
                # asgiref; the timeout still knows it expired.
                self.expired = self.expired or timeout.expired()
        self._finish()


# -- Caches, and keeping CPU work off the event loop ---------------------------------------

# The apps send a few dozen distinct operations; parsed and validated once each, they skip both
# steps afterwards. Bounded, so unique query texts from a client cannot grow memory.
DOCUMENT_CACHE_SIZE = 256
_cached_parse = lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(parse)


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def _validate_limits_first(schema: GraphQLSchema, document: DocumentNode, rules: tuple) -> list[GraphQLError]:
    """Validate with the limit rules first, alone: a refused document never reaches the spec's
    rules, some of which take much longer (OverlappingFieldsCanBeMerged: about 100 ms on a
    2,000-token fragment chain here, against a few for the limits)."""
    limits = tuple(rule for rule in rules if getattr(rule, "runs_first", False))
    if limits:
        errors = validate(schema, document, limits)
        if errors:
            return errors
    return validate_document(schema, document, tuple(rule for rule in rules if rule not in limits))


def _parse(context) -> None:
    if context.query:
        # A failure is left to strawberry's own parse, which reports it with its code.
        with contextlib.suppress(GraphQLError):
            context.graphql_document = _cached_parse(context.query, **context.parse_options)


def _validate(context) -> None:
    context.pre_execution_errors = _validate_limits_first(
        context.schema._schema, context.graphql_document, context.validation_rules
    )


class ParsedDocumentCache(SchemaExtension):
    """Reuse the parsed document of a query text seen before (the token cap is part of the key).

    Unlike strawberry's ParserCache, a document that fails to parse is left to strawberry, which
    reports the syntax error (or the token cap) as a normal GraphQL error with its code.
    """

    def on_parse(self):
        _parse(self.execution_context)
        yield


class ValidatedDocumentCache(SchemaExtension):
    """Reuse the validation of a document seen before (strawberry's ValidationCache, ours so that
    it can also run in a worker thread)."""

    def on_validate(self):
        _validate(self.execution_context)
        yield


class _ParsedDocumentCacheOffLoop(ParsedDocumentCache):
    async def on_parse(self):
        await sync_to_async(_parse, thread_sensitive=False)(self.execution_context)
        yield


class _ValidatedDocumentCacheOffLoop(ValidatedDocumentCache):
    async def on_validate(self):
        await sync_to_async(_validate, thread_sensitive=False)(self.execution_context)
        yield


_ASYNC_VARIANTS = {
    ParsedDocumentCache: _ParsedDocumentCacheOffLoop,
    ValidatedDocumentCache: _ValidatedDocumentCacheOffLoop,
    TimeBudget: _TimeBudgetAsync,
}


def for_async_execution(extensions: list) -> list:
    """The extensions of an async execution (the websocket consumer): parsing and validation in
    a worker thread, the time budget as a cancelling timeout.

    Strawberry calls async hooks only under async execution (they fail a sync one), so the
    schema swaps these in for ``execute``/``stream`` and keeps the sync ones for ``execute_sync``.
    """
    return [
        _ASYNC_VARIANTS[type(extension)]() if type(extension) in _ASYNC_VARIANTS else extension
        for extension in extensions
    ]


def limit_extensions() -> list:
    """The limits and caches, in order, as the schema's extensions (read from settings now).
    Guests' answers to lists are kept by graphql_api.core.caching while nothing has changed."""
    from graphql_api.core.caching import ResponseCache

    extensions: list = [
        QueryLimits,
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        ParsedDocumentCache,
        ValidatedDocumentCache,
        TimeBudget,
        ResponseCache,
    ]
    if not settings.GRAPHQL_INTROSPECTION:
        extensions.append(DisableIntrospection)
    return extensions
