from __future__ import annotations

from datetime import date

from django.urls import reverse

from cms.statistics.models import Indicator, Observation
from tests.cms.organisations.helpers import client_for, make_superuser
from tests.factories import make_member

CHARTS = "/admin/statistics-charts/"


def test_chart_view_renders_each_indicator_as_svg_for_a_superuser(tree):
    # given figures for two indicators
    strikes = Indicator.objects.get(code="strikes")
    Observation.objects.create(indicator=strikes, organisation=tree["root"], year=2024, value=5)
    make_member(tree["vsip"], joined_on=date(2024, 5, 1))
    client = client_for(make_superuser())

    # when
    response = client.get(CHARTS, {"from_year": 2023, "to_year": 2025})

    # then every indicator has its section, and only indicators are listed
    assert response.status_code == 200
    charts = response.context["charts"]
    assert [c.code for c in charts] == list(Indicator.objects.values_list("code", flat=True))
    assert {c.code: c.kind for c in charts} == {
        "members": "bar",
        "new_members": "bar",
        "grassroots_unions": "bar",
        "strikes": "bar",
        "cla_by_grade": "empty",
    }
    html = response.content.decode()
    assert html.count('class="w-mb-10 statistics-chart"') == 5
    assert html.count('<svg role="img"') == 4
    assert "<title>2024: 5</title>" in html
    assert "cdn" not in html.lower().split("</header>")[-1]


def test_chart_view_with_an_organisation_and_a_reversed_range(tree):
    client = client_for(make_superuser())

    ok = client.get(CHARTS, {"organisation": tree["kcn"].pk, "from_year": 2020, "to_year": 2021})
    reversed_ = client.get(CHARTS, {"from_year": 2025, "to_year": 2020})

    assert ok.context["organisation"] == tree["kcn"]
    assert (ok.context["from_year"], ok.context["to_year"]) == (2020, 2021)
    assert reversed_.status_code == 200
    assert "to_year" in reversed_.context["form"].errors


def test_chart_view_refuses_admin_users_without_statistics_rights(tree):
    from tests.cms.organisations.helpers import make_admin_officer

    client = client_for(make_admin_officer(tree["kcn"]).user)

    response = client.get(CHARTS)

    assert response.status_code in (302, 403)


def test_menu_and_observation_listing_with_filters(tree):
    strikes = Indicator.objects.get(code="strikes")
    Observation.objects.create(indicator=strikes, organisation=tree["root"], year=2023, value=4)
    Observation.objects.create(indicator=strikes, organisation=tree["root"], year=2024, value=7)
    client = client_for(make_superuser())

    listing = client.get(reverse("observations:index"), {"year": 2024})
    home = client.get("/admin/")

    assert listing.status_code == 200
    assert [o.year for o in listing.context["object_list"]] == [2024]
    assert CHARTS in home.content.decode()


def test_editor_adds_an_observation_in_the_admin(tree):
    client = client_for(make_superuser())
    strikes = Indicator.objects.get(code="strikes")

    response = client.post(
        reverse("observations:add"),
        {
            "indicator": strikes.pk,
            "organisation": tree["root"].pk,
            "year": 2025,
            "value": "6",
            "dimension_value": "",
            "period_label": "",
            "source": "Báo cáo 12/BC-LĐLĐ",
            "note": "",
        },
    )

    assert response.status_code == 302
    assert list(Observation.objects.values_list("year", "value", "source")) == [
        (2025, 6, "Báo cáo 12/BC-LĐLĐ")
    ]
