"""search_configure, search_sync and search_status, against the FAKE HTTP API of
tests/search/meili_fake.py (or none)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from search.management.commands import search_status, search_sync
from search.models import SearchDocument
from search.settings_meilisearch import index_settings
from tests.search.conftest_meili import INDEX, fake_meili_fixture, make_document  # noqa: F401 - fixture

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def run(*args, **options) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=out, **options)
    return out.getvalue()


# --- search_configure -----------------------------------------------------------------------


@pytest.mark.django_db
def test_configure_needs_meilisearch_url(settings):
    # given
    settings.MEILISEARCH_URL = ""

    # when
    with pytest.raises(CommandError) as raised:
        run("search_configure")

    # then
    assert str(raised.value) == "MEILISEARCH_URL is not set: there is no Meilisearch to configure."


@pytest.mark.django_db
def test_configure_creates_the_index_and_applies_the_settings(fake_meili):
    # when
    output = run("search_configure")

    # then
    assert output == f"Meilisearch index {INDEX} is configured.\n"
    assert fake_meili.settings(INDEX) == index_settings()


@pytest.mark.django_db
def test_configure_says_clearly_when_meilisearch_is_unreachable(fake_meili):
    # given
    fake_meili.stop()

    # when
    with pytest.raises(CommandError) as raised:
        run("search_configure")

    # then
    assert str(raised.value).startswith(f"Meilisearch at {fake_meili.url} did not answer: ")


@pytest.mark.django_db
def test_configure_says_when_a_meilisearch_task_fails(fake_meili):
    # given
    fake_meili.task_statuses = ["failed"]
    fake_meili.task_error = {
        "message": "Attribute `date` is not sortable.",
        "code": "invalid_settings_sortable_attributes",
        "type": "invalid_request",
        "link": "https://docs.meilisearch.com/errors#invalid_settings_sortable_attributes",
    }

    # when
    with pytest.raises(CommandError) as raised:
        run("search_configure")

    # then
    assert str(raised.value) == "Meilisearch refused the index settings: Attribute `date` is not sortable."


# --- search_sync ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sync_pushes_what_waits_and_says_what_it_did(fake_meili):
    # given
    make_document("news", 1, "Tin", needs_sync=True)
    make_document("news", 2, "Tin đã gỡ", needs_sync=True, deleted=True)

    # when
    output = run("search_sync")

    # then
    assert (
        output == "Search sync: 1 documents sent, 1 deleted, 0 failed, 0 changed meanwhile, 0 not listed.\n"
    )
    assert list(fake_meili.documents(INDEX)) == ["news-1"]
    assert list(SearchDocument.objects.values_list("kind", "object_id", "needs_sync")) == [("news", 1, False)]


@pytest.mark.django_db
def test_sync_prints_meilisearchs_errors(fake_meili):
    # given
    make_document("news", 1, "Tin", needs_sync=True)
    fake_meili.fail(500, "internal", "Hỏng")

    # when
    output = run("search_sync")

    # then
    assert output == (
        "Search sync: 0 documents sent, 0 deleted, 1 failed, 0 changed meanwhile, 0 not listed.\n"
        "Meilisearch error: MeilisearchApiError. Error code: internal. Error message: Hỏng "
        "Error documentation: https://docs.meilisearch.com/errors#internal Error type: internal\n"
    )


@pytest.mark.django_db
def test_sync_loops_every_interval(fake_meili, monkeypatch):
    # given
    slept = []
    monkeypatch.setattr(search_sync.Command, "sleep", staticmethod(slept.append))

    # when
    output = run("search_sync", "--loop", "--interval", "5", "--runs", "3")

    # then
    assert slept == [5.0, 5.0]
    assert output.count("Search sync: 0 documents sent") == 3


@pytest.mark.django_db
def test_sync_needs_meilisearch_url(settings):
    # given
    settings.MEILISEARCH_URL = ""

    # when
    with pytest.raises(CommandError) as raised:
        run("search_sync")

    # then
    assert str(raised.value) == "MEILISEARCH_URL is not set: search uses the database, nothing to sync."


# --- search_status --------------------------------------------------------------------------


def documents_in_every_state() -> None:
    make_document("news", 1, "Đã đồng bộ")
    make_document("news", 2, "Đang chờ", needs_sync=True)
    make_document("news", 3, "Lỗi", needs_sync=True, sync_failures=2)
    make_document("news", 4, "Đã gỡ", needs_sync=True, deleted=True)
    make_document("job", 5, "Việc làm")
    SearchDocument.objects.filter(object_id=3).update(
        updated_at=NOW - timedelta(hours=2, minutes=3, seconds=4)
    )
    SearchDocument.objects.filter(object_id__in=[2, 4]).update(updated_at=NOW - timedelta(seconds=75))


@pytest.mark.django_db
def test_status_counts_documents_per_kind_with_the_database_backend(settings, monkeypatch):
    # given
    settings.MEILISEARCH_URL = ""
    monkeypatch.setattr(search_status.Command, "clock", staticmethod(lambda: NOW))
    documents_in_every_state()

    # when
    output = run("search_status")

    # then
    assert output.splitlines() == [
        "kind            documents  pending  failed  tombstones  oldest pending",
        "job                     1        0       0           0  -",
        "news                    3        3       1           1  2h03m04s",
        "Backend: database",
    ]


@pytest.mark.django_db
def test_status_says_whether_meilisearch_answers(fake_meili, monkeypatch):
    # given
    monkeypatch.setattr(search_status.Command, "clock", staticmethod(lambda: NOW))
    documents_in_every_state()

    # when
    output = run("search_status")

    # then
    assert output.splitlines()[-3:] == [
        f"Backend: meilisearch ({fake_meili.url})",
        f"Index: {INDEX}",
        "Meilisearch answers: yes (available)",
    ]


@pytest.mark.django_db
def test_status_says_when_meilisearch_does_not_answer(fake_meili):
    # given
    fake_meili.stop()

    # when
    output = run("search_status")

    # then
    assert output.splitlines()[-1].startswith("Meilisearch answers: no (MeilisearchCommunicationError, ")
