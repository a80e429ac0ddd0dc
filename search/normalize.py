"""Vietnamese-aware text folding for matching.

Search matches on folded text ("cong doan" finds "Công đoàn") while the accented original is
kept for display and ranking. ``đ``/``Đ`` is not a combining mark in Unicode, so it is mapped
by hand before the marks are stripped.
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics and đ→d, collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()
