"""The publishing organisation of a page, chosen in the single tree chooser (bientap.ldld).

A federation editor publishes for any of the province's unions: the field is a chooser (search,
browse, one chip with its ancestors) over a hidden select that carries only a few options, not
a select of every union. The chooser's helpers here are the single mode's; the audience and
recipients go through tests/browser/pages.py.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid

import pytest
from playwright.sync_api import Locator, expect

from tests.browser.pages import PageEditor, reopen, search_result

pytestmark = pytest.mark.browser

EDITOR = "bientap.ldld"


def without_accents(text: str) -> str:
    """What an editor types on a keyboard without Vietnamese input: no tones, no marks, đ as d."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def publisher_chooser(editor: PageEditor) -> Locator:
    chooser = editor.form.locator("[data-testid=org-chooser][data-field='organisation']")
    expect(chooser).to_have_count(1)
    editor.reveal(chooser)
    expect(chooser.locator("[data-testid=org-chooser-search]")).to_be_visible()
    return chooser


def chip(chooser: Locator) -> tuple[str, str]:
    """(name, ancestors) on the chooser's one chip."""
    chips = chooser.locator("[data-testid=org-chip]")
    expect(chips).to_have_count(1)
    path = chips.locator(".org-chooser__path")
    return (
        " ".join(chips.locator(".org-chooser__name").inner_text().split()),
        " ".join(path.inner_text().split()) if path.count() else "",
    )


def posted(editor: PageEditor) -> str:
    """The name of the organisation the form will post (the hidden select's chosen option)."""
    return editor.field("organisation").evaluate("select => select.selectedOptions[0].text").strip()


def test_changes_the_publishing_organisation_of_a_news_item(officer, facts):
    federation = facts["organisations"][facts["root_code"]]
    zone = facts["organisations"]["cd-kkt-kcn"]
    luxshare = facts["organisations"]["cdcs-luxshare"]
    admin = officer(EDITOR)
    admin.explore(facts["home"], facts["sections"]["news"])
    editor = admin.add_child_page()
    title = f"Công nhân Luxshare-ICT hiến máu tình nguyện ({uuid.uuid4().hex[:6]})"
    editor.fill("title", title)
    editor.fill("summary", "Hơn 300 công nhân tham gia ngày hội hiến máu tại nhà máy.")
    editor.fill_date("date", dt.date.today())
    editor.fill("author", "Ban Tuyên giáo")
    # A new page of the federation editor is the federation's; the chip cannot be removed, only replaced.
    chooser = publisher_chooser(editor)
    assert chip(chooser) == (federation, "")
    expect(chooser.locator("[data-testid=org-chip-remove]")).to_have_count(0)
    # The page carries a few options for the hidden select, not the province's unions.
    assert editor.field("organisation").locator("option").count() < 50
    editor.publish()
    editor = reopen(admin, title)

    # The editor searches for the union without accents and picks it.
    chooser = publisher_chooser(editor)
    result = search_result(editor, chooser, without_accents("Công đoàn cơ sở Luxshare"), luxshare)
    assert result.count() == 1
    result.click()

    # It replaces the federation, shown with its ancestors; the list closes.
    expect(chooser.locator("[data-testid=org-chip] .org-chooser__name")).to_have_text(luxshare)
    assert chip(chooser) == (luxshare, f"{federation} › {zone}")
    expect(chooser.locator("[data-testid=org-chooser-panel]")).to_be_hidden()
    assert posted(editor) == luxshare
    editor.check()

    # Saved as a draft, the page is Luxshare's.
    footer = editor.page.locator("footer").last
    editor.follow(footer.locator("button.action-save").first)
    assert editor.success_messages(), (
        f"saving the draft failed: {editor.error_messages() + editor.field_errors()}"
    )
    editor = PageEditor(admin.page, admin.guard)
    admin.goto(editor.path)  # the editor again, from the server
    chooser = publisher_chooser(editor)
    assert chip(chooser) == (luxshare, f"{federation} › {zone}")
    assert posted(editor) == luxshare
