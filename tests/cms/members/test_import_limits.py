"""Hostile member lists: spreadsheet and CSV bombs, formulas, and what errors give away.

Each bomb is refused with its own message (or, for a size the file only declares, read for what
it holds), quickly and without building big structures: times and tracemalloc peaks below are
bounds, not benchmarks (``benchmarks/import_bombs.py`` measures).
"""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.members import import_files, importer
from cms.members.importer import RowError, import_members
from cms.members.models import Member
from tests import factories

MB = 1024 * 1024
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = "Họ và tên,Số điện thoại,Mã công đoàn cơ sở"


@pytest.fixture
def clerk(tree):
    return factories.make_officer(tree["kcn"], role="membership_clerk")


def measured(function):
    """``function()``'s result, its duration in seconds and its tracemalloc peak in bytes.

    Tests assert the memory (tracemalloc counts allocations, whatever else the machine does); the
    time of each file is measured by benchmarks/import_bombs.py, not asserted here.
    """
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = function()
    finally:
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, seconds, peak


def cells(number: int, *values: str) -> str:
    inline = "".join(
        f'<c r="{"ABCDEFGHI"[i]}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for i, value in enumerate(values)
    )
    return f'<row r="{number}">{inline}</row>'


HEADER_AND_ONE_MEMBER = cells(1, "Họ và tên", "Số điện thoại", "Mã công đoàn cơ sở") + cells(
    2, "Nguyễn Văn An", "0912345678", "cdcs-luxshare"
)


def sheet(
    rows: str = HEADER_AND_ONE_MEMBER, *, dimension: str = "", before: str = "", after: str = ""
) -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f"{declared}<sheetData>{rows}</sheetData>{after}</worksheet>"
    )


def xlsx(
    sheet_xml: str | bytes = "",
    *,
    shared_strings: str | bytes | None = None,
    styles: str | None = None,
    extra_parts: int = 0,
) -> bytes:
    """A minimal workbook written by hand: openpyxl would not write what an attacker writes."""
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
    overrides += f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kind}.worksheet+xml"/>'
    relations = f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared_strings is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/>'
        relations += f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    if styles is not None:
        overrides += f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>'
        relations += f'<Relationship Id="rId3" Type="{REL_NS}/styles" Target="styles.xml"/>'
    package_relations = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>',
        )
        package.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package_relations}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        package.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            '<sheet name="Doan vien" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package_relations}">{relations}</Relationships>',
        )
        package.writestr("xl/worksheets/sheet1.xml", sheet_xml or sheet())
        if shared_strings is not None:
            package.writestr("xl/sharedStrings.xml", shared_strings)
        if styles is not None:
            package.writestr("xl/styles.xml", styles)
        for n in range(extra_parts):
            package.writestr(f"customXml/item-with-a-long-name-{n:06d}-{'x' * 60}.xml", b"")
    return buffer.getvalue()


def shared_strings_xml(count: int, *, declared: int | None = None) -> bytes:
    """``count`` different short texts, as a bomb holds them (they compress like real ones)."""
    head = f'<sst xmlns="{MAIN_NS}"' + (f' uniqueCount="{declared}">' if declared is not None else ">")
    return (head + "".join(f"<si><t>{n:x}</t></si>" for n in range(count)) + "</sst>").encode()


class ReadCounter(io.BytesIO):
    """A file that counts the bytes read from it."""

    bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data


# --- The size of the upload ------------------------------------------------------------------------


def test_an_upload_over_the_size_limit_is_refused_by_the_form_before_the_importer_sees_it(
    tree, kcn_client, settings, monkeypatch
):
    # given
    settings.MEMBER_IMPORT_MAX_BYTES = 1000
    monkeypatch.setattr(importer, "import_members", lambda *args, **kwargs: pytest.fail("the file was read"))
    content = (HEADER + "\r\n" + "Nguyễn Văn An,0912345678,cdcs-luxshare\r\n" * 40).encode()

    # when
    response = kcn_client.post(
        reverse("member:import"),
        {"file": SimpleUploadedFile("ds.csv", content, content_type="text/csv")},
    )

    # then
    assert response.status_code == 200
    assert len(content) == 1782
    assert response.context["form"].errors == {
        "file": [
            "The file is 1.7\xa0KB; files up to 1000\xa0bytes are accepted. Split the list into smaller files."
        ]
    }
    assert "report" not in response.context
    assert Member.objects.count() == 0


def test_a_20_mb_csv_is_refused_without_reading_it(tree, clerk):
    # given
    file = ReadCounter(b"Ho ten,SDT\r\n" + b"Nguyen Van An,0912345678\r\n" * (20 * MB // 26))

    # when
    report, _seconds, peak = measured(lambda: import_members(file, "ds.csv", by=clerk.user))

    # then
    assert report.file_errors == [
        "The file is 20.0\xa0MB; files up to 5.0\xa0MB are accepted. Split the list into smaller files."
    ]
    assert (file.bytes_read, peak < MB) == (0, True)


def test_refusals_read_in_vietnamese(tree, clerk):
    # given
    too_large = b"x" * (6 * MB)
    bomb = xlsx(sheet(HEADER_AND_ONE_MEMBER + " " * (8 * MB)))

    # when
    with translation.override("vi"):
        reports = [import_members(data, "ds", by=clerk.user) for data in (too_large, bomb)]

    # then
    assert [report.file_errors for report in reports] == [
        [
            "Tệp có dung lượng 6,0\xa0MB; chỉ nhận tệp tối đa 5,0\xa0MB. Hãy chia danh sách thành các tệp nhỏ hơn."
        ],
        [
            "Tệp Excel khi giải nén có dung lượng 8,0\xa0MB, lớn hơn nhiều so với một danh sách như vậy: tệp có "
            "thể bị hỏng hoặc được tạo ra để làm quá tải máy chủ. Hãy sao chép danh sách sang một tệp Excel mới, "
            "hoặc lưu thành CSV UTF-8."
        ],
    ]


def test_the_form_tells_the_limits(tree, kcn_client):
    # when
    response = kcn_client.get(reverse("member:import"))

    # then
    assert response.context["form"].fields["file"].help_text == (
        "Excel (.xlsx) or CSV (UTF-8, comma or semicolon separated), with a header row; "
        "up to 5.0\xa0MB and 20,000 members per file."
    )


@pytest.mark.parametrize("name", ["ds.csv", "ds.xlsx"])
def test_an_upload_spooled_to_a_temporary_file_is_read_in_place(tree, kcn_client, settings, name):
    # given: Django keeps every upload on disk, not in memory
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    if name.endswith(".csv"):
        content = (HEADER + "\r\nNguyễn Văn An,0912345678,cdcs-luxshare\r\n").encode()
    else:
        content = xlsx()

    # when
    response = kcn_client.post(reverse("member:import"), {"file": SimpleUploadedFile(name, content)})

    # then
    report = response.context["report"]
    assert (report.ok, report.created, report.file_errors) == (True, 1, [])
    assert list(Member.objects.values_list("full_name", "phone")) == [("Nguyễn Văn An", "0912345678")]


# --- Workbooks ------------------------------------------------------------------------------------


def far_cell(number: int) -> str:
    return f'<row r="{number}"><c r="XFD{number}"><v>1</v></c></row>'


@pytest.mark.parametrize(
    "sheet_xml",
    [
        # A cell at the far corner: openpyxl filled every row up to it with 16,384 cells.
        sheet(HEADER_AND_ONE_MEMBER + far_cell(8000), dimension="A1:XFD8000"),
        sheet(HEADER_AND_ONE_MEMBER + far_cell(1048576), dimension="A1:XFD1048576"),
        sheet(dimension="A1:XFD1048576"),
    ],
    ids=["XFD8000", "XFD1048576", "declared-only"],
)
def test_the_size_a_sheet_declares_is_never_believed(tree, clerk, sheet_xml):
    # given: 2 KB that made openpyxl build 16,384 columns by 8,000 (or 1,048,576) rows
    data = xlsx(sheet_xml)

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.xlsx", by=clerk.user))

    # then: read for what it holds
    assert (report.ok, report.created, report.file_errors) == (True, 1, [])
    assert len(data) < 2048
    assert peak < 10 * MB


def test_a_workbook_declaring_two_million_shared_strings_is_refused_before_reading_them(tree, clerk):
    # given
    data = xlsx(sheet(), shared_strings=shared_strings_xml(1000, declared=2_000_000))

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.xlsx", by=clerk.user))

    # then
    assert report.file_errors == [
        "The workbook holds more text than a list of 20,000 rows needs (at most 200,000 different texts): "
        "keep only the list in the file, or save it as CSV UTF-8."
    ]
    assert peak < 5 * MB


def test_shared_strings_past_the_bound_are_refused_while_counting_them(tree, clerk):
    # given: no count declared, 250,000 texts (2.8 MB of XML, within the part's bound)
    data = xlsx(sheet(), shared_strings=shared_strings_xml(250_000))

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.xlsx", by=clerk.user))

    # then: stopped at text 200,001
    assert report.file_errors == [
        "The workbook holds more text than a list of 20,000 rows needs (at most 200,000 different texts): "
        "keep only the list in the file, or save it as CSV UTF-8."
    ]
    assert peak < 50 * MB


def test_a_shared_strings_part_that_unpacks_past_its_bound_is_refused_unread(tree, clerk, monkeypatch):
    # given: the bound (12.8 MB) made small, so that the test need not build a 13 MB part
    monkeypatch.setattr(import_files, "MAX_SHARED_STRINGS_XML_BYTES", 10_000)
    data = xlsx(sheet(), shared_strings=shared_strings_xml(1000))

    # when
    report = import_members(data, "ds.xlsx", by=clerk.user)

    # then
    assert report.file_errors == [
        "The workbook holds more text than a list of 20,000 rows needs (at most 200,000 different texts): "
        "keep only the list in the file, or save it as CSV UTF-8."
    ]


def test_a_zip_bomb_is_refused_from_the_sizes_the_zip_declares(tree, clerk):
    # given: a 64 MB sheet of blanks, 64 KB zipped
    bomb = sheet(HEADER_AND_ONE_MEMBER + " " * (64 * MB))
    data = xlsx(bomb)

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.xlsx", by=clerk.user))

    # then
    assert report.file_errors == [
        "The Excel file unpacks to 64.0\xa0MB, far more than such a list holds: it may be damaged or made to "
        "overload the server. Copy the list into a new workbook, or save it as CSV UTF-8."
    ]
    assert len(data) < 100_000
    assert peak < 5 * MB


def test_a_sheet_that_unpacks_past_its_bound_is_refused_unread(tree, clerk, monkeypatch):
    # given: the bound (25.6 MB) made small
    monkeypatch.setattr(import_files, "MAX_SHEET_XML_BYTES", 1000)
    data = xlsx(sheet(HEADER_AND_ONE_MEMBER + cells(3, "Lê Thị Bình", "0912000002", "cdcs-luxshare") * 10))

    # when
    report = import_members(data, "ds.xlsx", by=clerk.user)

    # then
    assert report.file_errors == [
        "The Excel file unpacks to 2.4\xa0KB, far more than such a list holds: it may be damaged or made to "
        "overload the server. Copy the list into a new workbook, or save it as CSV UTF-8."
    ]


def test_a_zip_of_thousands_of_parts_is_refused_before_they_are_listed(tree, clerk):
    # given: a central directory of 3,000 entries (~400 KB): 5 MB of them made zipfile take 1.4 s and 38 MB
    data = xlsx(extra_parts=3000)

    # when
    report = import_members(data, "ds.xlsx", by=clerk.user)

    # then
    assert report.file_errors == [
        "The Excel file is made of far more parts than such a list needs: copy the list into a new "
        "workbook, or save it as CSV UTF-8."
    ]


def test_a_zip64_workbook_is_still_read(tree, clerk):
    # given: the same workbook with its directory's size in a Zip64 end record
    data = xlsx()
    at = data.rfind(b"PK\x05\x06")
    _sig, _disk, _first, entries, _total, size, offset, _comment = struct.unpack(
        "<4s4H2LH", data[at : at + 22]
    )
    zip64_end = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, size, offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    zip64 = data[:at] + zip64_end + locator + end

    # when
    report = import_members(zip64, "ds.xlsx", by=clerk.user)

    # then
    assert (report.ok, report.created) == (True, 1)


def test_a_stylesheet_with_more_formats_than_excel_allows_is_refused(tree, clerk):
    # given: 70,000 empty cell formats in 3 KB (200,000 took openpyxl 9 s and 120 MB)
    styles = f'<styleSheet xmlns="{MAIN_NS}"><cellXfs>{"<xf/>" * 70_000}</cellXfs></styleSheet>'
    data = xlsx(sheet(), styles=styles)

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.xlsx", by=clerk.user))

    # then
    assert report.file_errors == [
        "The workbook holds more cell formats than Excel allows (64,000): copy the list into a new workbook, "
        "or save it as CSV UTF-8."
    ]
    assert peak < 5 * MB


def test_a_row_of_16384_cells_is_refused(tree, clerk):
    # given
    wide = "".join(f'<c r="{column}3"><v>1</v></c>' for column in _column_names(16_384))
    data = xlsx(sheet(HEADER_AND_ONE_MEMBER + f'<row r="3">{wide}</row>'))

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.xlsx", by=clerk.user))

    # then
    assert report.file_errors == ["Row 3 of the sheet holds too many cells to be part of such a list."]
    assert peak < 20 * MB


def _column_names(count: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(n) for n in range(1, count + 1)]


def test_what_follows_the_rows_is_never_parsed(tree, clerk):
    # given: 100,000 merged ranges after the rows, which openpyxl's own loop makes objects of
    merges = "".join(f'<mergeCell ref="A{n}:B{n}"/>' for n in range(3, 100_003))
    data = xlsx(sheet(after=f"<mergeCells>{merges}</mergeCells>"))

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.xlsx", by=clerk.user))

    # then
    assert (report.ok, report.created) == (True, 1)
    assert peak < 5 * MB


def test_entity_expansion_is_refused(tree, clerk):
    # given: "billion laughs" in the sheet
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {name} "{("&" + previous + ";") * 10}">'
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    bomb = sheet(
        HEADER_AND_ONE_MEMBER + cells(3, "&i;", "0912000002"), before=f"<!DOCTYPE worksheet [{entities}]>"
    )
    data = xlsx(bomb)

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.xlsx", by=clerk.user))

    # then
    assert report.file_errors == ["The Excel file could not be read."]
    assert peak < 50 * MB


def test_reading_stops_at_the_first_member_row_over_the_cap(tree, clerk, monkeypatch):
    # given: a cap of 3 members, and rows after the fourth that could not be read
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    rows = "".join(cells(n, f"Đoàn viên {n}", f"09120000{n:02d}", "cdcs-luxshare") for n in range(2, 6))
    broken = xlsx(sheet(cells(1, "Họ và tên", "Số điện thoại", "Mã công đoàn cơ sở") + rows + "<row><c r="))
    # (a CSV is decoded 8 KB ahead of the rows csv reads: the broken bytes come further on)
    text = (HEADER + "\r\n").encode() + "".join(
        f"Đoàn viên {n},09{n:08d},cdcs-luxshare\r\n" for n in range(2, 3000)
    ).encode()

    # when
    from_xlsx = import_members(broken, "ds.xlsx", by=clerk.user)
    from_csv = import_members(text + b"\xff\xfe not UTF-8", "ds.csv", by=clerk.user)

    # then
    message = "The file has more than 3 member rows; split it into files of at most 3 rows."
    assert (from_xlsx.file_errors, from_csv.file_errors) == ([message], [message])


def test_the_member_row_cap_holds_at_20000(tree, clerk):
    # given: 5 MB of CSV, 40,000 members
    rows = "".join(f"Đoàn viên {n},09{n:08d},cdcs-luxshare\r\n" for n in range(40_000))
    file = ReadCounter((HEADER + "\r\n" + rows).encode())

    # when
    report, seconds, _peak = measured(lambda: import_members(file, "ds.csv", by=clerk.user))

    # then: refused at the first row over the cap, half-way through the file
    assert report.file_errors == [
        "The file has more than 20,000 member rows; split it into files of at most 20,000 rows."
    ]
    assert file.bytes_read < len(file.getvalue()) * 0.6


# --- CSV ------------------------------------------------------------------------------------------


def test_a_csv_line_longer_than_a_row_can_be_is_refused(tree, clerk):
    # given: 5 MB on one line
    data = (HEADER + "\r\n").encode() + b"An,0912345678," + b"x," * (2 * MB)

    # when
    report, _seconds, peak = measured(lambda: import_members(data, "ds.csv", by=clerk.user))

    # then
    assert report.file_errors == [
        "Row 2 is longer than 65,536 characters, far longer than a row of such a list: check that this is the "
        "right file."
    ]
    assert peak < 5 * MB


def test_a_quoted_cell_cannot_run_on_past_a_rows_length(tree, clerk):
    # given: a quote never closed, then 100,000 short lines
    data = (HEADER + '\r\nAn,0912345678,"cdcs\r\n').encode() + b"x\r\n" * 100_000

    # when
    report = import_members(data, "ds.csv", by=clerk.user)

    # then
    assert report.file_errors == [
        "Row 2 is longer than 65,536 characters, far longer than a row of such a list: check that this is the "
        "right file."
    ]


def test_a_csv_of_line_ends_stops_at_the_row_bound(tree, clerk):
    # given
    data = (HEADER + "\r\nAn,0912345678,cdcs-luxshare\r\n").encode() + b"\n" * (5 * MB - 100)

    # when
    report, seconds, _peak = measured(lambda: import_members(data, "ds.csv", by=clerk.user))

    # then
    assert report.file_errors == [
        "The file has more than 100,000 rows, empty ones included: delete the unused rows below the list, "
        "or split it into files of at most 20,000 rows."
    ]


def test_a_nul_byte_in_a_csv_cell_is_a_row_error(tree, clerk):
    # given
    data = csv_data("Nguyễn\x00 Văn An,0912345678,cdcs-luxshare", "Lê Thị Bình,0912000002,cdcs-lux\x00share")

    # when
    report = import_members(data, "ds.csv", by=clerk.user)

    # then
    assert report.row_errors == [
        RowError(
            2, ["Full name contains control characters (such as NUL) that cannot be stored: retype the cell."]
        ),
        RowError(
            3,
            [
                "Organisation contains control characters (such as NUL) that cannot be stored: retype the cell."
            ],
        ),
    ]
    assert Member.objects.count() == 0


def test_a_nul_byte_uploaded_through_the_admin_is_reported_not_a_server_error(tree, kcn_client):
    # given
    content = csv_data("Nguyễn\x00 Văn An,0912345678,cdcs-luxshare")

    # when
    response = kcn_client.post(reverse("member:import"), {"file": SimpleUploadedFile("ds.csv", content)})

    # then
    assert response.status_code == 200
    assert response.context["report"].row_errors == [
        RowError(
            2, ["Full name contains control characters (such as NUL) that cannot be stored: retype the cell."]
        )
    ]


def test_the_report_lists_the_first_1000_rows_with_errors(tree, kcn_client):
    # given: 1,001 rows without a phone number
    content = csv_data(*[f"Đoàn viên {n},,cdcs-luxshare" for n in range(1001)])

    # when
    response = kcn_client.post(reverse("member:import"), {"file": SimpleUploadedFile("ds.csv", content)})

    # then
    html = response.content.decode()
    assert (len(response.context["report"].row_errors), html.count('class="import-row-error"')) == (
        1001,
        1000,
    )
    assert "Only the first 1,000 rows with errors are listed" in html


def test_bytes_that_are_not_utf8_deep_in_a_csv_are_reported(tree, clerk):
    # given: the file is decoded as it is read
    rows = [f"Đoàn viên {n},09120{n:05d},cdcs-luxshare" for n in range(5000)]
    data = csv_data(*rows) + "Nguy\xean V\xe3n An,0912999999,cdcs-luxshare\r\n".encode("latin-1")

    # when
    report = import_members(data, "ds.csv", by=clerk.user)

    # then
    assert report.file_errors == ["The file is not in UTF-8: save it again as “CSV UTF-8”."]
    assert Member.objects.count() == 0


def test_a_quoted_cell_on_several_lines_is_still_one_cell(tree, clerk):
    # given
    data = csv_data('"Nguyễn Văn\r\nAn",0912345678,cdcs-luxshare', "Lê Thị Bình,0912000002,cdcs-luxshare")

    # when
    report = import_members(data, "ds.csv", by=clerk.user)

    # then
    assert (report.ok, report.created) == (True, 2)
    assert set(Member.objects.values_list("full_name", flat=True)) == {"Nguyễn Văn An", "Lê Thị Bình"}


def test_values_longer_than_the_profile_holds_are_row_errors(tree, clerk):
    # given
    data = (
        "Họ và tên,Số điện thoại,Mã công đoàn cơ sở,Số thẻ\r\n"
        f"{'Nguyễn Văn An ' * 10},0912345678,cdcs-luxshare,\r\n"
        f"Lê Thị Bình,0912000002,cdcs-luxshare,{'9' * 40}\r\n"
    ).encode()

    # when
    report = import_members(data, "ds.csv", by=clerk.user)

    # then
    assert report.row_errors == [
        RowError(2, ["The full name is longer than 120 characters."]),
        RowError(3, ["The union card number is longer than 32 characters."]),
    ]


def test_a_phone_repeated_on_many_rows_lists_ten_of_them_once(tree, clerk):
    # given
    data = csv_data(*[f"Đoàn viên {n},0912345678,cdcs-luxshare" for n in range(30)])

    # when
    report = import_members(data, "ds.csv", by=clerk.user)

    # then
    message = "The phone number 0912345678 is repeated in rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 20 more."
    assert report.row_errors == [RowError(n, [message]) for n in range(2, 32)]
    assert len({id(error.messages[0]) for error in report.row_errors}) == 1


def test_a_long_cell_is_quoted_back_on_one_line(tree, clerk):
    # given
    data = csv_data(f"Nguyễn Văn An,{'0' * 5000},cdcs-luxshare")

    # when
    report = import_members(data, "ds.csv", by=clerk.user)

    # then
    assert report.row_errors == [RowError(2, [f"“{'0' * 39}…” is not a Vietnamese mobile number."])]


def csv_data(*rows: str) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


# --- Formulas ----------------------------------------------------------------------------------------


def test_formula_like_cells_are_imported_as_the_text_typed(tree, clerk):
    # given: text that a spreadsheet would run, and a phone number written with "+"
    data = (
        "Họ và tên,Số điện thoại,Mã công đoàn cơ sở,Chức danh\r\n"
        '"=HYPERLINK(""http://x.example"",""Xem"")",+84 912 345 678,cdcs-luxshare,@SUM(1+1)\r\n'
        "-Lê Thị Bình,0912000002,cdcs-luxshare,\tTổ trưởng\r\n"
    ).encode()
    # an .xlsx formula cell: its last computed value is what is read, never the formula
    formula = (
        '<row r="2"><c r="A2" t="str"><f>CONCAT("Trần ","Văn Cường")</f><v>Trần Văn Cường</v></c>'
        '<c r="B2" t="inlineStr"><is><t>0912000003</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>cdcs-luxshare</t></is></c></row>'
    )
    workbook = xlsx(sheet(cells(1, "Họ và tên", "Số điện thoại", "Mã công đoàn cơ sở") + formula))

    # when
    from_csv = import_members(data, "ds.csv", by=clerk.user)
    from_xlsx = import_members(workbook, "ds.xlsx", by=clerk.user)

    # then
    assert (from_csv.ok, from_xlsx.ok) == (True, True)
    assert sorted(Member.objects.values_list("full_name", "phone", "job_title")) == [
        ("-Lê Thị Bình", "0912000002", "Tổ trưởng"),
        ('=HYPERLINK("http://x.example","Xem")', "0912345678", "@SUM(1+1)"),
        ("Trần Văn Cường", "0912000003", ""),
    ]


class MemberExport(SpreadsheetExportMixin):
    """What a member export through Wagtail's listing views (``list_export``) writes."""

    list_export = ["full_name", "phone", "job_title"]


def test_formulas_in_member_data_are_neutralised_in_exports(tree):
    # given
    factories.make_member(
        tree["vsip"], phone="0912345678", full_name="=cmd|' /C calc'!A0", job_title="@SUM(1+1)"
    )
    factories.make_member(tree["vsip"], phone="0912000002", full_name="Lê Thị Bình", job_title="-")
    members = Member.objects.order_by("phone")
    export = MemberExport()

    # when
    csv_text = b"".join(export.stream_csv(members)).decode()
    workbook = io.BytesIO()
    export.write_xlsx(members, workbook)

    # then
    assert csv_text.splitlines() == [
        "Full name,Phone number,Job title",
        "Lê Thị Bình,0912000002,'-",
        "'=cmd|' /C calc'!A0,0912345678,'@SUM(1+1)",
    ]
    from openpyxl import load_workbook

    rows = list(load_workbook(workbook).active.iter_rows(min_row=2))
    assert [[(cell.value, cell.data_type, cell.quotePrefix) for cell in row] for row in rows] == [
        [("Lê Thị Bình", "s", False), ("0912000002", "s", False), ("-", "s", True)],
        [("=cmd|' /C calc'!A0", "s", True), ("0912345678", "s", False), ("@SUM(1+1)", "s", True)],
    ]


def test_the_import_templates_hold_no_formula(tree, kcn_client):
    # when
    csv_template = kcn_client.get(reverse("member:import_template"), {"format": "csv"})

    # then
    assert not any(
        cell.startswith(("=", "+", "-", "@"))
        for line in csv_template.content.decode("utf-8-sig").splitlines()
        for cell in line.split(",")
    )


# --- What errors tell about other organisations' members ------------------------------------------------


TAKEN_PHONE = (
    "The phone number 0912000001 is already registered. If it is one of the members you manage, tick "
    "“Update existing members”; otherwise contact the federation."
)
TAKEN_PHONE_ON_UPDATE = (
    "The phone number 0912000001 is already registered and cannot be used here: contact the federation."
)


def _hold_phone(tree, holder: str) -> None:
    if holder == "member in scope":
        factories.make_member(tree["hoa_sen"], phone="0912000001")
    elif holder == "member outside the scope":
        factories.make_member(tree["thpt"], phone="0912000001")
    else:  # an account that is no member (an officer signing in with their phone number)
        get_user_model().objects.create_user(username="0912000001")


@pytest.mark.parametrize("holder", ["member in scope", "member outside the scope", "account, no member"])
def test_a_taken_phone_reads_the_same_whoever_holds_it(tree, clerk, holder):
    # given
    _hold_phone(tree, holder)

    # when
    report = import_members(csv_data("Nguyễn Văn An,0912000001,cdcs-luxshare"), "ds.csv", by=clerk.user)

    # then
    assert report.row_errors == [RowError(2, [TAKEN_PHONE])]


@pytest.mark.parametrize("holder", ["member outside the scope", "account, no member"])
def test_when_updating_a_phone_held_outside_the_scope_reads_the_same_whoever_holds_it(tree, clerk, holder):
    # given
    _hold_phone(tree, holder)

    # when
    report = import_members(
        csv_data("Nguyễn Văn An,0912000001,cdcs-luxshare"), "ds.csv", by=clerk.user, update_existing=True
    )

    # then
    assert report.row_errors == [RowError(2, [TAKEN_PHONE_ON_UPDATE])]


@pytest.mark.parametrize("holder_organisation", ["hoa_sen", "thpt"])
def test_a_taken_card_reads_the_same_inside_and_outside_the_scope(tree, clerk, holder_organisation):
    # given
    factories.make_member(tree[holder_organisation], phone="0912999999", card_number="NA-1")
    data = (
        "Họ và tên,Số điện thoại,Mã công đoàn cơ sở,Số thẻ\r\nNguyễn Văn An,0912000001,cdcs-luxshare,NA-1\r\n"
    ).encode()

    # when
    report = import_members(data, "ds.csv", by=clerk.user)

    # then
    assert report.row_errors == [
        RowError(
            2,
            [
                "The union card number NA-1 is already registered to someone else: check it, or contact the "
                "federation."
            ],
        )
    ]
