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


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@functools.cache
def _table() -> dict[int, str]:
    """What each character up to U+2FFF folds to (Latin letters with their marks, Vietnamese's
    included; combining marks to nothing), for ``str.translate``: folding a page's text is then
    one pass in C instead of a Python loop per character (a rebuild's main cost)."""
    return {code: _fold_slowly(chr(code)) for code in range(0x80, 0x3000)}


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics and đ→d, collapse whitespace."""
    composed = unicodedata.normalize("NFC", text or "").translate(_table())
    return _SPACES.sub(" ", composed).strip().lower()


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
    mapping = {character: _fold_char(character) for character in set(text)}
    if all(len(piece) == 1 for piece in mapping.values()):
        # Every character folds to one (precomposed Vietnamese, đ, spaces...): one pass in C.
        return text.translate(str.maketrans(mapping)), list(range(len(text)))
    folded: list[str] = []
    positions: list[int] = []
    for index, character in enumerate(text):
        for piece in _fold_char(character):
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions
