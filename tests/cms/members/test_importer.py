from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook

from cms.members.importer import RowError, import_members, template_csv, template_xlsx
from cms.members.models import Member, MemberTransfer, TransferReason
from cms.organisations.models import OrganisationLevel
from tests import factories

VI_HEADER = "STT,Họ và tên,Số điện thoại,Ngày sinh,Giới tính,Số thẻ đoàn viên,Mã công đoàn cơ sở,Ngày vào công đoàn,Chức danh/Công việc"


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return text.encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def members_by_phone() -> dict[str, tuple]:
    return {
        m.phone: (
            m.full_name,
            m.organisation.code,
            m.date_of_birth,
            m.gender,
            m.card_number,
            m.joined_on,
            m.job_title,
        )
        for m in Member.objects.select_related("organisation")
    }


@pytest.fixture
def clerk(tree):
    return factories.make_officer(tree["kcn"], role="membership_clerk")


def test_a_good_csv_with_bom_and_commas_imports_every_member(tree, clerk):
    # given
    data = csv_bytes(
        VI_HEADER,
        "1,Nguyễn Văn An,0912345678,15/03/1990,Nam,NA-000123,cdcs-luxshare,01/06/2015,Công nhân may",
        "2,Lê Thị Bình,+84 987 654 321,2/9/1995,Nữ,,CDCS-HOA-SEN,,Kế toán",
        ",,,,,,,,",
        bom=True,
    )

    # when
    report = import_members(data, "danh-sach.csv", by=clerk.user)

    # then
    assert (report.ok, report.total_rows, report.created, report.updated) == (True, 2, 2, 0)
    assert members_by_phone() == {
        "0912345678": (
            "Nguyễn Văn An",
            "cdcs-luxshare",
            datetime.date(1990, 3, 15),
            "male",
            "NA-000123",
            datetime.date(2015, 6, 1),
            "Công nhân may",
        ),
        "0987654321": (
            "Lê Thị Bình",
            "cdcs-hoa-sen",
            datetime.date(1995, 9, 2),
            "female",
            None,
            None,
            "Kế toán",
        ),
    }
    an = Member.objects.get(phone="0912345678")
    assert (an.user.username, an.user.has_usable_password(), an.search_name) == (
        "0912345678",
        False,
        "nguyen van an",
    )


def test_a_semicolon_csv_without_bom_and_with_english_headers_is_read(tree, clerk):
    # given
    data = csv_bytes(
        "Full name;Phone number;Date of birth;Gender;Union card number;Organisation code;Joined on;Job title",
        "Trần Văn Cường;0912000001;1988-12-01;male;NA-9;cdcs-luxshare;10/10/2010;Thợ hàn",
    )

    # when
    report = import_members(data, "members.csv", by=clerk.user)

    # then
    assert (report.ok, report.created) == (True, 1)
    assert members_by_phone() == {
        "0912000001": (
            "Trần Văn Cường",
            "cdcs-luxshare",
            datetime.date(1988, 12, 1),
            "male",
            "NA-9",
            datetime.date(2010, 10, 10),
            "Thợ hàn",
        )
    }


def test_a_good_xlsx_with_a_title_row_numbers_and_dates_imports_every_member(tree, clerk):
    # given
    data = xlsx_bytes(
        [
            ["DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH LUXSHARE-ICT NGHỆ AN"],
            [],
            [
                "STT",
                "Họ và tên",
                "Số điện thoại",
                "Ngày sinh",
                "Giới tính",
                "Số thẻ đoàn viên",
                "Công đoàn cơ sở",
                "Ngày vào công đoàn",
                "Chức danh/Công việc",
            ],
            [
                1,
                "Phạm Thị Dung",
                912000002,
                datetime.datetime(1992, 4, 30),
                "Nữ",
                123456.0,
                "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
                "01/05/2018",
                "Tổ trưởng",
            ],
            [
                2,
                "Hoàng Văn Em",
                "0912000003",
                "20/11/1985",
                "Nam",
                None,
                "cong doan co so cong ty cp ton hoa sen nghe an",
                datetime.date(2012, 1, 2),
                None,
            ],
        ]
    )

    # when
    report = import_members(data, "danh-sach.xlsx", by=clerk.user)

    # then
    assert (report.ok, report.total_rows, report.created) == (True, 2, 2)
    assert members_by_phone() == {
        "0912000002": (
            "Phạm Thị Dung",
            "cdcs-luxshare",
            datetime.date(1992, 4, 30),
            "female",
            "123456",
            datetime.date(2018, 5, 1),
            "Tổ trưởng",
        ),
        "0912000003": (
            "Hoàng Văn Em",
            "cdcs-hoa-sen",
            datetime.date(1985, 11, 20),
            "male",
            None,
            datetime.date(2012, 1, 2),
            "",
        ),
    }


def test_a_file_with_bad_rows_imports_nothing_and_reports_each_row_with_its_reasons(tree, clerk):
    # given
    factories.make_member(tree["vsip"], phone="0912999999", card_number="NA-TAKEN")
    unit = factories.make_child(tree["vsip"], "Tổ công đoàn ca 1", OrganisationLevel.UNIT, "to-ca-1")
    data = csv_bytes(
        VI_HEADER,
        "1,Nguyễn Văn An,0912345678,15/03/1990,Nam,,cdcs-luxshare,,",  # good
        "2,,0912000001,,,,cdcs-luxshare,,",  # no name
        "3,Lê Thị Bình,12345,31/02/1990,Nữ,,cdcs-luxshare,,",  # bad phone, bad date
        "4,Trần Văn Cường,0912000002,,Không rõ,,cdcs-thpt-htk,,",  # gender; not their organisation
        "5,Phạm Thị Dung,0912000003,,,,cd-kcn,,",  # upper-level union
        "6,Hoàng Văn Em,0912000004,,,,khong-co-ma-nay,,",  # unknown organisation
        "7,Đỗ Thị Giang,0912000005,,,NA-1,cdcs-luxshare,,",  # card repeated in row 8
        "8,Vũ Văn Hùng,0912000006,,,NA-1,to-ca-1,,",  # card repeated in row 7 (units are fine)
        "9,Bùi Thị Lan,0912345678,,,,cdcs-hoa-sen,,",  # phone repeated in row 2 of data (row 2)
        "10,Ngô Văn Minh,0912999999,,,,cdcs-luxshare,,",  # already a member
        "11,Đinh Thị Nga,0912000007,,,NA-TAKEN,cdcs-luxshare,01/01/2099,",  # card taken, joined in future
        "12,Lý Văn Phúc,0912000008,,,,,,",  # no organisation
    )

    # when
    report = import_members(data, "danh-sach.csv", by=clerk.user)

    # then
    assert (report.ok, report.total_rows, report.created, report.file_errors) == (False, 12, 0, [])
    assert report.row_errors == [
        RowError(2, ["The phone number 0912345678 is repeated in rows 2, 10."]),
        RowError(3, ["The full name is missing."]),
        RowError(
            4,
            [
                "“12345” is not a Vietnamese mobile number.",
                "Date of birth “31/02/1990” is not a date (dd/mm/yyyy).",
            ],
        ),
        RowError(
            5,
            [
                "Gender “Không rõ” is not recognised (Nam/Nữ).",
                "“cdcs-thpt-htk” is not among the organisations you manage.",
            ],
        ),
        RowError(
            6, ["“Công đoàn các Khu công nghiệp Nghệ An” is not a grassroots union or a unit inside one."]
        ),
        RowError(7, ["No organisation has the code or name “khong-co-ma-nay”."]),
        RowError(8, ["The union card number NA-1 is repeated in rows 8, 9."]),
        RowError(9, ["The union card number NA-1 is repeated in rows 8, 9."]),
        RowError(10, ["The phone number 0912345678 is repeated in rows 2, 10."]),
        RowError(
            11,
            [
                "The phone number 0912999999 is already registered. If it is one of the members you manage, "
                "tick “Update existing members”; otherwise contact the federation."
            ],
        ),
        RowError(
            12,
            [
                "The joining date 01/01/2099 is in the future.",
                "The union card number NA-TAKEN is already registered to someone else: check it, or contact "
                "the federation.",
            ],
        ),
        RowError(13, ["The organisation is missing."]),
    ]
    assert Member.objects.count() == 1
    assert unit.members.count() == 0


def test_existing_members_are_updated_only_when_asked_and_counted_apart(tree, clerk):
    # given
    existing = factories.make_member(tree["vsip"], phone="0912000001", full_name="Nguyen Van An")
    data = csv_bytes(
        VI_HEADER,
        "1,Nguyễn Văn An,0912000001,15/03/1990,Nam,NA-1,cdcs-hoa-sen,,Tổ trưởng",
        "2,Lê Thị Bình,0912000002,,Nữ,,cdcs-hoa-sen,,",
    )

    # when
    report = import_members(data, "danh-sach.csv", by=clerk.user, update_existing=True)

    # then
    assert (report.ok, report.created, report.updated) == (True, 1, 1)
    existing.refresh_from_db()
    assert (existing.full_name, existing.organisation, existing.card_number, existing.job_title) == (
        "Nguyễn Văn An",
        tree["hoa_sen"],
        "NA-1",
        "Tổ trưởng",
    )
    transfer = MemberTransfer.objects.get(member=existing)
    assert (transfer.from_organisation, transfer.to_organisation, transfer.reason, transfer.note) == (
        tree["vsip"],
        tree["hoa_sen"],
        TransferReason.IMPORT,
        "Member import, row 2.",
    )


def test_updating_a_member_of_another_subtree_is_refused(tree, clerk):
    # given
    factories.make_member(tree["thpt"], phone="0912000001")
    data = csv_bytes(VI_HEADER, "1,Nguyễn Văn An,0912000001,,,,cdcs-luxshare,,")

    # when
    report = import_members(data, "danh-sach.csv", by=clerk.user, update_existing=True)

    # then
    assert report.row_errors == [
        RowError(
            2,
            [
                "The phone number 0912000001 is already registered and cannot be used here: contact the federation."
            ],
        )
    ]
    assert Member.objects.get(phone="0912000001").organisation == tree["thpt"]


def test_a_file_without_an_organisation_column_uses_the_chosen_organisation(tree, clerk):
    # given
    data = csv_bytes("Họ tên;SĐT", "Nguyễn Văn An;0912000001", "Lê Thị Bình;0912000002")

    # when
    without = import_members(data, "ds.csv", by=clerk.user)
    chosen = import_members(data, "ds.csv", by=clerk.user, default_organisation=tree["hoa_sen"])

    # then
    assert without.file_errors == [
        "The file has no “Mã công đoàn cơ sở” (organisation) column: choose the organisation for all rows."
    ]
    assert (chosen.ok, chosen.created) == (True, 2)
    assert set(Member.objects.values_list("organisation__code", flat=True)) == {"cdcs-hoa-sen"}


def test_a_chosen_organisation_outside_the_subtree_is_refused_on_every_row(tree, clerk):
    # given
    data = csv_bytes("Họ tên,SĐT", "Nguyễn Văn An,0912000001")

    # when
    report = import_members(data, "ds.csv", by=clerk.user, default_organisation=tree["thpt"])

    # then
    assert report.row_errors == [
        RowError(2, ["“Công đoàn Trường THPT Huỳnh Thúc Kháng” is not among the organisations you manage."])
    ]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (
            b"Ten,Tuoi\r\nAn,30\r\n",
            "ds.csv",
            "No header row with the columns “Họ và tên” and “Số điện thoại” (full name, phone) was found.",
        ),
        ("Họ và tên,Số điện thoại,Mã công đoàn cơ sở\r\n".encode(), "ds.csv", "The file has no member rows."),
        (
            b"Ho ten,SDT\r\nNguy\xean V\xe3n An,0912000001\r\n",
            "ds.csv",
            "The file is not in UTF-8: save it again as “CSV UTF-8”.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "ds.xls",
            "Old Excel files (.xls) are not supported: save the file as .xlsx or CSV UTF-8.",
        ),
        (b"PK\x03\x04 not really a workbook", "ds.xlsx", "The Excel file could not be read."),
    ],
)
def test_unreadable_files_are_reported_as_a_whole(tree, clerk, data, filename, message):
    # when
    report = import_members(data, filename, by=clerk.user)

    # then
    assert (report.ok, report.file_errors, report.row_errors) == (False, [message], [])
    assert Member.objects.count() == 0


def test_the_templates_are_recognised_by_the_importer(tree, clerk):
    # given
    from cms.members.import_files import find_header, read_rows
    from cms.members.importer import _HEADER_TO_FIELD, REQUIRED_COLUMNS

    def header(data: bytes, name: str) -> dict[str, int]:
        return find_header(read_rows(io.BytesIO(data), name), _HEADER_TO_FIELD, REQUIRED_COLUMNS, "none")

    # when
    from_csv = header(template_csv(), "mau.csv")
    from_xlsx = header(template_xlsx(), "mau.xlsx")

    # then
    expected = {
        "full_name": 1,
        "phone": 2,
        "date_of_birth": 3,
        "gender": 4,
        "card_number": 5,
        "organisation": 6,
        "joined_on": 7,
        "job_title": 8,
    }
    assert from_csv == expected
    assert from_xlsx == expected
    assert template_csv().startswith(b"\xef\xbb\xbfSTT,H")
