"""Server-side SVG geometry for the admin charts (no JavaScript, no CDN: the admin may be offline).

``build_chart`` turns an indicator's series into numbers a template draws as bars (one series)
or lines (several series, e.g. agreements by grade), with a nice y-axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from cms.statistics.services import IndicatorSeries

WIDTH = 720
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32
COLOURS = ["#0054a6", "#da251d", "#00855a", "#f59e0b", "#6d28d9", "#0e7490"]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    year: int
    value: str


@dataclass
class Line:
    label: str
    colour: str
    points: str  # the SVG polyline "x,y x,y"
    dots: list[tuple[float, float, int, str]] = field(default_factory=list)


@dataclass
class Chart:
    code: str
    name: str
    unit: str
    definition: str
    source: str
    is_computed: bool
    kind: str  # "bar", "line" or "empty"
    width: int = WIDTH
    height: int = HEIGHT
    plot_bottom: float = HEIGHT - BOTTOM
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    years: list[tuple[float, int]] = field(default_factory=list)  # (x, year)
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    table: list[tuple[str, list[str]]] = field(default_factory=list)  # label, values per year
    year_labels: list[int] = field(default_factory=list)


def nice_max(value: float) -> float:
    """The smallest 1/2/5×10ⁿ at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * exponent >= value:
            return float(step * exponent)
    return float(10 * exponent)


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return text.replace(",", ".")  # Vietnamese thousands separator


def build_chart(item: IndicatorSeries) -> Chart:
    indicator = item.indicator
    chart = Chart(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        definition=indicator.definition,
        source=indicator.source,
        is_computed=indicator.is_computed,
        kind="empty",
    )
    if not item.series or not item.series[0].points:
        return chart
    years = [p.year for p in item.series[0].points]
    chart.year_labels = years
    chart.table = [(s.label, [_fmt(p.value) for p in s.points]) for s in item.series]
    values = [float(p.value) for s in item.series for p in s.points if p.value is not None]
    if not values:
        return chart
    top = nice_max(max(values))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)

    def y_of(v: float) -> float:
        return round(TOP + plot_h * (1 - v / top), 1)

    chart.ticks = [(y_of(top * i / 4), _fmt(Decimal(str(round(top * i / 4, 2))))) for i in range(5)]
    chart.years = [(round(LEFT + slot * (i + 0.5), 1), year) for i, year in enumerate(years)]
    if len(item.series) == 1:
        chart.kind = "bar"
        bar_w = round(slot * 0.6, 1)
        for i, point in enumerate(item.series[0].points):
            if point.value is None:
                continue
            y = y_of(float(point.value))
            chart.bars.append(
                Bar(
                    round(LEFT + slot * i + (slot - bar_w) / 2, 1),
                    y,
                    bar_w,
                    round(TOP + plot_h - y, 1),
                    point.year,
                    _fmt(point.value),
                )
            )
    else:
        chart.kind = "line"
        for n, series in enumerate(item.series):
            line = Line(series.label, COLOURS[n % len(COLOURS)], "")
            coords = []
            for i, point in enumerate(series.points):
                if point.value is None:
                    continue
                x, y = round(LEFT + slot * (i + 0.5), 1), y_of(float(point.value))
                coords.append(f"{x},{y}")
                line.dots.append((x, y, point.year, _fmt(point.value)))
            line.points = " ".join(coords)
            chart.lines.append(line)
    return chart
