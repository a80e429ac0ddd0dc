"""Page objects: the admin's screens as an editor uses them, so scenarios read as the steps they are.

Selectors rely on what does not change with the language (URLs, form field names, Wagtail's data
attributes and roles), so the same tests keep working when the Vietnamese catalogue lands.

The audience and recipients widgets (an organisation tree chooser with search, replacing a native
``<select multiple>``): every scenario goes through ``choose_organisations`` and
``chosen_organisations`` below, the only code that knows the widget.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from tests.browser.guard import PageGuard

PAGE_ID_IN_URL = re.compile(r"/admin/pages/(\d+)/")
# Where an action button or link of a menu leads: its link, its form, or the URL it posts to.
ACTION_URLS = """items => items.map((item) =>
  item.getAttribute("href") || item.getAttribute("formaction") || item.getAttribute("data-w-action-url-value")
  || (item.form && item.form.getAttribute("action")) || item.innerText.trim())"""
# Where everything on the page an editor can click leads: links, forms and the buttons that post
# or open a dialog (Wagtail's privacy dialog is in every explorer page; only its button says who
# may open it).
CLICKABLE_URLS = """() => {
  const urls = [];
  for (const link of document.querySelectorAll("a[href]")) urls.push(link.getAttribute("href"));
  for (const form of document.querySelectorAll("form[action]")) urls.push(form.getAttribute("action"));
  for (const button of document.querySelectorAll("[formaction]")) urls.push(button.getAttribute("formaction"));
  for (const item of document.querySelectorAll("[data-w-action-url-value]")) {
    urls.push(item.getAttribute("data-w-action-url-value"));
  }
  for (const trigger of document.querySelectorAll("[data-a11y-dialog-show]")) {
    const dialog = document.getElementById(trigger.getAttribute("data-a11y-dialog-show"));
    if (dialog && dialog.dataset.url) urls.push(dialog.dataset.url);
  }
  return urls;
}"""
# The options of a field's date picker: Wagtail writes them in an inline script after the input,
# initDateChooser("id_date", {"dayOfWeekStart": 0, "format": "d/m/Y"}), or in a data attribute.
DATE_PICKER_OPTIONS = """(id) => {
  const input = document.getElementById(id);
  if (input && input.dataset.wDateOptionsValue) return input.dataset.wDateOptionsValue;
  for (const script of document.querySelectorAll("script:not([src])")) {
    const at = script.textContent.indexOf('("' + id + '",');
    if (at >= 0) {
      const rest = script.textContent.slice(at);
      return rest.slice(rest.indexOf("{"), rest.indexOf("}") + 1);
    }
  }
  return null;
}"""


def sign_in(page: Page, username: str, password: str) -> None:
    """Through the real sign-in form at /admin/login/; ends on the dashboard."""
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator(
        "form.login-form button[type=submit], form[action$='/admin/login/'] button[type=submit]"
    ).first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.locator("#wagtail-sidebar nav").first).to_be_visible()


def clean_label(text: str) -> str:
    """An option's name without the tree's indentation ("— — Công đoàn cơ sở …")."""
    return re.sub(r"^[\s—–-]+", "", " ".join(text.split()))


class AdminPage:
    """A tab in the admin, with what every screen has: the sidebar, messages, the guard's check."""

    def __init__(self, page: Page, guard: PageGuard):
        self.page = page
        self.guard = guard

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def goto(self, path: str):
        response = self.page.goto(path)
        self.page.wait_for_load_state("load")
        self.check()
        return response

    def check(self) -> None:
        """The guard looks at the page as it is now (English)."""
        self.guard.check(self.page)

    def follow(self, locator: Locator) -> None:
        """Click something that loads another page, and wait for that page (then the guard looks)."""
        with self.page.expect_navigation():
            locator.click()
        self.page.wait_for_load_state("load")
        self.check()

    def heading(self) -> str:
        return " ".join(self.page.locator("h1").first.inner_text().split())

    def messages(self) -> list[str]:
        return [" ".join(t.split()) for t in self.page.locator(".messages li").all_inner_texts()]

    def success_messages(self) -> list[str]:
        return [" ".join(t.split()) for t in self.page.locator(".messages li.success").all_inner_texts()]

    def error_messages(self) -> list[str]:
        return [
            " ".join(t.split())
            for t in self.page.locator(
                ".messages li.error, .messages li.warning, .help-critical"
            ).all_inner_texts()
        ]

    # --- the sidebar --------------------------------------------------------------------------

    @property
    def sidebar(self) -> Locator:
        return self.page.locator("#wagtail-sidebar")

    def open_menu(self, label: str) -> Locator:
        """Open a sidebar group ("Thống kê", or "Trang": the page explorer) and return what opened."""
        button = self.sidebar.get_by_role("button", name=label, exact=True)
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        flyout = self.sidebar.locator(".sidebar-sub-menu-panel:visible, [role=dialog]:visible").first
        expect(flyout).to_be_visible()
        self.check()
        return flyout

    def follow_menu(self, *labels: str) -> None:
        """Click through the sidebar: ``follow_menu("Thống kê", "Biểu đồ")`` or ``follow_menu("Đoàn viên")``."""
        *groups, item = labels
        scope = self.sidebar
        for group in groups:
            scope = self.open_menu(group)
        self.follow(scope.get_by_role("link", name=item, exact=True))

    def sidebar_links(self) -> list[str]:
        """Every admin URL the sidebar offers (its groups' items included)."""
        hrefs = self.sidebar.locator("a[href^='/admin/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        return sorted(set(hrefs))

    def open_account_menu(self) -> Locator:
        """The account menu at the foot of the sidebar."""
        self.sidebar.locator("button.sidebar-footer__account").click()
        menu = self.sidebar.locator(".sidebar-footer ul")
        expect(menu).to_be_visible()
        self.check()
        return menu

    # --- the page explorer ----------------------------------------------------------------------

    def explorer_page_id(self) -> int | None:
        """The id of the page whose children the explorer shows, None for the tree's root listing."""
        match = PAGE_ID_IN_URL.search(self.path)
        return int(match.group(1)) if match else None

    def listing_row(self, title: str) -> Locator:
        return self.page.locator("table.listing tbody tr").filter(
            has=self.page.locator("td.title", has_text=title)
        )

    def listing_titles(self) -> list[str]:
        return [
            " ".join(t.split())
            for t in self.page.locator("table.listing tbody td.title [id$='_title']").all_inner_texts()
        ]

    def explore(self, *titles: str) -> None:
        """From the explorer where it opens (/admin/pages/), down through the pages with these titles.

        A title already shown as the explorer's own page (its breadcrumb's end) is skipped, so the
        same steps work whether the explorer opens at the tree's root or at the home page.
        """
        self.goto("/admin/pages/")
        for title in titles:
            row = self.listing_row(title)
            if row.count() == 0 and title in self.heading():
                continue
            expect(row, f"no page '{title}' in the explorer; it lists {self.listing_titles()}").to_have_count(
                1
            )
            self.follow(row.locator("td.children a"))

    def add_child_page(self) -> PageEditor:
        """The explorer's "add child page" button; with one allowed page type the form opens directly."""
        self.follow(self.page.locator("a[href$='/add_subpage/']").first)
        editor = PageEditor(self.page, self.guard)
        expect(editor.form).to_be_visible()
        self.check()
        return editor

    def row_actions(self, title: str) -> list[str]:
        """The URLs of the actions a listing row's "more options" menu offers for a page."""
        row = self.listing_row(title)
        expect(row).to_have_count(1)
        toggle = row.locator("td.title [data-w-dropdown-target=toggle]")
        if toggle.count() == 0:
            return []
        toggle.click()
        content = self.page.locator("[data-tippy-root] .w-dropdown__content").last
        expect(content).to_be_visible()
        self.check()
        actions = content.locator("a, button").evaluate_all(ACTION_URLS)
        self.page.keyboard.press("Escape")
        return actions

    def header_actions(self) -> list[str]:
        """The URLs of the actions the page header offers (its buttons and its "more" menu)."""
        header = self.page.locator("header").first
        toggles = header.locator("[data-w-dropdown-target=toggle]")
        hrefs = header.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        for index in range(toggles.count()):
            toggle = toggles.nth(index)
            if not toggle.is_visible():
                continue
            toggle.click()
            content = self.page.locator("[data-tippy-root] .w-dropdown__content").last
            if content.is_visible():
                self.check()
                hrefs += content.locator("a, button").evaluate_all(ACTION_URLS)
            self.page.keyboard.press("Escape")
        return hrefs

    def clickable_urls(self) -> list[str]:
        """Where everything an editor can click on this page leads (see CLICKABLE_URLS)."""
        return self.page.evaluate(CLICKABLE_URLS)

    def edit_page(self, page_id: int) -> PageEditor:
        self.goto(f"/admin/pages/{page_id}/edit/")
        editor = PageEditor(self.page, self.guard)
        expect(editor.form).to_be_visible()
        return editor


class PageEditor(AdminPage):
    """Wagtail's page create/edit form."""

    @property
    def form(self) -> Locator:
        return self.page.locator("form[data-edit-form]")

    def field(self, name: str) -> Locator:
        return self.form.locator(f"[name='{name}']")

    def reveal(self, locator: Locator) -> Locator:
        """Open the tab (Content, Cài đặt…) that holds ``locator`` and scroll it into view."""
        panel = locator.evaluate("el => (el.closest('[role=tabpanel]') || {}).id || ''")
        if panel:
            tab = self.page.locator(f"[role=tab][aria-controls='{panel}']")
            if tab.get_attribute("aria-selected") != "true":
                tab.click()
        locator.scroll_into_view_if_needed()
        self.check()
        return locator

    def fill(self, name: str, value: str) -> None:
        self.reveal(self.field(name)).fill(value)

    def select(self, name: str, label: str) -> None:
        self.reveal(self.field(name)).select_option(label=label)

    def fill_date(self, name: str, value: dt.date) -> None:
        """A date field, typed in the format its date picker is configured with (whatever it is).

        Typed in another format, the picker silently reads it as some other day.
        """
        field = self.reveal(self.field(name))
        options = json.loads(self.page.evaluate(DATE_PICKER_OPTIONS, field.get_attribute("id")) or "{}")
        picker_format = options.get("format") or "Y-m-d"
        text = "".join(
            {"Y": f"{value.year:04d}", "m": f"{value.month:02d}", "d": f"{value.day:02d}"}.get(ch, ch)
            for ch in picker_format
        )
        field.fill(text)
        if self.page.locator(".xdsoft_datetimepicker").count():
            # The calendar opens a moment after the field takes the focus, and stays open over the
            # fields below until a click elsewhere.
            opened = self.page.locator(".xdsoft_datetimepicker:visible")
            with contextlib.suppress(AssertionError):  # or it did not open: nothing to close
                expect(opened.first).to_be_visible(timeout=3000)
            self.field("title").click()
            expect(opened).to_have_count(0)
        assert field.input_value() == text, (
            f"{name}: typed {text!r}, the picker made it {field.input_value()!r}"
        )

    def value(self, name: str) -> str:
        return self.field(name).input_value()

    # --- saving -----------------------------------------------------------------------------

    def settle_autosave(self) -> None:
        """Wait until Wagtail's autosave has nothing to send: it posts the form 500 ms after the
        last change. A publish sent while it creates a new page races it: the publish then
        creates the page a second time and is refused for the slug, or for the number."""
        self.page.wait_for_timeout(700)
        # The indicator in the header holds the autosave's state ("saving" while a post is out).
        indicator = self.page.locator("#w-autosave-indicator")
        if indicator.count():
            expect(indicator).not_to_have_attribute("data-w-autosave-state-value", "saving", timeout=10_000)

    def publish(self) -> str:
        """The footer's "publish" action; returns the success message (fails with the form's errors)."""
        self.settle_autosave()
        footer = self.page.locator("footer").last
        footer.locator(".w-dropdown__toggle").first.click()
        publish = self.page.locator("button[name=action-publish]")
        expect(publish).to_be_visible()
        self.check()
        self.follow(publish)
        success = self.success_messages()
        assert success, (
            f"publishing did not succeed (still at {self.path}); the form says: "
            f"{self.error_messages() + self.field_errors()}"
        )
        return success[0]

    def field_errors(self) -> list[str]:
        errors = self.page.locator(".w-field__errors .error-message, .w-field__errors p, .error-message")
        return [" ".join(t.split()) for t in errors.all_inner_texts() if t.strip()]

    # --- side panels ------------------------------------------------------------------------

    def open_side_panel(self, name: str) -> Locator:
        """Open a side panel of the editor ("preview", "status", "checks", "comments")."""
        self.page.locator(f"[data-side-panel-toggle='{name}']").click()
        panel = self.page.locator(f"[data-side-panel='{name}']")
        expect(panel).to_be_visible()
        self.check()
        return panel

    def close_side_panel(self, name: str) -> None:
        """Close it again: Wagtail remembers an open panel in the browser, for the next editor page."""
        self.page.locator(f"[data-side-panel-toggle='{name}']").click()
        expect(self.page.locator(f"[data-side-panel='{name}']")).to_be_hidden()

    # --- attachments (official documents) ---------------------------------------------------

    def attach_new_document(self, inline: str, pdf: Path, title: str) -> None:
        """Add a row to an inline panel of documents and upload ``pdf`` through its chooser."""
        self.reveal(self.page.locator(f"#id_{inline}-ADD")).click()
        total = int(self.page.locator(f"#id_{inline}-TOTAL_FORMS").input_value())
        row = self.page.locator(f"#inline_child_{inline}-{total - 1}, [id^='inline_child_{inline}-']").last
        row.locator("[data-chooser-action-choose], button.action-choose").first.click()
        modal = self.page.locator(".modal-dialog, [role=dialog]").filter(has=self.page.locator("form")).last
        expect(modal).to_be_visible()
        self.check()
        upload_tab = modal.locator(
            "[role=tab][href$='upload'], a[href='#tab-upload'], [aria-controls*='upload']"
        ).first
        upload_tab.click()
        upload_form = modal.locator("form[enctype='multipart/form-data']").first
        upload_form.locator("input[type=file]").set_input_files(str(pdf))
        upload_form.locator("input[name$='title']").fill(title)
        self.check()
        upload_form.locator("button[type=submit]").click()
        expect(modal).to_be_hidden()
        expect(row.locator("[data-chooser-title], .chooser__title").first).to_have_text(
            re.compile(re.escape(title))
        )
        self.check()


# --- The organisations widget (audience, recipients) ------------------------------------------
#
# The only code that knows the widget. Two shapes are driven:
# - the organisation tree chooser (cms/organisations/widgets.py, data-testid="org-chooser"): the
#   editor searches, clicks a result to choose it and sees the chosen ones as chips; its hidden
#   native select keeps the value the form posts;
# - without it (before it lands, or without its script), a native <select multiple> of the
#   active organisations in tree order, indented with dashes (page.select_option).
# Scenarios only call the functions below.


def _chooser(editor: PageEditor, field: str) -> Locator:
    return editor.form.locator(f"[data-testid=org-chooser][data-field='{field}']")


def _enhanced(editor: PageEditor, field: str) -> bool:
    chooser = _chooser(editor, field)
    return chooser.count() > 0 and chooser.locator("[data-testid=org-chooser-search]").is_visible()


def _reveal_field(editor: PageEditor, field: str) -> None:
    editor.reveal(_chooser(editor, field) if _chooser(editor, field).count() else editor.field(field))


def search_result(editor: PageEditor, chooser: Locator, typed: str, name: str) -> Locator:
    """Type ``typed`` in an organisation chooser's search and return the results named ``name``
    (at least one, or the test fails saying what was offered)."""
    search = chooser.locator("[data-testid=org-chooser-search]")
    search.fill(typed)
    search.press("Enter")
    panel = chooser.locator("[data-testid=org-chooser-panel]")
    expect(panel).to_be_visible()
    expect(panel).not_to_have_attribute("aria-busy", "true")
    editor.check()
    result = panel.locator("[data-testid=org-choose]").filter(
        has=editor.page.locator(".org-chooser__name", has_text=re.compile(f"^{re.escape(name)}$"))
    )
    offered = panel.locator("[data-testid=org-choose] .org-chooser__name").all_inner_texts()
    assert result.count() >= 1, f"searching {typed!r} for {name!r} offers {offered}"
    return result


def choose_organisations(editor: PageEditor, field: str, names: list[str]) -> None:
    """Make exactly ``names`` the organisations chosen in ``field`` ("audience", "recipients")."""
    _reveal_field(editor, field)
    if _enhanced(editor, field):
        chooser = _chooser(editor, field)
        for chip in chooser.locator("[data-testid=org-chip]").all():
            if chip.locator(".org-chooser__name").inner_text().strip() not in names:
                chip.locator("[data-testid=org-chip-remove]").click()
        for name in names:
            if name in _chips(chooser):
                continue
            search = chooser.locator("[data-testid=org-chooser-search]")
            search_result(editor, chooser, name, name).first.click()
            expect(
                chooser.locator("[data-testid=org-chip] .org-chooser__name", has_text=name).first
            ).to_be_visible()
            search.fill("")
            search.press("Escape")
        assert sorted(_chips(chooser)) == sorted(names), (
            f"{field}: chips {_chips(chooser)} after choosing {names}"
        )
    else:
        select = editor.field(field)
        options = select.locator("option").evaluate_all("options => options.map(o => [o.value, o.text])")
        by_name = {clean_label(text): value for value, text in options}
        missing = [name for name in names if name not in by_name]
        assert not missing, (
            f"{field}: no choice {missing}; the widget offers {len(by_name)}: {sorted(by_name)[:20]}…"
        )
        select.select_option(value=[by_name[name] for name in names])
    editor.check()


def _chips(chooser: Locator) -> list[str]:
    return [
        " ".join(t.split())
        for t in chooser.locator("[data-testid=org-chip] .org-chooser__name").all_inner_texts()
    ]


def chosen_organisations(editor: PageEditor, field: str) -> list[str]:
    """The names of the organisations ``field`` shows as chosen, sorted.

    With the tree chooser, its chips, which must agree with the value the form will post.
    """
    texts = editor.field(field).locator("option:checked").evaluate_all("options => options.map(o => o.text)")
    posted = sorted(clean_label(text) for text in texts)
    if _chooser(editor, field).count():
        shown = sorted(_chips(_chooser(editor, field)))
        assert shown == posted, f"{field}: the chooser shows {shown} but the form would post {posted}"
    return posted


def offered_organisations(editor: PageEditor, field: str) -> list[str]:
    """The names of every organisation ``field`` lets the editor choose, sorted (the form's choices)."""
    texts = editor.field(field).locator("option").evaluate_all("options => options.map(o => o.text)")
    return sorted(clean_label(text) for text in texts if clean_label(text))


def reopen(admin: AdminPage, title: str) -> PageEditor:
    """Open the page titled ``title`` from the listing the officer is on, as an editor would."""
    admin.follow(admin.listing_row(title).locator("td.title a").first)
    editor = PageEditor(admin.page, admin.guard)
    expect(editor.form).to_be_visible()
    return editor
