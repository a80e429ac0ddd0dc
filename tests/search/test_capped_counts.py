"""Counts that stop at a cap, and a page found tier by tier: what a user of the search box sees.

The database backend counts a broad query's hits up to ``TOTAL_CAP`` (1,000) and each facet
value up to ``FACET_CAP``, and says whether a count is exact; over the cap it finds the page tier
by tier (search.backends.database). Here the caps are made small, so a handful of pages is
"broad", and every rule users see is checked on that path: the counts say they are capped, an
exact count below the cap is exact, ranking is the same as with every match sorted at once,
pages do not repeat, and hidden items are never counted. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cms.core.visibility import Viewer
from search.backends.meilisearch import MeilisearchBackend
from search.parsing import parse
from search.results import SearchRequest
from tests.content_factories import hide, make_benefit, make_news
from tests.search.conftest_meili import INDEX, fake_meili_fixture  # noqa: F401 - fixture
from tests.search.database_helpers import find, titles

pytestmark = pytest.mark.django_db


def facets(results) -> dict[str, tuple[int, bool]]:
    return {facet.value: (facet.count, facet.is_exact) for facet in results.kinds + results.topics}


def viewer_of(organisation) -> Viewer:
    organisation.refresh_from_db()
    return Viewer(organisation_paths=tuple(organisation.ancestor_paths()), is_authenticated=True)


def test_a_count_over_the_cap_says_it_is_capped(tree, caps):
    # given: six news items and one benefit match; the total is counted up to 4, each value up to 2
    caps(total=4, facet=2)
    for n in range(6):
        make_news(tree["root"], f"Tết Sum vầy số {n}", day=date(2026, 1, 1) + timedelta(days=n))
    make_benefit(tree["root"], "Tết Sum vầy ưu đãi")
    # when
    results = find("tet sum vay")
    # then: "4+" hits, "at least" as many news items as the count says, and the one benefit exactly
    assert (results.total, results.total_is_exact) == (4, False)
    news_count, news_exact = facets(results)["news"]
    assert not news_exact
    assert 2 <= news_count <= 6
    assert facets(results)["benefit"] == (1, True)


def test_a_count_under_the_cap_is_exact(tree, caps):
    # given
    caps(total=4, facet=2)
    for n in range(3):
        make_news(tree["root"], f"Tết Sum vầy số {n}")
    make_news(tree["root"], "Hội thao công nhân")
    # when
    results = find("tet sum vay")
    # then: three is under the cap: exact, and so are the facets (every match was seen)
    assert (results.total, results.total_is_exact) == (3, True)
    assert facets(results) == {"news": (3, True)}


def test_the_real_caps_count_a_small_search_exactly(tree):
    # given
    make_news(tree["root"], "Tết Sum vầy")
    # when
    results = find("tet")
    # then
    assert (results.total, results.total_is_exact) == (1, True)
    assert all(facet.is_exact for facet in results.kinds)


@pytest.mark.parametrize("total_cap", [1000, 2])
def test_ranking_is_exact_accents_then_title_then_newest_whatever_the_path(tree, caps, total_cap):
    # given: "đình công" typed with accents; pages that hold it exactly, in the title only folded,
    # in the text only; the caps make the small set "broad" (found tier by tier) or not
    caps(total=total_cap, facet=1)
    make_news(
        tree["root"], "Hội nghị người lao động", summary="Không để xảy ra đình công.", day=date(2026, 3, 1)
    )
    make_news(tree["root"], "Giải quyết tranh chấp, không để xảy ra đình công", day=date(2026, 1, 1))
    make_news(tree["root"], "Ông Đinh Công Minh nhận Bằng khen", day=date(2026, 11, 1))
    make_news(tree["root"], "Xác định công việc khi ngừng việc", day=date(2026, 11, 20))
    make_news(tree["root"], "Hội thao công nhân", summary="Dinh cong nhan vien.", day=date(2026, 12, 1))
    make_news(tree["root"], "Tin không liên quan", day=date(2026, 12, 1))
    # when
    results = find("đình công", limit=10)
    # then: exact accents first (title match first among them, then newest), then title matches
    # folded (newest first), then the rest
    assert titles(results) == [
        "Giải quyết tranh chấp, không để xảy ra đình công",
        "Hội nghị người lao động",
        "Xác định công việc khi ngừng việc",
        "Ông Đinh Công Minh nhận Bằng khen",
        "Hội thao công nhân",
    ]
    assert results.total_is_exact == (total_cap > 5)


@pytest.mark.parametrize("total_cap", [1000, 4])
def test_pages_of_a_capped_search_follow_each_other_without_repeats(tree, caps, total_cap):
    # given
    caps(total=total_cap, facet=1)
    for n in range(7):
        title = f"Hội nghị người lao động số {n}" if n % 2 else f"Tin số {n}"
        make_news(tree["root"], title, summary="Hội nghị.", day=date(2026, 1, 1) + timedelta(days=n))
    # when
    first, second = (find("hoi nghi", offset=offset, limit=3) for offset in (0, 3))
    # then: title matches first, newest first; then the rest
    assert titles(first) + titles(second) == [
        "Hội nghị người lao động số 5",
        "Hội nghị người lao động số 3",
        "Hội nghị người lao động số 1",
        "Tin số 6",
        "Tin số 4",
        "Tin số 2",
    ]


@pytest.mark.parametrize("state", ["draft", "private", "expired", "audience"])
def test_hidden_pages_are_never_counted_when_counts_are_capped(tree, caps, state):
    # given: three pages anyone may see, and five hidden ones; the total is counted up to 4
    caps(total=4, facet=2)
    for n in range(3):
        make_news(tree["root"], f"Tết Sum vầy công khai {n}")
    for n in range(5):
        title = f"Tết Sum vầy ẩn {n}"
        if state == "audience":
            make_news(tree["kcn"], title, audience=[tree["kcn"]])
        elif state == "draft":
            make_news(tree["root"], title, live=False)
        else:
            hide(make_news(tree["root"], title), state)
    # when
    anonymous = find("Tết Sum vầy")
    # then: the hidden pages are in no count: three, exactly, not "4+"
    assert (anonymous.total, anonymous.total_is_exact) == (3, True)
    assert facets(anonymous) == {"news": (3, True)}
    assert all("ẩn" not in title for title in titles(anonymous))
    if state == "audience":
        # and those they are addressed to count them: eight, over the cap
        member = find("Tết Sum vầy", viewer_of(tree["vsip"]))
        assert (member.total, member.total_is_exact) == (4, False)


def test_the_graphql_answer_says_whether_counts_are_exact_and_pages_on(gql, tree, caps):
    # given: five matches, counted up to 4 (each type up to 2)
    caps(total=4, facet=2)
    for n in range(5):
        make_news(tree["root"], f"Tết Sum vầy số {n}", day=date(2026, 1, 1) + timedelta(days=n))
    query = """query($after: String) { search(query: "tet", first: 2, after: $after) {
        totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
        facets { types { value count countIsExact } }
        edges { node { title } } } }"""
    # when
    first = gql.execute(query, {"after": None})["data"]["search"]
    second = gql.execute(query, {"after": first["pageInfo"]["endCursor"]})["data"]["search"]
    # then: "4+" hits and "4+" news items; the first page says more follow, the second ends at the cap
    assert (first["totalCount"], first["totalCountIsExact"]) == (4, False)
    assert first["facets"]["types"] == [{"value": "news", "count": 4, "countIsExact": False}]
    assert [edge["node"]["title"] for edge in first["edges"]] == ["Tết Sum vầy số 4", "Tết Sum vầy số 3"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert [edge["node"]["title"] for edge in second["edges"]] == ["Tết Sum vầy số 2", "Tết Sum vầy số 1"]
    assert second["pageInfo"]["hasNextPage"] is False


def test_an_exact_graphql_total_says_so(gql, tree):
    # given
    make_news(tree["root"], "Tết Sum vầy")
    # when
    result = gql.execute(
        '{ search(query: "tet") { totalCount totalCountIsExact facets { types { countIsExact } } } }'
    )
    # then
    assert result["data"]["search"] == {
        "totalCount": 1,
        "totalCountIsExact": True,
        "facets": {"types": [{"countIsExact": True}]},
    }


def test_meilisearchs_estimated_total_is_not_called_exact(fake_meili):
    # given: an answer without the kinds' counts, only Meilisearch's estimate
    fake_meili.state.documents[INDEX] = {"news-1": {"id": "news-1"}, "news-2": {"id": "news-2"}}
    # when
    results = MeilisearchBackend().search(SearchRequest(viewer=Viewer.anonymous(), query=parse("x")))
    # then
    assert (results.total, results.total_is_exact) == (2, False)


def test_meilisearchs_facet_counts_make_an_exact_total(fake_meili):
    # given: the kinds' counts are exhaustive when facets are asked for
    fake_meili.state.documents[INDEX] = {"news-1": {"id": "news-1", "kind": "news"}}
    # when
    results = MeilisearchBackend().search(SearchRequest(viewer=Viewer.anonymous(), query=parse("x")))
    # then
    assert (results.total, results.total_is_exact) == (1, True)
