"""The grassroots union's editor (bientap.luxshare, Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An).

The headline acceptance criterion: a grassroots editor publishes a targeted announcement from a
fresh `make run` without help. And the other side of their rights: pages of other organisations
are not theirs to change.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser import api
from tests.browser.pages import PageEditor, choose_organisations, chosen_organisations, clean_label, reopen

pytestmark = pytest.mark.browser

EDITOR = "bientap.luxshare"
# What acting on a page goes through (Wagtail's page URLs): none of it for another's page.
FORBIDDEN_ACTIONS = re.compile(
    r"/admin/pages/(?P<id>\d+)/(edit|lock|unlock|privacy|unpublish|delete|move|copy)/"
)


def test_publishes_a_targeted_announcement_from_scratch(officer, server, facts):
    luxshare = facts["organisations"]["cdcs-luxshare"]
    admin = officer(EDITOR)
    # From the dashboard, to the announcements, as the explorer offers them.
    admin.explore(facts["home"], facts["sections"]["announcements"])
    editor = admin.add_child_page()
    title = f"Lịch khám sức khỏe định kỳ cho công nhân Luxshare-ICT ({uuid.uuid4().hex[:6]})"
    editor.fill("title", title)
    editor.fill(
        "summary", "Công nhân ca 1 khám từ 7 giờ 30 ngày 15/12 tại nhà ăn số 2; mang theo thẻ công nhân."
    )
    # The form publishes for their own union without being told (the chooser's hidden select
    # posts it; its chip shows it).
    publisher = editor.field("organisation").locator("option:checked").inner_text()
    chip = editor.form.locator("[data-testid=org-chooser][data-field='organisation'] [data-testid=org-chip]")
    expect(chip.locator(".org-chooser__name")).to_have_text(luxshare)
    assert clean_label(publisher) == luxshare, f"the form publishes for {publisher!r} by default"
    choose_organisations(editor, "audience", [luxshare])

    message = editor.publish()

    assert title in message
    expect(admin.listing_row(title)).to_have_count(1)
    editor = reopen(admin, title)
    assert chosen_organisations(editor, "audience") == [luxshare]
    # Their members read it in the app (the demo member works at Luxshare); nobody else does.
    assert api.reaches_members_only(server, title)


def test_cannot_act_on_a_federation_page(officer, facts, guard):
    news = facts["federation_news"]
    admin = officer(EDITOR)
    admin.explore(facts["home"], facts["sections"]["news"])
    section_id = admin.explorer_page_id()  # the news section belongs to the federation too

    def actions_on_federation_pages(urls: list[str]) -> list[str]:
        return sorted(
            {
                url
                for url in urls
                if (match := FORBIDDEN_ACTIONS.search(url or ""))
                and int(match.group("id")) in (news["id"], section_id)
            }
        )

    # The federation's news item is listed, but neither its row's "more" menu, the header's menus
    # nor anything else to click on the page leads to changing it or the section.
    expect(admin.listing_row(news["title"])).to_have_count(1)
    offered = admin.row_actions(news["title"]) + admin.header_actions() + admin.clickable_urls()
    assert not actions_on_federation_pages(offered), (
        f"a grassroots editor is offered actions on federation pages: {actions_on_federation_pages(offered)}"
    )

    # Typing the edit URL does not open the editor either.
    url = f"/admin/pages/{news['id']}/edit/"
    guard.allow_refusal(url)
    response = admin.page.goto(url)
    admin.page.wait_for_load_state("load")
    admin.check()
    editor = PageEditor(admin.page, admin.guard)
    assert editor.form.count() == 0, f"{EDITOR} opened the editor of the federation's '{news['title']}'"
    assert admin.page.locator("button[name=action-publish]").count() == 0
    refused = (response is not None and response.status == 403) or admin.error_messages()
    assert refused, f"{url} answered {response and response.status} at {admin.path} without saying no"
