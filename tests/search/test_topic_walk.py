"""A topic filter walks its topic's rows newest first: each topic row carries its document's date.

The database backend finds the page of a search with one topic filter by reading that topic's
rows in date order (``search_topic_date``) and looking each one up among the documents the viewer
may find (search.backends.database). So a topic row's date must be its document's, whatever
changed the date, and the hits, their order and the counts must be what sorting every match
would give. The caps are made small so that a handful of pages takes the walk; the real caps
sort every match at once, the reference. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cms.core.visibility import Viewer
from search.models import SearchDocument, SearchTopic
from tests.content_factories import hide, make_legal_scenario, make_legal_topic, make_news
from tests.search.conftest_meili import make_document
from tests.search.database_helpers import find, titles

pytestmark = pytest.mark.django_db


def viewer_of(organisation) -> Viewer:
    organisation.refresh_from_db()
    return Viewer(organisation_paths=tuple(organisation.ancestor_paths()), is_authenticated=True)


def category(slug: str, name: str):
    from cms.news.models import NewsCategory

    return NewsCategory.objects.create(slug=slug, name=name)


def topic_dates(page, kind: str = "news") -> set:
    document = SearchDocument.objects.get(kind=kind, object_id=page.pk)
    return {document.date, *SearchTopic.objects.filter(document=document).values_list("date", flat=True)}


def test_topic_rows_carry_their_documents_date_and_follow_it(tree):
    # given: a news item in a category, published on 1 March
    policy = category("chinh-sach", "Chính sách")
    page = make_news(tree["root"], "Tăng lương tối thiểu vùng", day=date(2026, 3, 1), categories=[policy])
    (published,) = topic_dates(page)
    # when: republished with another date
    page.date = date(2026, 5, 1)
    page.save_revision().publish()
    # then: its topic row has the new date, the document's
    (republished,) = topic_dates(page)
    assert timezone.localtime(published).date() == date(2026, 3, 1)
    assert timezone.localtime(republished).date() == date(2026, 5, 1)


@pytest.mark.parametrize("total_cap", [1000, 2])
def test_a_topic_filter_ranks_by_the_date_a_document_has_now(tree, caps, total_cap):
    # given: three news items in a category, one outside it (newer), and then the oldest one
    # republished as the newest; the caps make the small set "broad" (walked) or not
    caps(total=total_cap, facet=1)
    policy = category("chinh-sach", "Chính sách")
    oldest = make_news(tree["root"], "Lương tháng một", day=date(2026, 1, 1), categories=[policy])
    make_news(tree["root"], "Lương tháng hai", day=date(2026, 2, 1), categories=[policy])
    make_news(tree["root"], "Lương tháng ba", day=date(2026, 3, 1), categories=[policy])
    make_news(tree["root"], "Lương ngoài chuyên mục", day=date(2026, 6, 1))
    oldest.title = "Lương tháng một, cập nhật"
    oldest.date = date(2026, 4, 1)
    oldest.save_revision().publish()
    # when
    results = find("luong", topics=("news:chinh-sach",), limit=2)
    following = find("luong", topics=("news:chinh-sach",), offset=1, limit=2)
    # then: newest first by the date each has now; only the category's; pages follow on
    assert titles(results) == ["Lương tháng một, cập nhật", "Lương tháng ba"]
    assert titles(following) == ["Lương tháng ba", "Lương tháng hai"]
    assert (results.total, results.total_is_exact) == ((3, True) if total_cap > 3 else (2, False))


@pytest.mark.parametrize("total_cap", [1000, 2])
def test_a_topic_filter_ranks_title_matches_first_then_newest(tree, caps, total_cap):
    # given: a legal scenario's date is its last publication, so creation order is date order
    caps(total=total_cap, facet=1)
    wages = make_legal_topic("Tiền lương", "tien-luong")
    other = make_legal_topic("Bảo hiểm", "bao-hiem")
    make_legal_scenario(tree["root"], "Trả lương làm thêm giờ", topics=[wages])
    make_legal_scenario(tree["root"], "Nghỉ ca đêm", topics=[wages], answer="<p>Trả lương ca đêm.</p>")
    make_legal_scenario(tree["root"], "Trả lương ngừng việc", topics=[wages])
    make_legal_scenario(tree["root"], "Trả lương khi nghỉ ốm", topics=[other])
    make_legal_scenario(tree["root"], "Nghỉ phép năm", topics=[wages], answer="<p>Trả lương ngày nghỉ.</p>")
    # when
    results = find("tra luong", topics=("legal:tien-luong",), limit=10)
    # then: title matches first (newest first), then the rest (newest first)
    assert titles(results) == [
        "Trả lương ngừng việc",
        "Trả lương làm thêm giờ",
        "Nghỉ phép năm",
        "Nghỉ ca đêm",
    ]


@pytest.mark.parametrize("total_cap", [1000, 2])
def test_a_topic_filter_walks_only_what_the_viewer_may_find(tree, caps, total_cap):
    # given: a category's news for everyone, for one union, expired, and of another organisation
    caps(total=total_cap, facet=1)
    policy = category("chinh-sach", "Chính sách")
    for n in range(3):
        make_news(
            tree["root"],
            f"Lương công khai {n}",
            day=date(2026, 1, 1) + timedelta(days=n),
            categories=[policy],
        )
    make_news(
        tree["kcn"], "Lương riêng KCN", day=date(2026, 6, 1), categories=[policy], audience=[tree["kcn"]]
    )
    hide(make_news(tree["root"], "Lương hết hạn", day=date(2026, 7, 1), categories=[policy]), "expired")
    # when
    anonymous = find("luong", topics=("news:chinh-sach",), limit=10)
    member = find("luong", viewer_of(tree["vsip"]), topics=("news:chinh-sach",), limit=10)
    mine = find(
        "luong", viewer_of(tree["vsip"]), topics=("news:chinh-sach",), organisation_path=tree["kcn"].path
    )
    # then
    public = ["Lương công khai 2", "Lương công khai 1", "Lương công khai 0"]
    assert titles(anonymous) == public
    assert titles(member) == ["Lương riêng KCN", *public]
    assert titles(mine) == ["Lương riêng KCN"]


@pytest.mark.parametrize("total_cap", [1000, 2])
def test_several_topics_find_a_document_with_both_once(tree, caps, total_cap):
    # given
    caps(total=total_cap, facet=1)
    policy = category("chinh-sach", "Chính sách")
    life = category("doi-song", "Đời sống")
    make_news(tree["root"], "Lương và nhà trọ", day=date(2026, 3, 1), categories=[policy, life])
    make_news(tree["root"], "Lương tối thiểu", day=date(2026, 2, 1), categories=[policy])
    make_news(tree["root"], "Lương tháng mười ba", day=date(2026, 1, 1), categories=[life])
    # when
    results = find("luong", topics=("news:chinh-sach", "news:doi-song"), limit=10)
    # then
    assert titles(results) == ["Lương và nhà trọ", "Lương tối thiểu", "Lương tháng mười ba"]


def test_an_empty_query_with_a_topic_lists_the_topic_newest_first(tree, caps):
    # given
    caps(total=2, facet=1)
    policy = category("chinh-sach", "Chính sách")
    for n in range(4):
        make_news(
            tree["root"], f"Tin chính sách {n}", day=date(2026, 1, 1) + timedelta(days=n), categories=[policy]
        )
    make_news(tree["root"], "Tin khác", day=date(2026, 9, 1))
    # when
    results = find("", topics=("news:chinh-sach",), limit=3)
    # then
    assert titles(results) == ["Tin chính sách 3", "Tin chính sách 2", "Tin chính sách 1"]


def test_the_migration_fills_the_topic_rows_date_from_their_document():
    # given: documents whose topic rows have no date yet, as before migration 0004
    from datetime import UTC, datetime

    when = datetime(2026, 3, 1, 8, tzinfo=UTC)
    dated = make_document("news", 1, "Tin có ngày", date=when, topics=(("news:a", "A"), ("news:b", "B")))
    undated = make_document("news", 2, "Tin không ngày", topics=(("news:a", "A"),))
    SearchTopic.objects.update(date=None)
    migration = importlib.import_module("search.migrations.0004_topic_date")

    class Editor:  # what the migration's function uses of a schema editor
        def __init__(self) -> None:
            self.connection = connection

        def execute(self, sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

    # when
    migration.backfill(Editor())
    # then
    assert set(SearchTopic.objects.filter(document=dated).values_list("date", flat=True)) == {when}
    assert list(SearchTopic.objects.filter(document=undated).values_list("date", flat=True)) == [None]
