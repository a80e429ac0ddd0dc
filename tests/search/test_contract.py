"""The backend contract: what every search backend answers, run against each one that can run.

The database backend runs always (SQLite FTS5 on the embedded default, PostgreSQL full-text on
CI's second run). Meilisearch runs only where a real server is given by ``MEILISEARCH_URL``:
none can be installed on these machines, and a fake server is not Meilisearch.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from cms.core.visibility import Viewer
from search.backends.database import DatabaseBackend
from search.parsing import parse
from search.results import NO_ORGANISATION_PATH, SearchRequest
from tests.content_factories import (
    hide,
    make_benefit,
    make_job,
    make_legal_scenario,
    make_legal_topic,
    make_news,
)
from tests.factories import make_child
from tests.search.conftest_meili import real_meilisearch_fixture  # noqa: F401


class DatabaseSearch:
    name = "database"

    def search(self, request: SearchRequest):
        return DatabaseBackend().search(request)


class MeilisearchSearch:
    """A real Meilisearch server (an index of the test's own): the stored documents are pushed
    to it before each search."""

    name = "meilisearch"

    def __init__(self, server) -> None:
        self.server = server

    def search(self, request: SearchRequest):
        self.server.push()
        return self.server.backend.search(request)


@pytest.fixture(params=["database", "meilisearch"])
def backend(request, db):
    if request.param == "database":
        return DatabaseSearch()
    # Skipped, saying why, unless MEILISEARCH_URL names a real server (tests/search/conftest_meili.py).
    return MeilisearchSearch(request.getfixturevalue("real_meilisearch"))


def find(backend, text: str = "", viewer: Viewer | None = None, **filters):
    request = SearchRequest(viewer=viewer or Viewer.anonymous(), query=parse(text), **filters)
    return backend.search(request)


def titles(results) -> list[str]:
    return [hit.document.title for hit in results.hits]


def viewer_of(organisation) -> Viewer:
    organisation.refresh_from_db()  # siblings sort by name: a later sibling may have moved it
    return Viewer(
        organisation_paths=tuple(organisation.ancestor_paths()), is_authenticated=True, user_id=None
    )


# --- Vietnamese ------------------------------------------------------------------------


def test_words_without_accents_find_accented_text(backend, tree):
    # given
    make_news(tree["root"], "Công đoàn cơ sở tổ chức Tết Sum vầy")
    make_news(tree["root"], "Hội nghị người lao động")
    # when
    results = find(backend, "cong doan")
    # then
    assert titles(results) == ["Công đoàn cơ sở tổ chức Tết Sum vầy"]
    assert results.total == 1


def test_d_with_stroke_folds_to_d(backend, tree):
    # given
    make_news(tree["root"], "Công nhân đình công vì chậm trả lương")
    make_news(tree["root"], "Hội thi an toàn vệ sinh lao động")
    # when / then
    assert titles(find(backend, "dinh cong")) == ["Công nhân đình công vì chậm trả lương"]
    assert titles(find(backend, "ĐÌNH CÔNG")) == ["Công nhân đình công vì chậm trả lương"]


def test_accented_query_ranks_exact_diacritics_first(backend, tree):
    # given: "đình công" (strike) and "định công" / "Đinh Công" fold to the same words
    make_news(tree["root"], "Ông Đinh Công Minh nhận Bằng khen", day=date(2026, 11, 20))
    make_news(tree["root"], "Xác định công việc phải làm khi ngừng việc", day=date(2026, 11, 25))
    make_news(tree["root"], "Giải quyết tranh chấp, không để xảy ra đình công", day=date(2026, 11, 1))
    # when
    accented = find(backend, "đình công")
    folded = find(backend, "dinh cong")
    # then: all three match; typed accents put the exact word first
    assert accented.total == folded.total == 3
    assert titles(accented)[0] == "Giải quyết tranh chấp, không để xảy ra đình công"


def test_the_word_being_typed_matches_as_a_prefix(backend, tree):
    # given
    make_news(tree["root"], "Tăng lương tối thiểu vùng từ năm 2026")
    make_news(tree["root"], "Hội thao công nhân")
    # when / then
    assert titles(find(backend, "tối thiểu lươ")) == ["Tăng lương tối thiểu vùng từ năm 2026"]
    assert titles(find(backend, "luo")) == ["Tăng lương tối thiểu vùng từ năm 2026"]
    # a finished word (followed by a space) is a whole word
    assert titles(find(backend, "luo ")) == []


@pytest.mark.parametrize(
    ("abbreviation", "phrase", "title"),
    [
        ("BHXH", "bảo hiểm xã hội", "Hướng dẫn rút bảo hiểm xã hội một lần"),
        ("CĐCS", "công đoàn cơ sở", "Đại hội công đoàn cơ sở nhiệm kỳ 2025–2030"),
        ("HĐLĐ", "hợp đồng lao động", "Ký hợp đồng lao động lần thứ ba"),
        ("LĐLĐ", "liên đoàn lao động", "Liên đoàn Lao động tỉnh thăm công nhân"),
        ("TƯLĐTT", "thỏa ước lao động tập thể", "Thương lượng thỏa ước lao động tập thể ngành dệt may"),
    ],
)
def test_abbreviations_and_what_they_stand_for_find_each_other(backend, tree, abbreviation, phrase, title):
    # given: one page says it in full, one page uses the abbreviation
    make_news(tree["root"], title)
    make_news(tree["root"], f"Hỏi đáp về {abbreviation} cho người lao động")
    make_news(tree["root"], "Hội thao công nhân khu công nghiệp")
    # when
    by_abbreviation = set(titles(find(backend, abbreviation)))
    by_phrase = set(titles(find(backend, phrase)))
    # then
    assert by_abbreviation == by_phrase == {title, f"Hỏi đáp về {abbreviation} cho người lao động"}


# --- Who finds what ----------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "private"])
def test_hidden_pages_are_in_no_hit_and_no_count(backend, tree, state):
    # given
    make_news(tree["root"], "Tin công khai về Tết Sum vầy")
    hidden = make_news(tree["root"], "Tin ẩn về Tết Sum vầy", live=state != "draft")
    if state != "draft":
        hide(hidden, state)
    # when
    results = find(backend, "Tết Sum vầy")
    empty_query = find(backend, "")
    # then
    assert titles(results) == ["Tin công khai về Tết Sum vầy"]
    assert results.total == 1
    assert [(facet.value, facet.count) for facet in results.kinds] == [("news", 1)]
    assert "Tin ẩn về Tết Sum vầy" not in titles(empty_query)
    assert empty_query.total == 1


def test_audience_decides_hits_and_counts_for_each_viewer(backend, tree):
    # given: one page for everyone, one for the industrial-zone union's subtree, one for a school
    make_news(tree["root"], "Tết Sum vầy cho mọi đoàn viên")
    make_news(tree["kcn"], "Tết Sum vầy khu công nghiệp", audience=[tree["kcn"]])
    make_news(tree["gd"], "Tết Sum vầy ngành giáo dục", audience=[tree["thpt"]])
    # when
    anonymous = find(backend, "Tết Sum vầy")
    factory_worker = find(backend, "Tết Sum vầy", viewer_of(tree["vsip"]))
    teacher = find(backend, "Tết Sum vầy", viewer_of(tree["thpt"]))
    # then
    assert set(titles(anonymous)) == {"Tết Sum vầy cho mọi đoàn viên"}
    assert set(titles(factory_worker)) == {"Tết Sum vầy cho mọi đoàn viên", "Tết Sum vầy khu công nghiệp"}
    assert set(titles(teacher)) == {"Tết Sum vầy cho mọi đoàn viên", "Tết Sum vầy ngành giáo dục"}
    assert (anonymous.total, factory_worker.total, teacher.total) == (1, 2, 2)
    assert [facet.count for facet in factory_worker.kinds] == [2]


def test_topic_facets_count_only_what_the_viewer_may_see(backend, tree):
    # given
    wages = make_legal_topic("Tiền lương", "tien-luong")
    make_legal_scenario(tree["root"], "Trả lương làm thêm giờ", topics=[wages])
    make_legal_scenario(tree["kcn"], "Trả lương ngừng việc", topics=[wages], audience=[tree["kcn"]])
    # when
    anonymous = find(backend, "lương")
    worker = find(backend, "lương", viewer_of(tree["hoa_sen"]))
    # then
    assert [(f.value, f.label, f.count) for f in anonymous.topics] == [("legal:tien-luong", "Tiền lương", 1)]
    assert [(f.value, f.count) for f in worker.topics] == [("legal:tien-luong", 2)]


# --- Filters, facets, paging --------------------------------------------------------------


def test_filters_by_type_topic_organisation_and_date(backend, tree):
    # given
    shifts = make_legal_topic("Giờ làm việc", "gio-lam-viec")
    make_news(tree["kcn"], "Công nhân làm ca đêm được hỗ trợ", day=date(2026, 3, 1))
    make_news(tree["gd"], "Giáo viên làm ca chiều", day=date(2025, 3, 1))
    make_legal_scenario(tree["root"], "Làm ca đêm được trả lương thế nào?", topics=[shifts])
    make_job(tree["vsip"], "Công nhân làm ca xoay vòng")
    # when / then
    assert set(titles(find(backend, "ca", kinds=("news",)))) == {
        "Công nhân làm ca đêm được hỗ trợ",
        "Giáo viên làm ca chiều",
    }
    assert titles(find(backend, "ca", topics=("legal:gio-lam-viec",))) == [
        "Làm ca đêm được trả lương thế nào?"
    ]
    # published by the industrial-zone union or a union below it
    assert set(titles(find(backend, "ca", organisation_path=tree["kcn"].path))) == {
        "Công nhân làm ca đêm được hỗ trợ",
        "Công nhân làm ca xoay vòng",
    }
    since_2026 = timezone.make_aware(datetime(2026, 1, 1))
    until_2025 = timezone.make_aware(datetime(2025, 12, 31, 23, 59))
    assert "Giáo viên làm ca chiều" not in titles(find(backend, "ca", date_from=since_2026))
    assert titles(find(backend, "ca", kinds=("news",), date_to=until_2025)) == ["Giáo viên làm ca chiều"]


def test_type_facets_ignore_the_type_filter(backend, tree):
    # given
    make_news(tree["root"], "Mái ấm Công đoàn trao nhà")
    make_benefit(tree["root"], "Mái ấm Công đoàn")
    # when
    results = find(backend, "mái ấm", kinds=("benefit",))
    # then: one hit, and the facet still says a news item is there to choose
    assert titles(results) == ["Mái ấm Công đoàn"]
    assert [(facet.value, facet.count) for facet in results.kinds] == [("news", 1), ("benefit", 1)]


def test_filter_values_that_do_not_exist_find_nothing(backend, tree):
    # given
    make_news(tree["root"], "Tết Sum vầy")
    # when / then
    assert find(backend, "tet", topics=("legal:khong-co",)).total == 0
    assert find(backend, "tet", organisation_path=NO_ORGANISATION_PATH).total == 0
    assert find(backend, "tet", kinds=("nothing",)).total == 0


def test_pages_through_hits_without_repeats(backend, tree):
    # given
    for n in range(7):
        make_news(tree["root"], f"Hội nghị người lao động số {n}", day=date(2026, 1, 1) + timedelta(days=n))
    # when
    pages = [find(backend, "hoi nghi", offset=offset, limit=3) for offset in (0, 3, 6)]
    # then
    seen = [title for page in pages for title in titles(page)]
    assert len(seen) == 7 == len(set(seen))
    assert {page.total for page in pages} == {7}


def test_empty_query_lists_newest_first(backend, tree):
    # given
    make_news(tree["root"], "Cũ", day=date(2025, 1, 1))
    make_news(tree["root"], "Mới", day=date(2026, 6, 1))
    # when / then
    assert titles(find(backend, "   ")) == ["Mới", "Cũ"]


@pytest.mark.parametrize(
    "text", ["x" * 10_000, '"); DROP TABLE search_fts; --', "NEAR(a b) OR * ^", "a:* & !b | (c", "zz\x00qq"]
)
def test_any_text_is_a_search_never_an_error(backend, tree, text):
    # given
    make_news(tree["root"], "Tết Sum vầy")
    # when
    results = find(backend, text)
    # then: the query language of no backend sees the text; nothing matches these words
    assert results.total == 0
    assert results.hits == []


@pytest.mark.parametrize("text", ["\u200b😀", "%_\\", "...", "\t\n"])
def test_text_without_words_lists_like_an_empty_query(backend, tree, text):
    # given
    make_news(tree["root"], "Tết Sum vầy")
    # when / then
    assert titles(find(backend, text)) == ["Tết Sum vầy"]


def test_highlights_mark_matches_in_the_accented_text(backend, tree):
    # given
    make_news(
        tree["root"], "Công đoàn <b>hỗ trợ</b> đoàn viên", summary="Đoàn viên được hỗ trợ 2 triệu đồng."
    )
    # when
    hit = find(backend, "ho tro").hits[0]
    # then
    assert hit.title_html == "Công đoàn &lt;b&gt;<mark>hỗ trợ</mark>&lt;/b&gt; đoàn viên"
    assert hit.snippet_html == "Đoàn viên được <mark>hỗ trợ</mark> 2 triệu đồng."


def test_moved_union_keeps_finding_what_its_new_parent_addresses(backend, tree):
    # given: a page addressed to the education union, and a union moved under it
    from cms.organisations import services

    make_news(tree["gd"], "Hội giảng giáo viên dạy giỏi", audience=[tree["gd"]])
    moved = make_child(tree["kcn"], "Công đoàn Trường Cao đẳng Kỹ thuật", "grassroots", "cdcs-cd-kt")
    assert find(backend, "hoi giang", viewer_of(moved)).total == 0
    # when
    services.reparent(moved, tree["gd"])
    moved.refresh_from_db()
    # then
    assert titles(find(backend, "hoi giang", viewer_of(moved))) == ["Hội giảng giáo viên dạy giỏi"]
