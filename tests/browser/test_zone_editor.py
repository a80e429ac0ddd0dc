"""The industrial-zone union's editor (bientap.kcn): the union tree and the members of their subtree."""

from __future__ import annotations

import csv
import io
import random

import pytest
from playwright.sync_api import expect

from search.normalize import fold
from tests.browser.pages import AdminPage

pytestmark = pytest.mark.browser

EDITOR = "bientap.kcn"


def listed_names(admin: AdminPage) -> list[str]:
    """The first column of the listing (a name), every page of it."""
    names = []
    while True:
        if admin.page.locator("table.listing").count() == 0:
            return names  # "no results" instead of a table
        cells = admin.page.locator("table.listing tbody tr td.title a").all_inner_texts()
        names += [" ".join(text.split()) for text in cells]
        following = admin.page.locator("nav.pagination li.next a[href]")
        if following.count() == 0:
            return names
        admin.follow(following.first)


def column(admin: AdminPage, index: int) -> list[str]:
    cells = admin.page.locator(f"table.listing tbody tr td:nth-child({index})").all_inner_texts()
    return [" ".join(text.split()) for text in cells]


def search(admin: AdminPage, text: str) -> None:
    field = admin.page.locator("main input[name=q]")
    with admin.page.expect_response(lambda r: "q=" in r.url and "/admin/members/" in r.url):
        field.fill(text)
    admin.page.wait_for_load_state("networkidle")
    admin.check()


def test_organisation_tree_shows_only_their_subtree(officer, facts):
    admin = officer(EDITOR)
    admin.follow_menu("Công đoàn", "Tổ chức công đoàn")
    names = listed_names(admin)
    subtree = set(facts["kcn_subtree"])
    outside = sorted(set(names) - subtree)
    assert not outside, f"{EDITOR} sees unions outside their subtree: {outside}"
    missing = sorted(set(facts["kcn_subtree_active"]) - set(names))
    assert not missing, f"{EDITOR} does not see unions of their subtree: {missing}"


def test_member_list_and_search(officer, facts):
    admin = officer(EDITOR)
    admin.follow_menu("Đoàn viên")
    expect(admin.page.locator("table.listing tbody tr").first).to_be_visible()
    # Column 3: the member's union; all of them in the editor's subtree.
    unions = set(column(admin, 3))
    assert unions and unions <= set(facts["kcn_subtree"]), (
        f"members of other unions listed: {unions - set(facts['kcn_subtree'])}"
    )

    inside = facts["member_inside_kcn"]
    search(admin, fold(inside["name"]))  # typed without accents, as on a phone keyboard
    assert inside["name"] in listed_names(admin)
    search(admin, inside["phone"])
    assert listed_names(admin) == [inside["name"]]
    # A member of another subtree is not found, even by an exact phone number.
    outside = facts["member_outside_kcn"]
    search(admin, outside["phone"])
    assert outside["name"] not in listed_names(admin)


def test_member_import(officer, facts, tmp_path):
    """Download the CSV template, fill in two members, upload it and read the report."""
    admin = officer(EDITOR)
    admin.follow_menu("Đoàn viên")
    admin.follow(admin.page.locator("a[href$='/admin/members/import/']").first)

    with admin.page.expect_download() as download:
        admin.page.locator("a[href*='/import/template/'][href*='format=csv']").click()
    template = download.value.path().read_bytes().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(template)))
    assert "Họ và tên" in header and "Số điện thoại" in header, header
    with admin.page.expect_download() as download:
        admin.page.locator("a[href*='/import/template/'][href*='format=xlsx']").click()
    assert download.value.path().read_bytes()[:2] == b"PK"  # an .xlsx workbook

    luxshare = facts["organisations"]["cdcs-luxshare"]
    taken = set(facts["member_phones"])
    phones = random.sample(sorted({f"039{n:07d}" for n in range(1000, 2000)} - taken), 2)
    members = [
        {"Họ và tên": "Trần Thị Hoài Thương", "Số điện thoại": phones[0], "Giới tính": "Nữ"},
        {"Họ và tên": "Lê Văn Quyết", "Số điện thoại": phones[1], "Giới tính": "Nam"},
    ]
    for number, member in enumerate(members, start=1):
        member.update({"STT": str(number), "Ngày sinh": "12/05/1995", "Mã công đoàn cơ sở": "cdcs-luxshare"})
        member.update({"Ngày vào công đoàn": "01/03/2024", "Chức danh/Công việc": "Công nhân lắp ráp"})
    upload = tmp_path / "danh-sach-doan-vien.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(members)
    upload.write_text(buffer.getvalue(), encoding="utf-8-sig")

    form = admin.page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[type=file][name=file]").set_input_files(str(upload))
    admin.check()
    admin.follow(form.locator("button[type=submit]"))

    report = admin.page.locator("#import-report")
    expect(report).to_be_visible()
    assert report.get_attribute("data-import-ok") == "true", report.inner_text()
    assert admin.success_messages(), admin.messages()
    expect(report).to_contain_text("2")

    admin.follow_menu("Đoàn viên")
    for member in members:
        search(admin, member["Số điện thoại"])
        assert listed_names(admin) == [member["Họ và tên"]]
        assert column(admin, 3) == [luxshare]
