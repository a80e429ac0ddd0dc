"""Browser tests: the real Wagtail admin in headless Chromium, as each officer uses it.

One server for the session (tests/browser/server.py: `make run` in a temporary VAR_DIR), one
Chromium, and one signed-in browser context per officer, reused by the tests (a test gets a new
tab in it and never signs out of it). Every tab a test opens is watched by its page guard
(tests/browser/guard.py), whose verdict is given when the test ends: a test whose own steps pass
but whose pages showed English or errors fails at teardown with the guard's report.

The rest of the suite uses pytest-django's test database; these tests use no database fixture and
touch no database in this process: only the server's own SQLite file, through the server. They
run after every other test (``pytest_collection_modifyitems`` below), outside the shared demo
transaction of tests/conftest.py, and the browser is closed after the last of them: while
Playwright's sync API runs, this thread counts as inside an event loop, which Django's
async-safety check and pytest-asyncio would both refuse in the tests that follow.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.english import admin_detector
from tests.browser.guard import PageGuard
from tests.browser.pages import AdminPage, sign_in
from tests.browser.server import DEMO_PASSWORD, OFFICERS, DemoServer, start_demo_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
INSTALL_HINT = (
    "Install Debian's chromium: `apt-get install -y chromium` (as root; `make test` does it through "
    "its `chromium` prerequisite), or point CHROMIUM at a Chromium binary."
)
# No outside host resolves: a page that loads anything from a CDN fails to, visibly (the guard
# reports it). Loopback addresses are not looked up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 20_000

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: drives the real admin in headless Chromium against a `make run` server (tests/browser)",
    )


def _in_browser_suite(item: pytest.Item) -> bool:
    return BROWSER_DIR in Path(str(item.path)).resolve().parents


@pytest.hookimpl(hookwrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """Every test of tests/browser is marked ``browser``; they run last, together, in file order."""
    yield
    unmarked = [
        item.nodeid for item in items if _in_browser_suite(item) and not item.get_closest_marker("browser")
    ]
    if unmarked:
        raise pytest.UsageError(f"Tests in tests/browser must be marked `browser`: {', '.join(unmarked)}")
    items[:] = [item for item in items if not _in_browser_suite(item)] + [
        item for item in items if _in_browser_suite(item)
    ]


@dataclass
class BrowserSession:
    server: DemoServer
    playwright: Playwright
    browser: Browser
    contexts: dict[str, BrowserContext] = field(default_factory=dict)
    guard: PageGuard | None = None

    def new_context(self) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.server.base_url,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport=VIEWPORT,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(2 * TIMEOUT_MS)
        # Every tab of the context, popups included, is watched by the running test's guard.
        context.on("page", lambda page: self.guard.watch(page) if self.guard else None)
        return context

    def officer_context(self, username: str) -> BrowserContext:
        """A context signed in as ``username`` through /admin/login/, made once per session."""
        if username not in self.contexts:
            context = self.new_context()
            page = context.new_page()
            sign_in(page, username, DEMO_PASSWORD)
            page.close()
            self.contexts[username] = context
        return self.contexts[username]

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()
        self.contexts.clear()
        self.browser.close()
        self.playwright.stop()


_session: BrowserSession | None = None


def _close_browser_session() -> None:
    global _session
    if _session is not None:
        session, _session = _session, None
        try:
            session.close()
        finally:
            session.server.stop()


@pytest.fixture(scope="session")
def browser_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserSession]:
    """The demo server and one Chromium, for the whole session."""
    global _session
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}, which is missing. {INSTALL_HINT}", pytrace=False
        )
    server = start_demo_server(tmp_path_factory.mktemp("browser-var"))
    try:
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except BaseException:
        server.stop()
        raise
    _session = BrowserSession(server=server, playwright=playwright, browser=browser)
    yield _session
    _close_browser_session()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    # Browser tests run last; should anything run after them, the browser is closed first.
    if (
        _session is not None
        and _in_browser_suite(item)
        and (nextitem is None or not _in_browser_suite(nextitem))
    ):
        _close_browser_session()


@pytest.fixture
def server(browser_session: BrowserSession) -> DemoServer:
    return browser_session.server


@pytest.fixture
def facts(server: DemoServer) -> dict:
    """What the seeded demo holds (tests/browser/server.py, FACTS_SCRIPT)."""
    return server.facts


@pytest.fixture
def guard(browser_session: BrowserSession) -> Iterator[PageGuard]:
    """The page guard of this test; every tab opened in any context during the test reports to it."""
    guard = PageGuard(server=browser_session.server, detector=admin_detector())
    browser_session.guard = guard
    yield guard
    try:
        verdict = guard.report()
    finally:
        browser_session.guard = None
        for page in guard.pages:
            if not page.is_closed():
                page.close()
        for cleanup in guard.cleanups:
            cleanup()
    if verdict:
        pytest.fail(f"Page guard:\n{verdict}", pytrace=False)


@pytest.fixture
def officer(browser_session: BrowserSession, guard: PageGuard) -> Callable[[str], AdminPage]:
    """``officer("bientap.ldld")``: a new tab, signed in as that officer, on the dashboard."""

    def open_tab(username: str) -> AdminPage:
        assert username in OFFICERS, f"not a demo officer: {username}"
        page = browser_session.officer_context(username).new_page()
        guard.watch(page)
        admin = AdminPage(page, guard)
        admin.goto("/admin/")
        return admin

    return open_tab


@pytest.fixture
def new_tab(browser_session: BrowserSession, guard: PageGuard) -> Callable[[], Page]:
    """A tab in a new, signed-out context (closed after the guard's verdict)."""

    def open_tab() -> Page:
        context = browser_session.new_context()
        guard.cleanups.append(context.close)
        page = context.new_page()
        guard.watch(page)
        return page

    return open_tab
