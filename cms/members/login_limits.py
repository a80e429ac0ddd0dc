"""How many wrong passwords an account, and a client address, may try: failed sign-in counters.

Three counters, each kept in the cache for ``LOGIN_RATE_LIMIT_WINDOW`` seconds from its first
failure (later failures do not push the expiry back):

- per **address** (``LOGIN_RATE_LIMIT_PER_ADDRESS``): failures from one client address across
  all accounts. It stops one machine from trying a common password on many accounts or locking
  many members out. It is checked first: once an address is blocked, its attempts are refused
  before they reach any account's counters.
- per **account at one address** (half of ``LOGIN_RATE_LIMIT``, rounded up): one address gets
  that many tries at one account. An attacker on one address therefore cannot lock a member
  out; the member, signing in from elsewhere, still can.
- per **account** (``LOGIN_RATE_LIMIT``): failures from every address together. It caps how
  many passwords a distributed attacker can try on one account; reaching it locks the account
  for the rest of the window, whoever asks.

The account is the member or user the identifier names, in any written form of the phone
number or any case of the username; an identifier naming no account is counted under its
canonical form, so refusals look the same whether the account exists or not.

An attempt takes its slots *before* the password is checked, with the cache's atomic
``add``/``incr`` (a lock in LocMemCache, INCR in Redis): parallel attempts cannot all read the
same count and slip through, and no failure is lost. A successful sign-in gives its address
slot back (the address limit counts failures only, so a factory's Wi-Fi is not blocked by its
workers signing in) and resets the account's counters. Attempts refused for the account give
their address slot back too: retrying a locked account is no attack on the address.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from cms.core.errors import ServiceError
from cms.members.backends import find_user
from cms.members.errors import AccountErrorCode
from cms.members.phone import InvalidPhone, normalize_phone

_KEY_PREFIX = "login-failures"
UNKNOWN_ADDRESS = "unknown"


def account_of(identifier: str) -> str:
    """The account an identifier counts against: the user it names, else its canonical form."""
    user = find_user(identifier)
    if user is not None:
        return f"user:{user.pk}"
    try:
        return "phone:" + normalize_phone(identifier)
    except InvalidPhone:
        return "name:" + identifier.strip().casefold()


def address_bucket(client_address: str) -> str:
    """The address a counter is kept for. An IPv6 client owns a whole /64 (any host can pick a
    fresh address inside it), so the /64 is counted; IPv4-mapped addresses count as IPv4."""
    try:
        address = ipaddress.ip_address((client_address or "").strip())
    except ValueError:
        return UNKNOWN_ADDRESS
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def per_account_per_address_limit() -> int:
    """Tries one address gets at one account: half the account's limit, rounded up."""
    return max(1, math.ceil(settings.LOGIN_RATE_LIMIT / 2))


def _key(kind: str, *parts: str) -> str:
    # Keyed digests: the cache holds no phone numbers or addresses in the clear.
    return f"{_KEY_PREFIX}:{kind}:" + salted_hmac(_KEY_PREFIX, "\x00".join(parts)).hexdigest()


def _account_key(account: str) -> str:
    return _key("account", account)


def _pair_key(account: str, address: str) -> str:
    return _key("account-address", account, address)


def _address_key(address: str) -> str:
    return _key("address", address)


def _count(key: str) -> int:
    return count_in_window(key, settings.LOGIN_RATE_LIMIT_WINDOW)


def count_in_window(key: str, window: int) -> int:
    """Add one to a cache counter whose ``window`` (seconds) starts at its first count; the new
    value. Atomic across processes (the cache's ``add``/``incr``); also used by other limits."""
    for _attempt in range(3):
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: start a new window
            continue
        if count == 1:
            # Django's Redis incr checks EXISTS, then INCR: a key expiring in between comes
            # back without a TTL. Restating the expiry on a window's first count means no
            # counter outlives its window.
            cache.touch(key, window)
        return count
    cache.set(key, 1, window)
    return 1


def _uncount(key: str) -> None:
    try:
        count = cache.decr(key)
    except ValueError:  # the window ended meanwhile: nothing to give back
        return
    if count < 0:
        # The key expired just before DECR recreated it, without a TTL.
        cache.delete(key)


def _refuse() -> ServiceError:
    minutes = math.ceil(settings.LOGIN_RATE_LIMIT_WINDOW / 60)
    return ServiceError(
        AccountErrorCode.TOO_MANY_ATTEMPTS,
        ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt that holds its slots in the counters until it turns out right."""

    account_key: str
    pair_key: str
    address_key: str

    def succeeded(self) -> None:
        cache.delete_many([self.account_key, self.pair_key])
        _uncount(self.address_key)


def start_attempt(identifier: str, client_address: str) -> Attempt:
    """Count a sign-in attempt before its password is checked.

    Raises ``ServiceError(TOO_MANY_ATTEMPTS)`` when the address, or the account from this
    address or from all of them, has used up its failures for the window.
    """
    address = address_bucket(client_address)
    address_key = _address_key(address)
    if _count(address_key) > settings.LOGIN_RATE_LIMIT_PER_ADDRESS:
        raise _refuse()
    account = account_of(identifier)
    attempt = Attempt(_account_key(account), _pair_key(account, address), address_key)
    # The pair is counted before the account: tries refused at this address never reach the
    # account's counter, so one address can bring it to half its limit at most.
    if _count(attempt.pair_key) > per_account_per_address_limit() or (
        _count(attempt.account_key) > settings.LOGIN_RATE_LIMIT
    ):
        _uncount(address_key)
        raise _refuse()
    return attempt


def account_failures(identifier: str) -> int:
    """Failed (or in-flight) attempts counted against the account an identifier names."""
    return cache.get(_account_key(account_of(identifier)), 0)


def address_failures(client_address: str) -> int:
    """Failed (or in-flight) attempts counted against a client address."""
    return cache.get(_address_key(address_bucket(client_address)), 0)


def account_failures_at(identifier: str, client_address: str) -> int:
    """Failed (or in-flight) attempts from one address at the account an identifier names."""
    return cache.get(_pair_key(account_of(identifier), address_bucket(client_address)), 0)
