"""Every officer of the demo: signs in, reads the dashboard, opens the page explorer and the account menu."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.browser.screenshots import screenshot
from tests.browser.server import DEMO_PASSWORD, OFFICERS

pytestmark = pytest.mark.browser

EDITORS = ["bientap.ldld", "bientap.kcn", "bientap.luxshare"]
# Officers whose roles give them no page rights: the explorer is not theirs to open.
NOT_EDITORS = ["vanthu.ldld", "phananh.ldld"]


@pytest.mark.parametrize("username", list(OFFICERS))
def test_signs_in_through_the_form(username, new_tab, guard):
    page = new_tab()
    page.goto("/admin/")
    # Signed out, the admin sends them to its sign-in form.
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    guard.check(page)
    sign_in(page, username, DEMO_PASSWORD)
    expect(page.locator("#wagtail-sidebar nav").first).to_be_visible()
    guard.check(page)


@pytest.mark.parametrize("username", list(OFFICERS))
def test_dashboard(username, officer):
    admin = officer(username)
    assert admin.path == "/admin/"
    expect(admin.sidebar.locator("nav").first).to_be_visible()
    expect(admin.page.locator("main")).to_be_visible()
    if username == "bientap.ldld":
        screenshot(admin.page, "dashboard")


@pytest.mark.parametrize("username", list(OFFICERS))
def test_account_menu(username, officer):
    admin = officer(username)
    menu = admin.open_account_menu()
    expect(menu.locator("a[href='/admin/account/']")).to_be_visible()
    expect(menu.locator("form[action='/admin/logout/'] button")).to_be_visible()
    admin.follow(menu.locator("a[href='/admin/account/']"))
    assert admin.path == "/admin/account/"


@pytest.mark.parametrize("username", ["admin", *EDITORS])
def test_page_explorer(username, officer, facts):
    """The sidebar's "Trang" opens the explorer flyout; the explorer's own page opens where the officer works.

    A superuser starts at the tree's root (where sites are added). An editor starts at the home
    page, among the sections they add content to; the bare root, "Root" with one row, is of no use
    to them.
    """
    admin = officer(username)
    flyout = admin.open_menu("Trang")
    expect(flyout.get_by_role("link").first).to_be_visible()
    admin.page.keyboard.press("Escape")

    admin.goto("/admin/pages/")
    expect(admin.page.locator("table.listing")).to_be_visible()
    if username == "admin":
        return
    page_id = admin.explorer_page_id()
    assert page_id not in (None, facts["root_page_id"]), (
        f"{username} lands on the tree's root ({admin.heading()!r} at {admin.path}), not on the pages they work on"
    )
    sections = admin.listing_titles()
    assert {facts["sections"]["announcements"], facts["sections"]["news"]} <= set(sections), (
        f"{username} lands on {admin.heading()!r}, which lists {sections}: not the sections they publish to"
    )


@pytest.mark.parametrize("username", NOT_EDITORS)
def test_officers_without_page_rights_see_their_admin(username, officer):
    """The document clerk and the feedback handler: every screen their sidebar offers opens cleanly."""
    admin = officer(username)
    links = [link for link in admin.sidebar_links() if link != "/admin/"]
    for link in links:
        response = admin.goto(link)
        assert response is not None and response.status < 400, f"{link}: HTTP {response and response.status}"
        assert not admin.path.startswith("/admin/login/"), f"{link} sent {username} to the sign-in form"


def test_the_sign_in_form_refuses_a_wrong_password(new_tab, guard):
    page = new_tab()
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("bientap.ldld")
    page.locator("input[name=password]").fill("not-the-password")
    with page.expect_navigation():
        page.locator("form.login-form button[type=submit]").click()
    assert "/admin/login/" in page.url
    expect(page.locator(".messages, .help-critical, .error-message").first).to_be_visible()
    guard.check(page)
