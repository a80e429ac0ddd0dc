from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from cms.members.models import AuthSession, AuthToken
from cms.members.tokens import digest
from tests.factories import PASSWORD, make_officer

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


@override_settings(LOGIN_RATE_LIMIT=3)
def test_repeated_failures_are_throttled_even_with_the_right_password(login, member):
    # given three failed attempts
    for _ in range(3):
        assert login("0912345678", "sai")["errors"][0]["code"] == "INVALID_CREDENTIALS"

    # when the right password comes next
    result = login("0912345678", PASSWORD)

    # then it is still refused
    assert [e["code"] for e in result["errors"]] == ["TOO_MANY_ATTEMPTS"]
    assert result["tokens"] is None


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
