"""The signed-in member's profile as `me { member { ... } }` answers it."""

from __future__ import annotations

import pytest

from cms.members import tokens
from tests.factories import PASSWORD, make_member

PROFILE = "{ me { member { fullName gender status } } }"


@pytest.mark.parametrize(("stored", "answered"), [("", None), ("female", "FEMALE")], ids=["blank", "female"])
def test_gender_is_null_when_the_profile_has_none(gql, tree, stored, answered):
    # given a member whose gender was left blank (found by the fuzzer: the blank value is no
    # Gender and the field answered INTERNAL_SERVER_ERROR), or given
    member = make_member(tree["vsip"], phone="0912345678", full_name="Nguyễn Văn An", gender=stored)
    token = tokens.login(member.phone, PASSWORD).access_token

    # when
    result = gql.execute(PROFILE, token=token)

    # then
    assert result == {
        "data": {"me": {"member": {"fullName": "Nguyễn Văn An", "gender": answered, "status": "ACTIVE"}}}
    }
