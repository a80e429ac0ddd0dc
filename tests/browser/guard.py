"""The page guard: what must hold on every page a browser test opens, checked when the test ends.

- no console message of type ``error`` and no uncaught page error; one exception: Wagtail's
  autosave posts the editor's form in the background (asking for JSON) while the officer is still
  filling it in, and answers 400 when the form is not valid yet; the editor shows that in its
  autosave indicator and the officer goes on. Chromium logs each such 400 as a failed resource,
  which is no error of the page's;
- no response with a status of 500 or more (the report quotes the server's log, its traceback);
- no request to a host other than this machine's: the browser resolves no outside host (see
  ``conftest.CHROMIUM_ARGS``), so an admin page that needs a CDN shows up here and not as a
  page that only works online;
- no English on an admin page: the visible text (``document.body.innerText``, the tab's title, and
  the ``title``, ``placeholder``, ``aria-label`` and tooltip attributes of rendered elements) holds
  no phrase of the admin's English catalogues (tests/browser/english.py). Checked on each admin
  page a helper shows (``check``) and on every page still open at the end. Only ``/admin/`` is
  held to it: GraphiQL at ``/graphql/`` is a developer's tool with its own English interface.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response
from playwright.sync_api import Error as PlaywrightError

from tests.browser.english import EnglishDetector
from tests.browser.server import DemoServer

MAX_FINDINGS_PER_PAGE = 30
MAX_MESSAGE_CHARS = 400

VISIBLE_TEXT = """() => {
  const texts = [document.title, document.body ? document.body.innerText : ""];
  const attributes = ["title", "placeholder", "aria-label", "data-w-tooltip-content-value"];
  const selector = attributes.map((name) => `[${name}]`).join(",");
  for (const element of document.querySelectorAll(selector)) {
    if (element.closest("svg, template, [hidden], [aria-hidden=true]")) continue;
    if (!element.getClientRects().length) continue;
    if (getComputedStyle(element).visibility === "hidden") continue;
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts.join("\\n");
}"""


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True  # data:, blob:, about:
    return parts.hostname in {"127.0.0.1", "localhost", "::1"}


@dataclass
class PageGuard:
    server: DemoServer
    detector: EnglishDetector
    problems: list[str] = field(default_factory=list)
    english: dict[str, dict[str, str]] = field(default_factory=dict)  # path -> phrase -> finding
    pages: list[Page] = field(default_factory=list)
    log_offset: int = 0
    server_errors: int = 0
    refusals: set[str] = field(default_factory=set)  # paths whose 403 the test expects
    cleanups: list[Callable[[], None]] = field(default_factory=list)  # run after the verdict
    autosaves_refused: set[str] = field(default_factory=set)  # URLs of autosave posts answered 400
    failed_loads: list[tuple[str, str]] = field(default_factory=list)  # (URL, finding): 400s, judged last

    def __post_init__(self) -> None:
        self.log_offset = self.server.log_size()

    # --- listening --------------------------------------------------------------------------

    def watch(self, page: Page) -> None:
        if any(page is watched for watched in self.pages):
            return
        self.pages.append(page)
        page.on("console", lambda message: self._console(page, message))
        page.on(
            "pageerror", lambda error: self.problems.append(f"uncaught error on {self._where(page)}: {error}")
        )
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _where(self, page: Page) -> str:
        try:
            return urlsplit(page.url).path or page.url
        except PlaywrightError:
            return "?"

    def allow_refusal(self, path: str) -> None:
        """The test asks for ``path`` expecting a 403: the browser's console line for it is no error."""
        self.refusals.add(path)

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        location = message.location or {}
        source = location.get("url", "")
        if "status of 403" in message.text and urlsplit(source).path in self.refusals:
            return
        line = f":{location.get('lineNumber')}" if source else ""
        text = " ".join(message.text.replace("%s", "").replace("%o", "").split())
        if len(text) > MAX_MESSAGE_CHARS:
            text = text[:MAX_MESSAGE_CHARS] + "…"
        finding = f"console error on {self._where(page)}: {text} [{source}{line}]"
        if "status of 400" in message.text:  # an autosave's? The response event may come after it.
            self.failed_loads.append((source, finding))
            return
        self.problems.append(finding)

    def _response(self, response: Response) -> None:
        request = response.request
        if (
            response.status == 400
            and request.method == "POST"
            and "text/html" not in (request.headers.get("accept") or "")
            and urlsplit(response.url).path.startswith("/admin/pages/")
        ):
            self.autosaves_refused.add(response.url)
        if response.status >= 500:
            self.server_errors += 1
            self.problems.append(f"HTTP {response.status} for {response.request.method} {response.url}")

    def _request_failed(self, request: Request) -> None:
        if not is_local(request.url):
            self.problems.append(
                f"request to an outside host (this admin must work without one): {request.url}"
            )

    # --- English ------------------------------------------------------------------------------

    def check(self, page: Page) -> None:
        """Look for English on ``page`` as it is now (admin pages only)."""
        if page.is_closed() or not urlsplit(page.url).path.startswith("/admin/"):
            return
        text = None
        for _attempt in range(3):
            try:
                page.wait_for_load_state("load")
                text = page.evaluate(VISIBLE_TEXT)
                break
            except PlaywrightError:  # navigated while reading: read the new page
                page.wait_for_timeout(200)
        if text is None:
            return
        findings = self.detector.find(text)
        if findings:
            seen = self.english.setdefault(self._where(page), {})
            for finding in findings:
                seen.setdefault(finding.phrase, str(finding))

    # --- the verdict --------------------------------------------------------------------------

    def report(self) -> str:
        """Everything wrong, or an empty string."""
        for page in self.pages:
            if not page.is_closed():
                self.check(page)
        self.problems += [finding for url, finding in self.failed_loads if url not in self.autosaves_refused]
        self.failed_loads.clear()
        parts = []
        if self.problems:
            parts.append(
                "Errors in the browser or on the server:\n" + "\n".join(f"  - {p}" for p in self.problems)
            )
        if self.english:
            lines = []
            for where, found in self.english.items():
                lines.append(f"  {where}:")
                lines += [f"    - {finding}" for finding in list(found.values())[:MAX_FINDINGS_PER_PAGE]]
                if len(found) > MAX_FINDINGS_PER_PAGE:
                    lines.append(f"    … and {len(found) - MAX_FINDINGS_PER_PAGE} more")
            parts.append(
                "English on admin pages (msgids of the admin's catalogues; tests/browser/english.py):\n"
                + "\n".join(lines)
            )
        if self.server_errors:
            parts.append("Server log since the test started:\n" + self.server.log_since(self.log_offset))
        return "\n\n".join(parts)
