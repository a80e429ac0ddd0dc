"""The federation editor (bientap.ldld, Liên đoàn Lao động tỉnh Nghệ An) at work."""

from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser import api
from tests.browser.pages import (
    PageEditor,
    choose_organisations,
    chosen_organisations,
    reopen,
)
from tests.browser.screenshots import enabled as screenshots_enabled
from tests.browser.screenshots import screenshot

pytestmark = pytest.mark.browser

EDITOR = "bientap.ldld"


def unique() -> str:
    return uuid.uuid4().hex[:6]


def test_publishes_a_news_item(officer, server, facts):
    admin = officer(EDITOR)
    admin.explore(facts["home"], facts["sections"]["news"])
    editor = admin.add_child_page()
    title = f"Hội thao công nhân lao động các khu công nghiệp năm 2026 ({unique()})"
    editor.fill("title", title)
    editor.fill("summary", "Hơn 1.200 vận động viên là công nhân tham gia 6 môn thi đấu.")
    editor.fill_date("date", dt.date.today())
    editor.fill("author", "Ban Tuyên giáo")
    screenshot(editor.page, "page-editor")

    message = editor.publish()

    assert title in message
    expect(admin.listing_row(title)).to_have_count(1)
    # News for everyone: the app shows it to anyone.
    assert title in api.news_titles(server)


def test_publishes_an_announcement_for_an_organisation(officer, server, facts):
    kcn = facts["organisations"]["cd-kkt-kcn"]
    admin = officer(EDITOR)
    admin.explore(facts["home"], facts["sections"]["announcements"])
    editor = admin.add_child_page()
    title = f"Lịch tiếp công nhân tháng 12 tại các khu công nghiệp ({unique()})"
    editor.fill("title", title)
    editor.fill("summary", "Thường trực Công đoàn các KCN tiếp công nhân vào thứ Năm hằng tuần.")
    choose_organisations(editor, "audience", [kcn])

    editor.publish()

    editor = reopen(admin, title)
    assert chosen_organisations(editor, "audience") == [kcn]
    # For the industrial-zone unions' members only: the demo member (Luxshare, in that zone) reads
    # it, the public does not.
    assert api.reaches_members_only(server, title)


def test_publishing_an_unchanged_document_keeps_its_recipients_and_audience(officer, server, facts):
    """21/TB-LĐLĐ, for members only (its audience is the federation), opened and published as it is."""
    document = facts["document_21"]
    admin = officer(EDITOR)
    admin.explore(facts["home"], facts["sections"]["documents"])
    admin.follow(admin.listing_row(document["title"]).locator("td.title a").first)
    editor = PageEditor(admin.page, admin.guard)
    expect(editor.form).to_be_visible()
    assert editor.value("number_symbol") == document["number_symbol"]
    problems = []
    shown = {
        "recipients": chosen_organisations(editor, "recipients"),
        "audience": chosen_organisations(editor, "audience"),
    }
    for field, value in shown.items():
        if value != document[field]:
            problems.append(f"the form opens with {field} {value}, the document has {document[field]}")

    editor.publish()

    admin.goto(f"/admin/pages/{document['id']}/edit/")
    for field in ("recipients", "audience"):
        value = chosen_organisations(editor, field)
        if value != document[field]:
            problems.append(f"after publishing, {field} is {value}, was {document[field]}")
    # What the app sees: still members only, still sent to the same unions.
    if public := api.documents(server, document["number_symbol"]):
        problems.append(f"the members-only document is now public: anonymous readers get {public}")
    seen = api.documents(server, document["number_symbol"], api.member_token(server))
    if len(seen) != 1:
        problems.append(f"the demo member finds {len(seen)} documents numbered {document['number_symbol']}")
    elif sorted(r["code"] for r in seen[0]["recipients"]) != document["recipient_codes"]:
        problems.append(
            f"the API lists recipients {seen[0]['recipients']}, was {document['recipient_codes']}"
        )
    assert not problems, "Publishing without a change changed the document:\n- " + "\n- ".join(problems)


def test_preview_panel_opens(officer, facts):
    news = facts["federation_news"]
    admin = officer(EDITOR)
    editor = admin.edit_page(news["id"])
    panel = editor.open_side_panel("preview")
    try:
        expect(panel.locator("#w-preview-iframe")).to_be_visible()
        # Wagtail loads the preview in a second iframe and swaps it in under this id once loaded.
        frame = editor.page.frame_locator("#w-preview-iframe")
        expect(frame.locator("body")).to_contain_text(news["title"][:40], timeout=30_000)
        editor.check()
    finally:
        editor.close_side_panel("preview")  # Wagtail remembers it open, for this officer's next tests


def test_official_document_with_an_attachment_and_recipients(officer, server, facts, tmp_path):
    from cms.documents.demo import minimal_pdf

    # The industrial-zone union (the demo member works below it) and another union under the federation.
    kcn = facts["organisations"]["cd-kkt-kcn"]
    recipients = [kcn, next(name for name in facts["federation_unions_active"] if name != kcn)]
    number = f"{random.randrange(500, 1000)}/TB-LĐLĐ"  # the demo's notices are numbered below 200
    pdf = tmp_path / "thong-bao-lich-nghi-tet.pdf"
    pdf.write_bytes(minimal_pdf([number, "Thong bao lich nghi Tet Nguyen dan 2027"]))
    attachment = f"Thông báo lịch nghỉ Tết {number}"

    admin = officer(EDITOR)
    admin.explore(facts["home"], facts["sections"]["documents"])
    editor = admin.add_child_page()
    title = "Thông báo lịch nghỉ Tết Nguyên đán năm 2027"
    editor.fill("title", title)
    editor.fill("summary", "Lịch nghỉ Tết Nguyên đán Đinh Mùi 2027 của cơ quan Liên đoàn Lao động tỉnh.")
    editor.fill("number_symbol", number)
    editor.select("document_type", "Thông báo")
    editor.fill_date("issued_on", dt.date.today())
    editor.fill("signer_name", "Kha Văn Tám")
    editor.fill("signer_title", "Chủ tịch")
    editor.attach_new_document("attachments", pdf, attachment)
    choose_organisations(editor, "recipients", recipients)
    if screenshots_enabled():  # the attached file and the recipients in one view
        editor.page.locator("[id^='inline_child_attachments-']").first.evaluate(
            "row => row.scrollIntoView({block: 'start'})"
        )
    screenshot(editor.page, "official-document")

    editor.publish()

    admin.follow(admin.listing_row(title).locator("td.title a").first)
    editor = PageEditor(admin.page, admin.guard)
    expect(editor.form).to_be_visible()
    assert chosen_organisations(editor, "recipients") == sorted(recipients)
    expect(editor.form.locator("[data-chooser-title]").filter(has_text=attachment)).to_have_count(1)
    # The recipients read it (their audience by default), with its file; the public does not.
    seen = api.documents(server, number, api.member_token(server))
    assert [d["numberSymbol"] for d in seen] == [number]
    assert sorted(r["name"] for r in seen[0]["recipients"]) == sorted(recipients)
    assert [a["title"] for a in seen[0]["attachments"]] and all(a["url"] for a in seen[0]["attachments"])
    assert api.documents(server, number) == []
