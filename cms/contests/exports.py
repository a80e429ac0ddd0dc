"""Contest results as Excel workbooks, for the organisers: a round's or the whole contest's ranking,
the collective (unions') ranking, and the prize list.

Names, workplaces and union names are typed by entrants and officers: every cell goes through
``cms.core.spreadsheets.keep_as_text`` (a "=HYPERLINK(…)" name stays text). Times are the
site's local time, as officers read them.

Phone numbers are in the **prize list** only: the organisers call the winners to give the prizes,
and nobody else needs them. It is for superusers and federation editors (the organisers of the
province's contests), and holds only the first ``PRIZE_LIST_ROWS`` places; the ranking exports
every other editor of the contest downloads never hold a phone number.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.contests.models import ContestPage, ContestRound, OrganisationResult, Ranking
from cms.core.spreadsheets import keep_as_text
from cms.organisations.models import OrganisationLevel
from search.normalize import fold

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRIZE_LIST_ROWS = 100
LEVEL_ORDER = [
    OrganisationLevel.FEDERATION,
    OrganisationLevel.UPPER,
    OrganisationLevel.GRASSROOTS,
    OrganisationLevel.UNIT,
]
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    title: str
    headings: list[str]
    rows: Iterable[list]


def duration(ms: int | None) -> str:
    """A duration as mm:ss (minutes past 59 kept: a contest's total time may be hours)."""
    if ms is None:
        return ""
    seconds = ms // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def local_time(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M:%S}" if value else ""


def percent(value: float) -> float:
    return round(value * 100, 1)


def scope_name(contest: ContestPage, round_: ContestRound | None) -> str:
    return round_.name if round_ is not None else _("Whole contest")


def _scope(round_: ContestRound | None) -> dict:
    return {"round": round_} if round_ is not None else {"round__isnull": True}


def _entrant_kind(entrant) -> str:
    return _("Member") if entrant.user_id else _("Guest")


def ranking_headings(*, with_phone: bool = False) -> list[str]:
    headings = [
        pgettext("contest results", "Position"),
        _("Full name"),
        _("Entered as"),
        _("Union"),
        _("Workplace"),
        pgettext("contest results", "Correct answers"),
        pgettext("contest results", "Questions"),
        pgettext("contest results", "Prediction"),
        _("Prediction off by"),
        _("Duration (mm:ss)"),
        pgettext("contest results", "Submitted at"),
    ]
    if with_phone:
        headings.insert(3, _("Phone number"))
    return headings


def _phone(entrant) -> str:
    if entrant.user_id is None:
        return entrant.phone
    member = getattr(entrant.user, "member", None) if entrant.user is not None else None
    return member.phone if member is not None else entrant.phone


def ranking_rows(
    contest: ContestPage, round_: ContestRound | None, *, with_phone: bool = False, limit: int | None = None
) -> Iterator[list]:
    """The places of a round (``round_``) or of the whole contest (``None``), best first."""
    rankings = (
        Ranking.objects.filter(contest=contest, **_scope(round_))
        .select_related("entrant__organisation")
        .order_by("position", "pk")
    )
    if with_phone:
        rankings = rankings.select_related("entrant__user__member")
    if limit is not None:
        rankings = rankings[:limit]
    for place in rankings.iterator(chunk_size=2000):
        entrant = place.entrant
        row = [
            place.position,
            entrant.name,
            _entrant_kind(entrant),
            entrant.organisation.name if entrant.organisation_id else "",
            entrant.workplace,
            place.correct,
            place.question_count,
            place.prediction,
            place.prediction_error,
            duration(place.duration_ms),
            local_time(place.submitted_at),
        ]
        if with_phone:
            row.insert(3, _phone(entrant))
        yield row


def collective_headings() -> list[str]:
    return [
        _("Union"),
        _("Level"),
        pgettext("contest results", "Entrants"),
        _("Active members"),
        _("Participation (%)"),
        _("Entrants with every answer right"),
        _("Average right answers (%)"),
        _("Place by participation"),
        _("Place by results"),
    ]


def collective_results(contest: ContestPage, round_: ContestRound | None):
    """The unions' results, by level (upper-level unions first) then place by participation."""
    level_rank = Case(
        *[When(organisation__level=level, then=Value(i)) for i, level in enumerate(LEVEL_ORDER)],
        default=Value(len(LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    return (
        OrganisationResult.objects.filter(contest=contest, **_scope(round_))
        .select_related("organisation")
        .annotate(level_rank=level_rank)
        .order_by("level_rank", "participation_position", "pk")
    )


def collective_rows(contest: ContestPage, round_: ContestRound | None) -> Iterator[list]:
    for result in collective_results(contest, round_).iterator(chunk_size=2000):
        yield [
            result.organisation.name,
            result.organisation.get_level_display(),
            result.entrants,
            result.members,
            percent(result.participation),
            result.perfect_entrants,
            percent(result.average_score),
            result.participation_position,
            result.results_position,
        ]


def _sheet_title(text: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub(" ", str(text)).strip()[:31] or "Sheet"


def workbook(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(title=_sheet_title(spec.title))
        for row in _chain(spec):
            sheet.append([keep_as_text(WriteOnlyCell(sheet, value=value)) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _chain(spec: Sheet) -> Iterator[list]:
    yield spec.headings
    yield from spec.rows


def ranking_workbook(contest: ContestPage, round_: ContestRound | None) -> bytes:
    return workbook(
        [Sheet(pgettext("contest results", "Ranking"), ranking_headings(), ranking_rows(contest, round_))]
    )


def collective_workbook(contest: ContestPage, round_: ContestRound | None) -> bytes:
    return workbook([Sheet(_("Collective ranking"), collective_headings(), collective_rows(contest, round_))])


def prize_list_workbook(contest: ContestPage, round_: ContestRound | None) -> bytes:
    return workbook(
        [
            Sheet(
                _("Prize list"),
                ranking_headings(with_phone=True),
                ranking_rows(contest, round_, with_phone=True, limit=PRIZE_LIST_ROWS),
            )
        ]
    )


def filename(contest: ContestPage, round_: ContestRound | None, kind: str) -> str:
    """An ASCII file name: "ket-qua-<contest>-<round>.xlsx" and the like."""
    prefix = {"individual": "xep-hang", "collective": "xep-hang-tap-the", "prizes": "danh-sach-giai"}[kind]
    scope = slugify(fold(round_.name)) if round_ is not None else "toan-cuoc-thi"
    stem = "-".join(
        part for part in (prefix, slugify(fold(contest.slug))[:60], scope or str(round_.pk)) if part
    )
    return f"{stem}.xlsx"
