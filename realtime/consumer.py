"""The websocket at ``/graphql/``: graphql-transport-ws, with the same rules as HTTP.

- **Queries and mutations** run exactly as over HTTP: ``execute_sync`` in a worker thread, so the
  same extensions apply (limits, time budget, error codes and masking) and database work never
  blocks the event loop.
- **Subscriptions** run on the event loop (they wait for events); their errors get the same
  codes and masking.
- **Who is speaking** is checked again before every operation: a socket whose access token has
  expired, whose session was revoked (sign-out) or whose user was deactivated is closed with
  4403, as an invalid token in ``connection_init`` is. Each operation gets a fresh context, so
  a member moved to another union is read as they are now.
- **Malformed messages** (an ``id`` that is not a string, a payload that is not an object, a
  query that is not a string) close the socket with 4400, as the protocol says, instead of
  crashing the consumer.
"""

from __future__ import annotations

import logging
from contextlib import aclosing

from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from graphql_api.core.context import Context
from graphql_api.core.errors import ApiErrorCode, with_code
from realtime.auth import CLOSE_FORBIDDEN, BadAuthorization, authenticate_connection, still_signed_in

logger = logging.getLogger("realtime")

# Operations one socket may have in flight at once (subscriptions included).
MAX_OPERATIONS_PER_SOCKET = 20
# Longest operation id a client may choose (graphql-ws uses UUIDs).
MAX_ID_LENGTH = 128


def malformed(message: object) -> str | None:
    """Why ``message`` is not a graphql-transport-ws message this server can act on, or None."""
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return "Invalid message"
    if message["type"] in ("subscribe", "complete"):
        identifier = message.get("id")
        if not isinstance(identifier, str) or not 0 < len(identifier) <= MAX_ID_LENGTH:
            return "Invalid message id"
    if message["type"] == "subscribe":
        payload = message.get("payload")
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            return "Invalid subscribe payload"
        if not isinstance(payload.get("variables"), dict | None):
            return "Invalid subscribe variables"
        if not isinstance(payload.get("operationName"), str | None):
            return "Invalid subscribe operation name"
    return None


def _is_subscription(query: str, operation_name: str | None) -> bool:
    """Whether the operation to run is a subscription (False when the document is unreadable:
    the query path then answers with the parse error and its code)."""
    try:
        document = parse(query, max_tokens=2000, no_location=True)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if operation_name is None or (operation.name and operation.name.value == operation_name):
            return operation.operation == OperationType.SUBSCRIPTION
    return False


class TransportWSHandler(BaseGraphQLTransportWSHandler):
    async def handle_message(self, message) -> None:
        problem = malformed(message)
        if problem is not None:
            await self.handle_invalid_message(problem)
            return
        await super().handle_message(message)

    async def operation_context(self) -> Context | None:
        """A fresh context for one operation; None when the socket's sign-in has ended."""
        connection = self.context
        sign_in = connection.sign_in
        if sign_in is not None:
            sign_in = await still_signed_in(sign_in)
            if sign_in is None:
                return None
            connection.sign_in = sign_in
        return Context(
            request=connection.request,
            ws=connection.ws,
            user=sign_in.user if sign_in else AnonymousUser(),
            session=sign_in.session if sign_in else None,
            connection_params=connection.connection_params,
            sign_in=sign_in,
        )

    async def close_signed_out(self) -> None:
        logger.info("Websocket closed: its sign-in has ended")
        await self.websocket.close(code=CLOSE_FORBIDDEN, reason="Forbidden")

    async def run_operation(self, operation: Operation) -> None:
        context = await self.operation_context()
        if context is None:
            self.operations.pop(operation.id, None)
            await self.close_signed_out()
            return
        if _is_subscription(operation.query, operation.operation_name):
            await self._run_subscription(operation, context)
            return
        result = await database_sync_to_async(self.schema.execute_sync)(
            operation.query,
            variable_values=operation.variables,
            context_value=context,
            root_value=self.root_value,
            operation_name=operation.operation_name,
        )
        if result.data is None and result.errors and not any(error.path for error in result.errors):
            # Refused before any field ran (unreadable, invalid, over a limit): the protocol's
            # `error` message, with the errors HTTP would give.
            await operation.send_initial_errors(result.errors)
            return
        await operation.send_next(result)
        await operation.send_operation_message({"id": operation.id, "type": "complete"})

    async def _run_subscription(self, operation: Operation, context: Context) -> None:
        stream = await self.schema.stream(
            operation.query,
            variable_values=operation.variables,
            context_value=context,
            root_value=self.root_value,
            operation_name=operation.operation_name,
        )
        async with aclosing(stream):
            async for result in stream:
                if result.errors:
                    result.errors = [with_code(error) for error in result.errors]
                if isinstance(result, PreExecutionError):
                    await operation.send_initial_errors(result.errors or [])
                    return
                if not isinstance(result, ExecutionResult):
                    await operation.send_initial_errors(
                        [GraphQLError("Incremental delivery is not supported over graphql-transport-ws")]
                    )
                    return
                await operation.send_next(result)
        await operation.send_operation_message({"id": operation.id, "type": "complete"})


class GraphQLSubscriptionConsumer(GraphQLWSConsumer):
    graphql_transport_ws_handler_class = TransportWSHandler

    async def get_context(self, request, response) -> Context:
        return Context(request=request, ws=request, user=AnonymousUser())

    async def on_ws_connect(self, context: Context):
        try:
            sign_in = await authenticate_connection(context.connection_params)
        except BadAuthorization:
            raise ConnectionRejectionError({"code": ApiErrorCode.UNAUTHENTICATED.value}) from None
        context.sign_in = sign_in
        if sign_in is not None:
            context.user, context.session = sign_in.user, sign_in.session
        return UNSET
