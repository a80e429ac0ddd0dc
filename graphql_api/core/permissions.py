"""Permission checks declared on fields and mutations."""

from __future__ import annotations

from typing import Any

from strawberry.extensions.field_extension import FieldExtension

from graphql_api.core.errors import ApiError, ApiErrorCode


def require_authenticated(info) -> None:
    if not info.context.is_authenticated:
        raise ApiError(ApiErrorCode.UNAUTHENTICATED, "Sign in to use this field.")


class IsAuthenticated(FieldExtension):
    """The field answers only a signed-in user; others get an UNAUTHENTICATED error."""

    def resolve(self, next_, source: Any, info, **kwargs):
        require_authenticated(info)
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_, source: Any, info, **kwargs):
        require_authenticated(info)
        return await next_(source, info, **kwargs)
