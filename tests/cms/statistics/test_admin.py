from __future__ import annotations

from datetime import date

from django.urls import reverse

from cms.organisations.models import OfficerRole, Organisation, OrganisationStatus
from cms.statistics.models import Indicator, Observation
from tests.cms.organisations.helpers import client_for, make_admin_officer, make_superuser
from tests.cms.statistics.helpers import chart_data, charts_by_code
from tests.factories import make_member

CHARTS = "/admin/statistics-charts/"
HOME = "/admin/"


def test_chart_view_draws_each_indicator_with_figures_for_a_superuser(tree):
    # given figures for two indicators
    strikes = Indicator.objects.get(code="strikes")
    Observation.objects.create(indicator=strikes, organisation=tree["root"], year=2024, value=5)
    make_member(tree["vsip"], joined_on=date(2024, 5, 1))
    client = client_for(make_superuser())

    # when
    response = client.get(CHARTS, {"from_year": 2023, "to_year": 2025})

    # then every indicator has its section; those with figures a canvas and their data
    assert response.status_code == 200
    # the header names the page (the last crumb), not just "Home"
    assert [item["label"] for item in response.context["breadcrumbs_items"]] == ["Home", "Statistics charts"]
    html = response.content.decode()
    assert html.count('data-testid="statistics-chart"') == 5
    assert html.count('data-testid="statistics-chart-canvas"') == 4
    assert html.count('data-testid="statistics-chart-empty"') == 1  # no agreements entered
    assert "<svg role" not in html
    data = chart_data(response)
    assert {c["code"]: c["type"] for c in data["charts"]} == {
        "members": "line",
        "new_members": "bar",
        "grassroots_unions": "line",
        "strikes": "bar",
    }
    assert charts_by_code(data)["strikes"]["datasets"] == [
        {"label": "Ngừng việc tập thể, đình công", "data": [None, 5.0, None]}
    ]


def test_chart_view_with_an_organisation_and_a_reversed_range(tree):
    client = client_for(make_superuser())

    ok = client.get(CHARTS, {"organisation": tree["kcn"].pk, "from_year": 2020, "to_year": 2021})
    reversed_ = client.get(CHARTS, {"from_year": 2025, "to_year": 2020})

    assert ok.context["organisation"] == tree["kcn"]
    assert (ok.context["from_year"], ok.context["to_year"]) == (2020, 2021)
    assert reversed_.status_code == 200
    assert "to_year" in reversed_.context["form"].errors


def test_chart_view_and_menu_refuse_officers_without_the_editor_role(tree):
    client = client_for(make_admin_officer(tree["kcn"], role=OfficerRole.FEEDBACK_HANDLER).user)

    response = client.get(CHARTS)
    home = client.get(HOME)

    # Wagtail answers a refused admin page with a redirect to the dashboard and a message
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert CHARTS not in home.content.decode()


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


def test_superuser_adds_a_province_wide_observation_in_the_admin(tree):
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


# --- Editors: figures of their own subtree only ---------------------------------------------------


def observation_data(indicator: Indicator, organisation: Organisation, **extra) -> dict:
    return {
        "indicator": indicator.pk,
        "organisation": organisation.pk,
        "year": 2025,
        "value": "3",
        "dimension_value": "",
        "period_label": "",
        "source": "",
        "note": "",
        **extra,
    }


def kcn_editor_client(tree):
    """An editor of the industrial-zone union: their subtree is kcn, vsip and hoa_sen."""
    return client_for(make_admin_officer(tree["kcn"], role=OfficerRole.EDITOR).user)


def test_an_editor_adds_an_observation_for_a_union_of_their_subtree(tree):
    client = kcn_editor_client(tree)
    strikes = Indicator.objects.get(code="strikes")

    response = client.post(reverse("observations:add"), observation_data(strikes, tree["vsip"]))

    assert (response.status_code, response["Location"]) == (302, reverse("observations:index"))
    assert list(Observation.objects.values_list("organisation", "year", "value")) == [
        (tree["vsip"].pk, 2025, 3)
    ]


def test_an_editor_cannot_enter_a_figure_for_the_federation_or_another_subtree(tree):
    client = kcn_editor_client(tree)
    strikes = Indicator.objects.get(code="strikes")

    for outside in (tree["root"], tree["gd"], tree["thpt"]):
        response = client.post(reverse("observations:add"), observation_data(strikes, outside))

        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["organisation"]
    assert not Observation.objects.exists()


def test_the_add_form_offers_the_editors_active_organisations_and_entered_indicators(tree):
    Organisation.objects.filter(pk=tree["hoa_sen"].pk).update(status=OrganisationStatus.DISSOLVED)
    client = kcn_editor_client(tree)

    form = client.get(reverse("observations:add")).context["form"]

    assert list(form.fields["organisation"].queryset) == [tree["kcn"], tree["vsip"]]
    assert set(form.fields["indicator"].queryset.values_list("code", flat=True)) == {
        "strikes",
        "cla_by_grade",
    }


def test_the_listing_and_its_filter_show_only_the_editors_subtree(tree):
    strikes = Indicator.objects.get(code="strikes")
    for key in ("root", "kcn", "vsip", "gd", "thpt"):
        Observation.objects.create(indicator=strikes, organisation=tree[key], year=2024, value=1)
    client = kcn_editor_client(tree)

    listing = client.get(reverse("observations:index"))
    filtered = client.get(reverse("observations:index"), {"organisation": tree["vsip"].pk})
    foreign = client.get(reverse("observations:index"), {"organisation": tree["root"].pk})

    assert listing.status_code == 200
    assert {o.organisation for o in listing.context["object_list"]} == {tree["kcn"], tree["vsip"]}
    # tree order: siblings by name, so Hoa Sen before Luxshare (vsip)
    assert list(listing.context["filters"].form.fields["organisation"].queryset) == [
        tree["kcn"],
        tree["hoa_sen"],
        tree["vsip"],
    ]
    assert tree["root"].name not in listing.content.decode()
    assert [o.organisation for o in filtered.context["object_list"]] == [tree["vsip"]]
    # another subtree's id in the filter is not a valid choice: the filter is ignored, nothing leaks
    assert {o.organisation for o in foreign.context["object_list"]} == {tree["kcn"], tree["vsip"]}


def test_an_editor_cannot_open_edit_copy_delete_or_history_of_a_federation_figure(tree):
    strikes = Indicator.objects.get(code="strikes")
    federal = Observation.objects.create(indicator=strikes, organisation=tree["root"], year=2024, value=5)
    client = kcn_editor_client(tree)

    edit = client.get(reverse("observations:edit", args=[federal.pk]))
    edit_post = client.post(
        reverse("observations:edit", args=[federal.pk]),
        observation_data(strikes, tree["kcn"], year=2024, value="0"),
    )
    delete = client.get(reverse("observations:delete", args=[federal.pk]))
    delete_post = client.post(reverse("observations:delete", args=[federal.pk]))
    history = client.get(reverse("observations:history", args=[federal.pk]))
    copy = client.get(reverse("observations:copy", args=[federal.pk]))

    # the scoped views answer 404, as if the row did not exist
    assert [r.status_code for r in (edit, edit_post, delete, delete_post, history)] == [404] * 5
    # Wagtail's copy view checks the source row through the policy: permission denied
    assert (copy.status_code, copy["Location"]) == (302, reverse("wagtailadmin_home"))
    federal.refresh_from_db()
    assert (federal.organisation, federal.value) == (tree["root"], 5)


def test_an_editor_works_on_figures_of_their_subtree_but_cannot_move_one_out(tree):
    strikes = Indicator.objects.get(code="strikes")
    own = Observation.objects.create(indicator=strikes, organisation=tree["vsip"], year=2024, value=2)
    wrong = Observation.objects.create(indicator=strikes, organisation=tree["kcn"], year=2023, value=9)
    client = kcn_editor_client(tree)

    pages = [
        client.get(reverse(f"observations:{name}", args=[own.pk]))
        for name in ("edit", "copy", "history", "delete")
    ]
    moved_out = client.post(
        reverse("observations:edit", args=[own.pk]), observation_data(strikes, tree["root"], year=2024)
    )
    edited = client.post(
        reverse("observations:edit", args=[own.pk]),
        observation_data(strikes, tree["vsip"], year=2024, value="4"),
    )
    deleted = client.post(reverse("observations:delete", args=[wrong.pk]))
    history = client.get(reverse("observations:history", args=[own.pk]))

    assert [page.status_code for page in pages] == [200] * 4
    assert moved_out.status_code == 200
    assert list(moved_out.context["form"].errors) == ["organisation"]
    assert (edited.status_code, deleted.status_code) == (302, 302)
    assert list(Observation.objects.values_list("organisation", "value")) == [(tree["vsip"].pk, 4)]
    assert [entry.action for entry in history.context["object_list"]] == ["wagtail.edit"]


def test_officers_without_the_editor_role_cannot_open_observations(tree):
    strikes = Indicator.objects.get(code="strikes")
    row = Observation.objects.create(indicator=strikes, organisation=tree["vsip"], year=2024, value=2)

    for role in (OfficerRole.FEEDBACK_HANDLER, OfficerRole.DOCUMENT_CLERK, OfficerRole.MEMBERSHIP_CLERK):
        client = client_for(make_admin_officer(tree["kcn"], role=role).user)

        listing = client.get(reverse("observations:index"))
        add = client.post(reverse("observations:add"), observation_data(strikes, tree["vsip"]))
        edit = client.get(reverse("observations:edit", args=[row.pk]))
        home = client.get(HOME).content.decode()

        # refused before any row is looked up: redirected to the dashboard
        assert (listing.status_code, listing["Location"]) == (302, reverse("wagtailadmin_home")), role
        assert (add.status_code, add["Location"]) == (302, reverse("wagtailadmin_home")), role
        assert (edit.status_code, edit["Location"]) == (302, reverse("wagtailadmin_home")), role
        assert reverse("observations:index") not in home, role
    assert Observation.objects.count() == 1


def test_indicators_stay_with_superusers(tree):
    editor = kcn_editor_client(tree)
    superuser = client_for(make_superuser())
    strikes = Indicator.objects.get(code="strikes")

    listing = editor.get(reverse("indicators:index"))
    edit = editor.get(reverse("indicators:edit", args=[strikes.pk]))
    add = editor.post(reverse("indicators:add"), {"name": "Tranh chấp", "code": "disputes", "sort_order": 60})
    editor_home = editor.get(HOME).content.decode()

    assert (listing.status_code, listing["Location"]) == (302, reverse("wagtailadmin_home"))
    assert (edit.status_code, add.status_code) == (302, 302)
    assert not Indicator.objects.filter(code="disputes").exists()
    # the editor's menu has the charts and observations, not the indicators
    assert reverse("observations:index") in editor_home
    assert CHARTS in editor_home
    assert reverse("indicators:index") not in editor_home
    assert superuser.get(reverse("indicators:index")).status_code == 200


# --- Charts for editors ---------------------------------------------------------------------------


def test_an_editor_charts_their_own_union_and_chooses_only_within_their_subtree(tree):
    strikes = Indicator.objects.get(code="strikes")
    Observation.objects.create(indicator=strikes, organisation=tree["root"], year=2024, value=57)
    Observation.objects.create(indicator=strikes, organisation=tree["kcn"], year=2024, value=3)
    client = kcn_editor_client(tree)

    response = client.get(CHARTS, {"from_year": 2023, "to_year": 2025})

    assert response.status_code == 200
    field = response.context["form"].fields["organisation"]
    assert list(field.queryset) == [tree["kcn"], tree["hoa_sen"], tree["vsip"]]
    assert [label for _, label in field.choices] == [
        "— Công đoàn các Khu công nghiệp Nghệ An",
        "— — Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An",
        "— — Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
    ]  # no "The provincial federation" empty choice
    assert response.context["organisation"] == tree["kcn"]
    assert strike_figures(response) == [None, 3.0, None]


def test_an_editor_cannot_chart_another_organisation_by_editing_the_url(tree):
    strikes = Indicator.objects.get(code="strikes")
    Observation.objects.create(indicator=strikes, organisation=tree["root"], year=2024, value=57)
    Observation.objects.create(indicator=strikes, organisation=tree["kcn"], year=2024, value=3)
    client = kcn_editor_client(tree)

    response = client.get(CHARTS, {"organisation": tree["root"].pk, "from_year": 2023, "to_year": 2025})

    # the foreign id is an invalid choice; the valid years are kept, the organisation falls back
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organisation"]
    assert response.context["organisation"] == tree["kcn"]
    assert (response.context["from_year"], response.context["to_year"]) == (2023, 2025)
    assert strike_figures(response) == [None, 3.0, None]


def test_a_superuser_still_charts_province_wide_by_default(tree):
    client = client_for(make_superuser())

    response = client.get(CHARTS)

    field = response.context["form"].fields["organisation"]
    assert response.context["organisation"] == tree["root"]
    assert field.empty_label == "The provincial federation"
    assert list(field.queryset) == list(Organisation.objects.order_by("path"))
    assert len(field.queryset) == len(tree)


def strike_figures(response) -> list:
    """The strikes per year the page hands the chart script (what the editor sees drawn)."""
    return charts_by_code(chart_data(response))["strikes"]["datasets"][0]["data"]
