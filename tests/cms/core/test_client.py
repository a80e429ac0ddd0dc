"""The client's address and user agent (cms.core.client), over HTTP and over websockets."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import RequestFactory, override_settings

from cms.core.client import client_address, user_agent


def _http(**meta):
    return RequestFactory().post("/graphql/", **meta)


def _websocket(client, headers=()):
    # strawberry's channels integration hands resolvers the consumer, whose ``scope`` is ASGI's.
    return SimpleNamespace(scope={"type": "websocket", "client": client, "headers": list(headers)})


def test_without_trusted_proxies_the_connection_address_is_the_client():
    # given a request that claims another address in X-Forwarded-For
    request = _http(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")

    # when, then
    assert client_address(request) == "203.0.113.7"


@pytest.mark.parametrize(
    ("trusted", "forwarded_for", "expected"),
    [
        # one proxy appends the address it received the connection from: the last entry
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # two proxies (CDN, then load balancer): the CDN's entry is second from the right
        (2, "6.6.6.6, 198.51.100.1, 192.0.2.10", "198.51.100.1"),
        # fewer entries than proxies: the furthest address reported
        (2, "198.51.100.1", "198.51.100.1"),
        # a garbage entry: the connection address
        (1, "6.6.6.6, not-an-address", "10.0.0.1"),
        (1, " , ", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_trusted_proxies_the_entry_the_outermost_one_wrote_is_the_client(
    trusted, forwarded_for, expected
):
    # given
    request = _http(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)

    # when
    with override_settings(TRUSTED_PROXY_COUNT=trusted):
        address = client_address(request)

    # then
    assert address == expected


def test_a_request_with_no_usable_address_has_none():
    assert client_address(_http(REMOTE_ADDR="")) == ""
    assert client_address(_http(REMOTE_ADDR="unix:/run/daphne.sock")) == ""
    assert client_address(object()) == ""


def test_a_websocket_client_is_read_from_the_scope():
    # given
    socket = _websocket(["203.0.113.7", 51234], [(b"x-forwarded-for", b"198.51.100.1")])
    behind_proxy = _websocket(["10.0.0.1", 443], [(b"X-Forwarded-For", b"6.6.6.6, 198.51.100.1")])

    # when, then
    assert client_address(socket) == "203.0.113.7"
    assert client_address(_websocket(None)) == ""
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_address(behind_proxy) == "198.51.100.1"


def test_user_agent_over_http_and_websockets():
    assert user_agent(_http(HTTP_USER_AGENT="CongDoanSo/2.1 (Android 14)")) == "CongDoanSo/2.1 (Android 14)"
    assert user_agent(_websocket(["203.0.113.7", 1], [(b"user-agent", b"CongDoanSo/2.1 (iOS 18)")])) == (
        "CongDoanSo/2.1 (iOS 18)"
    )
    assert user_agent(_http()) == ""
    assert user_agent(object()) == ""
