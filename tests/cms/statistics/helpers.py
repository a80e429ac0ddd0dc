"""Reading the statistics charts page as the browser does: the JSON the chart script draws."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

DATA_ID = "statistics-charts-data"


def chart_data(response) -> dict:
    """The content of ``<script type="application/json" id="statistics-charts-data">``, parsed."""
    html = response.content.decode()
    match = re.search(rf'<script id="{DATA_ID}" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the charts page carries no chart data"
    return json.loads(match.group(1))


def charts_by_code(data: dict) -> dict[str, dict]:
    return {chart["code"]: chart for chart in data["charts"]}


class ScriptTags(HTMLParser):
    """Every <script> of a page: its attributes and the text between its tags."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self._open: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open, "".join(self._text)))
            self._open = None


def script_tags(response) -> list[tuple[dict, str]]:
    parser = ScriptTags()
    parser.feed(response.content.decode())
    return parser.scripts
