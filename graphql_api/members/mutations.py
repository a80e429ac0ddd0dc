from __future__ import annotations

import strawberry

from cms.core import client
from cms.core.errors import ServiceError
from cms.members import tokens
from graphql_api.core.context import Info
from graphql_api.core.errors import user_errors
from graphql_api.core.permissions import IsAuthenticated
from graphql_api.members.queries import me_for
from graphql_api.members.types import (
    AccountError,
    AuthTokens,
    LoginInput,
    LoginPayload,
    LogoutPayload,
    RefreshTokenInput,
    RefreshTokenPayload,
)


def _tokens(pair: tokens.TokenPair) -> AuthTokens:
    return AuthTokens(
        access_token=pair.access_token,
        access_token_expires_at=pair.access_expires_at,
        refresh_token=pair.refresh_token,
        refresh_token_expires_at=pair.refresh_expires_at,
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Sign in with a phone number or username and a password.")
    def login(self, info: Info, input: LoginInput) -> LoginPayload:
        request = info.context.request
        try:
            pair = tokens.login(
                input.identifier,
                input.password,
                user_agent=client.user_agent(request),
                client_address=client.client_address(request),
            )
        except ServiceError as exc:
            return LoginPayload(errors=user_errors(exc, AccountError))
        return LoginPayload(tokens=_tokens(pair), me=me_for(pair.session.user))

    @strawberry.mutation(
        description="Exchange a refresh token for a new pair; the old refresh token stops working."
    )
    def refresh_token(self, input: RefreshTokenInput) -> RefreshTokenPayload:
        try:
            pair = tokens.refresh(input.refresh_token)
        except ServiceError as exc:
            return RefreshTokenPayload(errors=user_errors(exc, AccountError))
        return RefreshTokenPayload(tokens=_tokens(pair))

    @strawberry.mutation(
        extensions=[IsAuthenticated()], description="End this sign-in: its tokens stop working."
    )
    def logout(self, info: Info) -> LogoutPayload:
        tokens.logout(info.context.session)
        return LogoutPayload(ok=True)
