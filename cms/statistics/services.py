"""Chart-ready series: entered observations and the counts the system computes itself.

One function per computed indicator, registered in ``COMPUTED``. Each reads the live data in a
single query and answers, for every year asked, the figure "as of 31 December" (as of today for
the current year). Nothing is stored: a stored copy would drift whenever a member's joining date
or an organisation's dissolution is corrected. Years after the current one have no figure.

Known limits of the source data, stated where they bite:
- members are counted in the subtree of the organisation they belong to *now* (transfers are
  not replayed), and ``Member`` has no leaving date, so members who left are left out of every
  year's roll (they still count as new members of the year they joined).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cms.members.models import Member, MemberStatus
from cms.organisations.models import Organisation, OrganisationLevel, OrganisationStatus
from cms.statistics.models import Indicator, Observation

MAX_YEARS = 60
# The years a date can fall in: a figure is taken "as of" a day of its year.
MIN_YEAR, MAX_YEAR = date.min.year, date.max.year


class StatisticsError(ValueError):
    """An invalid request for statistics; ``code`` says which input is at fault."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal | None


@dataclass
class Series:
    dimension: str | None
    label: str
    points: list[Point]


@dataclass
class IndicatorSeries:
    indicator: Indicator
    series: list[Series] = field(default_factory=list)


def as_of(year: int, today: date | None = None) -> date:
    """The day a year's figure is taken: 31 December, or today for the current year."""
    today = today or timezone.localdate()
    return today if year == today.year else date(year, 12, 31)


def _years(years: Iterable[int], today: date) -> list[int]:
    return [y for y in years if y <= today.year]


# --- Computed series ------------------------------------------------------------------------


def members_on_roll(
    organisation: Organisation, years: Iterable[int], today: date | None = None
) -> dict[int, int]:
    """Members of the subtree at each year end: joined by then and not since left the union.

    Members without a joining date are counted from the current year only (they are members now).
    """
    today = today or timezone.localdate()
    joined = _joined_by_year(
        Member.objects.filter(organisation__path__startswith=organisation.path)
        .filter(Q(joined_on__lte=today) | Q(joined_on__isnull=True))
        .exclude(status=MemberStatus.LEFT)
    )
    result = {}
    for year in _years(years, today):
        count = sum(n for joined_year, n in joined.items() if joined_year is not None and joined_year <= year)
        if year == today.year:
            count += joined.get(None, 0)
        result[year] = count
    return result


def new_members(
    organisation: Organisation, years: Iterable[int], today: date | None = None
) -> dict[int, int]:
    """Members of the subtree who joined during each year (as far as today for the current year)."""
    today = today or timezone.localdate()
    joined = _joined_by_year(
        Member.objects.filter(organisation__path__startswith=organisation.path, joined_on__lte=today)
    )
    return {year: joined.get(year, 0) for year in _years(years, today)}


def grassroots_unions(
    organisation: Organisation, years: Iterable[int], today: date | None = None
) -> dict[int, int]:
    """Grassroots unions of the subtree active at each year end: established by then, not yet dissolved.

    A union marked dissolved or merged without a date is left out of every year (its end is unknown).
    """
    today = today or timezone.localdate()
    rows = list(
        Organisation.objects.filter(path__startswith=organisation.path, level=OrganisationLevel.GRASSROOTS)
        .order_by()
        .values_list("established_on", "dissolved_on", "status")
    )
    result = {}
    for year in _years(years, today):
        day = as_of(year, today)
        result[year] = sum(
            1
            for established_on, dissolved_on, status in rows
            if (established_on is None or established_on <= day)
            and (dissolved_on is None or dissolved_on > day)
            and (dissolved_on is not None or status == OrganisationStatus.ACTIVE)
        )
    return result


def _joined_by_year(members) -> dict[int | None, int]:
    rows = (
        members.order_by()
        .annotate(joined_year=ExtractYear("joined_on"))
        .values("joined_year")
        .annotate(n=Count("pk"))
    )
    return {row["joined_year"]: row["n"] for row in rows}


COMPUTED: dict[str, Callable[..., dict[int, int]]] = {
    "members": members_on_roll,
    "new_members": new_members,
    "grassroots_unions": grassroots_unions,
}


# --- Entered series -------------------------------------------------------------------------


def entered_series(indicator: Indicator, organisation: Organisation, years: list[int]) -> list[Series]:
    """Whole-year observations of ``organisation``, one series per dimension value (in defined order)."""
    rows = Observation.objects.filter(
        indicator=indicator, organisation=organisation, year__in=years, period_label=""
    ).values_list("dimension_value", "year", "value")
    values: dict[tuple[str, int], Decimal] = {(dim, year): value for dim, year, value in rows}
    dimensions = indicator.allowed_values or [""]
    return [
        Series(
            dimension=dim or None,
            label=indicator.value_label(dim),
            points=[Point(year, values.get((dim, year))) for year in years],
        )
        for dim in dimensions
    ]


# --- The one entry point for the API and the admin --------------------------------------------


def default_years(today: date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year - 10, today.year


def federation_root() -> Organisation | None:
    return Organisation.get_root_nodes().filter(level=OrganisationLevel.FEDERATION).first()


def statistics(
    codes: list[str] | None = None,
    organisation: Organisation | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    today: date | None = None,
) -> list[IndicatorSeries]:
    """Series of the given indicators (all if none) for ``organisation`` (default: the federation).

    Raises ``StatisticsError`` for unknown codes and for an empty or too long year range.
    """
    today = today or timezone.localdate()
    default_from, default_to = default_years(today)
    from_year = default_from if from_year is None else from_year
    to_year = default_to if to_year is None else to_year
    for name, year in (("fromYear", from_year), ("toYear", to_year)):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise StatisticsError(name, f"`{name}` must be a year from {MIN_YEAR} to {MAX_YEAR}.")
    if from_year > to_year:
        raise StatisticsError("fromYear", "`fromYear` must not be after `toYear`.")
    if to_year - from_year + 1 > MAX_YEARS:
        raise StatisticsError("toYear", f"Ask for at most {MAX_YEARS} years at a time.")
    indicators = list(Indicator.objects.all())
    if codes:
        by_code = {indicator.code: indicator for indicator in indicators}
        unknown = [code for code in dict.fromkeys(codes) if code not in by_code]
        if unknown:
            raise StatisticsError("indicators", f"Unknown indicator codes: {', '.join(unknown)}.")
        indicators = [by_code[code] for code in dict.fromkeys(codes)]
    organisation = organisation or federation_root()
    if organisation is None:
        return [IndicatorSeries(indicator) for indicator in indicators]
    years = list(range(from_year, to_year + 1))
    result = []
    for indicator in indicators:
        compute = COMPUTED.get(indicator.code) if indicator.is_computed else None
        if compute is not None:
            counts = compute(organisation, years, today)
            series = [Series(None, indicator.name, [Point(y, _decimal(counts.get(y))) for y in years])]
        elif indicator.is_computed:
            series = []  # a computed indicator without a function: nothing to show rather than a guess
        else:
            series = entered_series(indicator, organisation, years)
        result.append(IndicatorSeries(indicator, series))
    return result


def _decimal(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)
