from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.home.models import HomeQuickLink
from cms.members import tokens
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
from tests.factories import PASSWORD, make_user

HOME = """
query Home($first: Int = 5) {
  home {
    title welcome heroImage { alt }
    latestNews(first: $first) { title path organisation { code } coverImage { id } categories { slug } }
    featuredNews { title }
    pinnedAnnouncements { title }
    latestDocuments { title }
    openContests { title }
    quickLinks { label icon screen url path pageType }
  }
}
"""
MENU = """
query Menu($slug: String = "main") { menu(slug: $slug) { name slug items { label icon screen url path pageType } } }
"""


def test_home_in_one_request(gql, tree):
    # given a home page with quick links, news and a featured article
    home = make_home()
    home.welcome = "Chào mừng đoàn viên"
    home.save()
    make_news(tree["root"], "Cũ", day=date(2026, 10, 1), is_featured=True)
    make_news(tree["root"], "Mới", day=date(2026, 11, 20))
    HomeQuickLink.objects.create(
        home=home, sort_order=0, label="Phản ánh", icon="feedback", screen="feedback"
    )
    HomeQuickLink.objects.create(home=home, sort_order=1, label="Tin tức", icon="news", page=news_index())

    # when
    result = gql.execute(HOME)

    # then
    assert result == {
        "data": {
            "home": {
                "title": "Công đoàn Nghệ An",
                "welcome": "Chào mừng đoàn viên",
                "heroImage": None,
                "latestNews": [
                    {
                        "title": "Mới",
                        "path": result["data"]["home"]["latestNews"][0]["path"],
                        "organisation": {"code": "ldld-nghe-an"},
                        "coverImage": None,
                        "categories": [],
                    },
                    {
                        "title": "Cũ",
                        "path": result["data"]["home"]["latestNews"][1]["path"],
                        "organisation": {"code": "ldld-nghe-an"},
                        "coverImage": None,
                        "categories": [],
                    },
                ],
                "featuredNews": [{"title": "Cũ"}],
                "pinnedAnnouncements": [],
                "latestDocuments": [],
                "openContests": [],
                "quickLinks": [
                    {
                        "label": "Phản ánh",
                        "icon": "feedback",
                        "screen": "feedback",
                        "url": None,
                        "path": None,
                        "pageType": None,
                    },
                    {
                        "label": "Tin tức",
                        "icon": "news",
                        "screen": None,
                        "url": None,
                        "path": "/tin-tuc/",
                        "pageType": "NewsIndexPage",
                    },
                ],
            }
        }
    }
    assert result["data"]["home"]["latestNews"][0]["path"].startswith("/tin-tuc/")


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_news_never_appears_on_home(gql, tree, state):
    # given one public featured article and one hidden featured article
    make_news(tree["root"], "Công khai", is_featured=True)
    hidden = make_news(
        tree["root"],
        "Ẩn",
        live=(state != "draft"),
        is_featured=True,
        day=date(2026, 11, 25),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    if state == "scheduled":
        hidden.go_live_at = timezone.now() + timedelta(days=1)
        hidden.live = False
        hidden.save()
    hide(hidden, state)

    # when
    result = gql.execute(HOME)

    # then
    assert [n["title"] for n in result["data"]["home"]["latestNews"]] == ["Công khai"]
    assert [n["title"] for n in result["data"]["home"]["featuredNews"]] == ["Công khai"]


@pytest.mark.parametrize("state", ["draft", "expired", "private", "out_of_audience"])
def test_hidden_announcements_documents_and_contests_never_appear_on_home(gql, tree, state):
    # given one visible and one hidden item of each kind (contests open now)
    now = timezone.now()
    window = [(now - timedelta(days=1), now + timedelta(days=6))]
    make_announcement(tree["root"], "Thông báo công khai", is_pinned=True)
    make_official_document(tree["root"], "Văn bản công khai", issued_on=date(2026, 1, 5))
    make_contest(tree["root"], "Cuộc thi công khai", rounds=window)
    live, audience = state != "draft", [tree["gd"]] if state == "out_of_audience" else ()
    hidden = [
        make_announcement(tree["root"], "Thông báo ẩn", is_pinned=True, live=live, audience=audience),
        make_official_document(
            tree["root"], "Văn bản ẩn", issued_on=date(2026, 2, 5), live=live, audience=audience
        ),
        make_contest(tree["root"], "Cuộc thi ẩn", rounds=window, live=live, audience=audience),
    ]
    for page in hidden:
        hide(page, state)

    # when
    home = gql.execute(HOME)["data"]["home"]

    # then
    assert home["pinnedAnnouncements"] == [{"title": "Thông báo công khai"}]
    assert home["latestDocuments"] == [{"title": "Văn bản công khai"}]
    assert home["openContests"] == [{"title": "Cuộc thi công khai"}]


def test_audience_news_reaches_its_members_on_home(gql, tree, member):
    make_news(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    token = tokens.login(member.phone, PASSWORD).access_token

    assert [n["title"] for n in gql.execute(HOME, token=token)["data"]["home"]["latestNews"]] == ["Cho KCN"]
    assert gql.execute(HOME)["data"]["home"]["latestNews"] == []


def test_unpublished_home_is_null_and_bad_first_is_a_typed_error(gql, tree):
    home = make_home()
    make_news(tree["root"], "Tin")

    too_many = gql.execute(HOME, {"first": 21})
    home.unpublish()
    unpublished = gql.execute(HOME)

    assert too_many["data"] == {"home": None}
    assert [(e["message"], e["extensions"]["code"]) for e in too_many["errors"]] == [
        ("`first` must be between 0 and 20.", "BAD_USER_INPUT")
    ]
    assert unpublished == {"data": {"home": None}}


@pytest.mark.parametrize("count", [3, 12])
def test_home_query_count_is_pinned(gql, tree, count):
    # given many news items (some featured) and quick links
    home = make_home()
    for n in range(count):
        make_news(tree["root"], f"Tin {n}", day=date(2026, 1, 1) + timedelta(days=n), is_featured=n % 3 == 0)
    for n in range(3):
        HomeQuickLink.objects.create(home=home, sort_order=n, label=f"Liên kết {n}", page=news_index())
    now = timezone.now()
    for n in range(count // 3):
        make_announcement(tree["root"], f"Thông báo {n}", is_pinned=True)
        make_official_document(tree["root"], f"Văn bản {n}", issued_on=date(2026, 1, 1) + timedelta(days=n))
        make_contest(
            tree["root"], f"Cuộc thi {n}", rounds=[(now - timedelta(days=1), now + timedelta(days=n + 1))]
        )

    # when (answered afresh: tests/graphql_api/home/test_home_cache.py counts a kept answer's)
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as queries:
        result = gql.execute(HOME, {"first": 20})

    # then
    assert "errors" not in result, result
    assert len(result["data"]["home"]["latestNews"]) == count
    # home; one private-section lookup for the whole request; one SELECT per list (news also its
    # categories, through the optimizer): latest news, featured news, announcements, documents,
    # contests; quick links and one visibility check per kind of linked page. (The site's root path
    # comes from Wagtail's cache, warm once anything was published: search documents carry paths.)
    assert len(queries) == 10


def test_menu_drops_items_pointing_at_invisible_pages(gql, tree, member):
    # given a menu with a screen, an external link, a visible section and three hidden targets
    index = news_index()
    draft = make_news(tree["root"], "Nháp", live=False)
    private = make_news(tree["root"], "Riêng tư")
    hide(private, "private")
    for_kcn = make_news(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    make_menu(
        "main",
        [
            {"label": "Tin tức", "icon": "news", "page": index},
            {"label": "Nháp", "page": draft},
            {"label": "Riêng tư", "page": private},
            {"label": "Cho KCN", "page": for_kcn},
            {"label": "Phản ánh", "icon": "feedback", "screen": "feedback"},
            {"label": "Cổng thông tin", "url": "https://congdoannghean.vn/"},
        ],
    )
    token = tokens.login(member.phone, PASSWORD).access_token

    # when
    anonymous = gql.execute(MENU)
    signed_in = gql.execute(MENU, token=token)

    # then
    assert [i["label"] for i in anonymous["data"]["menu"]["items"]] == [
        "Tin tức",
        "Phản ánh",
        "Cổng thông tin",
    ]
    assert anonymous["data"]["menu"]["items"][0] == {
        "label": "Tin tức",
        "icon": "news",
        "screen": None,
        "url": None,
        "path": "/tin-tuc/",
        "pageType": "NewsIndexPage",
    }
    assert [i["label"] for i in signed_in["data"]["menu"]["items"]] == [
        "Tin tức",
        "Cho KCN",
        "Phản ánh",
        "Cổng thông tin",
    ]


def test_unknown_menu_is_null(gql, db):
    assert gql.execute(MENU, {"slug": "khong-co"}) == {"data": {"menu": None}}


def test_menu_and_quick_links_to_the_same_pages_are_checked_once(gql, tree):
    # given quick links and menu items pointing at the same section and the same news item
    home = make_home()
    index = news_index()
    article = make_news(tree["root"], "Tin chung")
    for n, page in enumerate([index, article]):
        HomeQuickLink.objects.create(home=home, sort_order=n, label=f"Ô {n}", page=page)
    make_menu("main", [{"label": "Tin tức", "page": index}, {"label": "Tin chung", "page": article}])
    query = "{ home { quickLinks { label path } } menu { items { label path } } }"
    gql.execute(query)  # warm caches (site root, content types)

    # when the screen is answered (afresh: a kept answer is re-read in one statement)
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as queries:
        result = gql.execute(query)

    # then both lists show both links, and the two pages were checked in two queries (the
    # section on the page table, the news item through its audience), not again for the menu
    assert [link["path"] for link in result["data"]["home"]["quickLinks"]] == [
        "/tin-tuc/",
        article_path(article),
    ]
    assert [link["path"] for link in result["data"]["menu"]["items"]] == ["/tin-tuc/", article_path(article)]
    visibility_checks = [
        q["sql"] for q in queries if '."id" AS "pk"' in q["sql"] or '_ptr_id" AS "pk"' in q["sql"]
    ]
    assert len(visibility_checks) == 2, visibility_checks


def article_path(page) -> str:
    return "/tin-tuc/" + page.slug + "/"


def test_paths_follow_a_renamed_site_root(gql, tree):
    # given a menu link answered once (the site root path is cached between requests)
    home = make_home()
    make_menu("main", [{"label": "Tin tức", "page": news_index()}])
    assert gql.execute(MENU)["data"]["menu"]["items"][0]["path"] == "/tin-tuc/"

    # when an editor renames the home page's slug
    home.slug = "trang-chu"
    home.save_revision().publish()

    # then paths are still relative to the site root, not stale
    assert gql.execute(MENU)["data"]["menu"]["items"][0]["path"] == "/tin-tuc/"
    assert gql.execute('{ page(path: "/tin-tuc/") { title } }')["data"]["page"] is not None


SECTION = """
query Section($path: String!) {
  page(path: $path) { title path pageType ... on SectionPage { intro } }
}
"""


def test_a_section_link_opens_as_a_section_page(gql, tree):
    # given the news section with an introduction, linked from the menu
    index = news_index()
    index.intro = "Tin hoạt động công đoàn các cấp"
    index.save_revision().publish()
    make_menu("main", [{"label": "Tin tức", "page": index}])
    link = gql.execute(MENU)["data"]["menu"]["items"][0]

    # when the app opens the link's path
    result = gql.execute(SECTION, {"path": link["path"]})

    # then it gets the section, typed as the link said
    assert "errors" not in result, result
    assert result["data"]["page"] == {
        "title": index.title,
        "path": "/tin-tuc/",
        "pageType": "NewsIndexPage",
        "intro": "Tin hoạt động công đoàn các cấp",
    }
    assert link["pageType"] == "NewsIndexPage"


def test_unpublished_section_and_the_home_page_by_path_are_null(gql, tree):
    # given an unpublished section, and the home page (which has its own `home` query)
    make_home()
    index = news_index()
    index.unpublish()

    # when / then: null, not an error
    assert gql.execute(SECTION, {"path": "/tin-tuc/"}) == {"data": {"page": None}}
    assert gql.execute(SECTION, {"path": "/"}) == {"data": {"page": None}}


def test_link_page_type_is_the_type_page_answers_with(gql, tree):
    # given a menu link to an official document (model OfficialDocumentPage, GraphQL OfficialDocument)
    document = make_official_document(tree["root"], "Văn bản hướng dẫn")
    make_menu("main", [{"label": "Văn bản", "page": document}])

    # when
    link = gql.execute(MENU)["data"]["menu"]["items"][0]
    page = gql.execute(SECTION, {"path": link["path"]})["data"]["page"]

    # then the link names the same type the page answers with
    assert link["pageType"] == page["pageType"] == "OfficialDocument"


def test_preview_of_a_page_the_api_has_no_type_for_is_null(gql, tree):
    # given a preview token for the home page (read with `home`, not a `Page`)
    from cms.core.preview import make_preview_token

    token = make_preview_token(make_home(), make_user(is_superuser=True))

    # when / then: null, not a server error
    assert gql.execute("query($t: String!) { preview(token: $t) { title } }", {"t": token}) == {
        "data": {"preview": None}
    }


def test_links_to_sections_of_every_kind_are_checked_in_one_query(gql, demo):
    # given the demo's main menu and home quick links, which point at seven kinds of section
    query = '{ home { quickLinks { path } } menu(slug: "main") { items { path pageType } } }'
    gql.execute(query)  # warm caches (site root, content types)

    # when the screen is answered (afresh: a kept answer is re-read in one statement)
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as queries:
        result = gql.execute(query)

    # then every section shows, and sections (no audience of their own) were checked together on
    # the page table: once for the quick links, once for the menu's others (was one per kind)
    section_types = {item["pageType"] for item in result["data"]["menu"]["items"] if item["pageType"]}
    assert len(section_types) >= 5, section_types
    visibility_checks = [
        q["sql"] for q in queries if '."id" AS "pk"' in q["sql"] or '_ptr_id" AS "pk"' in q["sql"]
    ]
    assert len(visibility_checks) == 2, visibility_checks
