"""Every page action of the admin, tried on another organisation's page, is refused.

The rule lives in one place (cms.core.editor_rights.OrganisationPagePermissionTester), which
Wagtail's views ask. This walks every URL of the admin's page views and of the admin API's page
actions, rather than a list written by hand, so an action added by a Wagtail upgrade is tried
too: GET and POST, as the editor of another subtree. Afterwards the page is exactly as it was.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from tests.content_factories import make_news, news_index
from tests.factories import PASSWORD

# Views that work below a parent (explore it, add a page in it): an editor of any organisation
# adds their own news in the federation's sections, so these are not actions on the page.
PARENT_VIEWS = {"add", "add_subpage", "preview_on_add"}


def page_views() -> list[tuple[str, URLPattern]]:
    """(name, pattern) of every view in the admin's `wagtailadmin_pages` namespace."""
    found = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "wagtailadmin_pages" and pattern.name not in PARENT_VIEWS:
                found.append((pattern.name, pattern))

    walk(get_resolver().url_patterns)
    return found


def page_arguments(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)


@pytest.fixture
def scene(tree, editors):
    """The education union's live news item, with a scheduled revision, and two editors."""
    page = make_news(tree["gd"], "Tin Giáo dục")
    sibling = make_news(tree["gd"], "Tin Giáo dục 2")
    page.title = "Tin Giáo dục (lịch đăng)"
    scheduled = page.save_revision(user=editors["gd"], approved_go_live_at=timezone.now() + timedelta(days=1))
    page.refresh_from_db()
    return {"page": page, "sibling": sibling, "scheduled": scheduled, **editors}


def url_for(name: str, pattern: URLPattern, scene) -> str | None:
    page = scene["page"]
    values = {
        "page_id": page.pk,
        "pk": page.pk,
        "page_to_move_id": page.pk,
        "destination_id": news_index().pk,
        "revision_id": scene["scheduled"].pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "parent_page_id": page.pk,
    }
    arguments = page_arguments(pattern)
    if not ({"page_id", "pk", "page_to_move_id"} & arguments):
        return None  # not about one page (search, type usage, choose parent)
    if arguments - set(values):
        # workflow task and state ids: none exist for this page; the view must still refuse
        values.update({argument: 1 for argument in arguments - set(values)})
    return reverse(f"wagtailadmin_pages:{name}", kwargs={k: v for k, v in values.items() if k in arguments})


def snapshot(page: Page) -> tuple:
    page = Page.objects.get(pk=page.pk)
    return (
        page.title,
        page.live,
        page.locked,
        page.path,
        page.get_parent().pk,
        page.latest_revision_id,
        PageViewRestriction.objects.filter(page=page).count(),
        page.scheduled_revision is not None,
        Page.objects.count(),
    )


def allowed(response) -> bool:
    """Whether the view let the user in: a page shown, or an action carried out and redirected
    anywhere but to the dashboard (where Wagtail sends a PermissionDenied). Redirects between
    views (the revisions index shows the history) are followed first."""
    chain = [url for url, _status in getattr(response, "redirect_chain", [])]
    if chain and chain[-1].split("?")[0] in ("/admin/", "/admin/login/"):
        return False
    return response.status_code == 200


# Views that act on nothing and are allowed to answer: the confirmation Wagtail shows before
# publishing a page whose moderation workflow is in progress only names that workflow (and
# says "no confirmation needed" when there is none); publishing itself is refused.
HARMLESS = {"confirm_workflow_cancellation"}


def test_the_walk_covers_wagtails_page_actions():
    names = {name for name, _pattern in page_views()}
    for action in ("edit", "delete", "unpublish", "move", "copy", "lock", "unlock", "set_privacy",
                   "set_page_position", "revisions_unschedule", "revisions_revert", "revisions_index",
                   "history", "convert_alias", "view_draft", "preview_on_edit", "usage", "workflow_history"):  # fmt: skip
        assert action in names


def test_every_page_view_refuses_another_organisations_editor(client, scene):
    # given the KCN editor, signed in, and the education union's page
    client.login(username=scene["kcn"].username, password=PASSWORD)
    before = snapshot(scene["page"])

    # when they open and post every page view of the admin for it
    let_in = []
    for name, pattern in page_views():
        url = url_for(name, pattern, scene)
        if url is None:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url, follow=True)
            assert response.status_code < 500, (method, url, response.status_code)
            if name not in HARMLESS and allowed(response):
                let_in.append((method.upper(), url, response.status_code))

    # then none let them in, and the page is as it was
    assert not let_in, "\n".join(map(str, let_in))
    assert snapshot(scene["page"]) == before


def test_the_page_actions_of_the_admin_api_refuse_another_organisations_editor(client, scene):
    from wagtail.admin.api.views import PagesAdminAPIViewSet

    client.login(username=scene["kcn"].username, password=PASSWORD)
    page = scene["page"]
    before = snapshot(page)
    bodies = {
        "move": {"destination_page_id": news_index().pk},
        "copy": {"destination_page_id": news_index().pk},
    }

    statuses = {}
    for action in PagesAdminAPIViewSet.actions:
        response = client.post(
            f"/admin/api/main/pages/{page.pk}/action/{action}/",
            bodies.get(action, {}),
            content_type="application/json",
        )
        statuses[action] = response.status_code

    assert all(status in (400, 403, 404) for status in statuses.values()), statuses
    assert snapshot(page) == before


def test_reordering_a_federation_section_is_refused_to_a_union_editor(client, scene):
    # the section belongs to the federation: a union editor may add news to it, not reorder it
    client.login(username=scene["kcn"].username, password=PASSWORD)
    sibling = scene["sibling"]
    before = [p.pk for p in news_index().get_children()]

    response = client.post(reverse("wagtailadmin_pages:set_page_position", args=[sibling.pk]) + "?position=0")

    assert not allowed(response) and response.status_code < 500
    assert [p.pk for p in news_index().get_children()] == before


def test_the_pages_own_editor_is_let_in(client, scene):
    # the same walk is not vacuous: the page's own editor opens the views
    client.login(username=scene["gd"].username, password=PASSWORD)
    opened = set()
    for name, pattern in page_views():
        url = url_for(name, pattern, scene)
        if url is not None and allowed(client.get(url, follow=True)):
            opened.add(name)

    # (lock answers POST only; unpublishing waits for the scheduled revision, which locks the page)
    assert {"edit", "set_privacy", "revisions_index", "history", "copy", "delete", "move", "usage"} <= opened


def test_the_explorer_offers_no_action_on_another_organisations_page(client, scene):
    # the row menu of the listing asks the same tester: no edit, delete, lock... for KCN's editor
    client.login(username=scene["kcn"].username, password=PASSWORD)
    page = scene["page"]

    listing = client.get(reverse("wagtailadmin_explore", args=[news_index().pk])).content.decode()

    assert page.title in listing
    for view in ("edit", "delete", "unpublish", "move", "copy", "set_privacy", "lock"):
        assert reverse(f"wagtailadmin_pages:{view}", args=[page.pk]) not in listing, view


def test_a_union_editors_explorer_opens_at_the_home_page_not_the_root(client, scene):
    client.login(username=scene["kcn"].username, password=PASSWORD)

    response = client.get(reverse("wagtailadmin_explore_root"))

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        response = client.get(response["Location"])
    assert response.context["parent_page"].depth == 2
