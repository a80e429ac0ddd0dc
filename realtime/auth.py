"""Websocket authentication: the token arrives in graphql-transport-ws ``connection_init``.

Browsers cannot set headers on a websocket, so the app sends
``{"authorization": "Bearer <token>"}`` as the connection_init payload. No ``authorization`` at
all opens an anonymous connection (public announcements); anything else that is not a valid
access token (unknown, expired, revoked, of a deactivated user, not a string) closes the socket
with 4403. The token is checked again before every operation and while subscriptions run
(:func:`still_signed_in`): a socket never outlives its sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass

from channels.db import database_sync_to_async

from cms.members.tokens import authenticate_access_token, bearer_token

_KEYS = ("authorization", "Authorization")
# The protocol's close code for a socket whose sign-in is refused or has ended.
CLOSE_FORBIDDEN = 4403


class BadAuthorization(Exception):
    """``connection_init`` carried an ``authorization`` that is not a valid access token."""


@dataclass(frozen=True)
class SignIn:
    """Who a socket speaks for: the user, their session, and the access token they sent."""

    user: object
    session: object
    token: str


def _authorization(params: object) -> str | None:
    """The ``authorization`` value of the payload; None when there is none; BadAuthorization
    when there is one that is not a string."""
    if not isinstance(params, dict):
        return None
    for key in _KEYS:
        if key in params:
            value = params[key]
            if not isinstance(value, str):
                raise BadAuthorization
            return value
    return None


def _sign_in(params: object) -> SignIn | None:
    header = _authorization(params)
    if header is None:
        return None
    token = bearer_token(header)
    found = authenticate_access_token(token) if token else None
    if not found:
        raise BadAuthorization
    user, session = found
    return SignIn(user=user, session=session, token=token)


authenticate_connection = database_sync_to_async(_sign_in)


def current_sign_in(sign_in: SignIn) -> SignIn | None:
    """The sign-in as it is now (the user re-read: deactivated, moved...), or None when its
    token expired, its session was revoked (sign-out, password change) or the user deactivated."""
    found = authenticate_access_token(sign_in.token)
    if not found or found[1].pk != sign_in.session.pk:
        return None
    return SignIn(user=found[0], session=found[1], token=sign_in.token)


still_signed_in = database_sync_to_async(current_sign_in)
