"""The kept home screen re-read in one statement (graphql_api.home.rereads, caching.Rereads):
the statement lists what the screen's fields list, for every kind of reader; it is compiled when
the answer is kept and sent again with the moment of now; nothing else is read before a kept
answer is given."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.core.visibility import Viewer, visible_page_ids
from cms.home.models import HomeQuickLink, MenuItem
from cms.news.models import NewsPage
from graphql_api.core.caching import (
    CACHEABLE_SCREENS,
    Rereads,
    _now_places,
    build_rereads,
    fingerprint_query,
)
from graphql_api.home.types import HOME_LISTS
from graphql_api.schema import schema
from tests.content_factories import (
    hide,
    make_announcement,
    make_contest,
    make_home,
    make_menu,
    make_news,
    make_official_document,
    news_index,
)
from tests.factories import make_member
from tests.graphql_api.home.test_home_cache import HOME, home_of, recomputed, titles
from tests.graphql_api.test_response_cache import Statements, token_of

# Every list at its largest, with the links: what the re-read must list as the fields do.
EVERYTHING = """
{
  home {
    latestNews(first: 20) { title }
    featuredNews(first: 20) { title }
    pinnedAnnouncements(first: 20) { title }
    openContests(first: 20) { title }
    latestDocuments(first: 20) { title }
    quickLinks { label }
  }
  menu { items { label } }
}
"""


@pytest.fixture(autouse=True)
def _response_cache(settings):
    settings.GRAPHQL_RESPONSE_CACHE = True


def rereads_for(query: str, viewer: Viewer, now=None) -> Rereads:
    plan = fingerprint_query(query, None)
    assert plan is not None and plan.query is None and plan.rereads
    rereads = build_rereads(SimpleNamespace(viewer=viewer), schema._schema, plan, {}, now or timezone.now())
    assert rereads is not None
    return rereads


@pytest.fixture
def content(tree):
    """Something of every list in every state a page can be in, and links to pages of each kind."""
    now = timezone.now()
    home = make_home()
    titles_by_state = {}
    for n, state in enumerate(["public", "kcn", "gd", "draft", "scheduled", "expired", "private"]):
        audience = {"kcn": [tree["kcn"]], "gd": [tree["gd"]]}.get(state, [])
        kwargs = {"live": state != "draft", "audience": audience}
        pages = [
            make_news(tree["root"], f"Tin {state}", day=date(2026, 11, 1 + n), is_featured=True, **kwargs),
            make_announcement(tree["root"], f"Thông báo {state}", is_pinned=True, **kwargs),
            make_official_document(
                tree["root"], f"Văn bản {state}", issued_on=date(2026, 11, 1 + n), **kwargs
            ),
            make_contest(
                tree["root"],
                f"Cuộc thi {state}",
                rounds=[(now - timedelta(days=1), now + timedelta(days=n + 1))],
                **kwargs,
            ),
        ]
        if state not in ("public", "kcn", "gd", "draft"):
            for page in pages:
                hide(page, state)
        titles_by_state[state] = pages
    links = [news_index(), *(pages[0] for pages in titles_by_state.values())]
    for order, page in enumerate(links):
        HomeQuickLink.objects.create(home=home, sort_order=order, label=f"Ô {page.title}", page=page)
    HomeQuickLink.objects.create(home=home, sort_order=99, label="Phản ánh", screen="feedback")
    make_menu("main", [{"label": f"Mục {page.title}", "page": page} for page in links])
    return titles_by_state


def test_the_home_screens_lists_are_those_the_reread_knows():
    assert set(HOME_LISTS) == CACHEABLE_SCREENS["home"]["lists"]


@pytest.mark.parametrize("reader", ["guest", "member", "teacher"])
def test_the_reread_lists_what_the_screens_fields_list_for_each_reader(gql, tree, content, reader):
    # given a reader: a guest, a member of a union under the industrial zones, a teacher
    token, viewer = None, Viewer.anonymous()
    if reader != "guest":
        someone = make_member(tree["vsip"] if reader == "member" else tree["thpt"], full_name="Người đọc")
        token, viewer = token_of(someone), Viewer.for_user(someone.user)

    # when the screen is answered afresh and re-read
    with override_settings(GRAPHQL_RESPONSE_CACHE=False):
        result = gql.execute(EVERYTHING, token=token)
    (home, menu) = rereads_for(EVERYTHING, viewer).read(timezone.now())

    # then each list holds the same pages in the same order, and the same links show
    title_of = dict(Page.objects.values_list("pk", "title"))
    for field, items in home["lists"].items():
        assert [title_of[pk] for pk, _ in items] == titles(result, field), field
    shown = [link["label"] for link in home_of(result)["quickLinks"]]
    links = HomeQuickLink.objects.order_by("sort_order")
    assert home["quickLinks"] == [link.page_id for link in links if link.label in shown]
    shown = [item["label"] for item in result["data"]["menu"]["items"]]
    items = MenuItem.objects.filter(menu__slug="main").order_by("sort_order")
    assert menu == [item.page_id for item in items if item.label in shown]
    # and each list shows what this reader may see (the rule through the reader's union)
    expected = {"guest": {"public"}, "member": {"public", "kcn"}, "teacher": {"public", "gd"}}[reader]
    assert {title.split(" ", 1)[1] for title in titles(result, "latestNews")} == expected
    linked = Page.objects.filter(pk__in=[item.page_id for item in items])
    assert set(menu) == visible_page_ids(linked, viewer)


def test_a_kept_home_screen_is_reread_in_one_statement(gql, screen):
    # given the contract's home screen kept for a guest
    first = gql.execute(HOME)

    # when it is read again
    with Statements() as statements:
        again = gql.execute(HOME)

    # then the kept answer was given after two statements: the content version and the re-read
    assert again == first and not recomputed(statements)
    assert len(statements.sql) == 2, statements.sql
    assert sum(sql.startswith("SELECT 0, ROW_NUMBER() OVER ()") for sql in statements.sql) == 1


def test_members_of_one_union_share_the_kept_statement(gql, tree, member, screen):
    # given the screen kept for a member
    make_news(tree["root"], "Cho KCN", day=date(2026, 11, 25), audience=[tree["kcn"]])
    first = gql.execute(HOME, token=token_of(member))
    colleague = make_member(tree["vsip"], full_name="Trần Thị Bình")
    token = token_of(colleague)

    # when a colleague reads it
    with Statements() as statements:
        again = gql.execute(HOME, token=token)

    # then it was re-read in the kept statement: no list, link or menu was built or read apart
    assert again == first and not recomputed(statements)
    assert sum("news_newspage" in sql for sql in statements.sql) == 1
    assert not any("home_menu" in sql or "home_homequicklink" in sql for sql in statements.sql)


def test_an_item_expiring_unlogged_leaves_the_kept_screen_when_it_expires(gql, screen):
    # given the screen kept, then an article set to expire in a minute behind the cache's back
    # (no log entry: neither the content version nor the window knows)
    first = gql.execute(HOME)
    assert "Tin mới" in titles(first, "latestNews")
    soon = timezone.now() + timedelta(minutes=1)
    NewsPage.objects.filter(pk=screen["new"].pk).update(expire_at=soon)

    # when the screen is read before, then after that moment
    before = gql.execute(HOME)
    with mock.patch("django.utils.timezone.now", return_value=soon + timedelta(minutes=1)):
        after = gql.execute(HOME)

    # then the kept statement is sent with the moment of now: the article leaves when it expires
    assert before == first
    assert titles(after, "latestNews") == ["Tin cũ"]


def test_a_section_made_private_leaves_the_kept_screen_at_once(gql, screen):
    gql.execute(HOME)

    PageViewRestriction.objects.create(page=news_index(), restriction_type=PageViewRestriction.LOGIN)
    home = home_of(gql.execute(HOME))

    assert home["latestNews"] == [] and home["featuredNews"] == [] and home["quickLinks"] == []


def test_aliased_lists_and_first_zero_are_kept_and_reread(gql, screen):
    query = "{ home { none: latestNews(first: 0) { title } one: latestNews(first: 1) { title } } }"
    first = gql.execute(query)

    with Statements() as statements:
        again = gql.execute(query)
    NewsPage.objects.filter(pk=screen["new"].pk).update(live=False)
    changed = gql.execute(query)

    assert again == first and len(statements.sql) == 2
    assert home_of(first) == {"none": [], "one": [{"title": "Tin mới"}]}
    assert home_of(changed) == {"none": [], "one": [{"title": "Tin cũ"}]}


def test_a_bad_first_is_never_kept(gql, screen):
    query = "{ home { latestNews(first: 21) { title } } }"

    results = [gql.execute(query) for _ in range(2)]

    assert all(result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT" for result in results)


def test_now_is_found_among_a_statements_parameters_and_no_other_moment():
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value

    assert _now_places([adapt(now), "0001", 5, adapt(now)], now, now) == (0, 3)
    assert _now_places([adapt(now), adapt(now - timedelta(days=1))], now, now) is None
    assert _now_places([date(2026, 12, 2)], now, now) is None
