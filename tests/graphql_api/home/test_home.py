from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.home.models import HomeQuickLink
from cms.members import tokens
from tests.content_factories import (
    make_announcement,
    make_contest,
    make_home,
    make_menu,
    make_news,
    make_official_document,
    news_index,
)
from tests.factories import PASSWORD

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


def hide(page, state: str) -> None:
    now = timezone.now()
    if state == "expired":
        page.expire_at = now - timedelta(minutes=1)
        page.save()
    elif state == "private":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


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


@pytest.mark.parametrize("count", [10, 100])
def test_home_query_count_is_pinned(gql, tree, count):
    # given many news items (some featured) and quick links
    home = make_home()
    for n in range(count):
        make_news(tree["root"], f"Tin {n}", day=date(2026, 1, 1) + timedelta(days=n), is_featured=n % 3 == 0)
    for n in range(3):
        HomeQuickLink.objects.create(home=home, sort_order=n, label=f"Liên kết {n}", page=news_index())
    now = timezone.now()
    for n in range(count // 10):
        make_announcement(tree["root"], f"Thông báo {n}", is_pinned=True)
        make_official_document(tree["root"], f"Văn bản {n}", issued_on=date(2026, 1, 1) + timedelta(days=n))
        make_contest(
            tree["root"], f"Cuộc thi {n}", rounds=[(now - timedelta(days=1), now + timedelta(days=n + 1))]
        )

    # when
    with CaptureQueriesContext(connection) as queries:
        result = gql.execute(HOME, {"first": 20})

    # then
    assert "errors" not in result, result
    assert len(result["data"]["home"]["latestNews"]) == min(count, 20)
    # home; one private-section lookup for the whole request; one SELECT per list (news also its
    # categories, and the site root once): latest news, featured news, announcements, documents,
    # contests; quick links and one visibility check per kind of linked page
    assert len(queries) == 12


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
