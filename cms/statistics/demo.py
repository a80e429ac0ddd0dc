"""Demo statistics 2015–2025 for the federation: strikes and collective agreements by grade.

Members and grassroots unions are not seeded: they are computed from the demo members and the
organisation tree. Rows are keyed on (indicator, organisation, year, dimension value).
"""

from __future__ import annotations

from decimal import Decimal

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally, upsert
from cms.organisations.demo import ROOT_CODE
from cms.organisations.models import Organisation
from cms.statistics.models import Indicator, Observation

SOURCE_STRIKES = "Báo cáo tình hình quan hệ lao động năm {year} của LĐLĐ tỉnh Nghệ An"
SOURCE_CLA = "Báo cáo kết quả thương lượng, ký kết thỏa ước lao động tập thể năm {year}"

# Collective work stoppages on the province's territory, mostly in footwear, garment and FDI electronics.
STRIKES = {2015: 6, 2016: 9, 2017: 7, 2018: 5, 2019: 8, 2020: 3, 2021: 4, 2022: 6, 2023: 3, 2024: 2, 2025: 4}
STRIKE_NOTES = {
    2020: "Giảm do nhiều doanh nghiệp tạm dừng sản xuất vì dịch COVID-19.",
    2022: "Chủ yếu liên quan tiền thưởng Tết và điều chỉnh lương sau dịch.",
}

# Agreements in force by quality grade (A best): the total grows and the share of A and B rises.
CLA_BY_GRADE = {
    2015: (38, 160, 410, 122),
    2016: (45, 178, 420, 115),
    2017: (52, 196, 431, 104),
    2018: (61, 214, 437, 96),
    2019: (72, 236, 440, 85),
    2020: (80, 247, 432, 80),
    2021: (91, 262, 425, 71),
    2022: (108, 285, 418, 60),
    2023: (126, 311, 402, 51),
    2024: (147, 336, 390, 42),
    2025: (170, 362, 371, 35),
}


def seed(ctx: SeedContext) -> None:
    root = Organisation.objects.get(code=ROOT_CODE)
    strikes = Indicator.objects.get(code="strikes")
    cla = Indicator.objects.get(code="cla_by_grade")
    tally = Tally()
    for year, count in STRIKES.items():
        _, created, changed = upsert(
            Observation,
            {
                "indicator": strikes,
                "organisation": root,
                "year": year,
                "period_label": "",
                "dimension_value": "",
            },
            {
                "value": Decimal(count),
                "source": SOURCE_STRIKES.format(year=year),
                "note": STRIKE_NOTES.get(year, ""),
            },
        )
        tally.count(created, changed)
    for year, grades in CLA_BY_GRADE.items():
        for grade, count in zip("ABCD", grades, strict=True):
            _, created, changed = upsert(
                Observation,
                {
                    "indicator": cla,
                    "organisation": root,
                    "year": year,
                    "period_label": "",
                    "dimension_value": grade,
                },
                {"value": Decimal(count), "source": SOURCE_CLA.format(year=year)},
            )
            tally.count(created, changed)
    ctx.report(tally.describe("statistics observations"))


register_seeder("statistics", seed, after=("organisations",), order=100)
