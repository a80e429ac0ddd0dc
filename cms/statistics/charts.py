"""What the admin charts draw, as plain data: Chart.js draws it in the browser, a CSV file carries it.

``build_chart`` turns an indicator's series into a ``Chart``: the periods, one series per dimension
value, the chart type and the texts around it. ``Chart.as_json`` is what the page hands the script
(through Django's ``json_script``): numbers stay JSON numbers, never text formatted for a locale,
because the Vietnamese decimal comma ("248,0") is not a number to JavaScript. The browser formats
them for people (``Intl.NumberFormat("vi-VN")``); the server formats only the fallback table.
``csv_rows`` is the same data for a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.core.spreadsheets import neutralise_formula
from cms.statistics.services import IndicatorSeries

# The locale the browser formats numbers in, whatever the admin's language: figures go into
# Vietnamese reports (1.234,5).
NUMBER_LOCALE = "vi-VN"

# How the standard indicators read best (codes are stable, see migration 0002): a total that grows
# over the years is a line, a count of what happened during each year is a bar, and a total split
# into parts that add up to it (agreements in force by grade, the ungraded included) is a stacked
# bar, whose height is the total.
BAR, LINE, STACKED, EMPTY = "bar", "line", "stacked", "empty"
KINDS = {
    "members": LINE,
    "grassroots_unions": LINE,
    "new_members": BAR,
    "strikes": BAR,
    "cla_by_grade": STACKED,
}


@dataclass
class ChartSeries:
    label: str
    values: list[Decimal | None]


@dataclass
class Chart:
    code: str
    name: str
    unit: str
    definition: str
    source: str
    is_computed: bool
    kind: str  # BAR, LINE, STACKED or EMPTY (no figure in the years asked)
    years: list[int] = field(default_factory=list)
    series: list[ChartSeries] = field(default_factory=list)
    csv_url: str = ""  # set by the view: the CSV file of the same figures

    @property
    def stacked(self) -> bool:
        return self.kind == STACKED

    @property
    def totals(self) -> list[Decimal | None]:
        """Each year's sum over the series (none where no series has a figure)."""
        return [
            None if all(v is None for v in column) else sum((v for v in column if v is not None), Decimal(0))
            for column in zip(*(s.values for s in self.series), strict=True)
        ]

    @property
    def table(self) -> list[tuple[str, list[str]]]:
        """The fallback table under the chart: one row per series, Vietnamese-formatted figures.

        A stacked chart's parts add up: its table ends with their total, as the bars show it.
        """
        rows = [(s.label, [format_number(v) for v in s.values]) for s in self.series]
        if self.stacked:
            rows.append((_("Total"), [format_number(v) for v in self.totals]))
        return rows

    @property
    def integral(self) -> bool:
        """Whether every figure is a whole number (counts): the axis then shows no fractions."""
        return all(v == v.to_integral_value() for s in self.series for v in s.values if v is not None)

    def as_json(self) -> dict:
        """What the script needs to draw the chart; every figure a JSON number (or null)."""
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "type": BAR if self.stacked else self.kind,
            "stacked": self.stacked,
            "totalLabel": _("Total") if self.stacked else "",
            "integral": self.integral,
            "labels": [str(year) for year in self.years],
            "datasets": [
                {"label": s.label, "data": [None if v is None else float(v) for v in s.values]}
                for s in self.series
            ],
        }


def build_chart(item: IndicatorSeries) -> Chart:
    indicator = item.indicator
    chart = Chart(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        definition=indicator.definition,
        source=indicator.source,
        is_computed=indicator.is_computed,
        kind=EMPTY,
    )
    if not item.series or not item.series[0].points:
        return chart
    chart.years = [p.year for p in item.series[0].points]
    chart.series = [ChartSeries(s.label, [p.value for p in s.points]) for s in item.series]
    if all(v is None for s in chart.series for v in s.values):
        return chart
    chart.kind = KINDS.get(indicator.code, BAR if len(chart.series) == 1 else LINE)
    return chart


def format_number(value: Decimal | None) -> str:
    """A figure as Vietnamese write it: 1.234 and 12,5 (a dash for no figure)."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}".rstrip("0")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def csv_number(value: Decimal | None) -> int | Decimal | str:
    """A figure for a CSV cell: a plain number with a decimal point (never localised), or empty."""
    if value is None:
        return ""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.normalize()


def csv_rows(chart: Chart, organisation_name: str) -> Iterable[list]:
    """The chart's data as spreadsheet rows: a header, then one row per year.

    Every cell goes through ``neutralise_formula``: names and labels are typed by people, and a
    text starting with = + - @ must not run as a formula. Figures are numbers, left as they are.
    """
    unit = f" ({chart.unit})" if chart.unit else ""
    header = [_("Organisation"), _("Year"), *(f"{s.label}{unit}" for s in chart.series)]
    yield [neutralise_formula(cell) for cell in header]
    for i, year in enumerate(chart.years):
        row = [organisation_name, year, *(csv_number(s.values[i]) for s in chart.series)]
        yield [neutralise_formula(cell) for cell in row]


def file_stem(chart_code: str, organisation_code: str | None, from_year: int, to_year: int) -> str:
    """An ASCII file name for a chart's downloads, e.g. ``thong-ke-strikes-ldld-nghe-an-2015-2025``."""
    parts = ["thong-ke", chart_code, organisation_code or "", f"{from_year}-{to_year}"]
    return "-".join(slugify(part) for part in parts if part)
