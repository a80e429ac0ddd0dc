"""What the Meilisearch adapter sends and what it does with the answers.

Against the FAKE HTTP API of tests/search/meili_fake.py (no Meilisearch server can be
installed here): these tests prove the requests (filters, facets, paging, settings, the API
key) and the adapter's own behaviour (re-reading hits through the visibility rule, errors
becoming BackendUnavailable, the database answering instead), never what Meilisearch finds.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cms.core.visibility import Viewer
from search.backends import BackendUnavailable
from search.backends.meilisearch import NEVER, NO_DATE, MeilisearchBackend, configure, documents
from search.labels import kind_label
from search.parsing import parse
from search.query import search
from search.results import Facet, SearchRequest
from search.settings_meilisearch import accented_forms_fold_back, synonyms
from tests.search.conftest_meili import (  # noqa: F401 - fixtures
    API_KEY,
    INDEX,
    NO_SERVER,
    fake_meili_fixture,
    make_document,
    real_meilisearch_fixture,
)

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
NOW_TS = 1796198400
WINDOW = f"visible_from <= {NOW_TS} AND visible_until > {NOW_TS}"


def backend(**kwargs) -> MeilisearchBackend:
    return MeilisearchBackend(clock=lambda: NOW, **kwargs)


def member_viewer(organisation) -> Viewer:
    organisation.refresh_from_db()  # the tree keeps its children ordered by name: paths move
    return Viewer(organisation_paths=tuple(organisation.ancestor_paths()), is_authenticated=True)


def store(fake, *docs: dict) -> None:
    """Put documents in the fake's index (as a push would), in this order."""
    fake.state.documents[INDEX] = {doc["id"]: doc for doc in docs}


# --- The search request ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_anonymous_search_is_one_multi_search_of_three_queries_with_the_audience_everyone(fake_meili):
    # given
    request = SearchRequest(
        viewer=Viewer.anonymous(),
        query=parse("bảo hiểm xã hội"),
        kinds=("news", "legal"),
        topics=("news:tien-luong", 'legal:"x"'),
        offset=20,
        limit=10,
    )

    # when
    backend().search(request)

    # then
    (sent,) = fake_meili.requests_to("POST", "/multi-search")
    base = f'audience IN ["*"] AND {WINDOW}'
    kinds = 'kind IN ["news", "legal"]'
    topics = 'topics IN ["news:tien-luong", "legal:\\"x\\""]'
    assert sent.body == {
        "queries": [
            {
                "indexUid": INDEX,
                "q": "bảo hiểm xã hội",
                "filter": f"{base} AND {kinds} AND {topics}",
                "offset": 20,
                "limit": 10,
                "attributesToRetrieve": ["id"],
                "facets": ["kind"],
            },
            {
                "indexUid": INDEX,
                "q": "bảo hiểm xã hội",
                "filter": f"{base} AND {topics}",
                "limit": 0,
                "facets": ["kind"],
            },
            {
                "indexUid": INDEX,
                "q": "bảo hiểm xã hội",
                "filter": f"{base} AND {kinds}",
                "limit": 0,
                "facets": ["topics"],
            },
        ],
        "federation": None,
    }


@pytest.mark.django_db
def test_a_member_search_addresses_their_union_and_its_ancestors_and_filters_organisation_and_dates(
    fake_meili, tree
):
    # given
    tree["kcn"].refresh_from_db()
    request = SearchRequest(
        viewer=member_viewer(tree["vsip"]),
        query=parse(""),
        organisation_path=tree["kcn"].path,
        date_from=datetime(2026, 1, 1, tzinfo=UTC),
        date_to=datetime(2026, 6, 30, tzinfo=UTC),
    )

    # when
    backend().search(request)

    # then
    (sent,) = fake_meili.requests_to("POST", "/multi-search")
    audience = f'audience IN ["*", {tree["root"].pk}, {tree["kcn"].pk}, {tree["vsip"].pk}]'
    base = (
        f"{audience} AND {WINDOW} AND organisation_lineage = {tree['kcn'].pk} "
        "AND date >= 1767225600 AND date <= 1782777600"
    )
    assert sent.body["queries"] == [
        {
            "indexUid": INDEX,
            "q": "",
            "filter": base,
            "offset": 0,
            "limit": 20,
            "attributesToRetrieve": ["id"],
            "facets": ["kind"],
            "sort": ["date:desc"],
        },
        {"indexUid": INDEX, "q": "", "filter": base, "limit": 0, "facets": ["kind"]},
        {"indexUid": INDEX, "q": "", "filter": base, "limit": 0, "facets": ["topics"]},
    ]


@pytest.mark.django_db
def test_a_date_range_without_a_start_leaves_out_documents_without_a_date(fake_meili):
    # given
    request = SearchRequest(
        viewer=Viewer.anonymous(), query=parse("x"), date_to=datetime(2026, 6, 30, tzinfo=UTC)
    )

    # when
    filters = backend().base_filters(request)

    # then
    assert filters == [
        'audience IN ["*"]',
        f"visible_from <= {NOW_TS}",
        f"visible_until > {NOW_TS}",
        f"date > {NO_DATE}",
        "date <= 1782777600",
    ]


@pytest.mark.django_db
def test_an_organisation_that_does_not_exist_matches_no_document(fake_meili):
    # given
    request = SearchRequest(viewer=Viewer.anonymous(), query=parse("x"), organisation_path="ZZZZ")

    # when
    filters = backend().base_filters(request)

    # then
    assert filters[-1] == "organisation_lineage = -1"


@pytest.mark.django_db
def test_every_request_carries_the_api_key(fake_meili):
    # given
    request = SearchRequest(viewer=Viewer.anonymous(), query=parse("lương"))

    # when
    backend().search(request)

    # then
    assert [r.headers["Authorization"] for r in fake_meili.requests] == [f"Bearer {API_KEY}"]


# --- What comes back ------------------------------------------------------------------------


@pytest.mark.django_db
def test_hits_are_read_back_from_the_database_in_meilisearchs_order_and_hidden_ones_are_left_out(
    fake_meili, tree
):
    # given
    make_document("news", 1, "Tăng lương tối thiểu vùng", summary="Mức lương mới từ 1/7")
    make_document("news", 2, "Lương tháng 13 của CĐCS Luxshare", audience=(tree["vsip"].pk,))
    make_document("news", 3, "Lương đã gỡ", deleted=True, needs_sync=True)
    make_document("job", 4, "Tuyển công nhân, lương 9 triệu")
    make_document("news", 5, "Lương hưu chưa đến giờ", visible_from=datetime(2027, 1, 1, tzinfo=UTC))
    # A stale index still holds all of them, and a document the database no longer has.
    fake_meili.hits = ["job-4", "news-2", "news-3", "news-9", "news-5", "news-1"]
    request = SearchRequest(viewer=Viewer.anonymous(), query=parse("lương"))

    # when
    results = backend().search(request)

    # then
    assert [hit.document.key for hit in results.hits] == ["job-4", "news-1"]
    assert [hit.title_html for hit in results.hits] == [
        "Tuyển công nhân, <mark>lương</mark> 9 triệu",
        "Tăng <mark>lương</mark> tối thiểu vùng",
    ]
    assert results.backend == "meilisearch"


@pytest.mark.django_db
def test_a_member_sees_the_hit_addressed_to_their_union(fake_meili, tree):
    # given
    make_document("news", 2, "Lương tháng 13 của CĐCS Luxshare", audience=(tree["vsip"].pk,))
    fake_meili.hits = ["news-2"]

    # when
    member = backend().search(SearchRequest(viewer=member_viewer(tree["vsip"]), query=parse("lương")))
    other = backend().search(SearchRequest(viewer=member_viewer(tree["thpt"]), query=parse("lương")))

    # then
    assert [hit.document.key for hit in member.hits] == ["news-2"]
    assert other.hits == []


@pytest.mark.django_db
def test_totals_and_facets_come_from_meilisearchs_facet_counts(fake_meili):
    # given
    make_document("news", 1, "Tin", topics=(("news:tien-luong", "Tiền lương"),))
    make_document("legal", 2, "Tư vấn", topics=(("legal:bhxh", "Bảo hiểm xã hội"),))
    store(
        fake_meili,
        {"id": "news-1", "kind": "news", "topics": ["news:tien-luong"]},
        {"id": "legal-2", "kind": "legal", "topics": ["legal:bhxh"]},
        {"id": "news-7", "kind": "news", "topics": ["news:tien-luong", "news:su-kien"]},
    )

    # when
    results = backend().search(SearchRequest(viewer=Viewer.anonymous(), query=parse("x"), limit=1))

    # then
    assert results.total == 3
    assert [hit.document.key for hit in results.hits] == ["news-1"]
    assert results.kinds == [Facet("news", kind_label("news"), 2), Facet("legal", kind_label("legal"), 1)]
    assert results.topics == [
        Facet("news:tien-luong", "Tiền lương", 2),
        Facet("legal:bhxh", "Bảo hiểm xã hội", 1),
        Facet("news:su-kien", "news:su-kien", 1),
    ]


# --- Errors ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_error_answer_is_backend_unavailable(fake_meili):
    # given
    fake_meili.fail(500, "internal", "Meilisearch lỗi nội bộ")

    # when
    with pytest.raises(BackendUnavailable) as raised:
        backend().search(SearchRequest(viewer=Viewer.anonymous(), query=parse("lương")))

    # then
    assert "Meilisearch lỗi nội bộ" in str(raised.value)


@pytest.mark.django_db
def test_a_wrong_api_key_is_backend_unavailable(fake_meili, settings):
    # given
    settings.MEILISEARCH_API_KEY = "sai-khoa"

    # when / then
    with pytest.raises(BackendUnavailable):
        backend().search(SearchRequest(viewer=Viewer.anonymous(), query=parse("lương")))


@pytest.mark.django_db
def test_an_answer_later_than_the_timeout_is_backend_unavailable(fake_meili):
    # given
    fake_meili.hang(5)

    # when / then
    with pytest.raises(BackendUnavailable):
        backend(timeout=0.2).search(SearchRequest(viewer=Viewer.anonymous(), query=parse("lương")))


@pytest.mark.django_db
def test_a_refused_connection_is_backend_unavailable(fake_meili):
    # given
    fake_meili.stop()

    # when / then
    with pytest.raises(BackendUnavailable):
        backend().search(SearchRequest(viewer=Viewer.anonymous(), query=parse("lương")))


@pytest.mark.django_db
def test_search_answers_from_the_database_when_meilisearch_errors(fake_meili, tree):
    # given
    make_document("news", 1, "Tăng lương tối thiểu vùng")
    make_document("news", 2, "Lương tháng 13 của CĐCS Luxshare", audience=(tree["vsip"].pk,))
    make_document("news", 3, "Hội thao công nhân")
    fake_meili.fail(503, "internal", "Meilisearch đang khởi động")
    request = SearchRequest(viewer=Viewer.anonymous(), query=parse("luong"))

    # when
    results = search(request)

    # then
    assert len(fake_meili.requests_to("POST", "/multi-search")) == 1
    assert results.backend == "database"
    assert results.total == 1
    assert [hit.document.key for hit in results.hits] == ["news-1"]


@pytest.mark.django_db
def test_search_asks_meilisearch_when_nothing_waits_to_be_synced(fake_meili):
    # given
    make_document("news", 1, "Tăng lương tối thiểu vùng")
    fake_meili.hits = ["news-1"]

    # when
    results = search(SearchRequest(viewer=Viewer.anonymous(), query=parse("luong")))

    # then
    assert results.backend == "meilisearch"
    assert [hit.document.key for hit in results.hits] == ["news-1"]


# --- Documents and settings -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_document_carries_its_audience_lineage_topics_and_times_as_numbers(tree):
    # given
    tree["kcn"].refresh_from_db()
    row = make_document(
        "news",
        12,
        "Công đoàn KCN tổ chức hội thao",
        summary="Tóm tắt",
        body="Nội dung",
        audience=(tree["hoa_sen"].pk, tree["vsip"].pk),
        topics=(("news:the-thao", "Thể thao"), ("news:su-kien", "Sự kiện")),
        date=datetime(2026, 11, 1, tzinfo=UTC),
        visible_from=datetime(2026, 10, 1, tzinfo=UTC),
        organisation_id=tree["kcn"].pk,
        organisation_path=tree["kcn"].path,
        path="/tin-tuc/hoi-thao/",
    )
    everyone = make_document("announcement", 3, "Thông báo")

    # when
    sent = documents([row, everyone])

    # then
    assert sent == [
        {
            "id": "news-12",
            "kind": "news",
            "title": "Công đoàn KCN tổ chức hội thao",
            "summary": "Tóm tắt",
            "body": "Nội dung",
            "title_folded": "cong doan kcn to chuc hoi thao",
            "text_folded": "cong doan kcn to chuc hoi thao tom tat noi dung",
            "topics": ["news:su-kien", "news:the-thao"],
            "organisation_lineage": [tree["root"].pk, tree["kcn"].pk],
            "audience": sorted([tree["hoa_sen"].pk, tree["vsip"].pk]),
            "visible_from": 1790812800,
            "visible_until": NEVER,
            "date": 1793491200,
            "path": "/tin-tuc/hoi-thao/",
        },
        {
            "id": "announcement-3",
            "kind": "announcement",
            "title": "Thông báo",
            "summary": "",
            "body": "",
            "title_folded": "thong bao",
            "text_folded": "thong bao",
            "topics": [],
            "organisation_lineage": [],
            "audience": ["*"],
            "visible_from": 0,
            "visible_until": NEVER,
            "date": NO_DATE,
            "path": "",
        },
    ]


@pytest.mark.django_db
def test_configure_creates_the_index_and_applies_the_settings_with_synonyms_both_ways(fake_meili):
    # when
    name = configure(sleep=lambda seconds: None)

    # then
    assert name == INDEX
    assert [(r.method, r.path, r.body) for r in fake_meili.requests if r.method != "GET"] == [
        ("POST", "/indexes", {"uid": INDEX, "primaryKey": "id"}),
        ("PATCH", f"/indexes/{INDEX}/settings", fake_meili.settings(INDEX)),
    ]
    applied = fake_meili.settings(INDEX)
    assert {key: value for key, value in applied.items() if key != "synonyms"} == {
        "searchableAttributes": ["title", "summary", "body", "title_folded", "text_folded"],
        "filterableAttributes": [
            "kind",
            "topics",
            "audience",
            "organisation_lineage",
            "visible_from",
            "visible_until",
            "date",
        ],
        "sortableAttributes": ["date"],
        "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness", "date:desc"],
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
            "disableOnAttributes": [],
        },
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": 1000},
    }
    assert applied["synonyms"] == synonyms()
    assert applied["synonyms"]["bhxh"] == ["bảo hiểm xã hội", "bao hiem xa hoi"]
    assert applied["synonyms"]["bảo hiểm xã hội"] == ["bhxh", "bao hiem xa hoi"]
    assert applied["synonyms"]["bao hiem xa hoi"] == ["bhxh", "bảo hiểm xã hội"]
    assert applied["synonyms"]["cđcs"] == ["cdcs", "công đoàn cơ sở", "cong doan co so"]


@pytest.mark.django_db
def test_configure_again_keeps_the_existing_index_and_applies_the_settings(fake_meili):
    # given
    configure(sleep=lambda seconds: None)

    # when
    configure(sleep=lambda seconds: None)

    # then
    assert len(fake_meili.requests_to("POST", "/indexes")) == 2
    assert len(fake_meili.requests_to("PATCH", f"/indexes/{INDEX}/settings")) == 2


def test_the_accented_synonyms_fold_back_to_the_shared_list():
    # when / then
    assert accented_forms_fold_back() == []


# --- The contract suite's real server -------------------------------------------------------


def test_the_real_server_fixture_is_skipped_without_meilisearch_url(request, monkeypatch):
    # given
    monkeypatch.delenv("MEILISEARCH_URL", raising=False)

    # when
    with pytest.raises(pytest.skip.Exception) as skipped:
        request.getfixturevalue("real_meilisearch")

    # then
    assert skipped.value.msg == NO_SERVER
    assert NO_SERVER == (
        "No Meilisearch server: none can be installed on these machines (no package in Debian's, "
        "PyPI's or npm's registries, no Docker); set MEILISEARCH_URL to run the contract suite "
        "against a real server."
    )
