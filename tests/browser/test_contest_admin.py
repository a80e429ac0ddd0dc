"""The contest admin as the federation's editor (bientap.ldld) uses it: the demo's closed contest
"Tìm hiểu Luật Công đoàn 2024" (organised by the federation), its results page, "rank now", the
ranking's export, and adding questions to its bank from an Excel file. The industrial-zone
union's editor (bientap.kcn) is not one of its organisers: the contest is not theirs to open.
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EDITOR = "bientap.ldld"
ZONE_EDITOR = "bientap.kcn"
CONTEST = "Tìm hiểu Luật Công đoàn 2024"  # cms/contests/demo.py: three weekly rounds, all closed
RESULTS_URL = re.compile(r"/admin/contest-results/(\d+)/$")


def open_results(admin) -> int:
    """From the sidebar's "Cuộc thi › Kết quả cuộc thi" to the contest's results; returns its id."""
    admin.follow_menu("Cuộc thi", "Kết quả cuộc thi")
    admin.follow(
        admin.page.locator("[data-testid=contest-list]").get_by_role("link", name=CONTEST, exact=True)
    )
    match = RESULTS_URL.search(admin.path)
    assert match, f"the contest's link led to {admin.path}"
    return int(match.group(1))


def test_the_organiser_ranks_a_closed_round_and_downloads_its_ranking(officer):
    admin = officer(EDITOR)
    open_results(admin)

    rounds = admin.page.locator("[data-testid=round]")
    expect(rounds).to_have_count(3)
    assert set(rounds.evaluate_all("sections => sections.map(s => s.dataset.status)")) == {"closed"}
    first = rounds.first
    for name in ("entrants", "started", "submitted", "in_progress", "expired", "last_hour"):
        assert first.locator(f"[data-count={name}]").inner_text().strip().isdigit()

    # "Xếp hạng ngay" on week 1: ranked, and the page says so.
    admin.follow(first.locator("[data-testid=rank-now] button[type=submit]"))
    messages = admin.success_messages()
    assert len(messages) == 1 and "Tuần 1" in messages[0], admin.messages()
    first = admin.page.locator("[data-testid=round]").first
    exports = first.locator("[data-testid=round-exports] a")
    expect(exports.first).to_be_visible()
    positions = [
        int(text) for text in first.locator("[data-testid=ranking-row] td:first-child").all_inner_texts()
    ]
    assert positions == list(range(1, len(positions) + 1)) and len(positions) <= 20, positions

    # The round's ranking as Excel: the same places, headed in Vietnamese.
    with admin.page.expect_download() as download:
        exports.first.click()
    rows = list(
        load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("Hạng", "Họ và tên", "Đối tượng dự thi"), rows[0]
    assert [row[0] for row in rows[1:21]] == positions


def test_the_organiser_imports_questions_from_the_excel_template(officer, tmp_path):
    admin = officer(EDITOR)
    open_results(admin)
    admin.follow(admin.page.locator("[data-testid=import-link]"))

    with admin.page.expect_download() as download:
        admin.page.locator("[data-testid=template-xlsx]").click()
    template = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    header = [cell.value for cell in template.active[1]]
    assert header[:4] == ["STT", "Câu hỏi", "Phương án A", "Phương án B"], header

    # Two new questions in the template's columns (its example row left out).
    tag = uuid.uuid4().hex[:6]
    questions = [
        [
            1,
            f"Luật Công đoàn 2024 có bao nhiêu chương? ({tag})",
            "6 chương",
            "7 chương",
            "8 chương",
            "",
            "",
            "",
            "B",
        ],
        [
            2,
            f"Công đoàn cơ sở được thành lập ở đâu? ({tag})",
            "Tại doanh nghiệp, cơ quan",
            "Tại tỉnh",
            "",
            "",
            "",
            "",
            "A",
        ],
    ]
    workbook = Workbook()
    workbook.active.append(header)
    for question in questions:
        workbook.active.append(question + ["Luật Công đoàn", "Theo Luật Công đoàn 2024."])
    upload = tmp_path / "cau-hoi.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload.write_bytes(buffer.getvalue())

    form = admin.page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[type=file][name=file]").set_input_files(str(upload))
    admin.check()
    admin.follow(form.locator("button[type=submit]"))
    report = admin.page.locator("#import-report")
    expect(report).to_be_visible()
    assert report.get_attribute("data-import-ok") == "true", report.inner_text()
    assert admin.success_messages(), admin.messages()

    # The same file again: both questions are already in the bank, and nothing is imported.
    form = admin.page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[type=file][name=file]").set_input_files(str(upload))
    admin.follow(form.locator("button[type=submit]"))
    report = admin.page.locator("#import-report")
    assert report.get_attribute("data-import-ok") == "false"
    expect(report.locator(".import-row-error")).to_have_count(2)
    assert admin.error_messages(), admin.messages()


def test_another_unions_editor_cannot_open_the_federations_contest(officer):
    organiser = officer(EDITOR)
    contest_id = open_results(organiser)

    admin = officer(ZONE_EDITOR)
    admin.follow_menu("Cuộc thi", "Kết quả cuộc thi")
    expect(admin.page.get_by_role("link", name=CONTEST, exact=True)).to_have_count(0)

    url = f"/admin/contest-results/{contest_id}/"
    admin.goto(url)
    assert admin.path != url, f"{ZONE_EDITOR} opened the federation's contest results"
    assert admin.error_messages(), admin.messages()
