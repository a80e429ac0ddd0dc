"""Failed sign-in limits (cms.members.login_limits through cms.members.tokens.login).

Defaults: 10 failures per account from all addresses, half of that (5) from one address at one
account, 50 per address across accounts, in a window that starts at the first failure.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from cms.core.errors import ServiceError
from cms.members import login_limits, tokens
from cms.members.errors import AccountErrorCode
from cms.members.models import AuthSession
from tests.factories import PASSWORD, make_member, make_officer

PHONE = "0909700782"
WRITTEN_FORMS = ["+84909700782", "0909.700.782", "0.909700782", "84909700782", " 0909 700 782 "]
ATTACKER = "203.0.113.7"
HOME = "198.51.100.20"
LIMITS = {"LOGIN_RATE_LIMIT": 10, "LOGIN_RATE_LIMIT_PER_ADDRESS": 50, "LOGIN_RATE_LIMIT_WINDOW": 900}


@pytest.fixture
def victim(tree):
    return make_member(tree["vsip"], phone=PHONE, full_name="Trần Thị Mai")


@pytest.fixture(autouse=True)
def _default_limits(settings):
    for name, value in LIMITS.items():
        setattr(settings, name, value)


def attempt(identifier: str, password: str, address: str) -> str:
    """ "OK" or the error code of one sign-in."""
    try:
        tokens.login(identifier, password, client_address=address)
    except ServiceError as exc:
        return exc.code.value
    return "OK"


# --- one account, every written form of its number -------------------------------------------


@pytest.mark.parametrize("written", WRITTEN_FORMS)
def test_a_locked_number_is_refused_in_every_written_form_even_with_the_right_password(victim, written):
    # given ten failures for the number, from two addresses (five each: one address's share)
    for address in ("198.51.100.1", "198.51.100.2"):
        assert [attempt(PHONE, "sai", address) for _ in range(5)] == ["INVALID_CREDENTIALS"] * 5

    # when the right password comes through another written form from a third address
    result = attempt(written, PASSWORD, "198.51.100.3")

    # then the account is locked for everyone
    assert result == "TOO_MANY_ATTEMPTS"
    assert AuthSession.objects.count() == 0
    assert login_limits.account_failures(PHONE) == 11


@pytest.mark.parametrize("written", WRITTEN_FORMS)
def test_one_address_at_its_share_is_refused_in_every_written_form(victim, written):
    # given five failures from one address (its share of the account's ten)
    assert [attempt(PHONE, "sai", ATTACKER) for _ in range(5)] == ["INVALID_CREDENTIALS"] * 5

    # when, then: another written form from that address is refused, right password or not
    assert attempt(written, PASSWORD, ATTACKER) == "TOO_MANY_ATTEMPTS"
    assert attempt(written, "sai", ATTACKER) == "TOO_MANY_ATTEMPTS"


def test_dotted_variants_get_no_fresh_guesses(victim):
    # given twelve spellings of one number, tried from six addresses, two each
    variants = [
        "0909.700.782",
        "0909.70.07.82",
        "09.09.70.07.82",
        "0.909.700.782",
        "0909-700-782",
        "(0909) 700 782",
        "+84.909.700.782",
        "84.909.700.782",
        "0909 700782",
        "090 970 0782",
        ".0909700782.",
        "0909700782",
    ]
    addresses = [f"198.51.100.{n}" for n in range(1, 7) for _ in range(2)]

    # when each gets a wrong password
    results = [attempt(variant, "sai", address) for variant, address in zip(variants, addresses, strict=True)]

    # then they share the account's ten guesses
    assert results == ["INVALID_CREDENTIALS"] * 10 + ["TOO_MANY_ATTEMPTS"] * 2
    assert login_limits.account_failures("+84 909 700 782") == 12


def test_a_number_with_no_account_is_counted_the_same_way(db):
    # given no member has this number: the refusals must look the same as for a real one
    variants = ["0911.222.333", "+84911222333", "911222333", "84911222333", " 0911 222 333 ", "0.911222333"]

    # when
    results = [attempt(variant, "sai", ATTACKER) for variant in variants]

    # then
    assert results == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"]
    assert login_limits.account_failures("0911222333") == 5


def test_usernames_are_counted_whatever_their_case(tree):
    # given an officer account
    make_officer(tree["kcn"], role="editor", username="bientap.kcn")

    # when the username is tried in several cases
    results = [attempt(name, "sai", ATTACKER) for name in ("bientap.kcn", "BienTap.KCN", " BIENTAP.KCN ")]

    # then one counter holds them all
    assert results == ["INVALID_CREDENTIALS"] * 3
    assert login_limits.account_failures("Bientap.Kcn") == 3


# --- addresses ---------------------------------------------------------------------------------


def test_one_address_cannot_lock_a_member_out(victim):
    # given an attacker on one address trying twenty wrong passwords
    results = [attempt(PHONE, f"sai-{n}", ATTACKER) for n in range(20)]

    # when the member signs in from their own phone
    result = attempt(" 0909 700 782 ", PASSWORD, HOME)

    # then the attacker had five guesses, and the member gets in
    assert results == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"] * 15
    assert result == "OK"


@override_settings(LOGIN_RATE_LIMIT_PER_ADDRESS=6)
def test_one_address_is_blocked_across_accounts_and_its_blocked_attempts_count_against_no_one(tree, victim):
    # given an address that tried one wrong password on each of six accounts
    members = [make_member(tree["vsip"]) for _ in range(6)]
    assert [attempt(m.phone, "sai", ATTACKER) for m in members] == ["INVALID_CREDENTIALS"] * 6

    # when it goes on, with the victim's right password and then wrong ones
    blocked = [attempt(PHONE, PASSWORD, ATTACKER)] + [attempt(PHONE, "sai", ATTACKER) for _ in range(20)]

    # then it is refused without the password being looked at, and the victim's counter is untouched
    assert blocked == ["TOO_MANY_ATTEMPTS"] * 21
    assert login_limits.account_failures(PHONE) == 0
    assert login_limits.address_failures(ATTACKER) == 27
    # other addresses are not affected
    assert attempt(PHONE, PASSWORD, HOME) == "OK"


@override_settings(LOGIN_RATE_LIMIT_PER_ADDRESS=3)
def test_successful_sign_ins_do_not_use_up_the_address(tree):
    # given a factory's Wi-Fi: many workers behind one address
    workers = [make_member(tree["vsip"]) for _ in range(8)]

    # when all of them sign in, and two mistype first
    typos = [attempt(w.phone, "sai", ATTACKER) for w in workers[:2]]
    signed_in = [attempt(w.phone, PASSWORD, ATTACKER) for w in workers]

    # then only the two failures count against the address
    assert typos == ["INVALID_CREDENTIALS"] * 2
    assert signed_in == ["OK"] * 8
    assert login_limits.address_failures(ATTACKER) == 2


def test_ipv6_clients_are_counted_by_their_64_prefix(victim):
    # given five failures from addresses inside one /64
    results = [attempt(PHONE, "sai", f"2001:db8:1:2::{n:x}") for n in range(1, 6)]

    # when a sixth address in the same /64 tries; and an IPv4-mapped address
    same_prefix = attempt(PHONE, PASSWORD, "2001:db8:1:2:ffff::1")
    other_prefix = attempt(PHONE, PASSWORD, "2001:db8:1:3::1")

    # then
    assert results == ["INVALID_CREDENTIALS"] * 5
    assert same_prefix == "TOO_MANY_ATTEMPTS"
    assert other_prefix == "OK"
    assert login_limits.address_bucket("::ffff:203.0.113.7") == "203.0.113.7"
    assert login_limits.address_bucket("2001:db8:1:2::5") == "2001:db8:1:2::/64"
    assert login_limits.address_bucket("not an address") == "unknown"


# --- resets --------------------------------------------------------------------------------


def test_a_successful_sign_in_before_the_limit_resets_the_members_counters(victim):
    # given four failures from the member's phone, one short of that address's share
    assert [attempt(PHONE, "sai", HOME) for _ in range(4)] == ["INVALID_CREDENTIALS"] * 4

    # when the member gets the password right
    assert attempt(PHONE, PASSWORD, HOME) == "OK"

    # then the account starts again from zero; the address keeps its failures
    assert login_limits.account_failures(PHONE) == 0
    assert login_limits.account_failures_at(PHONE, HOME) == 0
    assert login_limits.address_failures(HOME) == 4
    assert [attempt(PHONE, "sai", HOME) for _ in range(6)] == ["INVALID_CREDENTIALS"] * 5 + [
        "TOO_MANY_ATTEMPTS"
    ]


def test_empty_identifier_or_password_is_refused_without_counting(victim):
    # when
    results = [attempt("", "sai", ATTACKER), attempt("   ", "sai", ATTACKER), attempt(PHONE, "", ATTACKER)]

    # then
    assert results == ["INVALID_CREDENTIALS"] * 3
    assert login_limits.address_failures(ATTACKER) == 0
    assert login_limits.account_failures(PHONE) == 0


def test_the_message_says_how_long_to_wait(victim, settings):
    # given
    settings.LOGIN_RATE_LIMIT_PER_ADDRESS = 1
    attempt(PHONE, "sai", ATTACKER)

    # when
    with pytest.raises(ServiceError) as refused:
        tokens.login(PHONE, PASSWORD, client_address=ATTACKER)

    # then
    assert refused.value.code == AccountErrorCode.TOO_MANY_ATTEMPTS
    assert str(refused.value.message) == "Too many failed sign-in attempts. Try again in 15 minutes."


# --- real caches: atomic counts and fixed windows ------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture(
    params=[
        "locmem",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(
                not REDIS_URL,
                reason="REDIS_URL is not set: the suite's Redis run (REDIS_URL=redis://127.0.0.1:6379/15) covers it",
            ),
        ),
    ]
)
def real_cache(request):
    """The cache the limits use, as the embedded default (LocMemCache) and as production (Redis)."""
    backend = (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "login-limits-tests"}
        if request.param == "locmem"
        else {
            "BACKEND": "cms.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "login-limits-tests",
        }
    )
    with override_settings(CACHES={"default": backend}):
        cache.clear()
        yield request.param
        cache.clear()


def _in_parallel(calls: int, identifier: str, address: str) -> list[str]:
    start = threading.Barrier(calls)

    def one(n: int) -> str:
        try:
            start.wait()
            return attempt(identifier, f"sai-{n}", address)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=calls) as pool:
        return list(pool.map(one, range(calls)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_wrong_passwords_are_all_counted(real_cache, victim, settings):
    # given limits high enough that every attempt is evaluated (one address's share: 100)
    settings.LOGIN_RATE_LIMIT = 200
    settings.LOGIN_RATE_LIMIT_PER_ADDRESS = 100

    # when twenty wrong passwords arrive at once, three times
    results = [_in_parallel(20, PHONE, ATTACKER) for _ in range(3)]

    # then no count is lost
    assert results == [["INVALID_CREDENTIALS"] * 20] * 3
    assert login_limits.account_failures(PHONE) == 60
    assert login_limits.address_failures(ATTACKER) == 60
    assert login_limits.account_failures_at(PHONE, ATTACKER) == 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_wrong_passwords_get_no_more_guesses_than_sequential_ones(real_cache, victim):
    # when twenty wrong passwords arrive at once from one address (its share: five)
    results = _in_parallel(20, " 0909.700.782 ", ATTACKER)

    # then exactly five were evaluated
    assert sorted(results) == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"] * 15
    assert login_limits.account_failures(PHONE) == 5
    assert login_limits.account_failures_at(PHONE, ATTACKER) == 20
    # the fifteen refused at the account gave their address slot back
    assert login_limits.address_failures(ATTACKER) == 5


def test_the_window_runs_from_the_first_failure(real_cache, victim, settings):
    # given a one-second window and a failure at its start
    settings.LOGIN_RATE_LIMIT_WINDOW = 1
    assert attempt(PHONE, "sai", ATTACKER) == "INVALID_CREDENTIALS"

    # when another failure comes before the window ends
    time.sleep(0.5)
    assert attempt(PHONE, "sai", ATTACKER) == "INVALID_CREDENTIALS"
    assert login_limits.account_failures(PHONE) == 2

    # then the counters end with the window that began at the first failure
    time.sleep(0.7)
    assert login_limits.account_failures(PHONE) == 0
    assert login_limits.account_failures_at(PHONE, ATTACKER) == 0
    assert login_limits.address_failures(ATTACKER) == 0
