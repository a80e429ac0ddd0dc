"""Import a contest's question bank from the spreadsheet organisers keep (Excel .xlsx or CSV).

One row per question: the question, choices A to F (A and B at least), the letter of the right
choice, and optionally a topic (the question's category, which a round may draw from) and an
explanation. Headers are recognised in Vietnamese or English, with or without accents, in any
order; title rows above the header row are skipped.

All or nothing, as the member import: every row is checked first (an empty question, too few
choices, a right answer that is no filled choice, texts longer than the bank holds, control
characters, a question repeated in the file or already in the contest's bank), each choice set
through ``cms.contests.services.check_choices`` (the rule of every writer). If any row is wrong
nothing is imported and the report lists every bad row, by the row number the spreadsheet shows,
with all its reasons. Otherwise every question is created in one transaction.

The file is read with the member import's readers (``cms.members.import_files``): row by row,
within the same bounds (upload size, rows, columns, what an .xlsx may unpack to). Questions are
stored as typed: a question starting with "=" is text, and exports neutralise it on the way out.
Who may import into which contest is the admin view's to ask (the contest page's edit right).
"""

from __future__ import annotations

import io
import re
import string
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.contests.bank import bank_changed
from cms.contests.errors import ContestErrorCode
from cms.contests.models import MAX_CHOICES, ContestChoice, ContestPage, ContestQuestion
from cms.contests.services import check_choices
from cms.core.errors import ServiceError, ServiceErrors
from cms.core.import_report import ImportReport, RowError
from cms.core.spreadsheets import csv_file, xlsx_file
from cms.members.import_files import (
    ImportFileError,
    cell_text,
    count,
    find_header,
    read_rows,
    row_list,
    shown,
)
from search.normalize import fold

MAX_QUESTIONS = 2000  # question rows in one file: a bank holds tens to a few hundred
MAX_QUESTION_CHARS = 2000
MAX_EXPLANATION_CHARS = 5000
LETTERS = string.ascii_uppercase[:MAX_CHOICES]  # "ABCDEF"
CHOICE_FIELDS = tuple(f"choice_{letter.lower()}" for letter in LETTERS)
REQUIRED_COLUMNS = ("text", "choice_a", "choice_b", "correct")
# Control characters no database column or .xlsx file can hold (NUL among them); tab, LF, CR pass.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "B", "b", "B.", "(B)", "Phương án B", "Đáp án B": the letter, alone or after those words.
_LETTER = re.compile(r"^(?:phuong an|dap an|lua chon|cau)?\s*\(?([a-z])\)?\s*[.)]?$")


def _choice_aliases(letter: str) -> set[str]:
    letter = letter.lower()
    return {
        f"phuong an {letter}",
        f"dap an {letter}",
        f"lua chon {letter}",
        f"cau tra loi {letter}",
        f"tra loi {letter}",
        f"pa {letter}",
        f"choice {letter}",
        f"option {letter}",
        f"answer {letter}",
        letter,
    }


# Folded, punctuation-free header text → field. The first column matching a field wins.
HEADER_ALIASES: dict[str, set[str]] = {
    "text": {"cau hoi", "noi dung cau hoi", "noi dung", "question", "question text"},
    **{f"choice_{letter.lower()}": _choice_aliases(letter) for letter in LETTERS},
    "correct": {
        "dap an dung",
        "phuong an dung",
        "cau tra loi dung",
        "dap an",
        "dung",
        "correct",
        "correct answer",
        "correct choice",
        "right answer",
        "answer",
    },
    "category": {
        "chu de",
        "the loai",
        "danh muc",
        "nhom cau hoi",
        "nhom",
        "linh vuc",
        "category",
        "topic",
    },
    "explanation": {
        "giai thich",
        "giai thich dap an",
        "can cu",
        "can cu phap ly",
        "explanation",
    },
}
_HEADER_TO_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}

FIELD_LABELS = {
    "text": gettext_lazy("The question"),
    "correct": gettext_lazy("The right answer"),
    "category": gettext_lazy("The topic"),
    "explanation": gettext_lazy("The explanation"),
    **{f"choice_{letter.lower()}": letter for letter in LETTERS},
}

TEMPLATE_HEADERS = (
    "STT",
    "Câu hỏi",
    "Phương án A",
    "Phương án B",
    "Phương án C",
    "Phương án D",
    "Phương án E",
    "Phương án F",
    "Đáp án đúng",
    "Chủ đề",
    "Giải thích",
)
TEMPLATE_EXAMPLE = (
    "1",
    "Ngày truyền thống của Công đoàn Việt Nam là ngày nào?",
    "28/7/1929",
    "01/5/1886",
    "03/02/1930",
    "19/5/1890",
    "",
    "",
    "A",
    "Lịch sử Công đoàn",
    "Ngày 28/7/1929, Tổng Công hội Đỏ Bắc Kỳ được thành lập.",
)


@dataclass
class ParsedQuestion:
    row: int
    text: str = ""
    choices: list[tuple[str, bool]] = field(default_factory=list)
    category: str = ""
    explanation: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return question_key(self.text)


def question_key(text: str) -> str:
    """What makes two questions the same: their text folded (case, accents, spacing)."""
    return fold(text)


def _one_line(value) -> str:
    return " ".join(cell_text(value).split())


# --- Reading the file ---------------------------------------------------------------------------


def parse_question_file(source: bytes | IO[bytes], filename: str = "") -> list[ParsedQuestion]:
    """Read the file and parse its question rows, without asking the database anything.

    Raises ``ImportFileError`` when the file as a whole cannot be used; rows with wrong values
    come back with their errors.
    """
    rows = read_rows(io.BytesIO(source) if isinstance(source, bytes) else source, filename)
    parsed: list[ParsedQuestion] = []
    try:
        columns = find_header(
            rows,
            _HEADER_TO_FIELD,
            REQUIRED_COLUMNS,
            _(
                "No header row with the columns “Câu hỏi”, “Phương án A”, “Phương án B” and “Đáp án đúng” "
                "(question, choices, right answer) was found: start from the template."
            ),
        )
        for number, cells in rows:
            question = _parse_row(number, cells, columns)
            if question is None:
                continue
            if len(parsed) == MAX_QUESTIONS:
                raise ImportFileError(
                    _("The file has more than %(max)s questions; split it into files of at most %(max)s.")
                    % {"max": count(MAX_QUESTIONS)}
                )
            parsed.append(question)
    finally:
        rows.close()  # stops reading (and closes the workbook) at the first row over a bound
    if not parsed:
        raise ImportFileError(_("The file has no question rows."))
    return parsed


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _parse_row(number: int, cells: list, columns: dict[str, int]) -> ParsedQuestion | None:
    raw = {name: (cells[index] if index < len(cells) else None) for name, index in columns.items()}
    if not any(cell_text(value) for value in raw.values()):
        return None  # an empty line
    question = ParsedQuestion(row=number)
    errors = question.errors
    unstorable = {name for name, value in raw.items() if isinstance(value, str) and _UNSTORABLE.search(value)}
    for name in sorted(unstorable, key=list(columns).index):
        if name.startswith("choice_"):
            message = _(
                "Choice %(letter)s contains control characters (such as NUL) that cannot be stored: "
                "retype the cell."
            ) % {"letter": FIELD_LABELS[name]}
        else:
            message = _(
                "%(field)s contains control characters (such as NUL) that cannot be stored: retype the cell."
            ) % {"field": FIELD_LABELS[name]}
        errors.append(message)
        raw[name] = None

    # The question keeps its line breaks (a question may quote an article), trimmed.
    question.text = "\n".join(line.strip() for line in cell_text(raw.get("text")).splitlines()).strip()
    if not question.text:
        if "text" not in unstorable:
            errors.append(_("The question is empty."))
    elif len(question.text) > MAX_QUESTION_CHARS:
        errors.append(
            _("The question is longer than %(max)s characters.") % {"max": count(MAX_QUESTION_CHARS)}
        )

    choice_max = _max_length(ContestChoice, "text")
    filled: dict[str, str] = {}
    for letter, name in zip(LETTERS, CHOICE_FIELDS, strict=True):
        text = _one_line(raw.get(name))
        if not text:
            continue
        filled[letter] = text
        if len(text) > choice_max:
            errors.append(
                _("Choice %(letter)s is longer than %(max)s characters.")
                % {"letter": letter, "max": count(choice_max)}
            )
    gaps = [
        letter
        for letter in LETTERS
        if letter not in filled
        and f"choice_{letter.lower()}" not in unstorable
        and any(later in filled for later in LETTERS[LETTERS.index(letter) + 1 :])
    ]
    if gaps:
        errors.append(
            _(
                "Choice %(letters)s is empty while a later choice is filled: fill the choices in order A, B, C…"
            )
            % {"letters": ", ".join(gaps)}
        )
    seen: dict[str, str] = {}
    for letter, text in filled.items():
        first = seen.setdefault(fold(text), letter)
        if first != letter:
            errors.append(
                _("Choices %(first)s and %(second)s are the same.") % {"first": first, "second": letter}
            )

    correct = _one_line(raw.get("correct"))
    correct_letter = ""
    if not correct:
        if "correct" not in unstorable:
            errors.append(_("The right answer is missing: write the letter of the right choice (A–F)."))
    else:
        found = _LETTER.match(fold(correct))
        if found is None or found.group(1).upper() not in LETTERS:
            errors.append(
                _("The right answer “%(value)s” is not a letter from A to F.") % {"value": shown(correct)}
            )
        else:
            correct_letter = found.group(1).upper()
            if correct_letter not in filled:
                errors.append(
                    _("The right answer is %(letter)s, but choice %(letter)s is empty.")
                    % {"letter": correct_letter}
                )
                correct_letter = ""

    question.choices = [(text, letter == correct_letter) for letter, text in filled.items()]
    try:
        check_choices(question.choices)  # the bank's rule: 2 to 6 choices, exactly one right
    except (ServiceError, ServiceErrors) as failure:
        for error in failure.errors if isinstance(failure, ServiceErrors) else [failure]:
            if error.code == ContestErrorCode.NOT_ONE_CORRECT_CHOICE and (
                not correct_letter or "correct" in unstorable
            ):
                continue  # the right-answer cell's own message says why
            errors.append(error.message)

    question.category = _one_line(raw.get("category"))
    category_max = _max_length(ContestQuestion, "category")
    if len(question.category) > category_max:
        errors.append(_("The topic is longer than %(max)s characters.") % {"max": count(category_max)})
    question.explanation = cell_text(raw.get("explanation"))
    if len(question.explanation) > MAX_EXPLANATION_CHARS:
        errors.append(
            _("The explanation is longer than %(max)s characters.") % {"max": count(MAX_EXPLANATION_CHARS)}
        )
    return question


# --- Checking against the bank and importing ----------------------------------------------------


def _check_repeats(questions: list[ParsedQuestion], contest: ContestPage) -> None:
    rows_of: dict[str, list[int]] = {}
    for question in questions:
        if question.text:
            rows_of.setdefault(question.key, []).append(question.row)
    in_bank = {
        question_key(text)
        for text in ContestQuestion.objects.filter(contest=contest).values_list("text", flat=True)
    }
    for question in questions:
        if not question.text:
            continue
        rows = rows_of[question.key]
        if len(rows) > 1:
            question.errors.append(_("The same question is in rows %(rows)s.") % {"rows": row_list(rows)})
        if question.key in in_bank:
            question.errors.append(_("This question is already in the contest's question bank."))


def import_questions(source: bytes | IO[bytes], filename: str = "", *, contest: ContestPage) -> ImportReport:
    """Check and import a question file into ``contest``'s bank; returns the report (nothing is
    written if it has errors). ``source`` is the file's content or a binary file open on it."""
    report = ImportReport()
    try:
        questions = parse_question_file(source, filename)
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return report
    report.total_rows = len(questions)
    with transaction.atomic():
        # One import at a time per contest (where the database locks rows): two officers
        # importing the same file at once must not both pass the check against the bank.
        ContestPage.objects.select_for_update().filter(pk=contest.pk).values_list("pk", flat=True).first()
        _check_repeats(questions, contest)
        report.row_errors = [RowError(q.row, q.errors) for q in questions if q.errors]
        if report.row_errors:
            return report
        created = ContestQuestion.objects.bulk_create(
            [
                ContestQuestion(contest=contest, text=q.text, category=q.category, explanation=q.explanation)
                for q in questions
            ],
            batch_size=500,
        )
        ContestChoice.objects.bulk_create(
            [
                ContestChoice(question=stored, text=text, is_correct=is_correct, sort_order=order)
                for stored, parsed in zip(created, questions, strict=True)
                for order, (text, is_correct) in enumerate(parsed.choices)
            ],
            batch_size=2000,
        )
        bank_changed(contest.pk)  # bulk_create sends no signals
    report.created = len(created)
    return report


# --- The template -------------------------------------------------------------------------------


def template_rows() -> list[tuple[str, ...]]:
    return [TEMPLATE_HEADERS, TEMPLATE_EXAMPLE]


def template_csv() -> bytes:
    return csv_file(template_rows())


def template_xlsx() -> bytes:
    return xlsx_file(template_rows(), title="Cau hoi", widths=(6, 60, 24, 24, 24, 24, 16, 16, 12, 22, 50))
