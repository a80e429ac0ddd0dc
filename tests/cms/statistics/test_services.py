from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms.members.models import MemberStatus
from cms.organisations.models import OrganisationLevel, OrganisationStatus
from cms.statistics import services
from cms.statistics.models import Indicator, Observation
from tests.factories import make_child, make_member

TODAY = date(2026, 11, 28)


def grassroots(parent, name, established_on=None, dissolved_on=None, status=OrganisationStatus.ACTIVE):
    org = make_child(parent, name, OrganisationLevel.GRASSROOTS)
    org.established_on, org.dissolved_on, org.status = established_on, dissolved_on, status
    org.save()
    return org


def test_members_on_roll_counts_joined_by_each_year_end_within_the_subtree(tree):
    # given members joining in different years, in and out of the KCN subtree
    make_member(tree["vsip"], joined_on=date(2019, 3, 1))
    make_member(tree["vsip"], joined_on=date(2019, 12, 31))
    make_member(tree["hoa_sen"], joined_on=date(2021, 1, 1))
    make_member(tree["hoa_sen"], joined_on=date(2026, 2, 1))
    make_member(tree["hoa_sen"], joined_on=None)  # date unknown: a member now, not before
    make_member(tree["vsip"], joined_on=date(2020, 5, 5), status=MemberStatus.LEFT)
    make_member(tree["vsip"], joined_on=date(2020, 6, 6), status=MemberStatus.SUSPENDED)
    make_member(tree["thpt"], joined_on=date(2018, 1, 1))  # another subtree

    # when
    counts = services.members_on_roll(tree["kcn"], range(2018, 2028), today=TODAY)

    # then (2027 lies in the future: no figure)
    assert counts == {2018: 0, 2019: 2, 2020: 3, 2021: 4, 2022: 4, 2023: 4, 2024: 4, 2025: 4, 2026: 6}
    assert services.members_on_roll(tree["root"], [2018, 2026], today=TODAY) == {2018: 1, 2026: 7}


def test_new_members_counts_joinings_per_year_including_those_who_left_later(tree):
    make_member(tree["vsip"], joined_on=date(2020, 5, 5), status=MemberStatus.LEFT)
    make_member(tree["vsip"], joined_on=date(2020, 9, 1))
    make_member(tree["thpt"], joined_on=date(2021, 1, 1))

    assert services.new_members(tree["kcn"], [2019, 2020, 2021], today=TODAY) == {2019: 0, 2020: 2, 2021: 0}
    assert services.new_members(tree["root"], [2020, 2021], today=TODAY) == {2020: 2, 2021: 1}


def test_grassroots_unions_active_at_each_year_end_exclude_dissolved(tree):
    # given: the tree's four grassroots unions have no founding date (counted throughout), plus:
    grassroots(tree["kcn"], "CĐCS Công ty A", established_on=date(2019, 6, 1))
    grassroots(
        tree["kcn"],
        "CĐCS Công ty B",
        established_on=date(2016, 1, 1),
        dissolved_on=date(2020, 12, 31),
        status=OrganisationStatus.DISSOLVED,
    )
    grassroots(
        tree["kcn"],
        "CĐCS Công ty C",
        established_on=date(2017, 1, 1),
        dissolved_on=date(2021, 3, 1),
        status=OrganisationStatus.MERGED,
    )
    grassroots(tree["kcn"], "CĐCS Công ty D", status=OrganisationStatus.DISSOLVED)  # no date: never counted
    make_child(tree["kcn"], "Công đoàn cấp trên khác", OrganisationLevel.UPPER)  # not grassroots

    # when
    counts = services.grassroots_unions(tree["kcn"], range(2015, 2023), today=TODAY)

    # then: B ends on 31/12/2020 itself (not active at that year end); C is counted at the end of 2020
    assert counts == {2015: 2, 2016: 3, 2017: 4, 2018: 4, 2019: 5, 2020: 4, 2021: 3, 2022: 3}
    assert services.grassroots_unions(tree["root"], [2022], today=TODAY) == {2022: 5}


def test_statistics_returns_entered_series_by_dimension_in_defined_order(tree):
    # given grade observations for the federation and one for another organisation
    cla = Indicator.objects.get(code="cla_by_grade")
    for grade, value in (("B", "12"), ("A", "3.5")):
        Observation.objects.create(
            indicator=cla, organisation=tree["root"], year=2024, dimension_value=grade, value=value
        )
    Observation.objects.create(
        indicator=cla, organisation=tree["kcn"], year=2024, dimension_value="A", value=99
    )
    Observation.objects.create(
        indicator=cla,
        organisation=tree["root"],
        year=2024,
        dimension_value="A",
        value=1,
        period_label="6 tháng",
    )

    # when
    [item] = services.statistics(["cla_by_grade"], None, 2023, 2024, today=TODAY)

    # then
    assert [(s.dimension, s.label, [(p.year, p.value) for p in s.points]) for s in item.series] == [
        ("A", "Loại A", [(2023, None), (2024, Decimal("3.50"))]),
        ("B", "Loại B", [(2023, None), (2024, Decimal("12.00"))]),
        ("C", "Loại C", [(2023, None), (2024, None)]),
        ("D", "Loại D", [(2023, None), (2024, None)]),
        ("KXL", "Không xếp loại", [(2023, None), (2024, None)]),
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((["strikes", "khong-co"], None, 2020, 2021), "indicators"),
        ((None, None, 2022, 2021), "fromYear"),
        ((None, None, 0, 0), "fromYear"),
        ((None, None, 2020, 10_000), "toYear"),
    ],
)
def test_statistics_refuses_unknown_codes_and_reversed_ranges(db, args, code):
    with pytest.raises(services.StatisticsError) as exc:
        services.statistics(*args, today=TODAY)
    assert exc.value.code == code


def test_observation_validation(tree):
    cla = Indicator.objects.get(code="cla_by_grade")
    members = Indicator.objects.get(code="members")

    with pytest.raises(ValidationError) as bad_grade:
        Observation(
            indicator=cla, organisation=tree["root"], year=2024, dimension_value="E", value=1
        ).full_clean()
    with pytest.raises(ValidationError) as computed:
        Observation(indicator=members, organisation=tree["root"], year=2024, value=1).full_clean()
    with pytest.raises(ValidationError) as outside:
        Observation(
            indicator=cla,
            organisation=tree["root"],
            year=2024,
            dimension_value="A",
            value=1,
            period_label="Quý I",
            period_start=date(2024, 1, 1),
            period_end=date(2025, 3, 31),
        ).full_clean()

    assert set(bad_grade.value.message_dict) == {"dimension_value"}
    assert "indicator" in computed.value.message_dict
    assert set(outside.value.message_dict) == {"period_end"}
