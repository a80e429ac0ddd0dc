"""The inbox's search: reference, title and description, with or without Vietnamese accents.

Feedback keeps no accent-folded copy of its text, so the folded query is matched against the
accented text instead: each letter of a word becomes the class of every letter that folds to it
("luong" → ``l[uúùủũụưứừửữự…][oóòỏõọôốồổỗộơớờởỡợ…]ng``, both cases), one regular expression per
word, run by the database (PostgreSQL's ``~``, the Python ``re`` Django gives SQLite). "luong"
finds "lương" and "Lương"; a query typed with accents finds the same rows, being folded first.
"""

from __future__ import annotations

import functools
import re

from django.db.models import Q, QuerySet

from search.normalize import fold

MAX_WORDS = 8  # a pasted paragraph is not a search: the first words are enough
FIELDS = ("reference", "title", "description")


@functools.cache
def _letters() -> dict[str, str]:
    """Every letter that folds to each ASCII letter: ``{"a": "aAàÀáÁ…", "d": "dDđĐ", …}``.

    Precomposed letters only: the services store text NFC-normalised."""
    candidates = [chr(code) for code in range(0x00C0, 0x0250)] + [chr(code) for code in range(0x1E00, 0x1F00)]
    classes: dict[str, list[str]] = {}
    for ascii_letter in "abcdefghijklmnopqrstuvwxyz":
        classes[ascii_letter] = [ascii_letter, ascii_letter.upper()]
    for character in candidates:
        folded = fold(character)
        if len(folded) == 1 and folded in classes and character not in classes[folded]:
            classes[folded].append(character)
    return {letter: "".join(members) for letter, members in classes.items()}


def word_pattern(word: str) -> str:
    """A regular expression finding ``word`` (folded) in accented text, in any case."""
    letters = _letters()
    parts = []
    for character in word:
        if character in letters:
            parts.append(f"[{letters[character]}]")
        elif character.isalnum():
            parts.append(character)
        else:
            parts.append(re.escape(character))
    return "".join(parts)


def search_q(query: str) -> Q:
    """Every word of the folded query in one of the fields: "cham tra luong" finds "Chậm trả lương"."""
    condition = Q()
    for word in fold(query).split()[:MAX_WORDS]:
        pattern = word_pattern(word)
        in_any = Q()
        for field in FIELDS:
            in_any |= Q(**{f"{field}__regex": pattern})
        condition &= in_any
    return condition


def search_feedback(queryset: QuerySet, query: str) -> QuerySet:
    return queryset.filter(search_q(query))
