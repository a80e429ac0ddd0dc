"""Who is on the other end of a request: its network address and its user agent.

Behind a reverse proxy every connection comes from the proxy, and the client's address is in
``X-Forwarded-For``. That header is written by whoever sends the request, so it is read only
when ``TRUSTED_PROXY_COUNT`` says how many proxies stand in front of the server (0, the
default, trusts no header). Each trusted proxy appends the address it received the connection
from, so the client is the entry the outermost trusted proxy wrote: the N-th from the right.
Entries further left were sent by the client and prove nothing.

Works for Django requests (``META``) and for ASGI scopes (websockets: the consumer's
``scope``, whose ``client`` is ``[host, port]``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from django.conf import settings


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def _from_proxy_chain(direct: str, forwarded_for: str) -> str:
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0 or not forwarded_for:
        return direct
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if not hops:
        return direct
    # Fewer entries than trusted proxies: the leftmost is the furthest address anyone reported.
    client = hops[-trusted] if len(hops) >= trusted else hops[0]
    return _valid(client) or direct


def _scope_header(scope: Mapping[str, Any], name: bytes) -> str:
    values = [value for key, value in scope.get("headers") or () if key.lower() == name]
    # Repeated headers are one comma-separated list, as Django joins them for META.
    return ",".join(value.decode("latin-1") for value in values)


def _scope_of(request: Any) -> Mapping[str, Any] | None:
    if isinstance(request, Mapping):
        return request
    scope = getattr(request, "scope", None)
    return scope if isinstance(scope, Mapping) else None


def client_address(request: Any) -> str:
    """The client's IP address, or "" when there is none to tell (no socket, a unix socket)."""
    meta = getattr(request, "META", None)
    if isinstance(meta, Mapping):
        direct = _valid(str(meta.get("REMOTE_ADDR") or "")) or ""
        return _from_proxy_chain(direct, str(meta.get("HTTP_X_FORWARDED_FOR") or ""))
    scope = _scope_of(request)
    if scope is None:
        return ""
    peer = scope.get("client") or ()
    direct = (_valid(str(peer[0])) if peer else None) or ""
    return _from_proxy_chain(direct, _scope_header(scope, b"x-forwarded-for"))


def user_agent(request: Any) -> str:
    """The ``User-Agent`` the client sent, or ""."""
    meta = getattr(request, "META", None)
    if isinstance(meta, Mapping):
        return str(meta.get("HTTP_USER_AGENT") or "")
    scope = _scope_of(request)
    return _scope_header(scope, b"user-agent") if scope is not None else ""
