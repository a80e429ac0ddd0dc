"""The in-memory twin of the visibility rule for one loaded page (``is_loaded_page_visible``) says
exactly what the rule's query (``visible_pages``) says, for every state a page can be in and every
kind of viewer, whether it reads the private sections and the audience itself or is given them
annotated on the page's read (``loaded_page_checks``). Hot paths (starting a contest attempt)
rely on it."""

from __future__ import annotations

from datetime import timedelta
from itertools import product

from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.contests.models import ContestIndexPage, ContestPage
from cms.core.visibility import (
    Viewer,
    is_loaded_page_visible,
    loaded_page_checks,
    viewer_union_path,
    visible_pages,
)
from tests import factories
from tests.content_factories import contest_index, make_contest

STATES = (
    "live",
    "draft",
    "scheduled",  # not live, goes live tomorrow
    "live, go-live tomorrow",
    "live, went live yesterday",
    "expired flag",
    "expire_at passed",
    "expire_at tomorrow",
    "private",
)


def _put(page: ContestPage, state: str) -> None:
    now = timezone.now()
    if state == "scheduled":
        page.live, page.go_live_at = False, now + timedelta(days=1)
    elif state == "live, go-live tomorrow":
        page.go_live_at = now + timedelta(days=1)
    elif state == "live, went live yesterday":
        page.go_live_at = now - timedelta(days=1)
    elif state == "expired flag":
        page.expired = True
    elif state == "expire_at passed":
        page.expire_at = now - timedelta(minutes=1)
    elif state == "expire_at tomorrow":
        page.expire_at = now + timedelta(days=1)
    elif state == "private":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    page.save()


def _viewers(tree) -> dict[str, Viewer]:
    return {
        "anonymous": Viewer.anonymous(),
        "member of Luxshare": Viewer.for_user(factories.make_member(tree["vsip"], phone="0912000001").user),
        "member of a school": Viewer.for_user(factories.make_member(tree["thpt"], phone="0912000002").user),
    }


def _disagreements(pages, viewers) -> list[str]:
    wrong = []
    for name, viewer in viewers.items():
        # fresh viewers: a viewer keeps the restricted sections it has read
        viewer = Viewer(viewer.organisation_paths, viewer.is_authenticated, viewer.user_id)
        by_query = set(visible_pages(ContestPage.objects.all(), viewer).values_list("pk", flat=True))
        checked = ContestPage.objects.filter(pk__in=[p.pk for p in pages]).annotate(
            **loaded_page_checks(ContestPage, "page_ptr", viewer_union_path(viewer))
        )
        for page in checked:
            fresh = Viewer(viewer.organisation_paths, viewer.is_authenticated, viewer.user_id)
            if is_loaded_page_visible(page, fresh) != (page.pk in by_query):
                wrong.append(f"{page.title} for {name}: query says {page.pk in by_query}")
            # the same page with the checks its read annotated (no query of the rule's own)
            annotated = is_loaded_page_visible(
                page, fresh, in_private_section=page.in_private_section, in_audience=page.in_audience
            )
            if annotated != (page.pk in by_query):
                wrong.append(f"{page.title} for {name}, annotated: query says {page.pk in by_query}")
    return wrong


def test_the_twin_agrees_with_the_query_for_every_state_audience_and_viewer(tree):
    audiences = {
        "everyone": (),
        "Luxshare": (tree["vsip"],),
        "its upper union": (tree["kcn"],),
        "education": (tree["gd"],),
        "the federation": (tree["root"],),
    }
    pages = []
    for state, (audience_name, audience) in product(STATES, audiences.items()):
        page = make_contest(
            tree["root"], f"{state} / {audience_name}", live=state != "draft", audience=audience
        )
        _put(page, state)
        pages.append(page)
    viewers = _viewers(tree)

    assert _disagreements(pages, viewers) == []
    # and the cases are not all alike: each viewer sees some and misses some
    for viewer in viewers.values():
        seen = {p.pk for p in pages if is_loaded_page_visible(ContestPage.objects.get(pk=p.pk), viewer)}
        assert 0 < len(seen) < len(pages)


def test_a_restricted_section_hides_every_page_under_it_in_the_twin_too(tree):
    page = make_contest(tree["root"], "Cuộc thi công khai")
    viewer = Viewer.anonymous()
    assert is_loaded_page_visible(ContestPage.objects.get(pk=page.pk), viewer)

    PageViewRestriction.objects.create(page=contest_index(), restriction_type=PageViewRestriction.LOGIN)

    assert _disagreements([page], {"anonymous": viewer}) == []
    assert not is_loaded_page_visible(ContestPage.objects.get(pk=page.pk), Viewer.anonymous())


def test_a_page_type_without_an_audience_follows_the_rule_too(tree):
    index = contest_index()
    assert is_loaded_page_visible(ContestIndexPage.objects.get(pk=index.pk), Viewer.anonymous())
    index.expire_at = timezone.now() - timedelta(seconds=1)
    index.save()
    assert not is_loaded_page_visible(ContestIndexPage.objects.get(pk=index.pk), Viewer.anonymous())
