"""Finding English left in the Vietnamese admin: the English msgids of its catalogues, looked up in a page's text.

The admin is what editors and officers read all day, in Vietnamese. Any string the admin's code
can show is a msgid of one of its gettext catalogues: Wagtail's (every ``locale/en`` catalogue of
the installed package, ``django.po`` and ``djangojs.po``), Django's admin and auth, and the
project's own (``locale/vi/LC_MESSAGES/django.po``, whose msgids are the English source strings).
A msgid found in the text of a page rendered for ``vi`` is a string nobody translated.

Rule (``phrases_from_msgid`` and ``EnglishDetector``):

- A msgid is cut into fragments at its placeholders (``%(name)s``, ``%s``, ``{name}``,
  ``{{ name }}``), HTML tags, line breaks and sentence punctuation (``. : ; ? ! …``), so
  "%(count)s new items in this menu" still finds "2 new items in this menu" and "Exploring:
  %(title)s" finds "Exploring: Trang chủ".
- A fragment counts when it is English: ASCII words only, and either at least two words of two
  letters or more ("Save draft", "Go to"), or one word of at least five letters ("Dashboard",
  "Search", "Delete", "Exploring"). Shorter single words ("Root", "Page", "Edit", "ID") and lone
  letters ("A B C D") are left out: too short to tell from a name, a code or an abbreviation.
- Matching is on whole words (Unicode letters and digits; punctuation and spacing between the
  words are ignored). Phrases of two or more words match in any case (the admin upper-cases some
  labels with CSS, "CURRENT PAGE STATUS:"). Single words match as the catalogue writes them,
  capitalised or in capitals, so "admin" (a username) is not "Admin".
- ``ALLOWED`` lists the words that are the same in Vietnamese: names of products and formats
  that Vietnamese editors write as they are. A fragment made only of allowed words is left out.
"""

from __future__ import annotations

import ast
import functools
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Words a Vietnamese admin legitimately shows as they are: product, format and protocol names.
# Each is a proper name or an acronym Vietnamese uses untranslated; nothing else belongs here.
ALLOWED = frozenset(
    word.lower()
    for word in (
        "Wagtail",  # the CMS's name (tab titles end in "- Wagtail"; "Wagtail 8.0.1")
        "GraphQL",  # the API's name, in help texts and links
        "GraphiQL",  # the API explorer's name
        "PDF",
        "JPEG",  # image formats, as Vietnamese writes them
        "PNG",
        "WebP",
        "Excel",  # Microsoft Excel, the format union offices keep member lists in
        "CSV",
        "XLSX",
        "JSON",
        "URL",  # Vietnamese writes "URL"/"đường dẫn"; the acronym itself is not a translation gap
        "HTML",
        "Chart",  # Chart.js, the charts library, when named
        "Gravatar",
        "Markdown",
        "Django",
        "UTF",  # the encoding, "CSV (UTF-8)"
        "English",  # the English option of the language chooser is named in English, as each language is
        "School",  # part of a demo union's proper name: "Công đoàn Trường Phổ thông TH School Nghệ An"
    )
)

PLACEHOLDER = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s, %(count)d
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %s, %d, %1$s is not used by these catalogues
    r"|%%"
    r"|\{\{.*?\}\}"  # {{ name }} (templates quoted in help texts)
    r"|\{[^{}\s]*\}"  # {name}, {0}, {} (str.format and JavaScript)
    r"|<[^>]*>"  # HTML tags inside msgids
    r"|&\w+;"  # entities (&nbsp;, &hellip;) once tags are gone
)
# Where a fragment ends besides a placeholder: line breaks, sentence and clause punctuation,
# brackets and quotes (a quoted name is not part of the sentence around it).
FRAGMENT_BREAK = re.compile(r"[\n\r\t]+|[.:;?!…]+(?=\s|$)|[()\[\]\"“”«»|/·•—–]+|\s-\s")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
MIN_SINGLE_WORD_LETTERS = 5


def _is_ascii_word(word: str) -> bool:
    return word.isascii() and any(ch.isalpha() for ch in word)


def phrases_from_msgid(msgid: str) -> list[str]:
    """The English fragments of one msgid that the detector looks for (see the module's rule)."""
    text = html.unescape(PLACEHOLDER.sub("\n", msgid))
    phrases = []
    for fragment in FRAGMENT_BREAK.split(text):
        words = WORD.findall(fragment)
        if not words or not all(_is_ascii_word(w) or w.isdigit() for w in words):
            continue
        letters = [w for w in words if not w.isdigit()]
        if all(w.lower() in ALLOWED for w in letters):
            continue
        # Words of two letters or more: "A, B, C, D" (grades in a help text) is no English phrase.
        real_words = [w for w in letters if sum(ch.isalpha() for ch in w) >= 2]
        if len(real_words) >= 2 or (
            len(letters) == 1
            and len(words) == 1
            and sum(ch.isalpha() for ch in letters[0]) >= MIN_SINGLE_WORD_LETTERS
        ):
            phrases.append(" ".join(words))
    return phrases


@dataclass(frozen=True)
class Finding:
    phrase: str  # as the catalogue writes it
    found: str  # as the page shows it
    context: str = ""  # the line of text it is in, shortened

    def __str__(self) -> str:
        shown = self.found if self.found == self.phrase else f"{self.found} ({self.phrase})"
        return (
            f"{shown!r} in “{self.context}”" if self.context and self.context != self.found else repr(shown)
        )


CONTEXT_CHARS = 50


def _context(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    left = max(line_start, start - CONTEXT_CHARS)
    right = min(line_end, end + CONTEXT_CHARS)
    snippet = " ".join(text[left:right].split())
    return ("…" if left > line_start else "") + snippet + ("…" if right < line_end else "")


class EnglishDetector:
    """Finds catalogue phrases in text, on whole words."""

    def __init__(self, phrases: Iterable[str]):
        # First word (lower case) -> the phrases starting with it, as word tuples, longest first.
        self._index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        seen: set[tuple[str, ...]] = set()
        for phrase in phrases:
            words = tuple(WORD.findall(phrase))
            if not words:
                continue
            key = words if len(words) == 1 else tuple(w.lower() for w in words)
            if key in seen:
                continue
            seen.add(key)
            self._index.setdefault(words[0].lower(), []).append((words, phrase))
        for candidates in self._index.values():
            candidates.sort(key=lambda item: -len(item[0]))

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    @staticmethod
    def _single_word_matches(word: str, expected: str) -> bool:
        return word in (expected, expected[:1].upper() + expected[1:], expected.upper())

    def find(self, text: str) -> list[Finding]:
        """Every catalogue phrase in ``text``, once each, in order of appearance.

        Where phrases overlap, the longest one starting at a word is reported and the words it
        covers are not searched again.
        """
        matches = list(WORD.finditer(text))
        tokens = [m.group() for m in matches]
        lowered = [t.lower() for t in tokens]
        findings: list[Finding] = []
        reported: set[str] = set()
        i = 0
        while i < len(tokens):
            matched = 0
            for words, phrase in self._index.get(lowered[i], ()):
                n = len(words)
                if n == 1:
                    hit = self._single_word_matches(tokens[i], words[0])
                else:
                    hit = tuple(lowered[i : i + n]) == tuple(w.lower() for w in words)
                if hit:
                    if phrase not in reported:
                        reported.add(phrase)
                        start, end = matches[i].start(), matches[i + n - 1].end()
                        findings.append(
                            Finding(phrase, " ".join(tokens[i : i + n]), _context(text, start, end))
                        )
                    matched = n
                    break
            i += matched or 1
        return findings


# --- The admin's catalogues ------------------------------------------------------------------


def _po_string(line: str) -> str:
    return ast.literal_eval(line) if line.startswith('"') else ""


def read_msgids(path: Path) -> Iterator[str]:
    """The msgids (and plural msgids) of a .po file; the header and obsolete entries left out."""
    current: str | None = None
    value: list[str] = []

    def flush() -> Iterator[str]:
        if current in ("msgid", "msgid_plural"):
            text = "".join(value)
            if text:
                yield text

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            yield from flush()
            current, value = None, []
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgctxt") or keyword.startswith("msgstr"):
            yield from flush()
            current, value = keyword, [_po_string(rest.strip())]
        elif line.startswith('"') and current is not None:
            value.append(_po_string(line))
    yield from flush()


def admin_catalogues() -> list[Path]:
    """The English catalogues of what the admin shows, and the project's own catalogue."""
    import django.contrib.admin
    import django.contrib.auth
    import wagtail

    paths = sorted(Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/*.po"))
    for module in (django.contrib.admin, django.contrib.auth):
        paths += sorted((Path(module.__file__).parent / "locale" / "en" / "LC_MESSAGES").glob("*.po"))
    project_locale = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"
    paths += sorted(project_locale.glob("*.po"))
    return paths


@functools.cache
def admin_detector() -> EnglishDetector:
    """The detector for the admin's catalogues (read once per test run)."""
    phrases = []
    for path in admin_catalogues():
        for msgid in read_msgids(path):
            phrases += phrases_from_msgid(msgid)
    return EnglishDetector(phrases)
