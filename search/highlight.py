"""Marking what matched, in the accented text people read.

Matching happens on folded words (search.normalize), so the marks are found the same way: the
text is folded character by character, the query's words and synonym phrases are found there
at word starts, and each match is marked on the original characters. The result is escaped
HTML whose only tags are ``<mark>``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape

from search.models import SearchDocument
from search.normalize import fold_with_positions
from search.parsing import ParsedQuery
from search.results import Hit

SNIPPET_LENGTH = 200


@lru_cache(maxsize=256)
def _pattern(alternatives: tuple[tuple[tuple[str, ...], bool], ...]) -> re.Pattern | None:
    parts = []
    for phrase, prefix in alternatives:
        words = [re.escape(word) for word in phrase]
        body = r"[^a-z0-9]+".join(words)
        parts.append(body + (r"[a-z0-9]*" if prefix else r"(?![a-z0-9])"))
    if not parts:
        return None
    # Longest first, so "bao hiem xa hoi" wins over "bao".
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + ")")


def _spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    pattern = _pattern(tuple(query.highlight_alternatives()))
    if pattern is None or not text:
        return []
    folded, positions = fold_with_positions(text)
    spans = []
    for match in pattern.finditer(folded):
        if match.end() > match.start():
            spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    return spans


def _merged(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Matches next to each other (only spaces between) become one mark: "<mark>hỗ trợ</mark>"."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start >= merged[-1][1] and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        elif not merged or start >= merged[-1][1]:
            merged.append((start, end))
    return merged


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in _merged(text, spans):
        if start < last:
            continue
        out.append(escape(text[last:start]))
        out.append("<mark>" + escape(text[start:end]) + "</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def snippet(text: str, query: ParsedQuery, length: int = SNIPPET_LENGTH) -> str:
    """A passage of ``text`` around its first match (its beginning if none), marked."""
    text = " ".join(text.split())
    spans = _spans(text, query)
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 3) + 1
    end = len(text) if len(text) - start <= length else text.rfind(" ", start, start + length)
    if end <= start:
        end = min(len(text), start + length)
    window = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    return ("… " if start else "") + _marked(text[start:end], window) + (" …" if end < len(text) else "")


def highlight(document: SearchDocument, query: ParsedQuery) -> Hit:
    passage_source = document.summary or document.body
    if not query.is_empty and document.body and not _spans(document.summary, query):
        passage_source = document.body if _spans(document.body, query) else passage_source
    return Hit(
        document=document,
        title_html=_marked(document.title, _spans(document.title, query)),
        snippet_html=snippet(passage_source, query),
    )
