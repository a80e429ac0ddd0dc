"""Spreadsheets we hand out never run what someone typed into them.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a carriage return) is a
formula to Excel and LibreOffice when they open a CSV file: a name such as
``=HYPERLINK("http://…","Xem")`` in a member list, or a page title in a report, would run on the
officer's computer. What members, officers and editors type is stored as they typed it (``+84…``
is a phone number); it is neutralised on the way out, in every export:

- CSV: such a cell starts with a single quote, as OWASP's CSV injection guidance says;
- .xlsx: such a cell is stored as text with Excel's "quote prefix" (what Excel itself records when
  someone types ``'=…``), so it shows as typed and stays text even when edited.

Wagtail's exports (reports, redirects, form submissions, any listing with ``list_export``) all go
through ``SpreadsheetExportMixin``: ``protect_wagtail_exports`` (run from ``CoreConfig.ready``)
makes that one class neutralise, so no export has to remember to.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """The value for a CSV cell: text that a spreadsheet would run gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def keep_as_text(cell: Any) -> Any:
    """Make an openpyxl cell whose text looks like a formula plain text, shown as typed."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"  # openpyxl takes any text starting with "=" for a formula
        cell.quotePrefix = True
    return cell


def csv_file(rows: Iterable[Iterable[Any]]) -> bytes:
    """Rows as a CSV file, cells neutralised, with the BOM that makes Excel read it as UTF-8 (and
    show the accents)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([neutralise_formula(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_file(rows: Iterable[Iterable[Any]], *, title: str, widths: Sequence[int] = ()) -> bytes:
    """Rows as a one-sheet .xlsx workbook named ``title``, cells kept as text, the columns
    ``widths`` wide (A, B, ... in order)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows():
        for cell in cells:
            keep_as_text(cell)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def protect_wagtail_exports() -> None:
    """Neutralise formulas in every export Wagtail's ``SpreadsheetExportMixin`` writes."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "neutralises_formulas", False):
        return
    preprocess_field_value = SpreadsheetExportMixin.preprocess_field_value
    generate_xlsx_row = SpreadsheetExportMixin.generate_xlsx_row
    get_heading = SpreadsheetExportMixin.get_heading

    def neutralising_preprocess_field_value(self, field, value, export_format):
        value = preprocess_field_value(self, field, value, export_format)
        return neutralise_formula(value) if export_format == self.FORMAT_CSV else value

    def neutralising_generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in generate_xlsx_row(self, worksheet, row_dict, date_format=date_format):
            yield keep_as_text(cell)

    # Headings too: a form's field labels are typed by editors, and Wagtail appends headings to the
    # .xlsx as plain values, where openpyxl takes "=…" for a formula.
    def neutralising_get_heading(self, queryset, field):
        return neutralise_formula(get_heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = neutralising_preprocess_field_value
    SpreadsheetExportMixin.get_heading = neutralising_get_heading
    SpreadsheetExportMixin.generate_xlsx_row = neutralising_generate_xlsx_row
    SpreadsheetExportMixin.neutralises_formulas = True
