"""Idempotency keys: what an app sends so that a retried write returns the first result.

A key is made by the app once per write (a UUID does): 1 to 64 letters, digits, dots, dashes,
colons or underscores. Each domain stores it with what the write made, under a unique constraint
per owner, and answers a repeat with the first result. Its error code is the domain's own
``INVALID_IDEMPOTENCY_KEY``.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from cms.core.errors import ErrorCode, ServiceError

IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")


def clean_key(key: Any, codes: type[ErrorCode], field: str = "idempotency_key") -> str:
    """``key`` as a string ("" when none was sent); refused with ``codes.INVALID_IDEMPOTENCY_KEY``."""
    key = "" if key is None else str(key)
    if key and not IDEMPOTENCY_KEY.fullmatch(key):
        raise ServiceError(
            codes.INVALID_IDEMPOTENCY_KEY,  # type: ignore[attr-defined]
            _("The idempotency key must be 1 to 64 letters, digits, dots, dashes, colons or underscores."),
            field,
        )
    return key
