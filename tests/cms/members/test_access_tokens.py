"""The access-token lookup every signed-in request makes (one statement written once per process)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.members import tokens
from cms.members.models import AuthSession, AuthToken, TokenKind


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_the_token_gives_the_same_user_and_session_the_orm_reads_in_one_statement(member):
    user = member.user
    user.first_name = "Lan"
    user.last_login = timezone.now() - timedelta(days=2)
    user.save()
    session = AuthSession.objects.create(user=user, user_agent="Công đoàn số/1.0 (Android)")
    access = tokens._issue_pair(session).access_token

    with CaptureQueriesContext(connection) as queries:
        found_user, found_session = tokens.authenticate_access_token(access)

    assert len(queries) == 1
    # every field with the type the ORM gives it (the database's converters applied: a datetime
    # read back from SQLite is an aware datetime, not text)
    assert _fields(found_user) == _fields(get_user_model().objects.get(pk=user.pk))
    assert _fields(found_session) == _fields(AuthSession.objects.get(pk=session.pk))
    assert found_session.created_at.tzinfo is not None
    assert found_session.user is found_user  # no second query for the session's user
    assert found_user.has_usable_password() == user.has_usable_password()


def test_only_a_live_access_token_of_an_open_session_and_an_active_user_is_accepted(member):
    session = AuthSession.objects.create(user=member.user)
    pair = tokens._issue_pair(session)

    assert tokens.authenticate_access_token(pair.access_token) is not None
    assert tokens.authenticate_access_token(pair.refresh_token) is None  # the wrong kind
    assert tokens.authenticate_access_token(pair.access_token + "x") is None
    assert tokens.authenticate_access_token("") is None

    AuthToken.objects.filter(kind=TokenKind.ACCESS).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tokens.authenticate_access_token(pair.access_token) is None

    fresh = tokens._issue_pair(session).access_token
    member.user.is_active = False
    member.user.save()
    assert tokens.authenticate_access_token(fresh) is None
    member.user.is_active = True
    member.user.save()
    assert tokens.authenticate_access_token(fresh) is not None

    tokens.logout(session)
    assert tokens.authenticate_access_token(fresh) is None
