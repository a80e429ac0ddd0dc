"""Bringing Meilisearch in step with the stored search documents.

The database is the source of truth: a change writes its SearchDocument rows with
``needs_sync`` in its own transaction (search.indexing), then queues ``sync`` after commit.
``sync`` pushes what waits, in batches: documents to add or replace, and tombstones (objects
removed) to delete. Each batch waits for its Meilisearch task; only then are its rows marked
synced (or, for tombstones, deleted from the database). A row written again while its batch was
in flight keeps waiting: the mark is guarded by the ``updated_at`` the batch read.

A batch that fails (Meilisearch down, an error answer, a failed task) leaves its rows pending
with the error and a time before which they are not tried again, doubling with each failure
(30 s, 1 min, 2 min... at most an hour). Meanwhile search.query answers from the database.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from search.documents import LISTED_KINDS
from search.models import SearchDocument

logger = logging.getLogger("search")

BATCH_SIZE = 500
FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600
ERROR_LENGTH = 500  # characters of an error kept on a row


@dataclass
class SyncReport:
    upserted: int = 0  # documents Meilisearch now holds as the database does
    deleted: int = 0  # tombstones Meilisearch has forgotten (and the database too)
    failed: int = 0  # rows left pending after a failure, to be tried again later
    unchanged: int = 0  # rows written again while in flight, left pending for the next sync
    skipped: int = 0  # rows of unlisted kinds: never pushed, no longer pending
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict:
        return {
            "upserted": self.upserted,
            "deleted": self.deleted,
            "failed": self.failed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": list(self.errors),
        }


def backoff(failures: int) -> timedelta:
    """How long a row waits after its ``failures``-th failure in a row."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(failures - 1, 0)
    return timedelta(seconds=min(seconds, MAX_RETRY_SECONDS))


def due(now: datetime):
    return (
        SearchDocument.objects.filter(needs_sync=True)
        .filter(Q(next_sync_at__isnull=True) | Q(next_sync_at__lte=now))
        .select_related("text")
    )


def sync(
    batch_size: int = BATCH_SIZE, now: datetime | None = None, sleep: Callable[[float], None] = time.sleep
) -> SyncReport:
    """Push the rows that wait and are due; ``sleep`` is what waiting for a task sleeps with."""
    from search.backends import meilisearch as meili

    now = now or timezone.now()
    report = SyncReport()
    if not settings.MEILISEARCH_URL:
        return report
    _settle_unlisted(now, report)
    client = meili.client(timeout=meili.TASK_TIMEOUT_SECONDS)
    index = client.index(meili.index_name())
    last_pk = 0
    while True:
        batch = list(due(now).filter(pk__gt=last_pk, kind__in=LISTED_KINDS).order_by("pk")[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        upserts = [row for row in batch if row.listed and not row.deleted]
        # A tombstone, or a row no longer listed: Meilisearch must forget it.
        removals = [row for row in batch if row.deleted or not row.listed]
        error = None
        if upserts:
            error = _push(
                report,
                now,
                upserts,
                lambda rows: index.add_documents(meili.documents(rows), "id"),
                client,
                sleep,
            )
        if removals and not _unreachable(error):
            error = _push(report, now, removals, lambda rows: _delete(index, rows), client, sleep)
        if _unreachable(error):
            break  # the next batches would fail the same way: they wait, untouched, for the next sync
    return report


def _unreachable(error: Exception | None) -> bool:
    from meilisearch.errors import MeilisearchCommunicationError, MeilisearchTimeoutError

    return isinstance(
        error, (MeilisearchCommunicationError, MeilisearchTimeoutError, requests.RequestException)
    )


def _delete(index, rows: list[SearchDocument]):
    with warnings.catch_warnings():
        # Deleting by ids (``/documents/delete-batch``) is what we mean; the client prefers filters.
        warnings.simplefilter("ignore", DeprecationWarning)
        return index.delete_documents([row.key for row in rows])


def _push(
    report: SyncReport, now: datetime, rows: list[SearchDocument], send, client, sleep
) -> Exception | None:
    """Send ``rows`` and wait for the task; the error if it failed (the rows then stay pending)."""
    from search.backends import meilisearch as meili

    try:
        sent = send(rows)
        meili.wait_for_task(client, sent.task_uid, sleep=sleep)
    except Exception as error:  # any failure leaves the rows pending; sync never raises it
        message = str(error) or type(error).__name__
        logger.warning("Search sync of %d documents failed: %s", len(rows), message)
        report.failed += len(rows)
        report.errors.append(message)
        _failed(rows, now, message)
        return error
    with transaction.atomic():
        for row in rows:
            # Guarded by the version the batch sent: a row written since then stays pending.
            current = SearchDocument.objects.filter(pk=row.pk, updated_at=row.updated_at, needs_sync=True)
            if row.deleted:
                done = current.filter(deleted=True).delete()[0] > 0
                report.deleted += done
            else:
                done = bool(
                    current.update(needs_sync=False, sync_failures=0, sync_error="", next_sync_at=None)
                )
                report.upserted += done
            report.unchanged += not done
    return None


def _failed(rows: list[SearchDocument], now: datetime, message: str) -> None:
    with transaction.atomic():
        for row in rows:
            failures = row.sync_failures + 1
            SearchDocument.objects.filter(pk=row.pk, updated_at=row.updated_at).update(
                sync_failures=failures,
                sync_error=message[:ERROR_LENGTH],
                next_sync_at=now + backoff(failures),
            )


def _settle_unlisted(now: datetime, report: SyncReport) -> None:
    """Rows of kinds the index does not hold wait for nothing: never pushed, no longer pending."""
    unlisted = due(now).exclude(kind__in=LISTED_KINDS)
    report.skipped += unlisted.filter(deleted=True).delete()[1].get(SearchDocument._meta.label, 0)
    report.skipped += unlisted.update(needs_sync=False, sync_failures=0, sync_error="", next_sync_at=None)


@task()
def sync_search_index() -> dict:
    return sync().as_dict()


def enqueue_sync() -> None:
    """Queue a sync (after a commit). Never raises: a publish succeeds while Meilisearch is down."""
    try:
        sync_search_index.enqueue()
    except Exception:
        logger.exception("Search sync could not be queued")
