from __future__ import annotations

import importlib
import re
from enum import StrEnum
from pathlib import Path

import pytest

from cms.core.errors import ErrorCode, ServiceError, ServiceErrors
from cms.members.errors import AccountErrorCode, MemberErrorCode
from cms.organisations.errors import OrganisationErrorCode

CMS = Path(__file__).resolve().parents[3] / "cms"


def domain_error_enums() -> list[type[ErrorCode]]:
    """Every domain's error-code enums, found in ``cms/<domain>/errors.py``."""
    for path in sorted(CMS.glob("*/errors.py")):
        importlib.import_module(f"cms.{path.parent.name}.errors")
    found = [enum for enum in ErrorCode.__subclasses__() if enum.__module__.startswith("cms.")]
    return sorted(found, key=lambda enum: enum.__name__)


def test_a_service_error_keeps_its_code_message_and_field():
    # when
    error = ServiceError(MemberErrorCode.PHONE_TAKEN, "Số điện thoại đã được đăng ký.", "phone")

    # then
    assert (error.code, error.message, error.field, str(error)) == (
        MemberErrorCode.PHONE_TAKEN,
        "Số điện thoại đã được đăng ký.",
        "phone",
        "Số điện thoại đã được đăng ký.",
    )


@pytest.mark.parametrize("code", ["INVALID_CREDENTIALS", "phone_taken", None])
def test_a_service_error_with_a_string_code_is_a_type_error(code):
    # when
    with pytest.raises(TypeError) as error:
        ServiceError(code, "Sai mật khẩu.")

    # then
    assert str(error.value) == f"ServiceError codes are members of a domain's ErrorCode enum, not {code!r}."


def test_a_service_error_with_a_member_of_another_enum_is_a_type_error():
    # given an enum that is not a domain's error codes
    class Colour(StrEnum):
        RED = "RED"

    # when
    with pytest.raises(TypeError) as error:
        ServiceError(Colour.RED, "Đỏ.")

    # then
    assert str(error.value) == (
        "ServiceError codes are members of a domain's ErrorCode enum, not <Colour.RED: 'RED'>."
    )


def test_service_errors_hold_several_failures_in_order():
    # given
    name = ServiceError(MemberErrorCode.NAME_REQUIRED, "Nhập họ và tên.", "full_name")
    phone = ServiceError(MemberErrorCode.INVALID_PHONE, "Số điện thoại không hợp lệ.", "phone")

    # when
    errors = ServiceErrors([name, phone])

    # then
    assert errors.errors == [name, phone]
    assert str(errors) == "Nhập họ và tên.; Số điện thoại không hợp lệ."


def test_every_domain_declares_its_codes_in_its_errors_module():
    # when
    enums = domain_error_enums()

    # then
    assert {AccountErrorCode, MemberErrorCode, OrganisationErrorCode} <= set(enums)
    assert [enum for enum in enums if not re.fullmatch(r"cms\.\w+\.errors", enum.__module__)] == []


def test_every_domain_code_is_upper_case_and_its_value_is_its_name():
    # when
    misnamed = [
        (enum.__name__, member.name, member.value)
        for enum in domain_error_enums()
        for member in enum
        if member.value != member.name or member.name != member.name.upper()
    ]

    # then
    assert misnamed == []
