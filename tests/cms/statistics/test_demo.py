"""The demo's statistics add up: what the charts show for the demo is possible in the demo's union tree.

An agreement belongs to a grassroots union of the tree (or to several, for a multi-employer
agreement), so there are never more agreements in force than grassroots unions; work stoppages
happen at the tree's enterprises; the members and unions the charts count are those the demo
creates. Every test reads the database as `make run` leaves it (the `demo` fixture).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from cms.core.demo.base import SeedContext
from cms.members.demo import DEMO_MEMBER, build_members
from cms.members.models import MemberStatus
from cms.organisations.demo import walk
from cms.organisations.models import Organisation, OrganisationKind, OrganisationLevel, OrganisationStatus
from cms.statistics import demo as statistics_demo
from cms.statistics import services
from cms.statistics.demo import AGREEMENTS, GRADES, STRIKES_AT, YEARS
from cms.statistics.models import Indicator

pytestmark = pytest.mark.usefixtures("demo")

FIRST, LAST = YEARS[0], YEARS[-1]
# Who can sign a collective agreement in the demo: a grassroots union facing an employer.
EMPLOYERS = {OrganisationKind.ENTERPRISE, OrganisationKind.COOPERATIVE}


def chart(code: str, first: int = FIRST, last: int = LAST) -> dict[str, dict[int, float | None]]:
    """What the chart of an indicator shows for the federation: legend → {year: figure}."""
    [item] = services.statistics([code], None, first, last)
    return {
        series.label: {p.year: None if p.value is None else float(p.value) for p in series.points}
        for series in item.series
    }


def only_series(code: str, first: int = FIRST, last: int = LAST) -> dict[int, float | None]:
    [series] = chart(code, first, last).values()
    return series


def grassroots_unions_of_the_tree() -> dict[str, Organisation]:
    return {
        org.code: org
        for org in Organisation.objects.filter(
            level=OrganisationLevel.GRASSROOTS, status=OrganisationStatus.ACTIVE
        )
    }


def existed_by_year_end(org: Organisation, year: int) -> bool:
    return org.established_on is None or org.established_on <= date(year, 12, 31)


# --- Collective agreements ----------------------------------------------------------------------


def test_agreements_in_force_never_outnumber_the_grassroots_unions_that_could_sign_them():
    # when an officer opens the chart of agreements by grade and the count of grassroots unions
    agreements = chart("cla_by_grade")
    unions = only_series("grassroots_unions")
    employers = [org for org in grassroots_unions_of_the_tree().values() if org.kind in EMPLOYERS]

    # then each year's agreements, ungraded included, fit in the unions that could sign one
    assert list(agreements) == ["Loại A", "Loại B", "Loại C", "Loại D", "Không xếp loại"]
    for year in YEARS:
        in_force = sum(figures[year] for figures in agreements.values())
        facing_an_employer = sum(existed_by_year_end(org, year) for org in employers)
        assert 0 < in_force <= facing_an_employer <= unions[year], year
    assert all(
        value is not None and value >= 0 and value == int(value)
        for figures in agreements.values()
        for value in figures.values()
    )


def test_each_demo_agreement_belongs_to_grassroots_unions_of_the_tree_one_at_a_time():
    unions = grassroots_unions_of_the_tree()
    for agreement in AGREEMENTS:
        assert 1 <= agreement.years <= 3, agreement  # Bộ luật Lao động 2019, Điều 78
        assert agreement.grade in GRADES, agreement
        for code in agreement.unions:
            org = unions[code]
            assert org.kind in EMPLOYERS, agreement
            assert existed_by_year_end(org, agreement.signed), agreement

    # a union is under one agreement at a time, its own or a multi-employer one
    for year in range(2000, 2031):
        covered = Counter(code for a in AGREEMENTS if a.in_force(year) for code in a.unions)
        assert max(covered.values(), default=0) <= 1, (year, covered.most_common(1))
    assert any(len(agreement.unions) > 1 for agreement in AGREEMENTS)


def test_the_chart_counts_the_agreements_the_demo_lists_and_none_lapses():
    agreements = chart("cla_by_grade")
    labels = dict(Indicator.objects.get(code="cla_by_grade").dimension_choices)

    for year in YEARS:
        in_force = Counter(a.grade for a in AGREEMENTS if a.in_force(year))
        assert {grade: agreements[labels[grade]][year] for grade in GRADES} == {
            grade: float(in_force[grade]) for grade in GRADES
        }
    # a union that has signed keeps an agreement in force every year since (renewals on time)
    first_signed = {}
    for agreement in AGREEMENTS:
        for code in agreement.unions:
            first_signed[code] = min(first_signed.get(code, agreement.signed), agreement.signed)
    for code, since in first_signed.items():
        for year in range(since, LAST + 1):
            assert any(code in a.unions and a.in_force(year) for a in AGREEMENTS), (code, year)


def test_the_grades_the_demo_uses_are_those_the_indicator_allows():
    indicator = Indicator.objects.get(code="cla_by_grade")

    assert indicator.allowed_values == list(GRADES)
    assert indicator.value_label("KXL") == "Không xếp loại"


# --- Work stoppages ----------------------------------------------------------------------------------


def test_work_stoppages_happened_at_enterprises_of_the_tree_that_existed_then():
    unions = grassroots_unions_of_the_tree()
    strikes = only_series("strikes")

    for year, places in STRIKES_AT.items():
        assert strikes[year] == len(places)
        enterprises = [org for org in unions.values() if org.kind == OrganisationKind.ENTERPRISE]
        assert len(places) <= sum(existed_by_year_end(org, year) for org in enterprises)
        for code in places:
            assert unions[code].kind == OrganisationKind.ENTERPRISE
            assert existed_by_year_end(unions[code], year), (code, year)


# --- Members and grassroots unions, counted by the system ------------------------------------------


def test_member_counts_match_the_members_the_demo_creates():
    today = timezone.localdate()
    created = [*build_members(SeedContext(password="-").rng("members")), DEMO_MEMBER]
    on_roll = [spec for spec in created if spec.status != MemberStatus.LEFT and spec.joined_on <= today]
    years = range(FIRST, today.year + 1)

    members = only_series("members", FIRST, today.year)
    joined = only_series("new_members", 1990, today.year)

    # "không tính người đã ra khỏi tổ chức công đoàn": those who left are not on any year's roll
    assert len(on_roll) < len(created)
    assert members[today.year] == len(on_roll)
    for year in years:
        assert members[year] == sum(spec.joined_on.year <= year for spec in on_roll), year
    # everyone who joined is a new member of the year they joined, those who left since included
    assert sum(joined.values()) == sum(spec.joined_on <= today for spec in created)
    assert [members[year] for year in years] == sorted(members[year] for year in years)


def test_grassroots_union_counts_match_the_demo_tree():
    today = timezone.localdate()
    codes = {org.code for org, _parent in walk() if org.level == OrganisationLevel.GRASSROOTS}
    tree = list(Organisation.objects.filter(level=OrganisationLevel.GRASSROOTS))
    assert {org.code for org in tree} == codes

    unions = only_series("grassroots_unions", FIRST, today.year)

    def active(org: Organisation, day: date) -> bool:
        return (
            (org.established_on is None or org.established_on <= day)
            and (org.dissolved_on is None or org.dissolved_on > day)
            and (org.dissolved_on is not None or org.status == OrganisationStatus.ACTIVE)
        )

    for year in unions:
        assert unions[year] == sum(active(org, services.as_of(year, today)) for org in tree), year
    assert unions[today.year] == sum(org.status == OrganisationStatus.ACTIVE for org in tree)
    # from one year to the next the count moves by the unions founded less those dissolved
    for year in range(FIRST + 1, today.year + 1):
        before, day = date(year - 1, 12, 31), services.as_of(year, today)
        founded = sum(bool(org.established_on) and before < org.established_on <= day for org in tree)
        ended = sum(bool(org.dissolved_on) and before < org.dissolved_on <= day for org in tree)
        assert unions[year] - unions[year - 1] == founded - ended, year


def test_no_demo_chart_shows_a_negative_figure():
    for item in services.statistics(None, None, FIRST, LAST):
        for series in item.series:
            for point in series.points:
                assert point.value is None or point.value >= 0, (item.indicator.code, series.label, point)


def test_seeding_the_statistics_again_changes_nothing():
    out: list[str] = []

    statistics_demo.seed(SeedContext(password="-", write=out.append))

    assert out == ["  66 statistics observations (0 created, 0 updated)"]
