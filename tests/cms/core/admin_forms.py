"""What a browser sends when an editor submits an admin form without changing anything.

The data is read from the rendered HTML, as a browser reads it: every named control inside the
form (hidden inputs included), checkboxes only when checked, each select's selected options (a
single select without one sends its first), textareas' text, and the submit button clicked.
Nothing is built by hand, so a widget that renders its current value wrongly (a select without
its options, say) loses that value here exactly as it would in the browser.

One part of Wagtail's page form exists only once its script has run: a StreamField's inputs.
For an empty StreamField the script sends ``<name>-count=0``; a test that needs blocks in a
StreamField must drive a real browser instead.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.data: list[tuple[str, str]] = []
        self.buttons: dict[str, str] = {}
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def _belongs(self, attrs: dict) -> bool:
        owner = attrs.get("form")
        return owner == self.form_id if owner is not None else self.inside

    def handle_starttag(self, tag, attrs):
        attrs = {name: ("" if value is None else value) for name, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = self.found = True
            return
        if "w-block" in attrs.get("data-controller", "").split() and self._belongs(attrs):
            value = json.loads(attrs.get("data-w-block-arguments-value", "[[]]"))[0]
            assert value == [], (
                f"StreamField {attrs.get('id')} has blocks: its inputs come from Wagtail's script"
            )
            self.data.append((f"{attrs['id']}-count", "0"))
            return
        if tag == "option" and self._select is not None:
            self._close_option()
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
            return
        name = attrs.get("name")
        if not name or "disabled" in attrs or not self._belongs(attrs):
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            elif kind == "submit":
                self.buttons[name] = attrs.get("value", "")
            elif kind not in SKIPPED_INPUT_TYPES:
                self.data.append((name, attrs.get("value", "")))
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            self.buttons[name] = attrs.get("value", "")
        elif tag == "select":
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "textarea":
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            options = self._select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self.data.extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline that directly follows <textarea>.
            text = self._textarea["text"]
            self.data.append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def _close_option(self):
        if self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._select["options"].append((value, option["selected"]))
        self._option = None


def submitted_data(html: str, form_id: str, button: str) -> dict[str, list[str]]:
    """The data the form ``form_id`` of ``html`` sends when its submit button ``button`` is clicked."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    assert reader.found, f"no <form id={form_id!r}> in the page"
    assert button in reader.buttons, f"no submit button {button!r} in the form: {sorted(reader.buttons)}"
    data: dict[str, list[str]] = {}
    for name, value in [*reader.data, (button, reader.buttons[button])]:
        data.setdefault(name, []).append(value)
    return data
