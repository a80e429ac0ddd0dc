"""A query as typed, made into what every backend needs.

"BHXH tre han" becomes three clauses that must all match: (``bhxh`` or the phrase
``bao hiem xa hoi``), ``tre``, and ``han`` as the start of a word (the word being typed).
Only letters and digits survive folding, so no character of the query ever reaches a backend's
own query syntax: quotes, operators, NUL bytes and emoji are word separators.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.normalize import fold, words
from search.synonyms import SYNONYMS

MAX_WORDS = 10  # a pasted paragraph is not a search: the first words are enough
MAX_WORD_LENGTH = 40
MIN_PREFIX_LENGTH = 2  # "c*" would match half the index: one letter is a whole word
MAX_QUERY_LENGTH = 500  # characters read from the query; the rest is ignored

_PHRASES: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): abbreviation for abbreviation, phrase in SYNONYMS.items()
}
_LONGEST_PHRASE = max(len(phrase) for phrase in _PHRASES)


@dataclass(frozen=True)
class Clause:
    """Alternatives of which one must match; each alternative is a phrase (words in order)."""

    alternatives: tuple[tuple[str, ...], ...]
    prefix: bool = False  # the single word of the only alternative may be the start of a word


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...]
    text: str  # the query as typed, cut to MAX_QUERY_LENGTH
    # Lower-cased words of the query that carry diacritics: a document holding them exactly
    # ranks above one that only matches folded ("đình công" above "dinh cong").
    accented_words: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def fts5(self) -> str:
        """SQLite FTS5 MATCH expression."""
        parts = []
        for clause in self.clauses:
            rendered = [
                '"' + " ".join(alternative) + '"' + ("*" if clause.prefix else "")
                for alternative in clause.alternatives
            ]
            parts.append(rendered[0] if len(rendered) == 1 else "(" + " OR ".join(rendered) + ")")
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """PostgreSQL ``to_tsquery('simple', …)`` expression. A synonym's phrase is its words
        together (``&``), not in sequence (``<->``): a sequence makes PostgreSQL re-read each
        matching document's whole vector to check positions, seconds over a large index."""
        parts = []
        for clause in self.clauses:
            rendered = []
            for alternative in clause.alternatives:
                item = " & ".join(alternative) + (":*" if clause.prefix else "")
                rendered.append(f"({item})" if len(alternative) > 1 else item)
            parts.append(rendered[0] if len(rendered) == 1 else "(" + " | ".join(rendered) + ")")
        return " & ".join(parts)

    def meilisearch(self) -> str:
        """The text Meilisearch receives: the words as typed (accents kept, so its exactness
        rule sees them), at most MAX_WORDS of them; synonyms are its own setting."""
        return " ".join(self.text.split()[:MAX_WORDS])

    def highlight_alternatives(self) -> list[tuple[tuple[str, ...], bool]]:
        """Every phrase a highlighter marks, with whether its last word may be a prefix."""
        return [
            (alternative, clause.prefix) for clause in self.clauses for alternative in clause.alternatives
        ]


def parse(text: str | None) -> ParsedQuery:
    text = (text or "")[:MAX_QUERY_LENGTH]
    tokens = [token[:MAX_WORD_LENGTH] for token in words(text)][:MAX_WORDS]
    typing = bool(text) and not text[-1].isspace()
    clauses: list[Clause] = []
    index = 0
    while index < len(tokens):
        phrase_length = _phrase_at(tokens, index)
        if phrase_length:
            phrase = tuple(tokens[index : index + phrase_length])
            clauses.append(Clause(alternatives=(phrase, (_PHRASES[phrase],))))
            index += phrase_length
            continue
        token = tokens[index]
        if token in SYNONYMS:
            clauses.append(Clause(alternatives=((token,), tuple(SYNONYMS[token].split()))))
        else:
            being_typed = typing and index == len(tokens) - 1
            if being_typed and len(token) < MIN_PREFIX_LENGTH:
                # "nguyen v": the letter just typed would match half the index as a prefix and
                # almost nothing as a word; wait for the next one.
                index += 1
                continue
            clauses.append(Clause(alternatives=((token,),), prefix=being_typed))
        index += 1
    accented = tuple(
        dict.fromkeys(
            word
            for word in (part.strip(".,;:!?\"'()[]") for part in text.lower().split()[:MAX_WORDS])
            if word and fold(word) != word
        )
    )
    return ParsedQuery(clauses=tuple(clauses), text=text, accented_words=accented)


def _phrase_at(tokens: list[str], index: int) -> int:
    for length in range(min(_LONGEST_PHRASE, len(tokens) - index), 1, -1):
        if tuple(tokens[index : index + length]) in _PHRASES:
            return length
    return 0
