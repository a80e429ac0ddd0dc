"""Vietnamese-aware text folding for matching.

Search matches on folded text ("cong doan" finds "Công đoàn") while the accented original is
kept for display and ranking. ``đ``/``Đ`` is not a combining mark in Unicode, so it is mapped
by hand before the marks are stripped.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics and đ→d, collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def words(text: str) -> list[str]:
    """The folded words of ``text``: letters and digits only ("75/KH-LĐLĐ" → 75, kh, ldld)."""
    return _WORD.findall(fold(text))


def index_text(*parts: str) -> str:
    """The folded words of ``parts``, space-separated: what a search document matches on."""
    return " ".join(word for part in parts if part for word in words(part))


@functools.lru_cache(maxsize=4096)
def _fold_char(character: str) -> str:
    return fold(character) if not character.isspace() else " "


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and for each folded character the index of the
    original character it came from: a match found in the folded text is marked in the original.
    """
    folded: list[str] = []
    positions: list[int] = []
    for index, character in enumerate(text):
        for piece in _fold_char(character):
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions
