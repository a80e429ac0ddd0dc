"""The home screen answered from the response cache (graphql_api.core.caching): kept whole for
guests and for members with nothing but their membership, each of its lists and links re-read
for the reader before a kept answer is given, so whatever changed answers afresh."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from cms.announcements.models import AnnouncementPage
from cms.home.models import HomeQuickLink
from cms.news.models import NewsPage
from cms.organisations.models import Officer
from tests.content_factories import (
    make_announcement,
    make_contest,
    make_home,
    make_menu,
    make_news,
    make_official_document,
)
from tests.factories import make_member
from tests.graphql_api.test_response_cache import Statements, token_of

# The contract's home screen (frontend_contract/operations/home.graphql), menu included.
HOME = """
query Home($newsCount: Int = 5, $menu: String = "main") {
  home {
    title
    welcome
    heroImage { alt }
    pinnedAnnouncements(first: 3) { id title path summary firstPublishedAt }
    latestNews(first: $newsCount) { id title path summary date organisation { name } categories { name slug } }
    featuredNews(first: 3) { id title path summary }
    openContests(first: 3) { id title path summary }
    latestDocuments(first: 5) { id title path summary }
    quickLinks { label icon screen url path pageType }
  }
  menu(slug: $menu) { name items { label icon screen url path pageType } }
}
"""


@pytest.fixture(autouse=True)
def _response_cache(settings):
    settings.GRAPHQL_RESPONSE_CACHE = True


def home_of(result: dict) -> dict:
    assert "errors" not in result, result
    return result["data"]["home"]


def titles(result: dict, field: str) -> list[str]:
    return [item["title"] for item in home_of(result)[field]]


def recomputed(statements: Statements) -> bool:
    """Whether the screen was answered afresh: the news' categories were read (a kept answer has
    them; re-reading the lists does not ask for them)."""
    return any("news_newspage_categories" in sql for sql in statements.sql)


def test_a_guest_is_given_the_kept_home_screen(gql, screen):
    with Statements() as first_ctx:
        first = gql.execute(HOME)

    with Statements() as again_ctx:
        again = gql.execute(HOME)

    assert again == first and recomputed(first_ctx) and not recomputed(again_ctx)
    assert len(again_ctx.sql) < len(first_ctx.sql)
    home = home_of(first)
    assert [n["title"] for n in home["latestNews"]] == ["Tin mới", "Tin cũ"]
    assert titles(first, "openContests") == ["Cuộc thi đang mở"]
    assert [link["path"] for link in home["quickLinks"]] == ["/tin-tuc/"]


@pytest.mark.parametrize("change", ["unpublished", "expired", "unfeatured", "reordered"])
def test_a_list_of_the_kept_home_screen_that_changed_behind_the_caches_back_answers_afresh(
    gql, screen, change
):
    # given the home screen read once
    first = gql.execute(HOME)
    assert titles(first, "featuredNews") == ["Tin cũ"]

    # when a news article changes without a log entry (a shell, a service...)
    rows = NewsPage.objects.filter(pk=screen["old"].pk)
    if change == "unpublished":
        rows.update(live=False)
    elif change == "expired":
        rows.update(expire_at=timezone.now() - timedelta(minutes=1))
    elif change == "unfeatured":
        rows.update(is_featured=False)
    else:
        rows.update(date=date(2026, 11, 30))
    with Statements() as statements:
        home = home_of(gql.execute(HOME))

    # then the screen is answered afresh
    assert recomputed(statements)
    if change == "reordered":
        assert [n["title"] for n in home["latestNews"]] == ["Tin cũ", "Tin mới"]
    else:
        assert home["featuredNews"] == []
        assert [n["title"] for n in home["latestNews"]] == (
            ["Tin mới", "Tin cũ"] if change == "unfeatured" else ["Tin mới"]
        )


def test_a_newly_pinned_announcement_and_a_new_document_show_at_once(gql, tree, screen):
    gql.execute(HOME)

    make_announcement(tree["root"], "Thông báo mới ghim", is_pinned=True)
    make_official_document(tree["root"], "Văn bản mới", issued_on=date(2026, 11, 25))
    home = gql.execute(HOME)

    assert [a["title"] for a in home_of(home)["pinnedAnnouncements"]] == [
        "Thông báo mới ghim",
        "Thông báo ghim",
    ]
    assert titles(home, "latestDocuments") == ["Văn bản mới", "Văn bản"]


def test_an_unpinned_announcement_leaves_the_kept_screen(gql, screen):
    gql.execute(HOME)

    AnnouncementPage.objects.filter(pk=screen["pinned"].pk).update(is_pinned=False)

    assert home_of(gql.execute(HOME))["pinnedAnnouncements"] == []


def test_a_contest_opening_as_the_clock_passes_shows_on_the_kept_screen(gql, tree, screen):
    # given a contest whose first round opens in a minute, and the screen read before
    now = timezone.now()
    make_contest(
        tree["root"], "Cuộc thi sắp mở", rounds=[(now + timedelta(minutes=1), now + timedelta(days=2))]
    )
    assert titles(gql.execute(HOME), "openContests") == ["Cuộc thi đang mở"]

    # when the round has opened
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=2)):
        home = gql.execute(HOME)

    # then it is open, closing first
    assert titles(home, "openContests") == ["Cuộc thi sắp mở", "Cuộc thi đang mở"]


def test_a_quick_link_and_a_menu_item_whose_page_is_hidden_leave_the_kept_screen(gql, tree, screen):
    # given links to an article, read once
    article = make_news(tree["root"], "Tin được liên kết", day=date(2026, 10, 1))
    home = make_home()
    HomeQuickLink.objects.create(home=home, sort_order=1, label="Bài viết", page=article)
    make_menu("more", [{"label": "Bài viết", "page": article}])
    variables = {"menu": "more"}
    first = home_of(gql.execute(HOME, variables))
    assert [link["label"] for link in first["quickLinks"]] == ["Tin tức", "Bài viết"]

    # when the article is taken offline without a log entry
    NewsPage.objects.filter(pk=article.pk).update(live=False)
    result = gql.execute(HOME, variables)

    # then neither the quick link nor the menu item show
    assert [link["label"] for link in home_of(result)["quickLinks"]] == ["Tin tức"]
    assert result["data"]["menu"]["items"] == []


def test_members_of_one_union_share_the_home_screen_others_do_not(gql, tree, member, screen):
    # given an article for the member's industrial zone, read by the member
    make_news(tree["root"], "Cho KCN", day=date(2026, 11, 25), audience=[tree["kcn"]])
    colleague = make_member(tree["vsip"], full_name="Trần Thị Bình")
    teacher = make_member(tree["thpt"], full_name="Lê Văn Cường")
    first = gql.execute(HOME, token=token_of(member))

    # when a colleague of the same union, a teacher and a guest read the screen
    with Statements() as colleague_ctx:
        colleague_answer = gql.execute(HOME, token=token_of(colleague))
    with Statements() as teacher_ctx:
        teacher_answer = gql.execute(HOME, token=token_of(teacher))
    guest_answer = gql.execute(HOME)

    # then the colleague is given the kept answer; the teacher and the guest only what is theirs
    assert titles(first, "latestNews")[0] == "Cho KCN"
    assert colleague_answer == first and not recomputed(colleague_ctx)
    assert "Cho KCN" not in titles(teacher_answer, "latestNews") and recomputed(teacher_ctx)
    assert "Cho KCN" not in titles(guest_answer, "latestNews")


def test_an_officers_home_screen_is_never_kept(gql, tree, member, screen):
    Officer.objects.create(user=member.user, organisation=tree["kcn"], role="editor")
    token = token_of(member)
    gql.execute(HOME, token=token)

    with Statements() as statements:
        gql.execute(HOME, token=token)

    assert recomputed(statements)


def test_a_screen_asking_for_a_field_the_cache_does_not_know_is_answered_afresh(gql, screen):
    # given an operation with the home screen beside a root field that is not kept (the feedback
    # categories; the union directory is kept now: CACHEABLE_DIRECTORY)
    query = "{ home { latestNews { title categories { name } } } feedbackCategories { __typename } }"
    gql.execute(query)

    with Statements() as statements:
        gql.execute(query)

    assert recomputed(statements)


def test_open_contests_showing_their_schedule_answer_afresh_when_a_round_changes_unlogged(gql, tree, screen):
    # given the open contests with their closing time, read once
    from cms.contests.models import ContestRound

    query = "{ home { openContests { title closesAt rounds { status } } } }"
    first = home_of(gql.execute(query))["openContests"]

    # when the round is made to close in a minute by a row changed in a shell (no log entry)
    closes = timezone.now() + timedelta(minutes=1)
    ContestRound.objects.filter(page=screen["contest"]).update(closes_at=closes)
    shortened = home_of(gql.execute(query))["openContests"]
    with mock.patch("django.utils.timezone.now", return_value=closes + timedelta(minutes=1)):
        closed = home_of(gql.execute(query))["openContests"]

    # then the new closing time shows at once, and the contest leaves the list when it closes
    assert shortened[0]["closesAt"] != first[0]["closesAt"]
    assert shortened[0]["closesAt"].startswith(closes.strftime("%Y-%m-%dT%H:%M"))
    assert closed == []
