"""Members' job applications in the admin ("Đơn ứng tuyển"), as the union officers use them.

The demo (cms/jobs/demo.py): the Hưng Nguyên commune union (``bientap.kcn``'s) published the
postings around KCN VSIP, the federation the others; members applied to both, one application in
every status. An officer follows up the applications to their union's postings, forwards them to
the employer and exports them for it; an officer of another union sees none of them.
"""

from __future__ import annotations

import json
import re

import openpyxl
import pytest
from playwright.sync_api import Locator, expect

from tests.browser.pages import AdminPage
from tests.browser.server import _manage, newcomer_environment

pytestmark = pytest.mark.browser

EDITOR = "bientap.kcn"  # Lê Văn Hùng, editor at Công đoàn xã Hưng Nguyên
EDITOR_NAME = "Lê Văn Hùng"
OTHER_EDITOR = "bientap.luxshare"  # editor of a grassroots union below it, which published no posting

# The demo's applications to the commune union's postings: posting -> status as seeded.
OURS = {
    "Tuyển 500 công nhân lắp ráp linh kiện điện tử": "Đã nhận",
    "Công nhân vận hành máy dập kim loại": "Đã chuyển cho nhà tuyển dụng",
    "Kỹ thuật viên dây chuyền SMT": "Phỏng vấn",
    "Nhân viên bảo vệ khu công nghiệp": "Đã tuyển",
}
# The demo's applications to the federation's postings: not the commune union's to see.
THEIRS = ["Nhân viên kiểm tra chất lượng (QC)", "Công nhân may công nghiệp", "Lái xe tải giao hàng"]

RECEIVED_JOB = "Tuyển 500 công nhân lắp ráp linh kiện điện tử"
RECEIVED_BY = "Nguyễn Văn An"  # the demo member, 0912345678
RECEIVED_MESSAGE = "Em giới thiệu em gái vừa tốt nghiệp THPT, em đăng ký thay để công đoàn liên hệ giúp."
INTERVIEW_JOB = "Kỹ thuật viên dây chuyền SMT"  # Nguyễn Văn An's too, with a CV

# The statuses at which the employer holds the application (its export has phone and CV).
WITH_THE_EMPLOYER = {"Đã chuyển cho nhà tuyển dụng", "Phỏng vấn", "Đã tuyển"}

NOT_FORWARDED_NOTICE = (
    "Chưa chuyển cho nhà tuyển dụng: tệp xuất cho nhà tuyển dụng không có số điện thoại và hồ sơ (CV). "
    "Hãy chuyển đơn trước."
)
FORWARDED_NOTICE = "Đã chuyển: tệp xuất cho nhà tuyển dụng có số điện thoại và hồ sơ (CV) của đoàn viên này."

# A member of Everwin's union applies, through the app's service, for a posting of the commune
# union's that still takes applications: a new application, received and not forwarded.
NEW_APPLICATION_SCRIPT = r"""
import json
from cms.jobs import services
from cms.jobs.models import JobPage
from cms.members.models import Member

member = (
    Member.objects.active().filter(organisation__code="cdcs-everwin").exclude(phone="0912345678")
    .select_related("user").order_by("phone")[2]
)
job = JobPage.objects.get(slug="vsip-ky-thuat-dien-nuoc")
application = services.apply_for_job(
    member.user, job, message="Tôi có chứng chỉ thợ điện bậc 3/7, muốn làm kỹ thuật viên điện nước.",
    idempotency_key="browser-test-export",
)
print("APPLICATION=" + json.dumps({"job": job.title, "member": member.full_name, "phone": member.phone,
      "status": str(application.get_status_display())}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def new_application(browser_session) -> dict:
    server = browser_session.server
    output = _manage(
        ["shell", "-c", NEW_APPLICATION_SCRIPT], newcomer_environment(server.var_dir), server.log_path
    )
    line = next(line for line in output.splitlines() if line.startswith("APPLICATION="))
    return json.loads(line[len("APPLICATION=") :])


def text(value: str) -> str:
    return " ".join(value.split())


def listing(admin: AdminPage) -> list[dict[str, str]]:
    """The listing's rows as the officer reads them: column heading -> cell."""
    if admin.page.locator("table.listing").count() == 0:
        return []  # "no applications" instead of a table
    headings = [text(h) for h in admin.page.locator("table.listing thead th").all_inner_texts()]
    rows = []
    for row in admin.page.locator("table.listing tbody tr").all():
        cells = [text(c) for c in row.locator("td").all_inner_texts()]
        rows.append(dict(zip(headings, cells, strict=True)))
    return rows


def row_of(admin: AdminPage, job: str) -> Locator:
    return admin.page.locator("table.listing tbody tr").filter(has_text=job)


def open_applications(admin: AdminPage) -> None:
    admin.follow_menu("Đơn ứng tuyển")
    assert admin.path == "/admin/job-applications/"
    expect(admin.page).to_have_title(re.compile(r"^Đơn ứng tuyển"))


def filter_by_status(admin: AdminPage, status: str) -> None:
    admin.page.get_by_role("button", name="Hiện bộ lọc").click()
    admin.page.get_by_role("button", name="Trạng thái", exact=True).click()
    admin.page.get_by_label("Trạng thái", exact=True).select_option(label=status)
    expect(admin.page).to_have_url(re.compile(r"[?&]status="))
    admin.page.keyboard.press("Escape")
    admin.check()


def test_the_union_forwards_a_received_application_to_the_employer(officer):
    # given the commune union's editor, on the applications to their union's postings
    admin = officer(EDITOR)

    # when they open Đơn ứng tuyển from the sidebar
    open_applications(admin)

    # then they see the applications to their union's postings, none to the federation's
    rows = listing(admin)
    listed = {row["Tin tuyển dụng"]: row["Trạng thái"] for row in rows}
    assert {job: listed.get(job) for job in OURS} == OURS, rows
    assert not [job for job in THEIRS if job in listed], rows
    expect(admin.page.get_by_text(f"{len(rows)} đơn ứng tuyển")).to_be_visible()

    # when they keep only the received applications
    filter_by_status(admin, "Đã nhận")

    # then every application listed is received, the demo member's among them, not yet in the export
    expect(row_of(admin, next(job for job in OURS if job != RECEIVED_JOB))).to_have_count(0)
    received = listing(admin)
    assert received and {row["Trạng thái"] for row in received} == {"Đã nhận"}, received
    assert {row["Trong tệp xuất cho nhà tuyển dụng"] for row in received} == {
        "Chưa chuyển: không có số điện thoại, hồ sơ (CV)"
    }, received

    # when they open it
    admin.follow(row_of(admin, RECEIVED_JOB).get_by_role("link", name=RECEIVED_BY))

    # then they read the member's message, and that the employer gets no phone or CV yet
    page = admin.page
    expect(page.locator("h1")).to_contain_text(RECEIVED_BY)
    expect(page.locator("main")).to_contain_text(RECEIVED_JOB)
    expect(page.locator("main")).to_contain_text(RECEIVED_MESSAGE)
    expect(page.get_by_text(NOT_FORWARDED_NOTICE)).to_be_visible()
    summary = page.locator("#job-application-summary-section")
    expect(summary).to_contain_text("Đã nhận")
    history = page.locator("#job-application-history-section table tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Đã nhận")

    # when they forward it to the employer, with a note for the officers
    note = "Đã gửi danh sách cho Phòng Nhân sự Luxshare, anh Tuấn nhận qua thư điện tử."
    page.get_by_label("Trạng thái mới").select_option(label="Đã chuyển cho nhà tuyển dụng")
    page.get_by_label("Ghi chú").fill(note)
    admin.follow(page.get_by_role("button", name="Lưu trạng thái"))

    # then the admin says so, and the history ends with the new status, who set it and the note
    assert admin.success_messages() == ["Đã đổi trạng thái đơn ứng tuyển."], admin.messages()
    expect(summary).to_contain_text("Đã chuyển cho nhà tuyển dụng")
    expect(summary).to_contain_text("Chuyển cho nhà tuyển dụng lúc")
    expect(history).to_have_count(2)
    expect(history.last.locator("td")).to_have_text(
        ["Đã chuyển cho nhà tuyển dụng", EDITOR_NAME, re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d"), note]
    )
    expect(page.get_by_text(FORWARDED_NOTICE)).to_be_visible()
    expect(page.get_by_text(NOT_FORWARDED_NOTICE)).to_have_count(0)
    expect(page.get_by_label("Trạng thái mới").locator("option")).to_have_text(
        ["Phỏng vấn", "Đã tuyển", "Không được chọn"]
    )


def test_the_export_for_the_employer_has_phones_only_of_forwarded_applications(
    officer, new_application, tmp_path
):
    # given the commune union's editor, with a new application received and not forwarded
    assert new_application["status"] == "Đã nhận"
    admin = officer(EDITOR)
    open_applications(admin)
    expect(row_of(admin, new_application["job"])).to_contain_text("Đã nhận")

    # when they download the spreadsheet for the employer
    admin.page.get_by_role("button", name="Thao tác").click()
    download_link = admin.page.get_by_role("link", name="Tải XLSX")
    expect(download_link).to_be_visible()
    admin.check()
    with admin.page.expect_download() as downloading:
        download_link.click()
    download = downloading.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    # then it is a spreadsheet of their applications, and it holds a member's phone number and CV
    # only where the application was forwarded to the employer
    assert saved.suffix == ".xlsx", saved.name
    sheet = openpyxl.load_workbook(saved).active
    headings, *values = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert headings == [
        "Tin tuyển dụng",
        "Người sử dụng lao động",
        "Họ và tên",
        "Trạng thái",
        "Đã chuyển cho nhà tuyển dụng",
        "Số điện thoại",
        "Hồ sơ (CV) (đường dẫn dùng được trong 7 ngày)",
        "Lời nhắn",
        "Ngày ứng tuyển",
    ], headings
    rows = [dict(zip(headings, row, strict=True)) for row in values]
    by_job = {row["Tin tuyển dụng"]: row for row in rows}
    assert sorted(by_job) == sorted([*OURS, new_application["job"]]), rows

    new = by_job[new_application["job"]]
    assert (new["Họ và tên"], new["Trạng thái"], new["Đã chuyển cho nhà tuyển dụng"]) == (
        new_application["member"],
        "Đã nhận",
        "Không",
    ), new
    assert new["Số điện thoại"] == "" and new["Hồ sơ (CV) (đường dẫn dùng được trong 7 ngày)"] == "", new
    assert new_application["phone"] not in str(values)

    interview = by_job[INTERVIEW_JOB]
    assert (interview["Trạng thái"], interview["Số điện thoại"]) == ("Phỏng vấn", "0912345678"), interview
    assert interview["Hồ sơ (CV) (đường dẫn dùng được trong 7 ngày)"].startswith("http"), interview

    wrong = [
        row
        for row in rows
        if bool(row["Số điện thoại"]) != (row["Trạng thái"] in WITH_THE_EMPLOYER)
        or (row["Đã chuyển cho nhà tuyển dụng"] == "Có") != (row["Trạng thái"] in WITH_THE_EMPLOYER)
    ]
    assert not wrong, f"phone numbers given for applications the employer does not hold, or missing: {wrong}"


def test_an_officer_of_another_union_neither_lists_nor_opens_them(officer, guard):
    # given a link to an application, copied from the commune union editor's listing
    colleague = officer(EDITOR)
    open_applications(colleague)
    path = row_of(colleague, INTERVIEW_JOB).get_by_role("link", name=RECEIVED_BY).get_attribute("href")
    assert path and re.fullmatch(r"/admin/job-applications/\d+/", path), path

    # when the editor of the Luxshare grassroots union (which published no posting) looks
    admin = officer(OTHER_EDITOR)
    menu = admin.sidebar.get_by_role("link", name="Đơn ứng tuyển", exact=True)
    if menu.count():
        admin.follow(menu)

        # then the list holds none of them
        shown = admin.page.locator("main").inner_text()
        assert not [job for job in [*OURS, *THEIRS] if job in shown], shown
        assert listing(admin) == [], listing(admin)

    # when they ask for the link itself
    response = admin.page.request.get(path)

    # then it does not exist for them (as another union's feedback does not): nothing of it shows
    shown = response.text()
    assert response.status == 404, f"{path} answered {response.status}"
    assert RECEIVED_BY not in shown and INTERVIEW_JOB not in shown
