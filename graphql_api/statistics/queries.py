from __future__ import annotations

import strawberry
from strawberry import relay

from cms.organisations.models import Organisation
from cms.statistics import services
from graphql_api.core.errors import ApiError, ApiErrorCode
from graphql_api.core.filters import organisation_pk
from graphql_api.statistics.types import IndicatorStatisticsType, StatisticsPointType, StatisticsSeriesType


def _to_type(item: services.IndicatorSeries) -> IndicatorStatisticsType:
    indicator = item.indicator
    return IndicatorStatisticsType(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        definition=indicator.definition,
        source=indicator.source,
        is_computed=indicator.is_computed,
        dimension=indicator.dimension or None,
        series=[
            StatisticsSeriesType(
                dimension=series.dimension,
                label=series.label,
                points=[
                    StatisticsPointType(year=p.year, value=None if p.value is None else float(p.value))
                    for p in series.points
                ],
            )
            for series in item.series
        ],
    )


@strawberry.type
class Query:
    @strawberry.field(
        description=(
            "Chart-ready statistics by year. `indicators`: codes (all if omitted); `organisation`: whose figures "
            "(default: the provincial federation); years default to the last ten. Computed counts are as of "
            "31 December (the current year: today)."
        )
    )
    def statistics(
        self,
        indicators: list[str] | None = None,
        organisation: relay.GlobalID | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
    ) -> list[IndicatorStatisticsType]:
        org = None
        if (pk := organisation_pk(organisation)) is not None:
            org = Organisation.objects.filter(pk=pk).first()
            if org is None:
                raise ApiError(ApiErrorCode.BAD_USER_INPUT, "`organisation` does not exist.")
        try:
            items = services.statistics(indicators, org, from_year, to_year)
        except services.StatisticsError as exc:
            raise ApiError(ApiErrorCode.BAD_USER_INPUT, exc.message) from exc
        return [_to_type(item) for item in items]
