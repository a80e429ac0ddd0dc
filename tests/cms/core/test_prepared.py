"""A prepared query gives exactly what its queryset gives, compiles once per connection, and
refuses what it cannot prepare."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from cms.core.prepared import PreparedQuery
from cms.members.models import Member, MemberStatus
from tests.factories import make_federation, make_member

pytestmark = pytest.mark.django_db

MEMBER_OF_USER = PreparedQuery(
    lambda user_id, status: (
        Member.objects.filter(user_id=user_id, status=status)
        .select_related("organisation", "user")
        .order_by("pk")[:1]
    ),
    user_id=int,
    status=str,
)
PHONES_OF_UNION = PreparedQuery(
    lambda organisation_id: (
        Member.objects.filter(organisation_id=organisation_id)
        .order_by("phone")
        .values_list("phone", "full_name")
    ),
    organisation_id=int,
)


@pytest.fixture
def members():
    union = make_federation()
    return [make_member(union, phone=f"091200000{n}", full_name=f"Đoàn viên {n}") for n in range(3)]


def test_rows_are_the_querysets_own(members):
    wanted = members[1]

    found = MEMBER_OF_USER.first(user_id=wanted.user_id, status=MemberStatus.ACTIVE.value)
    rows = PHONES_OF_UNION.all(organisation_id=wanted.organisation_id)

    # the instance, its related rows (select_related: no further query) and the values
    assert found == wanted and found.full_name == "Đoàn viên 1"
    with CaptureQueriesContext(connection) as queries:
        assert (found.organisation.name, found.user.username) == (
            wanted.organisation.name,
            wanted.user.username,
        )
    assert len(queries) == 0
    assert rows == list(
        Member.objects.filter(organisation_id=wanted.organisation_id)
        .order_by("phone")
        .values_list("phone", "full_name")
    )
    assert MEMBER_OF_USER.first(user_id=wanted.user_id, status=MemberStatus.SUSPENDED.value) is None


def test_each_value_goes_to_its_own_place(members):
    # the values are swapped in, not the ones it was first run with
    first = MEMBER_OF_USER.first(user_id=members[0].user_id, status=MemberStatus.ACTIVE.value)
    second = MEMBER_OF_USER.first(user_id=members[2].user_id, status=MemberStatus.ACTIVE.value)

    assert (first, second) == (members[0], members[2])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_statement_is_compiled_once_per_connection(members):
    prepared = PreparedQuery(lambda pk: Member.objects.filter(pk=pk).order_by("pk")[:1], pk=int)
    compiled = mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql)

    with compiled as as_sql:
        for member in members:
            assert prepared.first(pk=member.pk) == member
    assert as_sql.call_count == 1

    in_another_thread = []

    def read() -> None:
        try:
            in_another_thread.append(prepared.first(pk=members[0].pk))
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    with compiled as as_sql:
        thread.start()
        thread.join()
    # another thread has its own connection, and compiles for it
    assert as_sql.call_count == 1 and in_another_thread == [members[0]]


def test_values_it_cannot_send_as_given_take_djangos_path(members):
    # an id beyond any integer column finds nothing (Django's answer), not a database error
    by_pk = PreparedQuery(lambda pk: Member.objects.filter(pk=pk).order_by("pk")[:1], pk=int)
    assert by_pk.first(pk=members[0].pk) == members[0]
    assert by_pk.first(pk=2**63) is None and by_pk.first(pk=-(2**63) - 1) is None
    # a value of another kind is turned by Django as the queryset would
    assert (
        MEMBER_OF_USER.first(user_id=str(members[0].user_id), status=MemberStatus.ACTIVE.value) == members[0]
    )


def test_a_value_django_transforms_cannot_be_prepared(members):
    prepared = PreparedQuery(lambda phone: Member.objects.filter(phone__startswith=phone), phone=str)

    with pytest.raises(ImproperlyConfigured, match="cannot be prepared"):
        prepared.all(phone="0912")


def test_it_wants_exactly_its_values():
    with pytest.raises(TypeError):
        MEMBER_OF_USER.first(user_id=1)
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(lambda day: Member.objects.filter(date_of_birth=day), day=object)
