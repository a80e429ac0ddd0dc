"""Websocket authentication: the token arrives in graphql-transport-ws ``connection_init``.

Browsers cannot set headers on a websocket, so the app sends
``{"authorization": "Bearer <token>"}`` as the connection_init payload. A bad token closes the
socket with 4403; no token at all opens an anonymous connection (public announcements).
"""

from __future__ import annotations

from channels.db import database_sync_to_async

from cms.members.tokens import authenticate_access_token, bearer_token


def _authorization(params: dict | None) -> str | None:
    if not params:
        return None
    for key in ("authorization", "Authorization"):
        value = params.get(key)
        if isinstance(value, str):
            return value
    return None


@database_sync_to_async
def authenticate_connection(params: dict | None):
    """(user, session) for the token in the payload; None when none was sent; False when it is bad."""
    header = _authorization(params)
    if header is None:
        return None
    token = bearer_token(header)
    found = authenticate_access_token(token) if token else None
    return found or False
