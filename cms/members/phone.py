"""Vietnamese phone numbers in one canonical form: ten digits starting with 0."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[\s.\-()]")
_VN_MOBILE = re.compile(r"^0[35789]\d{8}$")


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    """``+84 912 345 678``, ``84912345678`` and ``0912.345.678`` all become ``0912345678``."""
    digits = _NON_DIGITS.sub("", str(raw or "").strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits.isdigit():
        # Spreadsheets drop the leading zero of a number stored as a number.
        digits = "0" + digits
    if not _VN_MOBILE.match(digits):
        raise InvalidPhone(raw)
    return digits
