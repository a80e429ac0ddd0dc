"""The question-bank import (cms.contests.question_import) and its admin screen: a good file
imports every question, one bad row imports nothing and the report lists every reason, hostile
files are refused, and the template downloads."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from cms.contests.models import ContestQuestion
from cms.contests.question_import import RowError, import_questions
from cms.organisations.services import sync_editor_permissions
from tests.cms.organisations.helpers import client_for, make_admin_officer
from tests.content_factories import make_contest, make_contest_question

MB = 1024 * 1024
HEADER = "Câu hỏi,Phương án A,Phương án B,Phương án C,Phương án D,Đáp án đúng,Chủ đề,Giải thích"


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_data(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def bank(contest) -> list[tuple]:
    return [
        (q.text, q.category, q.explanation, [(c.text, c.is_correct) for c in q.choices.all()])
        for q in ContestQuestion.objects.filter(contest=contest).order_by("pk").prefetch_related("choices")
    ]


@pytest.fixture
def contest(tree):
    return make_contest(tree["root"], "Tìm hiểu Luật Công đoàn 2024")


def editor_of(organisation):
    """An officer with an editor role at ``organisation``, as ``assign_officer_role`` leaves them."""
    user = make_admin_officer(organisation).user
    sync_editor_permissions(user)
    return user


@pytest.fixture
def editor_client(tree):
    return client_for(editor_of(tree["root"]))


def import_url(contest) -> str:
    return reverse("contest_admin:import", args=[contest.pk])


# --- A good file ------------------------------------------------------------------------------


def test_a_good_workbook_imports_every_question_with_its_choices(tree, contest):
    # given: a title row above the header, headers without accents and in another order
    workbook = xlsx(
        [
            ["NGÂN HÀNG CÂU HỎI CUỘC THI"],
            ["STT", "Cau hoi", "Dap an A", "Dap an B", "Dap an C", "Đáp án đúng", "Chủ đề", "Giải thích"],
            [
                1,
                "Luật Công đoàn 2024 có hiệu lực từ ngày nào?",
                "01/01/2025",
                "01/7/2025",
                "",
                "B",
                "Luật",
                "Điều 37.",
            ],
            [
                2,
                "Ngày truyền thống của Công đoàn Việt Nam?",
                "28/7/1929",
                "01/5/1886",
                "03/02/1930",
                "a",
                "",
                "",
            ],
            [],
            [3, "Năm thành lập Tổng Liên đoàn?", 1929, 1946, None, "Phương án A", "Lịch sử", None],
        ]
    )

    # when
    report = import_questions(workbook, "cau-hoi.xlsx", contest=contest)

    # then
    assert (report.ok, report.total_rows, report.created) == (True, 3, 3)
    assert bank(contest) == [
        (
            "Luật Công đoàn 2024 có hiệu lực từ ngày nào?",
            "Luật",
            "Điều 37.",
            [("01/01/2025", False), ("01/7/2025", True)],
        ),
        (
            "Ngày truyền thống của Công đoàn Việt Nam?",
            "",
            "",
            [("28/7/1929", True), ("01/5/1886", False), ("03/02/1930", False)],
        ),
        ("Năm thành lập Tổng Liên đoàn?", "Lịch sử", "", [("1929", True), ("1946", False)]),
    ]


def test_a_csv_with_six_choices_and_semicolons_imports(tree, contest):
    # given
    data = (
        "Câu hỏi;Phương án A;Phương án B;Phương án C;Phương án D;Phương án E;Phương án F;Đáp án đúng\r\n"
        "Câu hỏi sáu phương án?;1;2;3;4;5;6;F\r\n"
    ).encode("utf-8-sig")

    # when
    report = import_questions(data, "cau-hoi.csv", contest=contest)

    # then
    assert (report.ok, report.created) == (True, 1)
    assert bank(contest)[0][3] == [
        ("1", False),
        ("2", False),
        ("3", False),
        ("4", False),
        ("5", False),
        ("6", True),
    ]


def test_an_officer_imports_through_the_admin_screen(tree, contest, editor_client):
    # given
    data = csv_data("Câu 1?,Đúng,Sai,,,A,,", "Câu 2?,Sai,Đúng,,,B,,")

    # when
    page = editor_client.get(import_url(contest))
    response = editor_client.post(import_url(contest), {"file": SimpleUploadedFile("cau-hoi.csv", data)})

    # then
    assert page.status_code == 200
    assert response.status_code == 200
    assert [str(m).strip() for m in response.context["messages"]] == [
        "Imported 2 questions into “Tìm hiểu Luật Công đoàn 2024”."
    ]
    assert 'data-import-ok="true"' in response.content.decode()
    assert [q[0] for q in bank(contest)] == ["Câu 1?", "Câu 2?"]


# --- A bad row: nothing is imported, every reason is listed ----------------------------------


BAD_FILE = csv_data(
    "Câu hỏi đúng?,Đúng,Sai,,,A,,",  # row 2: fine
    ",Đúng,Sai,,,A,,",  # row 3: no question
    "Chỉ một phương án?,Đúng,,,,A,,",  # row 4: one choice
    "Đáp án là chữ gì?,Đúng,Sai,,,X,,",  # row 5: not a letter
    "Đáp án trỏ vào ô trống?,Đúng,Sai,,,C,,",  # row 6: the right one is empty
    "Phương án bỏ trống ở giữa?,Đúng,,Sai,,A,,",  # row 7: a gap
    "câu hỏi  ĐÚNG?,Có,Không,,,A,,",  # row 8: row 2 again, folded
    f"{'Dài ' * 600}?,Đúng,{'x' * 501},,,A,,",  # row 9: too long
    "Đã có trong ngân hàng?,Đúng,Sai,,,A,,",  # row 10: already in the bank
    "Hai phương án giống nhau?,Có,có,,,A,,",  # row 11: same choices
    ",,,,,,,",  # an empty line, skipped
)


def test_one_bad_row_imports_nothing_and_every_reason_is_listed(tree, contest):
    # given
    make_contest_question(contest, "Đã có trong ngân hàng?")

    # when
    report = import_questions(BAD_FILE, "cau-hoi.csv", contest=contest)

    # then
    assert (report.ok, report.created, report.total_rows) == (False, 0, 10)
    assert report.row_errors == [
        RowError(2, ["The same question is in rows 2, 8."]),
        RowError(3, ["The question is empty."]),
        RowError(4, ["A question has between 2 and 6 choices."]),
        RowError(5, ["The right answer “X” is not a letter from A to F."]),
        RowError(6, ["The right answer is C, but choice C is empty."]),
        RowError(7, ["Choice B is empty while a later choice is filled: fill the choices in order A, B, C…"]),
        RowError(8, ["The same question is in rows 2, 8."]),
        RowError(
            9,
            ["The question is longer than 2,000 characters.", "Choice B is longer than 500 characters."],
        ),
        RowError(10, ["This question is already in the contest's question bank."]),
        RowError(11, ["Choices A and B are the same."]),
    ]
    assert [q[0] for q in bank(contest)] == ["Đã có trong ngân hàng?"]


def test_the_report_reads_in_vietnamese(tree, contest):
    # given
    data = csv_data(",Đúng,,,,X,,", "Câu hỏi?,Đúng,Sai,,,C,,")

    # when
    with translation.override("vi"):
        report = import_questions(data, "cau-hoi.csv", contest=contest)

    # then
    assert report.row_errors == [
        RowError(
            2,
            [
                "Câu hỏi bị bỏ trống.",
                "Đáp án đúng “X” không phải là một chữ cái từ A đến F.",
                "Mỗi câu hỏi có từ 2 đến 6 phương án.",
            ],
        ),
        RowError(3, ["Đáp án đúng là C, nhưng phương án C bị bỏ trống."]),
    ]


def test_the_admin_screen_lists_every_bad_row(tree, contest, editor_client):
    # given: row 10's question is not in this bank yet, every other row is wrong
    assert not ContestQuestion.objects.exists()

    # when
    response = editor_client.post(import_url(contest), {"file": SimpleUploadedFile("cau-hoi.csv", BAD_FILE)})

    # then
    html = response.content.decode()
    assert [str(m).strip() for m in response.context["messages"]] == [
        "Nothing was imported: correct the file and upload it again."
    ]
    assert "9 of 10 rows have errors. Nothing was imported." in " ".join(html.split())
    assert html.count('class="import-row-error"') == 9
    assert ContestQuestion.objects.count() == 0


def test_a_file_without_the_needed_columns_is_refused(tree, contest):
    # when
    report = import_questions(csv_data("Câu 1?,Đúng", header="Câu hỏi,Phương án A"), "x.csv", contest=contest)

    # then
    assert report.file_errors == [
        "No header row with the columns “Câu hỏi”, “Phương án A”, “Phương án B” and “Đáp án đúng” "
        "(question, choices, right answer) was found: start from the template."
    ]


# --- Hostile files ------------------------------------------------------------------------------


def test_a_zip_bomb_workbook_is_refused_from_the_sizes_it_declares(tree, contest):
    # given: a sheet padded with 50 MB of spaces, which deflate to almost nothing
    good = xlsx([["Câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng"], ["Câu?", "Có", "Không", "A"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b" " * (50 * MB) + b"</worksheet>")
            bomb.writestr(entry.filename, data)

    # when
    report = import_questions(out.getvalue(), "bom.xlsx", contest=contest)

    # then
    assert len(out.getvalue()) < MB
    assert report.file_errors and "unpacks to" in report.file_errors[0]
    assert ContestQuestion.objects.count() == 0


def test_a_5_mb_csv_line_is_refused(tree, contest):
    # given: under the upload limit, but one line of it
    data = HEADER.encode() + b"\r\n" + b"x" * (5 * MB - 200) + b"\r\n"

    # when
    report = import_questions(data, "dai.csv", contest=contest)

    # then
    assert report.file_errors == [
        "Row 2 is longer than 65,536 characters, far longer than a row of such a list: check that this is the right file."
    ]
    assert ContestQuestion.objects.count() == 0


def test_nul_bytes_are_row_errors_not_server_errors(tree, contest, editor_client):
    # given
    data = csv_data("Câu\x00hỏi?,Đúng,Sai,,,A,,", "Câu hỏi?,Đú\x00ng,Sai,,,A\x00,,")

    # when
    response = editor_client.post(import_url(contest), {"file": SimpleUploadedFile("nul.csv", data)})

    # then
    assert response.status_code == 200
    assert response.context["report"].row_errors == [
        RowError(
            2,
            [
                "The question contains control characters (such as NUL) that cannot be stored: retype the cell."
            ],
        ),
        RowError(
            3,
            [
                "Choice A contains control characters (such as NUL) that cannot be stored: retype the cell.",
                "The right answer contains control characters (such as NUL) that cannot be stored: retype the cell.",
                "A question has between 2 and 6 choices.",
            ],
        ),
    ]
    assert ContestQuestion.objects.count() == 0


def test_formulas_are_stored_as_the_text_typed(tree, contest):
    # given
    data = csv_data('"=HYPERLINK(""http://x.example"",""Xem"")",+1,-1,@SUM(1),,B,=A1,')

    # when
    report = import_questions(data, "congthuc.csv", contest=contest)

    # then
    assert report.ok
    assert bank(contest) == [
        ('=HYPERLINK("http://x.example","Xem")', "=A1", "", [("+1", False), ("-1", True), ("@SUM(1)", False)])
    ]


def test_an_old_xls_file_is_refused(tree, contest):
    # when
    report = import_questions(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "cu.xls", contest=contest)

    # then
    assert report.file_errors == [
        "Old Excel files (.xls) are not supported: save the file as .xlsx or CSV UTF-8."
    ]


# --- Rights and the template --------------------------------------------------------------------


def test_an_officer_of_another_union_may_not_import(tree, contest):
    # given: the contest is the federation's, the officer edits an industrial-zone union
    client = client_for(editor_of(tree["kcn"]))
    data = csv_data("Câu 1?,Đúng,Sai,,,A,,")

    # when
    page = client.get(import_url(contest))
    upload = client.post(import_url(contest), {"file": SimpleUploadedFile("cau-hoi.csv", data)})
    template = client.get(reverse("contest_admin:import_template", args=[contest.pk]))

    # then: refused as Wagtail refuses any admin area (back to the dashboard, with its message)
    assert [(r.status_code, r["Location"]) for r in (page, upload, template)] == [(302, "/admin/")] * 3
    assert ContestQuestion.objects.count() == 0


def test_the_templates_download_and_import_as_they_are(tree, contest, editor_client):
    # when
    workbook = editor_client.get(reverse("contest_admin:import_template", args=[contest.pk]))
    csv_template = editor_client.get(
        reverse("contest_admin:import_template", args=[contest.pk]), {"format": "csv"}
    )

    # then
    assert workbook["Content-Disposition"] == 'attachment; filename="mau-ngan-hang-cau-hoi.xlsx"'
    rows = list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Câu hỏi", "Phương án A")
    assert csv_template.content.decode("utf-8-sig").splitlines()[0].startswith("STT,Câu hỏi,Phương án A")
    assert import_questions(workbook.content, "mau.xlsx", contest=contest).created == 1
    assert import_questions(csv_template.content, "mau.csv", contest=make_contest(tree["root"])).created == 1
