"""Keyset cursors, the total counted apart and the caches of lists (graphql_api.core.pagination,
graphql_api.core.caching).

A list ordered by columns pages by keyset: following ``endCursor`` visits every visible item
once, in the list's order, whatever ties, NULLs or hidden items; ``last``/``before`` walks it
back. Offset cursors earlier versions handed out still page; cursors that do not fit are
``BAD_USER_INPUT``. ``totalCount`` is the visible items, kept only while nothing changes.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.members import tokens
from graphql_api.core.pagination import KEYSET_PREFIX
from tests.content_factories import (
    hide,
    make_announcement,
    make_benefit,
    make_contest,
    make_legal_scenario,
    make_news,
)
from tests.factories import PASSWORD, make_child


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def walk(gql, field: str, size: int, token: str | None = None, arguments: str = "") -> list[str]:
    """Every item of a list, page by page with ``first``/``after``: titles (or codes)."""
    key = "code" if field == "organisations" else "title"
    query = (
        f"query($after: String) {{ {field}(first: {size}, after: $after{arguments}) "
        f"{{ pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {key} }} }} }} }}"
    )
    seen, after = [], None
    for _ in range(100):
        result = gql.execute(query, {"after": after}, token=token)
        assert "errors" not in result, result
        data = result["data"][field]
        seen += [edge["node"][key] for edge in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            return seen
        after = data["pageInfo"]["endCursor"]
        assert after == data["edges"][-1]["cursor"]
    raise AssertionError("the list never ended")


def walk_back(gql, field: str, size: int) -> list[str]:
    """The same list from its end, with ``last``/``before``."""
    query = (
        f"query($before: String) {{ {field}(last: {size}, before: $before) "
        "{ pageInfo { hasPreviousPage startCursor } edges { node { ... on Page { title } } } } }"
    )
    seen, before = [], None
    for _ in range(100):
        data = gql.execute(query, {"before": before})["data"][field]
        seen = [edge["node"]["title"] for edge in data["edges"]] + seen
        if not data["pageInfo"]["hasPreviousPage"]:
            return seen
        before = data["pageInfo"]["startCursor"]
    raise AssertionError("the list never began")


def everything(gql, field: str) -> list[str]:
    query = f"{{ {field}(first: 100) {{ totalCount edges {{ node {{ ... on Page {{ title }} }} }} }} }}"
    data = gql.execute(query)["data"][field]
    assert data["totalCount"] == len(data["edges"])
    return [edge["node"]["title"] for edge in data["edges"]]


# --- Keyset pages ------------------------------------------------------------------------------


def test_news_pages_by_keyset_through_ties_in_order_and_back(gql, tree):
    # given eleven articles, several on the same day (ties broken by id), and a hidden one
    days = [date(2026, 11, d) for d in (3, 3, 3, 1, 5, 5, 2, 3, 4, 1, 5)]
    for i, day in enumerate(days):
        make_news(tree["root"], f"Tin {i}", day=day)
    hide(make_news(tree["root"], "Nháp", day=date(2026, 11, 3), live=False), "draft")

    # when the app pages through it, three at a time, forwards and backwards
    in_order = everything(gql, "news")
    forwards = walk(gql, "news", 3)
    backwards = walk_back(gql, "news", 3)

    # then every visible article comes once, in the list's order, newest first
    assert forwards == backwards == in_order
    assert len(in_order) == 11 and "Nháp" not in in_order
    assert in_order[:3] == ["Tin 10", "Tin 5", "Tin 4"]


def test_cursors_are_keyset_cursors_of_the_items_sort_key(gql, tree):
    make_news(tree["root"], "Một", day=date(2026, 11, 2))

    cursor = gql.execute("{ news(first: 1) { edges { cursor } } }")["data"]["news"]["edges"][0]["cursor"]

    prefix, _, payload = base64.b64decode(cursor).decode().partition(":")
    fingerprint, _, values = payload.partition(":")
    assert prefix == KEYSET_PREFIX and len(fingerprint) == 8
    assert json.loads(values)[0] == "2026-11-02"


def test_a_deep_page_is_read_from_its_cursor_not_by_offset(gql, tree):
    for i in range(6):
        make_news(tree["root"], f"Tin {i}", day=date(2026, 10, 1) + timedelta(days=i))
    after = gql.execute("{ news(first: 4) { pageInfo { endCursor } } }")["data"]["news"]["pageInfo"][
        "endCursor"
    ]

    with CaptureQueriesContext(connection) as ctx:
        result = gql.execute(
            "query($a: String) { news(first: 4, after: $a) { edges { node { title } } } }", {"a": after}
        )

    assert [e["node"]["title"] for e in result["data"]["news"]["edges"]] == ["Tin 1", "Tin 0"]
    listing = [q["sql"] for q in ctx.captured_queries if "news_newspage" in q["sql"]]
    assert listing and all("OFFSET" not in sql for sql in listing)


def test_an_item_hidden_after_its_cursor_was_handed_out_does_not_stop_the_list(gql, tree):
    pages = [make_news(tree["root"], f"Tin {i}", day=date(2026, 11, 10 - i)) for i in range(5)]
    first = gql.execute("{ news(first: 2) { pageInfo { endCursor } } }")["data"]["news"]["pageInfo"]

    # when the item the cursor points at is unpublished, then the next page is asked for
    pages[1].unpublish()
    result = gql.execute(
        "query($a: String) { news(first: 5, after: $a) { edges { node { title } } } }",
        {"a": first["endCursor"]},
    )

    assert [e["node"]["title"] for e in result["data"]["news"]["edges"]] == ["Tin 2", "Tin 3", "Tin 4"]


def test_announcements_page_by_keyset_with_pins_and_publication_times(gql, tree):
    now = timezone.now()
    for i in range(7):
        page = make_announcement(tree["root"], f"TB {i}", is_pinned=i in (2, 5))
        type(page).objects.filter(pk=page.pk).update(first_published_at=now - timedelta(hours=i % 3))

    assert walk(gql, "announcements", 2) == everything(gql, "announcements")
    assert walk_back(gql, "announcements", 2) == everything(gql, "announcements")
    assert everything(gql, "announcements")[:2] == ["TB 5", "TB 2"]


def test_a_nullable_column_without_nulls_first_or_last_pages_where_the_database_puts_nulls(gql, tree):
    # given legal consultations ordered by first publication, one never published with a date
    pages = [make_legal_scenario(tree["root"], f"Tình huống {i}") for i in range(5)]
    type(pages[2]).objects.filter(pk=pages[2].pk).update(first_published_at=None)
    type(pages[3]).objects.filter(pk=pages[3].pk).update(first_published_at=pages[4].first_published_at)

    assert walk(gql, "legalScenarios", 2) == everything(gql, "legalScenarios")
    assert walk_back(gql, "legalScenarios", 1) == everything(gql, "legalScenarios")
    assert len(everything(gql, "legalScenarios")) == 5


def test_benefits_page_by_end_of_validity_then_title(gql, tree):
    ends = [None, date(2027, 1, 1), None, date(2026, 12, 20), date(2027, 1, 1), None]
    for i, end in enumerate(ends):
        make_benefit(tree["root"], f"Ưu đãi {chr(70 - i)}", valid_until=end)

    listed = everything(gql, "benefits")
    assert walk(gql, "benefits", 2) == listed == walk_back(gql, "benefits", 4)
    assert listed == ["Ưu đãi C", "Ưu đãi B", "Ưu đãi E", "Ưu đãi A", "Ưu đãi D", "Ưu đãi F"]


def test_organisations_page_in_tree_order(gql, tree):
    for i in range(5):
        make_child(tree["kcn"], f"Công đoàn cơ sở {i}", "grassroots")
    listed = [
        e["node"]["code"] for e in gql.execute("{ organisations(first: 100) { edges { node { code } } } }")["data"]["organisations"]["edges"]
    ]  # fmt: skip

    assert walk(gql, "organisations", 3) == listed


def test_a_list_ordered_by_computed_status_pages_by_offset(gql, tree):
    # contests are ordered by a status computed from their rounds: offset cursors, as before
    now = timezone.now()
    for i in range(5):
        make_contest(
            tree["root"], f"Cuộc thi {i}", rounds=[(now - timedelta(days=i + 1), now + timedelta(days=i + 1))]
        )

    cursor = gql.execute("{ contests(first: 2) { edges { cursor } } }")["data"]["contests"]["edges"][-1][
        "cursor"
    ]

    assert base64.b64decode(cursor).decode() == "arrayconnection:1"
    assert walk(gql, "contests", 2) == everything(gql, "contests")


# --- Cursors that do not fit -----------------------------------------------------------------


def test_an_offset_cursor_of_an_earlier_version_still_pages(gql, tree):
    for i in range(5):
        make_news(tree["root"], f"Tin {i}", day=date(2026, 11, 10 - i))

    result = gql.execute(
        f'{{ news(first: 2, after: "{b64("arrayconnection:1")}") {{ edges {{ node {{ title }} }} }} }}'
    )

    assert [e["node"]["title"] for e in result["data"]["news"]["edges"]] == ["Tin 2", "Tin 3"]


def keyset(fingerprint: str, values) -> str:
    return b64(f"{KEYSET_PREFIX}:{fingerprint}:{json.dumps(values)}")


def news_fingerprint(gql) -> str:
    cursor = gql.execute("{ news(first: 1) { edges { cursor } } }")["data"]["news"]["edges"][0]["cursor"]
    return base64.b64decode(cursor).decode().split(":")[1]


@pytest.mark.parametrize(
    "values",
    [
        '"not json',
        ["2026-11-01"],
        ["2026-11-01", 1, 2],
        ["not a date", 1],
        [None, 1],
        ["2026-11-01", "x"],
        ["2026-11-01", 2**80],
        ["2026-11-01", True],
        ["2026-11-01", {"a": 1}],
        ["2026-11-01\x00", 1],
        ["\udfff", 1],
    ],
    ids=[
        "not-json", "too-short", "too-long", "bad-date", "null-date", "id-text", "id-huge", "id-bool",
        "id-object", "nul", "lone-surrogate",
    ],
)  # fmt: skip
def test_a_keyset_cursor_that_does_not_decode_is_bad_user_input(gql, tree, caplog, values):
    make_news(tree["root"], "Tin")
    fingerprint = news_fingerprint(gql)
    payload = values if isinstance(values, str) else json.dumps(values)
    cursor = b64(f"{KEYSET_PREFIX}:{fingerprint}:{payload}")

    with caplog.at_level(logging.INFO):
        result = gql.execute("query($a: String) { news(first: 2, after: $a) { totalCount } }", {"a": cursor})

    assert [(e["message"], e["extensions"]["code"]) for e in result["errors"]] == [
        ("`after` is not a cursor from this list.", "BAD_USER_INPUT")
    ]
    assert not [r for r in caplog.records if r.exc_info]


def test_a_cursor_of_another_ordering_is_bad_user_input(gql, tree):
    make_news(tree["root"], "Tin")
    make_benefit(tree["root"], "Ưu đãi")
    news_cursor = gql.execute("{ news(first: 1) { edges { cursor } } }")["data"]["news"]["edges"][0]["cursor"]

    benefits = gql.execute(
        "query($a: String) { benefits(first: 1, after: $a) { totalCount } }", {"a": news_cursor}
    )
    contests = gql.execute(
        "query($a: String) { contests(first: 1, before: $a) { totalCount } }", {"a": news_cursor}
    )
    oldest = gql.execute(
        "query($a: String) { news(first: 1, after: $a, order: OLDEST) { totalCount } }", {"a": news_cursor}
    )

    for result, argument in ((benefits, "after"), (contests, "before"), (oldest, "after")):
        assert [(e["message"], e["extensions"]["code"]) for e in result["errors"]] == [
            (f"`{argument}` is not a cursor from this list.", "BAD_USER_INPUT")
        ]


def test_a_cursor_past_the_end_gives_an_empty_page(gql, tree):
    make_news(tree["root"], "Tin", day=date(2026, 11, 2))
    cursor = keyset(news_fingerprint(gql), ["1900-01-01", 1])

    result = gql.execute(
        "query($a: String) { news(first: 2, after: $a) { totalCount edges { cursor } pageInfo { hasNextPage } } }",
        {"a": cursor},
    )

    assert result == {"data": {"news": {"totalCount": 1, "edges": [], "pageInfo": {"hasNextPage": False}}}}


# --- totalCount and what is kept -----------------------------------------------------------------


def test_hidden_pages_are_in_no_list_count_or_cursor(gql, tree, member):
    visible = [make_news(tree["root"], f"Tin {i}", day=date(2026, 11, 10 - i)) for i in range(3)]
    for state in ("draft", "scheduled", "expired", "private"):
        hide(make_news(tree["root"], f"Ẩn {state}", day=date(2026, 11, 6), live=state != "draft"), state)
    make_news(tree["root"], "Cho Giáo dục", day=date(2026, 11, 6), audience=[tree["gd"]])
    token = tokens.login(member.phone, PASSWORD).access_token
    query = "{ news(first: 100) { totalCount edges { cursor node { title } } } }"

    for reader in (None, token):
        data = gql.execute(query, token=reader)["data"]["news"]
        assert data["totalCount"] == 3
        assert [e["node"]["title"] for e in data["edges"]] == [page.title for page in visible]
        hidden_days = {
            json.loads(base64.b64decode(e["cursor"]).decode().split(":", 2)[2])[0] for e in data["edges"]
        }
        assert "2026-11-06" not in hidden_days


def test_the_count_is_kept_until_something_is_published(gql, tree):
    make_news(tree["root"], "Một")
    query = "{ news(first: 1) { totalCount } }"
    assert gql.execute(query)["data"]["news"]["totalCount"] == 1

    # when nothing changes, the count is not counted again
    with override_settings(GRAPHQL_RESPONSE_CACHE=False), CaptureQueriesContext(connection) as ctx:
        assert gql.execute(query)["data"]["news"]["totalCount"] == 1
    assert not [q for q in ctx.captured_queries if "COUNT(*)" in q["sql"]]

    # when an article is published, then unpublished, the count follows at once
    page = make_news(tree["root"], "Hai")
    assert gql.execute(query)["data"]["news"]["totalCount"] == 2
    page.unpublish()
    assert gql.execute(query)["data"]["news"]["totalCount"] == 1


def test_a_kept_count_ends_when_an_article_expires(gql, tree):
    # given an article expiring in a minute, counted now
    page = make_news(tree["root"], "Sắp hết hạn", expire_at=timezone.now() + timedelta(minutes=1))
    query = "{ news(first: 1) { totalCount } }"
    assert gql.execute(query)["data"]["news"]["totalCount"] == 1

    # when the minute has passed (no unpublish job has run)
    with mock.patch("django.utils.timezone.now", return_value=page.expire_at + timedelta(seconds=1)):
        after = gql.execute(query)

    assert after["data"]["news"]["totalCount"] == 0


def test_a_guest_answer_is_kept_but_never_shows_what_has_since_been_hidden(gql, tree):
    pages = [make_news(tree["root"], f"Tin {i}", day=date(2026, 11, 10 - i)) for i in range(3)]
    query = "{ news(first: 10) { totalCount edges { node { title summary } } } }"
    first = gql.execute(query)

    # a second request is answered from the cache: the list's items are read, nothing more
    with CaptureQueriesContext(connection) as ctx:
        assert gql.execute(query) == first
    assert not [
        q for q in ctx.captured_queries if "news_newspage_categories" in q["sql"] or "COUNT(*)" in q["sql"]
    ]

    # when an article is hidden behind the cache's back (no log entry), it is gone at once
    type(pages[1]).objects.filter(pk=pages[1].pk).update(live=False)
    titles = [e["node"]["title"] for e in gql.execute(query)["data"]["news"]["edges"]]
    assert titles == ["Tin 0", "Tin 2"]

    # when an article is republished with a new summary, the new one is given
    pages[0].summary = "Tóm tắt mới"
    pages[0].save_revision().publish()
    assert gql.execute(query)["data"]["news"]["edges"][0]["node"]["summary"] == "Tóm tắt mới"


def test_a_members_answer_is_never_given_to_a_guest(gql, tree, member):
    make_news(tree["root"], "Cho KCN", audience=[tree["kcn"]])
    token = tokens.login(member.phone, PASSWORD).access_token
    query = "{ news(first: 10) { edges { node { title } } } }"

    assert [e["node"]["title"] for e in gql.execute(query, token=token)["data"]["news"]["edges"]] == [
        "Cho KCN"
    ]
    assert gql.execute(query)["data"]["news"]["edges"] == []
    assert [e["node"]["title"] for e in gql.execute(query, token=token)["data"]["news"]["edges"]] == [
        "Cho KCN"
    ]


def test_a_list_of_cover_images_writes_no_rendition_to_the_cache(gql, tree):
    from wagtail.images import get_image_model

    from cms.core.demo.content import demo_image

    images = [demo_image(f"Ảnh {i}", i, size=(640, 360)) for i in range(2)]
    for i in range(6):
        make_news(tree["root"], f"Tin {i}", cover_image=images[i % 2])
    query = "{ news(first: 10) { edges { node { coverImage { rendition(size: CARD) { url } srcset } } } } }"
    with override_settings(GRAPHQL_RESPONSE_CACHE=False):
        gql.execute(query)  # the renditions are made (and cached, once, by Wagtail)

        backend = get_image_model().get_rendition_model().cache_backend
        with mock.patch.object(backend, "set") as set_one, mock.patch.object(backend, "set_many") as set_many:
            result = gql.execute(query)

    assert all(e["node"]["coverImage"]["rendition"]["url"] for e in result["data"]["news"]["edges"])
    assert set_one.call_count == set_many.call_count == 0


def test_a_bad_cursor_to_a_kept_list_is_logged_once(gql, tree, caplog):
    make_news(tree["root"], "Tin")
    cursor = keyset(news_fingerprint(gql), ["not a date", 1])

    with caplog.at_level(logging.INFO, logger="graphql_api"):
        gql.execute("query($a: String) { news(first: 2, after: $a) { totalCount } }", {"a": cursor})

    assert [r.getMessage() for r in caplog.records if r.name == "graphql_api"] == [
        "GraphQL BAD_USER_INPUT at news: `after` is not a cursor from this list."
    ]


def test_a_members_documents_count_is_kept_too_though_documents_widen_the_pages_rule(gql, tree, member):
    # given a document for the member's union, read once by the member
    from tests.content_factories import make_official_document

    make_official_document(tree["root"], "Kế hoạch Tháng Công nhân", audience=[tree["kcn"]])
    token = tokens.login(member.phone, PASSWORD).access_token
    query = "{ documents(first: 1) { totalCount } }"
    assert gql.execute(query, token=token)["data"]["documents"]["totalCount"] == 1

    # when the member reads the list again, nothing having changed
    with CaptureQueriesContext(connection) as ctx:
        assert gql.execute(query, token=token)["data"]["documents"]["totalCount"] == 1

    # then the count comes from the cache (cms.documents.access.DocumentPolicy is a PagePolicy)
    assert not [q for q in ctx.captured_queries if "COUNT(*)" in q["sql"]]
