"""Requests whose bearer token does not hold are refused before anything runs."""

from __future__ import annotations

from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from graphql_api.core.errors import ApiError, ApiErrorCode


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
                data=None, errors=[ApiError(ApiErrorCode.UNAUTHENTICATED, reason)]
            )
        yield
