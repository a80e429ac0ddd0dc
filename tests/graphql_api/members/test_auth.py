from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from cms.members import login_limits
from cms.members.models import AuthSession, AuthToken
from cms.members.tokens import digest
from tests.conftest import LOGIN
from tests.factories import PASSWORD, make_member, make_officer

ME = "{ me { username displayName member { fullName phone status statusLabel organisation { code name } } officerRoles { role roleLabel organisation { code } } } }"
REFRESH = """
mutation Refresh($token: String!) {
  refreshToken(input: {refreshToken: $token}) { tokens { accessToken refreshToken } errors { field code message } }
}
"""
LOGOUT = "mutation { logout { ok errors { code } } }"


def test_member_signs_in_with_phone_in_any_common_format_and_reads_me(gql, login, member):
    # given a member whose phone is stored as 0912345678
    # when they sign in with the international form
    result = login("+84 912 345 678", PASSWORD)

    # then they get both tokens and their profile
    assert result["errors"] == []
    assert result["me"]["member"] == {
        "fullName": "Nguyễn Văn An",
        "phone": "0912345678",
        "organisation": {"code": "cdcs-luxshare"},
    }
    me = gql.execute(ME, token=result["tokens"]["accessToken"], HTTP_ACCEPT_LANGUAGE="en")
    assert me["data"]["me"]["member"]["status"] == "ACTIVE"
    assert me["data"]["me"]["member"]["statusLabel"] == "Active"
    assert me["data"]["me"]["member"]["organisation"] == {
        "code": "cdcs-luxshare",
        "name": "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
    }


def test_tokens_are_stored_hashed(login, member):
    # when
    result = login("0912345678", PASSWORD)

    # then only digests are in the database
    access = result["tokens"]["accessToken"]
    assert not AuthToken.objects.filter(digest=access).exists()
    assert AuthToken.objects.filter(digest=digest(access), kind="access").count() == 1


def test_wrong_password_gives_typed_error_and_no_token(gql, login, member):
    # when
    result = login("0912345678", "sai-mat-khau")

    # then
    assert result["tokens"] is None
    assert [e["code"] for e in result["errors"]] == ["INVALID_CREDENTIALS"]
    assert AuthSession.objects.count() == 0
    assert AuthToken.objects.count() == 0


@override_settings(LOGIN_RATE_LIMIT=6)
def test_repeated_failures_are_throttled_even_with_the_right_password(login, member):
    # given three failed attempts from one address (its share of the account's six)
    for _ in range(3):
        assert login("0912345678", "sai")["errors"][0]["code"] == "INVALID_CREDENTIALS"

    # when the right password comes next
    result = login("0912345678", PASSWORD)

    # then it is still refused, with the message in Vietnamese (the default language)
    assert result["errors"] == [
        {
            "field": None,
            "code": "TOO_MANY_ATTEMPTS",
            "message": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
        }
    ]
    assert result["tokens"] is None


WRITTEN_FORMS = ["+84909700782", "0909.700.782", "0.909700782", "84909700782", " 0909 700 782 "]


@pytest.fixture
def mai(tree):
    return make_member(tree["vsip"], phone="0909700782", full_name="Trần Thị Mai")


def _login_from(gql, address: str, identifier: str, password: str, **headers) -> dict:
    variables = {"identifier": identifier, "password": password}
    return gql.execute(LOGIN, variables, REMOTE_ADDR=address, **headers)["data"]["login"]


@pytest.mark.parametrize("written", WRITTEN_FORMS)
def test_a_locked_number_is_refused_in_every_written_form(gql, mai, written):
    # given ten failures for 0909700782 (LOGIN_RATE_LIMIT), five from each of two addresses
    for address in ("198.51.100.1", "198.51.100.2"):
        for _ in range(5):
            failed = _login_from(gql, address, "0909700782", "sai")
            assert [e["code"] for e in failed["errors"]] == ["INVALID_CREDENTIALS"]

    # when the right password comes in another written form, from another address
    result = _login_from(gql, "198.51.100.3", written, PASSWORD)

    # then
    assert [e["code"] for e in result["errors"]] == ["TOO_MANY_ATTEMPTS"]
    assert result["tokens"] is None
    assert AuthSession.objects.count() == 0


def test_one_address_cannot_keep_a_member_out(gql, mai):
    # given an address that tried wrong passwords through every written form
    codes = [
        _login_from(gql, "203.0.113.7", written, "sai")["errors"][0]["code"]
        for written in WRITTEN_FORMS + WRITTEN_FORMS
    ]

    # when the member signs in from their own phone
    result = _login_from(gql, "198.51.100.20", "0909700782", PASSWORD)

    # then the address had five guesses and the member gets in
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"] * 5
    assert result["errors"] == []
    assert result["me"]["member"]["phone"] == "0909700782"


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(gql, mai):
    # given TRUSTED_PROXY_COUNT=0: an attacker varies X-Forwarded-For to look like many clients
    codes = [
        _login_from(gql, "203.0.113.7", "0909700782", "sai", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")["errors"][0][
            "code"
        ]
        for n in range(6)
    ]

    # then every attempt counted against the one connection address
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"]
    assert login_limits.address_failures("203.0.113.7") == 5


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(gql, mai):
    # given one proxy in front (REMOTE_ADDR is the proxy), which appends the client's address;
    # the client spoofed an entry of its own to the left
    codes = [
        _login_from(gql, "10.0.0.1", "0909700782", "sai", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7")[
            "errors"
        ][0]["code"]
        for n in range(6)
    ]

    # when another client signs in through the same proxy
    other = _login_from(gql, "10.0.0.1", "0909700782", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20")

    # then the spoofed entries were ignored, and the proxy's address was not blocked
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"]
    assert login_limits.address_failures("203.0.113.7") == 5
    assert login_limits.address_failures("10.0.0.1") == 0
    assert other["errors"] == []


def test_officer_signs_in_with_username(login, tree):
    # given
    make_officer(tree["kcn"], role="editor", username="bientap.kcn")

    # when
    result = login("bientap.kcn", PASSWORD)

    # then
    assert result["errors"] == []
    assert result["me"]["username"] == "bientap.kcn"
    assert result["me"]["member"] is None


def test_me_without_token_is_unauthenticated(gql, db):
    result = gql.execute(ME)
    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_bad_or_expired_or_revoked_token_is_refused_with_code(gql, login, member):
    # given a valid sign-in
    tokens = login("0912345678", PASSWORD)["tokens"]

    # when a made-up token is sent, then
    assert gql.execute(ME, token="khong-hop-le")["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    # when the access token has expired
    AuthToken.objects.filter(digest=digest(tokens["accessToken"])).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    expired = gql.execute(ME, token=tokens["accessToken"])
    assert expired["data"] is None
    assert expired["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    # even a public query is refused, so the app knows to refresh
    public = gql.execute("{ organisations(first: 1) { totalCount } }", token=tokens["accessToken"])
    assert public["data"] is None
    assert public["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_refresh_rotates_and_old_refresh_token_reuse_revokes_the_session(gql, login, member):
    # given
    first = login("0912345678", PASSWORD)["tokens"]

    # when
    second = gql.execute(REFRESH, {"token": first["refreshToken"]})["data"]["refreshToken"]

    # then a new pair works and the old access token is gone
    assert second["errors"] == []
    new = second["tokens"]
    assert gql.execute(ME, token=new["accessToken"])["data"]["me"]["username"] == member.user.username
    assert gql.execute(ME, token=first["accessToken"])["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    # when the first refresh token is replayed (stolen copy)
    replay = gql.execute(REFRESH, {"token": first["refreshToken"]})["data"]["refreshToken"]

    # then it is refused and the whole session is revoked, new tokens included
    assert [e["code"] for e in replay["errors"]] == ["INVALID_TOKEN"]
    assert gql.execute(ME, token=new["accessToken"])["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (
        gql.execute(REFRESH, {"token": new["refreshToken"]})["data"]["refreshToken"]["errors"][0]["code"]
        == "INVALID_TOKEN"
    )
    assert AuthSession.objects.get().revoked_reason == "refresh_reuse"


def test_expired_refresh_token_is_refused(gql, login, member):
    tokens = login("0912345678", PASSWORD)["tokens"]
    AuthToken.objects.filter(digest=digest(tokens["refreshToken"])).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    result = gql.execute(REFRESH, {"token": tokens["refreshToken"]})["data"]["refreshToken"]

    assert result["tokens"] is None
    assert [e["code"] for e in result["errors"]] == ["TOKEN_EXPIRED"]


def test_logout_revokes_both_tokens(gql, login, member):
    # given
    tokens = login("0912345678", PASSWORD)["tokens"]

    # when
    result = gql.execute(LOGOUT, token=tokens["accessToken"])

    # then
    assert result["data"]["logout"] == {"ok": True, "errors": []}
    assert (
        gql.execute(ME, token=tokens["accessToken"])["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    )
    assert (
        gql.execute(REFRESH, {"token": tokens["refreshToken"]})["data"]["refreshToken"]["errors"][0]["code"]
        == "INVALID_TOKEN"
    )


def test_deactivated_user_token_stops_working(gql, login, member):
    tokens = login("0912345678", PASSWORD)["tokens"]
    member.user.is_active = False
    member.user.save()

    assert (
        gql.execute(ME, token=tokens["accessToken"])["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    )
