"""Demo statistics 2015–2025 for the federation: strikes and collective agreements by grade.

The figures are those of the demo's own union tree (cms/organisations/demo.py), so they add up
with what the system counts itself: every work stoppage happened at an enterprise whose grassroots
union the tree has, and every agreement belongs to a grassroots union of the tree (or, for a
multi-employer agreement, to several), signed once that union existed, each union under at most
one agreement at a time. The yearly totals are counted from those lists, never written by hand.

Members and grassroots unions are not seeded: they are computed from the demo members and the
organisation tree. Rows are keyed on (indicator, organisation, year, dimension value).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally, upsert
from cms.organisations.demo import ROOT_CODE
from cms.organisations.models import Organisation
from cms.statistics.models import Indicator, Observation

YEARS = range(2015, 2026)
SOURCE_STRIKES = "Báo cáo tình hình quan hệ lao động năm {year} của LĐLĐ tỉnh Nghệ An"
SOURCE_CLA = "Báo cáo kết quả thương lượng, ký kết thỏa ước lao động tập thể năm {year}"

# Collective work stoppages, by year, at the enterprises of the demo tree (codes of their grassroots
# unions): mostly garment, footwear and FDI electronics, as in the province.
STRIKES_AT: dict[int, tuple[str, ...]] = {
    2015: ("cdcs-thuy-san-dien-chau",),
    2016: ("cdcs-may-hoa-phong", "cdcs-thuy-san-dien-chau"),
    2017: ("cdcs-may-hoa-phong",),
    2018: ("cdcs-giay-viet-hung",),
    2019: ("cdcs-giay-viet-hung", "cdcs-may-thien-phuc"),
    2020: (),
    2021: ("cdcs-may-sunrise-dien-chau",),
    2022: ("cdcs-everwin", "cdcs-giay-viet-hung"),
    2023: ("cdcs-may-sunrise-dien-chau",),
    2024: (),
    2025: ("cdcs-ju-teng",),
}
STRIKES: dict[int, int] = {year: len(places) for year, places in STRIKES_AT.items()}
STRIKE_NOTES = {
    2020: "Không có cuộc nào: nhiều doanh nghiệp tạm dừng sản xuất vì dịch COVID-19.",
    2022: "Liên quan tiền thưởng Tết và điều chỉnh lương sau dịch.",
}

# The grades of the Confederation's assessment, best first, then the agreements in force that
# were graded none of them. The indicator lists the same values (migration 0003).
GRADES = ("A", "B", "C", "D", "KXL")


@dataclass(frozen=True)
class Agreement:
    """A collective labour agreement: signed in ``signed`` for ``years`` years (1 to 3, Bộ luật Lao
    động 2019, Điều 78), so in force at the end of each of those years; then renewed or ended."""

    unions: tuple[str, ...]  # its grassroots union, or the unions of a multi-employer agreement
    signed: int
    years: int
    grade: str

    def in_force(self, year: int) -> bool:
        return self.signed <= year < self.signed + self.years


def _renewals(unions: str | tuple[str, ...], first: int, *terms: str) -> list[Agreement]:
    """One union's successive agreements, each term written as years then grade ("3B", "2KXL")."""
    unions = (unions,) if isinstance(unions, str) else unions
    agreements, signed = [], first
    for term in terms:
        years, grade = int(term[0]), term[1:]
        agreements.append(Agreement(unions, signed, years, grade))
        signed += years
    return agreements


# Enterprises sign first, then renew; new FDI plants sign a year or so after their union is set
# up; grades improve as unions learn to bargain. The two tourism companies, which negotiated
# separately, have shared one multi-employer agreement since 2019. The hospitals, the schools, the
# fishermen's union (no employer) and the cooperative have none in the demo.
AGREEMENTS: tuple[Agreement, ...] = (
    *_renewals("cdcs-luxshare", 2021, "2C", "2B", "3A"),
    *_renewals("cdcs-everwin", 2022, "2KXL", "3C"),
    *_renewals("cdcs-sunny-optical", 2023, "3C"),
    *_renewals("cdcs-ju-teng", 2024, "2KXL"),
    *_renewals("cdcs-may-nghe-an", 2013, "3C", "3B", "3B", "3A", "3A"),
    *_renewals("cdcs-may-hoa-phong", 2017, "2KXL", "3C", "3B", "3B"),
    *_renewals("cdcs-may-thien-phuc", 2019, "3D", "3C", "3B"),
    *_renewals("cdcs-giay-viet-hung", 2018, "3KXL", "3D", "3C"),
    *_renewals("cdcs-ton-hoa-sen", 2016, "3C", "3B", "3B", "3A"),
    *_renewals("cdcs-bia-song-lam", 2014, "3B", "3B", "3A", "3A"),
    *_renewals("cdcs-xang-dau-nghe-an", 2013, "3B", "3B", "3A", "3A", "3A"),
    *_renewals("cdcs-cap-nuoc", 2014, "3B", "3B", "3B", "3A"),
    *_renewals("cdcs-cang-nghe-tinh", 2014, "3B", "3B", "3A", "3A"),
    *_renewals("cdcs-van-tai-o-to", 2015, "3C", "3C", "3C", "3B"),
    *_renewals("cdcs-thuy-loi-bac", 2013, "3C", "3C", "3B", "3B", "3B"),
    *_renewals("cdcs-sieu-thi-vinh-center", 2015, "2KXL", "3D", "3C", "3C"),
    *_renewals("cdcs-khach-san-kim-lien", 2014, "3C", "2C"),
    *_renewals("cdcs-du-lich-cua-lo", 2015, "3KXL", "1D"),
    *_renewals(("cdcs-khach-san-kim-lien", "cdcs-du-lich-cua-lo"), 2019, "3C", "3C", "3B"),
    *_renewals("cdcs-may-sunrise-dien-chau", 2020, "2KXL", "3D", "3D"),
    *_renewals("cdcs-thuy-san-dien-chau", 2014, "3D", "3D", "3C", "3C"),
    *_renewals("cdcs-sua-th", 2012, "3B", "3A", "3A", "3A", "3A"),
)


def agreements_in_force(year: int) -> list[Agreement]:
    return [agreement for agreement in AGREEMENTS if agreement.in_force(year)]


# Agreements in force at the end of each year, by grade (in the order of GRADES).
CLA_BY_GRADE: dict[int, tuple[int, ...]] = {
    year: tuple(sum(1 for a in agreements_in_force(year) if a.grade == grade) for grade in GRADES)
    for year in YEARS
}


def seed(ctx: SeedContext) -> None:
    root = Organisation.objects.get(code=ROOT_CODE)
    strikes = Indicator.objects.get(code="strikes")
    cla = Indicator.objects.get(code="cla_by_grade")
    tally = Tally()
    rows = [
        (strikes, year, "", count, SOURCE_STRIKES, STRIKE_NOTES.get(year, ""))
        for year, count in STRIKES.items()
    ]
    rows += [
        (cla, year, grade, count, SOURCE_CLA, "")
        for year, counts in CLA_BY_GRADE.items()
        for grade, count in zip(GRADES, counts, strict=True)
    ]
    for indicator, year, dimension_value, count, source, note in rows:
        _, created, changed = upsert(
            Observation,
            {
                "indicator": indicator,
                "organisation": root,
                "year": year,
                "period_label": "",
                "dimension_value": dimension_value,
            },
            {"value": Decimal(count), "source": source.format(year=year), "note": note},
        )
        tally.count(created, changed)
    ctx.report(tally.describe("statistics observations"))


register_seeder("statistics", seed, after=("organisations",), order=100)
