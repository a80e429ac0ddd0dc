"""The statistics charts page (Chart.js fed with JSON) and the CSV file behind each chart."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from cms.organisations.models import OfficerRole, Organisation
from cms.statistics.models import Indicator, Observation
from tests.cms.organisations.helpers import client_for, make_admin_officer, make_superuser
from tests.cms.statistics.helpers import DATA_ID, chart_data, charts_by_code, script_tags
from tests.factories import make_member

CHARTS = "/admin/statistics-charts/"
BOM = b"\xef\xbb\xbf"
YEARS = {"from_year": 2023, "to_year": 2025}


def csv_url(code: str) -> str:
    return reverse("statistics_charts_csv", args=[code])


def vietnamese_client(user) -> Client:
    """A client whose admin speaks Vietnamese, as the federation's editors use it."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    client = Client(headers={"accept-language": "vi"})
    client.force_login(user)
    return client


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def enter(code: str, organisation: Organisation, year: int, value, dimension_value: str = "") -> None:
    Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        organisation=organisation,
        year=year,
        value=Decimal(value),
        dimension_value=dimension_value,
    )


def kcn_editor(tree):
    return make_admin_officer(tree["kcn"], role=OfficerRole.EDITOR).user


# --- The page: figures as JSON numbers, drawn by a script file ------------------------------------


def test_the_vietnamese_page_hands_the_script_plain_numbers_not_localised_text(tree):
    # given figures with fractions and thousands, which Vietnamese writes 1.234,5 and 248,0
    enter("strikes", tree["root"], 2024, "1234.5")
    enter("cla_by_grade", tree["root"], 2023, "248", "A")
    enter("cla_by_grade", tree["root"], 2024, "250.25", "A")
    enter("cla_by_grade", tree["root"], 2024, "12", "D")

    # when a Vietnamese-speaking superuser opens the charts
    response = vietnamese_client(make_superuser()).get(CHARTS, YEARS)

    # then the page is in Vietnamese, and the data for the script are numbers with a decimal point
    html = response.content.decode()
    assert response.status_code == 200
    assert "Biểu đồ thống kê" in html
    data = chart_data(response)
    assert data["locale"] == "vi-VN"
    assert data["subtitle"] == "Liên đoàn Lao động tỉnh Nghệ An, 2023–2025"
    charts = charts_by_code(data)
    assert charts["strikes"] | {"filename": None} == {
        "code": "strikes",
        "name": "Ngừng việc tập thể, đình công",
        "unit": "cuộc",
        "type": "bar",
        "stacked": False,
        "totalLabel": "",
        "integral": False,
        "labels": ["2023", "2024", "2025"],
        "datasets": [{"label": "Ngừng việc tập thể, đình công", "data": [None, 1234.5, None]}],
        "filename": None,
    }
    # agreements by grade pile up into the agreements in force: stacked bars, the ungraded on top
    assert (charts["cla_by_grade"]["type"], charts["cla_by_grade"]["stacked"]) == ("bar", True)
    with translation.override("vi"):
        assert charts["cla_by_grade"]["totalLabel"] == gettext("Total")
    assert charts["cla_by_grade"]["unit"] == "bản"
    assert charts["cla_by_grade"]["datasets"] == [
        {"label": "Loại A", "data": [248.0, 250.25, None]},
        {"label": "Loại B", "data": [None, None, None]},
        {"label": "Loại C", "data": [None, None, None]},
        {"label": "Loại D", "data": [None, 12.0, None]},
        {"label": "Không xếp loại", "data": [None, None, None]},
    ]
    data_element = html.split(f'id="{DATA_ID}"')[1].split("</script>")[0]
    assert "248.0" in data_element and "1234.5" in data_element
    assert "248,0" not in data_element and "1.234,5" not in data_element
    # the table under each chart, for people, is in Vietnamese figures
    assert "<td>1.234,5</td>" in html
    assert "<td>250,25</td>" in html


def test_the_systems_own_counts_are_charted_as_lines_and_bars(tree):
    make_member(tree["vsip"], joined_on=date(2023, 3, 1))
    make_member(tree["vsip"], joined_on=date(2024, 5, 1))
    make_member(tree["thpt"], joined_on=date(2024, 6, 1))

    response = client_for(make_superuser()).get(CHARTS, YEARS)

    charts = charts_by_code(chart_data(response))
    assert (charts["members"]["type"], charts["members"]["unit"]) == ("line", "đoàn viên")
    assert charts["members"]["datasets"][0]["data"] == [1.0, 3.0, 3.0]
    assert charts["members"]["integral"] is True
    assert (charts["new_members"]["type"], charts["new_members"]["datasets"][0]["data"]) == (
        "bar",
        [1.0, 2.0, 0.0],
    )
    assert charts["grassroots_unions"]["type"] == "line"
    assert charts["grassroots_unions"]["datasets"][0]["data"] == [4.0, 4.0, 4.0]
    assert "strikes" not in charts  # nothing entered: no chart to draw
    assert 'data-testid="statistics-chart-empty"' in response.content.decode()


def test_the_page_loads_chart_js_and_its_script_from_this_server_with_no_inline_code(tree):
    enter("strikes", tree["root"], 2024, "3")

    response = client_for(make_superuser()).get(CHARTS, YEARS)

    scripts = script_tags(response)
    sources = [attrs["src"] for attrs, _ in scripts if "src" in attrs]
    assert any("/static/statistics/vendor/chart.umd.min.js" in src for src in sources)
    assert any("/static/statistics/charts.js" in src for src in sources)
    chart_js = next(i for i, src in enumerate(sources) if "chart.umd.min.js" in src)
    assert chart_js < next(i for i, src in enumerate(sources) if "statistics/charts.js" in src)
    assert all(src.startswith("/") for src in sources)  # no CDN, no other host
    # every other <script> is data, never code
    inline = [(attrs, text) for attrs, text in scripts if "src" not in attrs]
    assert inline and all(attrs.get("type") == "application/json" for attrs, _ in inline)
    for path in (
        "statistics/vendor/chart.umd.min.js",
        "statistics/vendor/LICENSE.md",
        "statistics/charts.js",
    ):
        assert finders.find(path), path


def test_each_chart_offers_a_png_button_and_a_csv_link_for_the_same_selection(tree):
    enter("strikes", tree["vsip"], 2024, "3")
    client = client_for(kcn_editor(tree))

    response = client.get(CHARTS, {**YEARS, "organisation": tree["vsip"].pk})

    html = response.content.decode()
    section = html.split('id="chart-strikes"')[1].split("</section>")[0]
    assert 'data-testid="statistics-chart-png"' in section
    assert (
        f'href="{csv_url("strikes")}?from_year=2023&amp;to_year=2025&amp;organisation={tree["vsip"].pk}"'
        in section
    )
    assert charts_by_code(chart_data(response))["new_members"]["filename"] == (
        "thong-ke-new_members-cdcs-luxshare-2023-2025.png"
    )


# --- The CSV file behind a chart -------------------------------------------------------------------


def test_the_csv_file_holds_the_charts_figures_for_excel(tree):
    enter("cla_by_grade", tree["root"], 2023, "248", "A")
    enter("cla_by_grade", tree["root"], 2024, "250.25", "A")
    enter("cla_by_grade", tree["root"], 2024, "12", "D")

    response = client_for(make_superuser()).get(csv_url("cla_by_grade"), YEARS)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="thong-ke-cla_by_grade-ldld-nghe-an-2023-2025.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(BOM)  # Excel then reads UTF-8 and shows the accents
    root = "Liên đoàn Lao động tỉnh Nghệ An"
    assert rows_of(response) == [
        [
            "Organisation",
            "Year",
            "Loại A (bản)",
            "Loại B (bản)",
            "Loại C (bản)",
            "Loại D (bản)",
            "Không xếp loại (bản)",
        ],
        [root, "2023", "248", "", "", "", ""],
        [root, "2024", "250.25", "", "", "12", ""],
        [root, "2025", "", "", "", "", ""],
    ]


def test_the_csv_file_of_a_computed_series_counts_the_systems_data(tree):
    make_member(tree["vsip"], joined_on=date(2024, 5, 1))

    response = client_for(make_superuser()).get(
        csv_url("new_members"), {**YEARS, "organisation": tree["kcn"].pk}
    )

    assert rows_of(response) == [
        ["Organisation", "Year", "Đoàn viên kết nạp mới (đoàn viên)"],
        ["Công đoàn các Khu công nghiệp Nghệ An", "2023", "0"],
        ["Công đoàn các Khu công nghiệp Nghệ An", "2024", "1"],
        ["Công đoàn các Khu công nghiệp Nghệ An", "2025", "0"],
    ]


def test_the_csv_file_never_hands_excel_a_formula(tree):
    # given names and labels typed by people that a spreadsheet would run, and a negative figure
    Organisation.objects.filter(pk=tree["root"].pk).update(name='=HYPERLINK("http://x.example","Xem")')
    Indicator.objects.filter(code="strikes").update(name="@SUM(A1)", unit="-cuộc")
    Indicator.objects.filter(code="cla_by_grade").update(dimension_label="+Loại")
    enter("strikes", tree["root"], 2024, "-2")
    enter("cla_by_grade", tree["root"], 2024, "5", "A")
    client = client_for(make_superuser())

    strikes = rows_of(client.get(csv_url("strikes"), YEARS))
    agreements = rows_of(client.get(csv_url("cla_by_grade"), YEARS))

    # then such text starts with a quote; the figure stays a number
    assert strikes[0] == ["Organisation", "Year", "'@SUM(A1) (-cuộc)"]
    assert strikes[2] == ['\'=HYPERLINK("http://x.example","Xem")', "2024", "-2"]
    assert agreements[0][2:] == [
        "'+Loại A (bản)",
        "'+Loại B (bản)",
        "'+Loại C (bản)",
        "'+Loại D (bản)",
        "Không xếp loại (bản)",
    ]


def test_an_editor_downloads_their_own_subtrees_figures(tree):
    enter("strikes", tree["root"], 2024, "57")
    enter("strikes", tree["kcn"], 2024, "3")
    enter("strikes", tree["vsip"], 2024, "1")
    client = client_for(kcn_editor(tree))

    own = client.get(csv_url("strikes"), YEARS)
    below = client.get(csv_url("strikes"), {**YEARS, "organisation": tree["vsip"].pk})

    assert [row[1:] for row in rows_of(own)[1:]] == [["2023", ""], ["2024", "3"], ["2025", ""]]
    assert rows_of(own)[1][0] == "Công đoàn các Khu công nghiệp Nghệ An"
    assert [row[2] for row in rows_of(below)[1:]] == ["", "1", ""]
    assert "cdcs-luxshare" in below["Content-Disposition"]


@pytest.mark.parametrize("outside", ["root", "gd", "thpt"])
def test_an_editor_asking_for_another_subtrees_csv_gets_only_their_own_figures(tree, outside):
    # given the federation's and another subtree's figures
    for key in ("root", "gd", "thpt"):
        enter("strikes", tree[key], 2024, "57")
    enter("strikes", tree["kcn"], 2024, "3")
    client = client_for(kcn_editor(tree))

    # when the editor edits the URL to another organisation
    response = client.get(csv_url("strikes"), {**YEARS, "organisation": tree[outside].pk})

    # then, as on the page, the figures are those of their own union, and the file says so
    assert response.status_code == 200
    rows = rows_of(response)
    assert {row[0] for row in rows[1:]} == {"Công đoàn các Khu công nghiệp Nghệ An"}
    assert [row[2] for row in rows[1:]] == ["", "3", ""]
    assert "57" not in response.content.decode("utf-8-sig")
    assert "cd-kcn" in response["Content-Disposition"]


def test_the_csv_file_is_refused_to_those_who_may_not_see_the_charts(tree):
    enter("strikes", tree["root"], 2024, "57")
    clerk = client_for(make_admin_officer(tree["kcn"], role=OfficerRole.FEEDBACK_HANDLER).user)

    refused = clerk.get(csv_url("strikes"), YEARS)
    anonymous = Client().get(csv_url("strikes"), YEARS)

    # as the charts page: officers without the editor role go back to the dashboard
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_unknown_indicator_has_no_csv_file(tree):
    response = client_for(make_superuser()).get(csv_url("no-such-indicator"), YEARS)

    assert response.status_code == 404


def test_agreements_by_grade_stack_up_to_the_agreements_in_force_ungraded_included(tree):
    # given agreements of two grades and ungraded ones in 2024
    enter("cla_by_grade", tree["root"], 2024, "3", "A")
    enter("cla_by_grade", tree["root"], 2024, "4", "C")
    enter("cla_by_grade", tree["root"], 2024, "2", "KXL")

    # when a Vietnamese-speaking superuser opens the charts
    response = vietnamese_client(make_superuser()).get(CHARTS, YEARS)

    # then the bars pile up, the ungraded among them, and the table under the chart gives the total
    chart = charts_by_code(chart_data(response))["cla_by_grade"]
    assert chart["stacked"] is True
    assert chart["datasets"][-1] == {"label": "Không xếp loại", "data": [None, 2.0, None]}
    with translation.override("vi"):
        total = gettext("Total")
    section = response.content.decode().split('id="chart-cla_by_grade"')[1].split("</section>")[0]
    assert '<th scope="row">Không xếp loại</th><td>–</td><td>2</td><td>–</td>' in section
    assert f'<th scope="row">{total}</th><td>–</td><td>9</td><td>–</td>' in section
