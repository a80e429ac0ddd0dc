"""GraphiQL at /graphql/: served from the project's static files, under its own CSP, or not at all."""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory

from graphql_api import views

STATIC_DIR = "graphql_api/graphiql/"
BUNDLE_FILES = ("graphiql.js", "graphiql.css", "favicon.svg", "THIRD_PARTY_LICENSES.txt")


class _Page(HTMLParser):
    """The tags of the page, with their attributes and the text inside <script> and <style>."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.inline:
            self._open = tag
            self.inline[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open:
            self.inline[self._open][-1] += data

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def element(self, element_id: str) -> dict[str, str | None]:
        (attrs,) = [attrs for _, attrs in self.tags if attrs.get("id") == element_id]
        return attrs


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def get_graphiql(client, **extra):
    return client.get("/graphql/", HTTP_ACCEPT="text/html,application/xhtml+xml", **extra)


def test_graphiql_page_loads_only_local_static_files(client, settings, db):
    # when
    response = get_graphiql(client)

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    page = _Page(html)
    scripts = [attrs["src"] for attrs in page.all("script")]
    stylesheets = [attrs["href"] for attrs in page.all("link") if attrs.get("rel") == "stylesheet"]
    assert scripts == [settings.STATIC_URL + STATIC_DIR + "graphiql.js"]
    assert stylesheets == [settings.STATIC_URL + STATIC_DIR + "graphiql.css"]
    assert not re.search(r"https?:", html, re.IGNORECASE), "the page names another host"
    for _, attrs in page.tags:
        for name in ("src", "href"):
            if name in attrs:
                assert attrs[name].startswith(settings.STATIC_URL) and not attrs[name].startswith("//")
    assert "<title>GraphiQL — Công đoàn số</title>" in html


def test_graphiql_page_has_no_inline_script_or_style(client, db):
    # when
    page = _Page(get_graphiql(client).content.decode())

    # then
    assert page.inline["script"] == [""]
    assert page.inline["style"] == []
    for tag, attrs in page.tags:
        assert "style" not in attrs, tag
        assert not [name for name in attrs if name.startswith("on")], tag
    (script,) = page.all("script")
    assert script["src"] and script.get("type") in (None, "text/javascript")


def test_graphiql_page_passes_its_settings_as_data_attributes(client, db):
    # when
    page = _Page(get_graphiql(client).content.decode())

    # then
    root = page.element("graphiql")
    assert root["data-endpoint"] == "/graphql/"
    assert root["data-subscription-url"] == "ws://testserver/graphql/"


def test_graphiql_page_has_a_strict_content_security_policy(client, db):
    # when
    response = get_graphiql(client)

    # then
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'", "ws://testserver"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    # The one nonce, for the <style> GraphiQL's dialogs add, is the one the bundle is given.
    (script,) = _Page(response.content.decode()).all("script")
    assert csp["style-src"] == ["'self'", f"'nonce-{script['nonce']}'"]
    assert len(script["nonce"]) >= 22


def test_graphiql_nonce_changes_with_every_response(client, db):
    # when
    first = get_graphiql(client)["Content-Security-Policy"]
    second = get_graphiql(client)["Content-Security-Policy"]

    # then
    assert csp_directives(first)["style-src"] != csp_directives(second)["style-src"]


def test_graphiql_over_https_subscribes_over_wss(client, db):
    # when
    response = get_graphiql(client, secure=True)

    # then
    root = _Page(response.content.decode()).element("graphiql")
    assert root["data-subscription-url"] == "wss://testserver/graphql/"
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["connect-src"] == ["'self'", "wss://testserver"]


@pytest.mark.parametrize("name", BUNDLE_FILES)
def test_graphiql_bundle_is_in_the_static_files(name):
    # when
    path = finders.find(STATIC_DIR + name)

    # then
    assert path, f"{STATIC_DIR}{name} is not found by the static files finders"
    with open(path, "rb") as file:
        assert file.read(1), f"{path} is empty"


def test_graphiql_bundle_needs_no_eval_and_names_no_cdn():
    # given
    with open(finders.find(STATIC_DIR + "graphiql.js"), encoding="utf-8") as file:
        script = file.read()
    with open(finders.find(STATIC_DIR + "graphiql.css"), encoding="utf-8") as file:
        stylesheet = file.read()

    # then
    assert "new Function(" not in script
    assert not re.search(r"[^\w.$]eval\(", script)
    for cdn in ("unpkg.com", "jsdelivr", "esm.sh", "cdnjs", "googleapis.com"):
        assert cdn not in script and cdn not in stylesheet
    assert "@import" not in stylesheet
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", stylesheet)


def test_api_responses_carry_no_graphiql_policy(client, db):
    # when
    posted = client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json")
    got = client.get("/graphql/", {"query": "{ __typename }"}, HTTP_ACCEPT="text/html")

    # then
    for response in (posted, got):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert "Content-Security-Policy" not in response


def _views_module_built_with_current_settings():
    """graphql_api/views.py run afresh (under another name): graphql_view reads GRAPHQL_GRAPHIQL
    when the module is imported, so the module already imported keeps the value of that time."""
    spec = importlib.util.spec_from_file_location("graphql_api._views_probe", views.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("enabled", [True, False])
def test_graphiql_setting_decides_whether_the_page_is_served(settings, db, enabled):
    # given
    settings.GRAPHQL_GRAPHIQL = enabled
    probe = _views_module_built_with_current_settings()
    request = RequestFactory().get("/graphql/", HTTP_ACCEPT="text/html")

    # when
    response = probe.graphql_view(request)

    # then
    if enabled:
        assert response.status_code == 200
        assert b'id="graphiql"' in response.content
        assert "Content-Security-Policy" in response
    else:
        assert response.status_code == 404
        assert b"graphiql" not in response.content.lower()
        assert "Content-Security-Policy" not in response
