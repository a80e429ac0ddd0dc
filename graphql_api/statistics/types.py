from __future__ import annotations

import strawberry


@strawberry.type(name="StatisticsPoint", description="One year's figure; null when nothing was reported.")
class StatisticsPointType:
    year: int
    value: float | None


@strawberry.type(name="StatisticsSeries", description="One line or set of bars of a chart.")
class StatisticsSeriesType:
    dimension: str | None = strawberry.field(
        description="The breakdown value, e.g. A for grade A; null if none."
    )
    label: str = strawberry.field(description="Legend text, e.g. Loại A.")
    points: list[StatisticsPointType]


@strawberry.type(name="IndicatorStatistics", description="An indicator with its chart-ready series.")
class IndicatorStatisticsType:
    code: str
    name: str
    unit: str
    definition: str
    source: str
    is_computed: bool = strawberry.field(description="Counted by the system from its own data, not entered.")
    dimension: str | None = strawberry.field(
        description="What the series break down by, e.g. grade; null if one series."
    )
    series: list[StatisticsSeriesType]
