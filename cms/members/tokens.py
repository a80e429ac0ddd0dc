"""Sign-in, token refresh and sign-out: the only place tokens are made or checked.

Tokens are 256-bit random strings from ``secrets``; only their SHA-256 digests are stored, so
a database leak gives no usable token. An access token is short-lived; a refresh token is
single-use and rotates. Presenting a refresh token that was already used means it was
copied, so the whole session is revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.errors import ServiceError
from cms.members import login_limits
from cms.members.errors import AccountErrorCode
from cms.members.membership import remember_member
from cms.members.models import AuthSession, AuthToken, Member, TokenKind
from cms.organisations.models import Organisation


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime
    session: AuthSession


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(session: AuthSession, kind: str, ttl) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires_at = timezone.now() + ttl
    AuthToken.objects.create(session=session, kind=kind, digest=digest(token), expires_at=expires_at)
    return token, expires_at


def _issue_pair(session: AuthSession) -> TokenPair:
    access, access_exp = _new_token(session, TokenKind.ACCESS, settings.ACCESS_TOKEN_TTL)
    refresh, refresh_exp = _new_token(session, TokenKind.REFRESH, settings.REFRESH_TOKEN_TTL)
    return TokenPair(access, access_exp, refresh, refresh_exp, session)


def login(identifier: str, password: str, *, user_agent: str = "", client_address: str = "") -> TokenPair:
    """Check the credentials and open a session. Raises ``ServiceError`` on failure.

    ``client_address`` is the address the attempt came from (``cms.core.client``); failures are
    limited per account and per address (``cms.members.login_limits``). Callers that have no
    client (code, tests) leave it empty and share one "unknown" address.
    """
    identifier = (identifier or "").strip()
    if not identifier or not password:
        raise ServiceError(
            AccountErrorCode.INVALID_CREDENTIALS, _("Enter your phone number or username and your password.")
        )
    attempt = login_limits.start_attempt(identifier, client_address)
    user = authenticate(username=identifier, password=password)
    if user is None:
        # The attempt keeps its slots in the counters: that is the failure counted.
        raise ServiceError(
            AccountErrorCode.INVALID_CREDENTIALS, _("The phone number, username or password is incorrect.")
        )
    attempt.succeeded()
    with transaction.atomic():
        session = AuthSession.objects.create(user=user, user_agent=(user_agent or "")[:255])
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        return _issue_pair(session)


def refresh(refresh_token: str) -> TokenPair:
    """Exchange a refresh token for a new pair. The old refresh token stops working."""
    with transaction.atomic():
        token = (
            AuthToken.objects.select_for_update()
            .select_related("session__user")
            .filter(digest=digest(refresh_token or ""), kind=TokenKind.REFRESH)
            .first()
        )
        if token is None or token.session.is_revoked or not token.session.user.is_active:
            raise ServiceError(
                AccountErrorCode.INVALID_TOKEN, _("This sign-in is no longer valid. Sign in again.")
            )
        reused = token.used_at is not None
        if reused:
            # Outside any rollback: the revocation must stick although we answer with an error.
            _revoke(token.session, "refresh_reuse")
        elif token.is_expired:
            raise ServiceError(AccountErrorCode.TOKEN_EXPIRED, _("Your sign-in has expired. Sign in again."))
        else:
            return _rotate(token)
    raise ServiceError(AccountErrorCode.INVALID_TOKEN, _("This sign-in is no longer valid. Sign in again."))


def _rotate(token: AuthToken) -> TokenPair:
    now = timezone.now()
    token.used_at = now
    token.save(update_fields=["used_at"])
    # The access tokens issued with the old pair end now: one live pair per session.
    AuthToken.objects.filter(session=token.session, kind=TokenKind.ACCESS, expires_at__gt=now).update(
        expires_at=now
    )
    return _issue_pair(token.session)


def _revoke(session: AuthSession, reason: str) -> None:
    if session.revoked_at is None:
        session.revoked_at = timezone.now()
        session.revoked_reason = reason
        session.save(update_fields=["revoked_at", "revoked_reason"])


def revoke_sessions(user, reason: str) -> int:
    """End every sign-in of ``user`` (deactivated, left the union): their tokens stop working and
    their open sockets are closed at their next check (realtime.stream)."""
    return AuthSession.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )


def logout(session: AuthSession) -> None:
    _revoke(session, "logout")


def authenticate_access_token(token: str) -> tuple[object, AuthSession] | None:
    """The (user, session) an access token belongs to, or None if it is unknown, expired or revoked."""
    if not token:
        return None
    found = _read_access_token(digest(token), timezone.now())
    if found is None:
        return None
    session, user = found
    if session.is_revoked or not user.is_active:
        return None
    return user, session


# Every signed-in request reads its token, session and user, and most of them the member profile
# and its union (the visibility rule, a contest start, feedback). Compiling that queryset each time
# was ~1.5 ms of CPU, a third of a request that does nothing else (benchmarks/contest_rush.py's
# floor): the statement is written once per process from the models' own fields (a new column
# is read without touching this code) and each row becomes model instances through the
# backend's converters, as the ORM's iterator does. The member and its union come in the same
# row (LEFT JOINs: a user may have no member profile) and are kept on the user for
# cms.members.membership, which then reads no more.
def _token_parts() -> tuple:
    """(table alias, model, join) of each part of the row, in order; the first is FROM. A join is
    (kind, the part's column, the other part's alias, its column)."""
    user_model = get_user_model()
    return (
        ("t", AuthToken, None),
        ("s", AuthSession, ("INNER", AuthSession._meta.pk, "t", AuthToken._meta.get_field("session"))),
        ("u", user_model, ("INNER", user_model._meta.pk, "s", AuthSession._meta.get_field("user"))),
        ("m", Member, ("LEFT OUTER", Member._meta.get_field("user"), "u", user_model._meta.pk)),
        (
            "o",
            Organisation,
            ("LEFT OUTER", Organisation._meta.pk, "m", Member._meta.get_field("organisation")),
        ),
    )


@lru_cache(maxsize=4)
def _access_token_statement(alias: str) -> tuple[str, tuple]:
    conn = connections[alias]
    quote = conn.ops.quote_name
    froms, parts, columns = [], [], []
    for table_alias, model, join in _token_parts():
        table = f"{quote(model._meta.db_table)} {table_alias}"
        if join is None:
            froms.append(table)
        else:
            kind, own_field, other, other_field = join
            froms.append(
                f"{kind} JOIN {table}"
                f" ON {table_alias}.{quote(own_field.column)} = {other}.{quote(other_field.column)}"
            )
        if model is AuthToken:
            continue  # only its conditions: the token itself is not kept
        fields = model._meta.concrete_fields
        cols = [field.get_col(table_alias) for field in fields]
        columns += [f"{table_alias}.{quote(field.column)}" for field in fields]
        converters = [(col, conn.ops.get_db_converters(col) + col.get_db_converters(conn)) for col in cols]
        parts.append((model, [field.attname for field in fields], converters))
    token_meta = AuthToken._meta
    sql = (
        f"SELECT {', '.join(columns)} FROM {' '.join(froms)}"
        f" WHERE t.{quote(token_meta.get_field('digest').column)} = %s"
        f" AND t.{quote(token_meta.get_field('kind').column)} = %s"
        f" AND t.{quote(token_meta.get_field('expires_at').column)} > %s"
    )
    return sql, tuple(parts)


def _read_access_token(token_digest: str, now: datetime) -> tuple[AuthSession, object] | None:
    """The session and user of the live access token with this digest, the user's member profile
    and union cached on them (one statement)."""
    alias = router.db_for_read(AuthToken)
    sql, parts = _access_token_statement(alias)
    conn = connections[alias]
    expires = AuthToken._meta.get_field("expires_at").get_db_prep_value(now, conn)
    with conn.cursor() as cursor:
        cursor.execute(sql, [token_digest, TokenKind.ACCESS.value, expires])
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for model, attnames, converters in parts:
        values = list(row[start : start + len(attnames)])
        start += len(attnames)
        if values[0] is None:  # no member profile (an outer join's empty side): nor a union
            instances.append(None)
            continue
        for index, (col, field_converters) in enumerate(converters):
            for converter in field_converters:
                values[index] = converter(values[index], col, conn)
        instances.append(model.from_db(alias, attnames, values))
    session, user, member, organisation = instances
    session.user = user
    if member is not None:
        member.organisation = organisation
        member.user = user
    remember_member(user, member)
    return session, user


def bearer_token(header_value: str | None) -> str | None:
    """The token in an ``Authorization: Bearer <token>`` value, or None."""
    if not header_value:
        return None
    scheme, _sep, token = header_value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
