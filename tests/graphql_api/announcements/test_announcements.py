from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from strawberry import relay

from cms.announcements.models import AnnouncementPriority
from cms.core.preview import make_preview_token
from cms.members import tokens
from tests.content_factories import announcement_index, hide, make_announcement, make_news
from tests.factories import PASSWORD, make_user

ANNOUNCEMENTS = """
query Announcements($first: Int = 20, $pinned: Boolean, $organisation: ID, $date: DateRange) {
  announcements(first: $first, pinned: $pinned, organisation: $organisation, date: $date) {
    totalCount
    edges { node { title path isPinned priority priorityLabel expireAt organisation { code } } }
  }
}
"""


def titles(result) -> list[str]:
    assert "errors" not in result, result
    return [e["node"]["title"] for e in result["data"]["announcements"]["edges"]]


def set_first_published(page, when) -> None:
    type(page).objects.filter(pk=page.pk).update(first_published_at=when)


def test_announcements_list_pinned_first_then_newest_first(gql, tree):
    # given two ordinary and two pinned announcements published at different times
    now = timezone.now()
    for title, pinned, days_ago in [
        ("Cũ", False, 5),
        ("Ghim cũ", True, 9),
        ("Mới", False, 1),
        ("Ghim mới", True, 3),
    ]:
        page = make_announcement(tree["root"], title, is_pinned=pinned)
        set_first_published(page, now - timedelta(days=days_ago))

    # when
    result = gql.execute(ANNOUNCEMENTS)

    # then
    assert titles(result) == ["Ghim mới", "Ghim cũ", "Mới", "Cũ"]
    assert result["data"]["announcements"]["totalCount"] == 4
    first = result["data"]["announcements"]["edges"][0]["node"]
    assert first["path"].startswith("/thong-bao/")
    assert first["isPinned"] is True


def test_priority_comes_with_its_label(gql, tree):
    make_announcement(tree["root"], "Khẩn", priority=AnnouncementPriority.URGENT)

    node = gql.execute(ANNOUNCEMENTS)["data"]["announcements"]["edges"][0]["node"]

    assert node["priority"] == "URGENT"
    assert node["priorityLabel"] == "Urgent" or node["priorityLabel"] == str(
        AnnouncementPriority.URGENT.label
    )


def test_filters_by_pinned_organisation_and_date(gql, tree):
    # given
    now = timezone.now()
    a = make_announcement(tree["root"], "Tỉnh ghim", is_pinned=True)
    b = make_announcement(tree["kcn"], "KCN")
    c = make_announcement(tree["root"], "Tỉnh cũ")
    set_first_published(a, now - timedelta(days=1))
    set_first_published(b, now - timedelta(days=2))
    set_first_published(c, now - timedelta(days=40))
    kcn_id = str(relay.to_base64("Organisation", tree["kcn"].pk))
    recent = {"start": (timezone.localdate() - timedelta(days=10)).isoformat()}

    # when / then
    assert titles(gql.execute(ANNOUNCEMENTS, {"pinned": True})) == ["Tỉnh ghim"]
    assert titles(gql.execute(ANNOUNCEMENTS, {"pinned": False})) == ["KCN", "Tỉnh cũ"]
    assert titles(gql.execute(ANNOUNCEMENTS, {"organisation": kcn_id})) == ["KCN"]
    assert titles(gql.execute(ANNOUNCEMENTS, {"date": recent})) == ["Tỉnh ghim", "KCN"]


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_announcement_never_appears_in_list_or_by_path_or_id(gql, tree, state):
    # given one visible announcement and one (pinned, so it would come first) in the given hidden state
    make_announcement(tree["root"], "Công khai")
    hidden = make_announcement(
        tree["root"],
        "Ẩn",
        is_pinned=True,
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    hide(hidden, state)
    hidden_id = str(relay.to_base64("AnnouncementPage", hidden.pk))

    # when an anonymous app lists announcements and looks the page up directly
    listed = gql.execute(ANNOUNCEMENTS)
    pinned = gql.execute(ANNOUNCEMENTS, {"pinned": True})
    by_path = gql.execute(
        "query($p: String!) { page(path: $p) { title } }", {"p": f"/thong-bao/{hidden.slug}/"}
    )
    by_id = gql.execute("query($id: ID!) { page(id: $id) { title } }", {"id": hidden_id})

    # then only the public announcement is there
    assert titles(listed) == ["Công khai"]
    assert titles(pinned) == []
    assert by_path["data"]["page"] is None
    assert by_id["data"]["page"] is None


def test_announcement_disappears_when_its_expiry_passes(gql, tree):
    # given an announcement that expires in a minute
    page = make_announcement(tree["root"], "Sắp hết hạn", expire_at=timezone.now() + timedelta(minutes=1))
    assert titles(gql.execute(ANNOUNCEMENTS)) == ["Sắp hết hạn"]

    # when the expiry time passes (no unpublish job has run)
    type(page).objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(seconds=1))

    # then
    assert titles(gql.execute(ANNOUNCEMENTS)) == []


def test_audience_reaches_members_of_the_subtree_only(gql, tree, member):
    # given announcements for the industrial-zone union's subtree and for the education union's
    make_announcement(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    make_announcement(tree["root"], "Cho Giáo dục", audience=[tree["gd"]])
    token = tokens.login(member.phone, PASSWORD).access_token

    # then the member (grassroots union under KCN) sees theirs, an anonymous reader none
    assert titles(gql.execute(ANNOUNCEMENTS, token=token)) == ["Cho KCN"]
    assert titles(gql.execute(ANNOUNCEMENTS)) == []


def test_detail_by_path_returns_body_blocks(gql, tree):
    page = make_announcement(
        tree["root"],
        "Lịch tiếp công dân",
        body=[("paragraph", "<p>Chủ tịch tiếp công dân ngày <b>15</b> hằng tháng.</p>")],
    )
    query = """query($p: String!) { page(path: $p) { pageType ... on AnnouncementPage {
        title body { blockType ... on ParagraphBlock { html } } } } }"""

    result = gql.execute(query, {"p": f"/thong-bao/{page.slug}/"})

    assert result["data"]["page"] == {
        "pageType": "AnnouncementPage",
        "title": "Lịch tiếp công dân",
        "body": [
            {"blockType": "paragraph", "html": "<p>Chủ tịch tiếp công dân ngày <b>15</b> hằng tháng.</p>"}
        ],
    }


def test_announcements_list_has_no_other_page_types(gql, tree):
    announcement_index()
    make_news(tree["root"], "Tin tức")

    assert titles(gql.execute(ANNOUNCEMENTS)) == []


def test_preview_shows_a_draft_only_with_a_valid_token(gql, tree):
    draft = make_announcement(tree["root"], "Bản nháp", live=False)
    token = make_preview_token(draft, make_user(is_superuser=True))

    shown = gql.execute(
        "query($t: String!) { preview(token: $t) { title ... on AnnouncementPage { summary } } }",
        {"t": token},
    )
    forged = gql.execute("query($t: String!) { preview(token: $t) { title } }", {"t": token[:-2] + "xx"})

    assert shown["data"]["preview"] == {"title": "Bản nháp", "summary": "Tóm tắt thông báo"}
    assert forged["data"]["preview"] is None


@pytest.mark.parametrize(
    "variables",
    [
        {"date": {"start": "2026-12-01", "end": "2026-01-01"}},
        {"organisation": str(relay.to_base64("NewsPage", 1))},
    ],
)
def test_invalid_filters_are_typed_errors(gql, tree, variables):
    result = gql.execute(ANNOUNCEMENTS, variables)

    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("count", [4, 12])
def test_announcements_list_query_count_is_constant(gql, tree, count):
    announcement_index()
    for i in range(count):
        make_announcement(
            tree["root"], f"Thông báo {i}", is_pinned=i % 3 == 0, audience=[tree["root"]] if i % 2 else ()
        )
    query = """{ announcements(first: 100) { totalCount edges { node {
        title path summary isPinned priority priorityLabel expireAt organisation { name } coverImage { id } } } } }"""
    gql.execute(query)  # warm caches (site root, content types)

    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)

    assert len(result["data"]["announcements"]["edges"]) == count // 2
    # One query more than the list itself: the content version its count is kept under
    # (graphql_api.core.caching); the count, kept, costs none.
    assert len(ctx.captured_queries) == 3, [q["sql"][:90] for q in ctx.captured_queries]
