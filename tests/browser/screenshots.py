"""Screenshots of the admin for the README (docs/screenshots/), taken by the scenarios on their way.

Written only when ``BROWSER_SCREENSHOTS=1`` is set, so an ordinary `make test` leaves the working
tree alone; run ``BROWSER_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser -q`` to refresh
them (each file is overwritten) and commit the result.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NAMES = {
    "dashboard": "Bảng điều khiển (federation editor)",
    "page-editor": "Page editor: a news item",
    "official-document": "Official document form: attachments and recipients",
    "statistics-charts": "Thống kê → Biểu đồ",
}


def enabled() -> bool:
    return os.environ.get("BROWSER_SCREENSHOTS", "") not in ("", "0")


def screenshot(page: Page, name: str) -> Path | None:
    """Save the viewport as docs/screenshots/<name>.png when screenshots are asked for."""
    assert name in NAMES, f"unknown screenshot {name}: add it to NAMES"
    if not enabled():
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.wait_for_load_state("networkidle")
    page.mouse.move(1, 1)  # no hover highlight or focus ring on what the test used last
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    return path
