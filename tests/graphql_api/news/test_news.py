from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cms.core.preview import make_preview_token
from cms.members import tokens
from tests.content_factories import hide, make_news, news_index
from tests.factories import PASSWORD, make_user

NEWS = """
query News($first: Int = 20, $category: String) {
  news(first: $first, category: $category) {
    totalCount
    edges { node { title path summary date organisation { code } categories { slug } } }
  }
}
"""


def titles(result) -> list[str]:
    return [e["node"]["title"] for e in result["data"]["news"]["edges"]]


def test_news_lists_published_items_newest_first(gql, tree):
    make_news(tree["root"], "Cũ", day=date(2026, 10, 1))
    make_news(tree["root"], "Mới", day=date(2026, 11, 20))

    result = gql.execute(NEWS)

    assert titles(result) == ["Mới", "Cũ"]
    assert result["data"]["news"]["totalCount"] == 2
    assert result["data"]["news"]["edges"][0]["node"]["path"].startswith("/tin-tuc/")


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private", "out_of_audience"])
def test_hidden_news_never_appears_in_list_or_by_path_or_id(gql, tree, state):
    # given one visible article and one in the given hidden state
    make_news(tree["root"], "Công khai")
    hidden = make_news(
        tree["root"],
        "Ẩn",
        live=(state != "draft"),
        audience=[tree["gd"]] if state == "out_of_audience" else (),
    )
    hide(hidden, state)

    # when an anonymous app lists news and looks the page up directly
    listed = gql.execute(NEWS)
    by_path = gql.execute(
        "query($p: String!) { page(path: $p) { title } }", {"p": f"/tin-tuc/{hidden.slug}/"}
    )

    # then only the public article is there
    assert titles(listed) == ["Công khai"]
    assert by_path["data"]["page"] is None


def test_audience_reaches_members_of_the_subtree_only(gql, tree, member):
    # given an article for the industrial-zone union's subtree; `member` is in a grassroots union below it
    make_news(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    make_news(tree["root"], "Cho Giáo dục", audience=[tree["gd"]])
    token = tokens.login(member.phone, PASSWORD).access_token

    # then the member sees theirs, an anonymous reader sees none
    assert titles(gql.execute(NEWS, token=token)) == ["Cho KCN"]
    assert titles(gql.execute(NEWS)) == []


def test_unknown_path_is_null_not_an_error(gql, db):
    result = gql.execute('{ page(path: "/khong-co/") { title } }')
    assert result == {"data": {"page": None}}


def test_preview_shows_a_draft_only_with_a_valid_token(gql, tree):
    draft = make_news(tree["root"], "Bản nháp", live=False)
    token = make_preview_token(draft, make_user(is_superuser=True))

    shown = gql.execute(
        "query($t: String!) { preview(token: $t) { title ... on NewsPage { summary } } }", {"t": token}
    )
    forged = gql.execute("query($t: String!) { preview(token: $t) { title } }", {"t": token[:-2] + "xx"})

    assert shown["data"]["preview"] == {"title": "Bản nháp", "summary": "Tóm tắt"}
    assert forged["data"]["preview"] is None


def test_invalid_date_range_is_a_typed_error(gql, tree):
    result = gql.execute('{ news(first: 5, date: {start: "2026-12-01", end: "2026-01-01"}) { totalCount } }')
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("count", [3, 12])
def test_news_list_query_count_is_constant(gql, tree, count):
    from cms.core.demo.content import demo_image

    news_index()
    images = [demo_image(f"Ảnh {i}", i, size=(640, 360)) for i in range(3)]
    for i in range(count):
        make_news(tree["root"], f"Tin {i}", cover_image=images[i % 3])
    query = (
        "{ news(first: 100) { totalCount edges { node { title path summary organisation { name } "
        "categories { name } coverImage { alt rendition(size: CARD) { url } srcset } } } } }"
    )
    gql.execute(query)  # warm caches (site root, content types)

    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        result = gql.execute(query)

    assert len(result["data"]["news"]["edges"]) == count
    # One query more than the list itself: the content version its count is kept under
    # (graphql_api.core.caching); the count, kept, costs none.
    assert len(ctx.captured_queries) == 5, [q["sql"] for q in ctx.captured_queries]
