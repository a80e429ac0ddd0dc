"""Thống kê → Biểu đồ: the charts of the demo's indicators, drawn in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.screenshots import screenshot

pytestmark = pytest.mark.browser

# Every canvas on the page, its size and whether anything was painted on it.
CANVASES = """() => Array.from(document.querySelectorAll("main canvas")).map((canvas) => {
  const box = canvas.getBoundingClientRect();
  let painted = false;
  try {
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { painted = true; break; } }
  } catch (error) { painted = String(error); }
  return {width: box.width, height: box.height, painted: painted};
})"""


@pytest.mark.parametrize("username", ["bientap.ldld", "bientap.kcn"])
def test_charts_page_draws_the_demo_indicators(username, officer):
    admin = officer(username)
    admin.follow_menu("Thống kê", "Biểu đồ")
    expect(admin.page.locator("main canvas").first).to_be_attached()
    # Charts are drawn once the script has run (and its animation has painted a first frame).
    admin.page.wait_for_function(f"() => ({CANVASES})().some((c) => c.painted === true)", timeout=15_000)
    canvases = admin.page.evaluate(CANVASES)
    drawn = [c for c in canvases if c["width"] > 0 and c["height"] > 0 and c["painted"] is True]
    assert drawn and len(drawn) == len(canvases), f"charts not drawn: {canvases}"
    admin.check()
    if username == "bientap.ldld":
        screenshot(admin.page, "statistics-charts")
