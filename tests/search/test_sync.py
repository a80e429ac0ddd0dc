"""search.sync: pushing the stored documents that wait to Meilisearch (the FAKE HTTP API of
tests/search/meili_fake.py), in batches, with tombstones, failures and their backoff."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from search import indexing
from search import sync as sync_module
from search.documents import Built
from search.models import SearchAudience, SearchDocument
from search.sync import SyncReport, backoff, enqueue_sync, sync
from tests.search.conftest_meili import INDEX, fake_meili_fixture, make_document  # noqa: F401 - fixture
from tests.search.meili_fake import error_body

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
DOCUMENTS = f"/indexes/{INDEX}/documents"
DELETE = f"/indexes/{INDEX}/documents/delete-batch"


def no_sleep(seconds: float) -> None:
    pass


def pending(kind: str, object_id: int, title: str = "Tin", **fields) -> SearchDocument:
    return make_document(kind, object_id, title, needs_sync=True, **fields)


def row(document: SearchDocument) -> SearchDocument:
    return SearchDocument.objects.get(pk=document.pk)


@pytest.mark.django_db
def test_pending_documents_are_pushed_in_batches_and_marked_synced(fake_meili):
    # given
    documents = [pending("news", n, f"Tin số {n}") for n in (1, 2, 3)]

    # when
    report = sync(batch_size=2, now=NOW, sleep=no_sleep)

    # then
    assert [[doc["id"] for doc in r.body] for r in fake_meili.requests_to("POST", DOCUMENTS)] == [
        ["news-1", "news-2"],
        ["news-3"],
    ]
    assert [r.query for r in fake_meili.requests_to("POST", DOCUMENTS)] == [{"primaryKey": ["id"]}] * 2
    assert report == SyncReport(upserted=3)
    assert [(d.needs_sync, d.sync_failures, d.sync_error) for d in map(row, documents)] == [
        (False, 0, "")
    ] * 3
    assert sorted(fake_meili.documents(INDEX)) == ["news-1", "news-2", "news-3"]


@pytest.mark.django_db
def test_a_tombstone_is_deleted_from_meilisearch_then_from_the_database(fake_meili, tree):
    # given
    fake_meili.state.documents[INDEX] = {"news-4": {"id": "news-4"}, "news-5": {"id": "news-5"}}
    tombstone = pending("news", 4, audience=(tree["vsip"].pk,), deleted=True)

    # when
    report = sync(now=NOW, sleep=no_sleep)

    # then
    assert [r.body for r in fake_meili.requests_to("POST", DELETE)] == [["news-4"]]
    assert fake_meili.requests_to("POST", DOCUMENTS) == []
    assert report == SyncReport(deleted=1)
    assert not SearchDocument.objects.filter(pk=tombstone.pk).exists()
    assert not SearchAudience.objects.filter(document_id=tombstone.pk).exists()
    assert list(fake_meili.documents(INDEX)) == ["news-5"]


@pytest.mark.django_db
def test_a_failure_leaves_the_rows_pending_with_the_error_and_a_retry_time(fake_meili):
    # given
    document = pending("news", 1)
    fake_meili.fail(500, "internal", "Hỏng ổ đĩa")

    # when
    report = sync(now=NOW, sleep=no_sleep)

    # then
    message = (
        "MeilisearchApiError. Error code: internal. Error message: Hỏng ổ đĩa Error documentation: "
        "https://docs.meilisearch.com/errors#internal Error type: internal"
    )
    assert report == SyncReport(failed=1, errors=[message])
    document = row(document)
    assert (document.needs_sync, document.sync_failures, document.sync_error) == (True, 1, message)
    assert document.next_sync_at == NOW + timedelta(seconds=30)


@pytest.mark.django_db
def test_each_failure_in_a_row_doubles_the_wait(fake_meili):
    # given
    document = pending("news", 1)
    fake_meili.fail(500, "internal", "Hỏng")
    sync(now=NOW, sleep=no_sleep)

    # when
    sync(now=NOW + timedelta(seconds=30), sleep=no_sleep)

    # then
    document = row(document)
    assert document.sync_failures == 2
    assert document.next_sync_at == NOW + timedelta(seconds=30 + 60)


def test_the_wait_doubles_from_thirty_seconds_up_to_an_hour():
    # when
    waits = [backoff(failures).total_seconds() for failures in range(1, 11)]

    # then
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


@pytest.mark.django_db
def test_a_failed_task_counts_as_a_failure(fake_meili):
    # given
    document = pending("news", 1)
    fake_meili.task_statuses = ["processing", "failed"]
    fake_meili.task_error = error_body("Document identifier `news 1` is invalid.", "invalid_document_id")
    slept = []

    # when
    report = sync(now=NOW, sleep=slept.append)

    # then
    assert slept == [0.05]
    assert report == SyncReport(failed=1, errors=["Document identifier `news 1` is invalid."])
    document = row(document)
    assert (document.needs_sync, document.sync_failures) == (True, 1)
    assert document.sync_error == "Document identifier `news 1` is invalid."


@pytest.mark.django_db
def test_a_row_written_again_while_its_batch_was_in_flight_stays_pending(fake_meili):
    # given
    document = pending("news", 1, "Tin cũ")
    fake_meili.task_statuses = ["enqueued", "succeeded"]

    def written_meanwhile(seconds):
        changed = row(document)
        changed.title = "Tin mới"
        changed.save()  # updated_at moves on

    # when
    report = sync(now=NOW, sleep=written_meanwhile)

    # then
    assert report == SyncReport(unchanged=1)
    assert row(document).needs_sync is True
    assert [r.body[0]["title"] for r in fake_meili.requests_to("POST", DOCUMENTS)] == ["Tin cũ"]


@pytest.mark.django_db
def test_a_tombstone_brought_back_while_in_flight_is_kept(fake_meili):
    # given
    document = pending("news", 1, deleted=True)
    fake_meili.task_statuses = ["enqueued", "succeeded"]

    def republished_meanwhile(seconds):
        changed = row(document)
        changed.deleted = False
        changed.save()

    # when
    report = sync(now=NOW, sleep=republished_meanwhile)

    # then
    assert report == SyncReport(unchanged=1)
    document = row(document)
    assert (document.deleted, document.needs_sync) == (False, True)


@pytest.mark.django_db
def test_a_document_republished_through_indexing_while_in_flight_stays_pending(fake_meili):
    # given
    indexing._write("news", [(1, Built(title="Tin cũ"))])
    fake_meili.task_statuses = ["enqueued", "succeeded"]

    def republished_meanwhile(seconds):
        indexing._write("news", [(1, Built(title="Tin mới"))])

    # when
    sync(now=NOW, sleep=republished_meanwhile)

    # then
    assert SearchDocument.objects.get(kind="news", object_id=1).needs_sync is True


@pytest.mark.django_db
def test_rows_not_yet_due_are_left_for_later(fake_meili):
    # given
    document = pending("news", 1, sync_failures=1, next_sync_at=NOW + timedelta(seconds=1))

    # when
    report = sync(now=NOW, sleep=no_sleep)

    # then
    assert report == SyncReport()
    assert fake_meili.requests == []
    assert row(document).needs_sync is True


@pytest.mark.django_db
def test_rows_whose_time_has_come_are_pushed(fake_meili):
    # given
    document = pending("news", 1, sync_failures=1, next_sync_at=NOW)

    # when
    report = sync(now=NOW, sleep=no_sleep)

    # then
    assert report == SyncReport(upserted=1)
    assert (row(document).needs_sync, row(document).sync_failures) == (False, 0)


@pytest.mark.django_db
def test_unlisted_kinds_are_never_pushed(fake_meili):
    # given
    member = pending("member", 7, "Nguyễn Văn An")
    gone = pending("organisation", 8, "Công đoàn cũ", deleted=True)

    # when
    report = sync(now=NOW, sleep=no_sleep)

    # then
    assert fake_meili.requests == []
    assert report == SyncReport(skipped=2)
    assert row(member).needs_sync is False
    assert not SearchDocument.objects.filter(pk=gone.pk).exists()


@pytest.mark.django_db
def test_a_document_no_longer_listed_is_deleted_from_meilisearch_not_pushed(fake_meili):
    # given
    fake_meili.state.documents[INDEX] = {"news-1": {"id": "news-1"}}
    document = pending("news", 1, listed=False)

    # when
    sync(now=NOW, sleep=no_sleep)

    # then
    assert fake_meili.requests_to("POST", DOCUMENTS) == []
    assert [r.body for r in fake_meili.requests_to("POST", DELETE)] == [["news-1"]]
    assert row(document).needs_sync is False
    assert fake_meili.documents(INDEX) == {}


@pytest.mark.django_db
def test_when_meilisearch_is_unreachable_the_other_batches_wait_untouched(fake_meili):
    # given
    documents = [pending("news", n) for n in (1, 2, 3)]
    fake_meili.stop()

    # when
    report = sync(batch_size=2, now=NOW, sleep=no_sleep)

    # then
    assert report.failed == 2
    assert [(d.needs_sync, d.sync_failures) for d in map(row, documents)] == [(True, 1), (True, 1), (True, 0)]


@pytest.mark.django_db
def test_without_meilisearch_url_sync_does_nothing(settings):
    # given
    settings.MEILISEARCH_URL = ""
    document = pending("news", 1)

    # when
    report = sync(now=NOW, sleep=no_sleep)

    # then
    assert report == SyncReport()
    assert row(document).needs_sync is True


@pytest.mark.django_db
def test_enqueue_sync_runs_the_sync_task(fake_meili):
    # given
    document = pending("news", 1)

    # when
    enqueue_sync()  # the immediate tasks backend of development and tests runs it at once

    # then
    assert [[doc["id"] for doc in r.body] for r in fake_meili.requests_to("POST", DOCUMENTS)] == [["news-1"]]
    assert row(document).needs_sync is False


@pytest.mark.django_db
def test_enqueue_sync_logs_instead_of_raising(monkeypatch, caplog):
    # given
    def broken_queue(*args, **kwargs):
        raise ConnectionError("hàng đợi không phản hồi")

    monkeypatch.setattr(sync_module, "sync_search_index", SimpleNamespace(enqueue=broken_queue))

    # when
    with caplog.at_level(logging.ERROR, logger="search"):
        enqueue_sync()

    # then
    assert [record.getMessage() for record in caplog.records] == ["Search sync could not be queued"]
