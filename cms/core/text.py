"""What people type, made fit to keep: one rule for every service that takes text."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from cms.core.errors import ErrorCode, ServiceError

# C0 controls except tab, line feed and carriage return, DEL, and lone surrogates: never text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def plain_text(value: Any, *, field: str, code: ErrorCode, single_line: bool = False) -> str:
    """``value`` trimmed and NFC-normalised, line ends as ``\\n`` (or every run of white space as
    one space, ``single_line``); refused with the domain's ``code`` on ``field`` when it holds
    control characters. Lengths and whether it is required are the caller's rules."""
    text = "" if value is None else str(value)
    if CONTROL.search(text):
        raise ServiceError(code, _("The text contains control characters."), field)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return " ".join(text.split()) if single_line else text
