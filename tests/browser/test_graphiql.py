"""GraphiQL at /graphql/, the frontend teams' explorer of the API, with no outside host reachable."""

from __future__ import annotations

import pytest
from playwright.sync_api import Route, expect

from tests.browser.guard import is_local

pytestmark = pytest.mark.browser


def test_graphiql_renders_its_editor_without_outside_hosts(new_tab):
    page = new_tab()
    blocked: list[str] = []

    def only_this_machine(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    page.route("**/*", only_this_machine)
    page.goto("/graphql/")
    editor = page.locator(
        ".graphiql-container .graphiql-editor, .graphiql-container .CodeMirror, .graphiql-container [role=textbox]"
    )
    expect(
        editor.first,
        f"GraphiQL did not render its editor (page: {page.locator('body').inner_text()[:200]!r}; blocked: {blocked})",
    ).to_be_visible(timeout=20_000)
    assert "Loading..." not in page.locator("body").inner_text()
    assert not blocked, f"GraphiQL asks outside hosts for: {blocked}"
