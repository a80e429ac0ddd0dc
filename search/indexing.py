"""Keeping search documents in step with what they describe.

Writes happen in the caller's transaction: a publish and its search document commit together
or not at all, so the database never disagrees with the content. When Meilisearch is
configured, each written row is marked ``needs_sync`` and a sync is queued after commit
(search.sync); a removed object leaves a tombstone until Meilisearch has forgotten it too.
Without Meilisearch, rows are simply deleted.

Bulk paths (seeding, imports) call ``index_objects`` with what they created: signals do not
fire for ``bulk_create``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from search.documents import BUILDERS, Built, builder_for, page_indexable, restricted_paths_now
from search.models import SearchAudience, SearchDocument, SearchText, SearchTopic
from search.normalize import index_text

logger = logging.getLogger("search")

BATCH_SIZE = 500
_FIELDS = [
    "title",
    "summary",
    "title_folded",
    "exact_text",
    "listed",
    "audience_everyone",
    "visible_from",
    "visible_until",
    "date",
    "organisation_id",
    "organisation_path",
    "path",
    "needs_sync",
    "deleted",
    "sync_failures",
    "next_sync_at",
    "sync_error",
    # An upsert does not run auto_now: without it a row rewritten while its sync is in flight
    # would look unchanged to search.sync and be marked synced with the old content.
    "updated_at",
]


def meilisearch_enabled() -> bool:
    return bool(settings.MEILISEARCH_URL)


def _row(kind: str, object_id: int, built: Built, title_folded: str) -> SearchDocument:
    syncing = meilisearch_enabled() and built.listed
    return SearchDocument(
        kind=kind,
        object_id=object_id,
        title=built.title,
        summary=built.summary,
        title_folded=title_folded,
        exact_text=f"{built.title} {built.summary}".lower(),
        listed=built.listed,
        audience_everyone=not built.audience_ids,
        visible_from=built.visible_from,
        visible_until=built.visible_until,
        date=built.date,
        organisation_id=built.organisation_id,
        organisation_path=built.organisation_path,
        path=built.path,
        needs_sync=syncing,
        deleted=False,
        sync_failures=0,
        next_sync_at=None,
        sync_error="",
    )


def _write(kind: str, items: list[tuple[int, Built]]) -> None:
    if not items:
        return
    titles = [index_text(built.title) for _, built in items]
    rows = SearchDocument.objects.bulk_create(
        [
            _row(kind, object_id, built, title)
            for (object_id, built), title in zip(items, titles, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=_FIELDS,
    )
    ids = [row.pk for row in rows]
    if any(pk is None for pk in ids):  # a database that does not return upserted keys
        by_object = dict(
            SearchDocument.objects.filter(kind=kind, object_id__in=[o for o, _ in items]).values_list(
                "object_id", "pk"
            )
        )
        ids = [by_object[object_id] for object_id, _ in items]
    SearchText.objects.bulk_create(
        [
            SearchText(
                document_id=pk,
                title_folded=title,
                text_folded=index_text(built.title, built.summary, built.body, built.extra),
                body=built.body,
            )
            for pk, (_, built), title in zip(ids, items, titles, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["document"],
        update_fields=["title_folded", "text_folded", "body"],
    )
    SearchAudience.objects.filter(document_id__in=ids).delete()
    SearchTopic.objects.filter(document_id__in=ids).delete()
    SearchAudience.objects.bulk_create(
        [
            SearchAudience(document_id=pk, organisation_id=org)
            for pk, (_, built) in zip(ids, items, strict=True)
            for org in built.audience_ids
        ]
    )
    SearchTopic.objects.bulk_create(
        [
            # The document's date on each of its topic rows: a topic filter walks them by date.
            SearchTopic(document_id=pk, code=code[:100], label=str(label)[:200], date=built.date)
            for pk, (_, built) in zip(ids, items, strict=True)
            for code, label in dict(built.topics).items()
        ]
    )


def _build(builder, obj) -> Built:
    # Topic labels and other display text in the site's language, whoever triggered the write.
    with translation.override(settings.LANGUAGE_CODE):
        return builder.build(obj)


def index_object(obj) -> None:
    """Write ``obj``'s search document, or remove it if ``obj`` is no longer indexable."""
    builder = builder_for(obj)
    if builder is None:
        return
    if not builder.indexable(obj):
        remove(builder.kind, [obj.pk])
        return
    _write(builder.kind, [(obj.pk, _build(builder, obj))])
    after_commit()


def index_objects(kind: str, objects: Iterable, *, restricted_paths: list[str] | None = None) -> int:
    """Write the documents of many objects of one kind (a batch of a rebuild, a bulk import).

    Objects that are not indexable are removed. Returns the number written.
    """
    builder = BUILDERS[kind]
    written: list[tuple[int, Built]] = []
    gone: list[int] = []
    pages = _is_page_builder(builder)
    if pages and restricted_paths is None:
        restricted_paths = restricted_paths_now()  # once per batch, not once per page
    for obj in objects:
        ok = page_indexable(obj, restricted_paths) if pages else builder.indexable(obj)
        if ok:
            written.append((obj.pk, _build(builder, obj)))
        else:
            gone.append(obj.pk)
    _write(kind, written)
    remove(kind, gone)
    after_commit()
    return len(written)


def _is_page_builder(builder) -> bool:
    from wagtail.models import Page

    return issubclass(builder.model, Page)


def remove(kind: str, object_ids: Iterable[int]) -> None:
    """Take objects out of search: at once in the database, later in Meilisearch."""
    object_ids = list(object_ids)
    if not object_ids:
        return
    rows = SearchDocument.objects.filter(kind=kind, object_id__in=object_ids)
    if not meilisearch_enabled():
        rows.delete()
        return
    ids = list(rows.values_list("pk", flat=True))
    SearchText.objects.filter(document_id__in=ids).delete()
    SearchAudience.objects.filter(document_id__in=ids).delete()
    SearchTopic.objects.filter(document_id__in=ids).delete()
    # A tombstone: invisible to every query (search.access), kept until Meilisearch deletes it.
    rows.update(
        deleted=True,
        needs_sync=True,
        sync_failures=0,
        next_sync_at=None,
        sync_error="",
        updated_at=timezone.now(),
    )
    after_commit()


def remove_object(obj) -> None:
    builder = builder_for(obj)
    if builder is not None:
        remove(builder.kind, [obj.pk])


def reindex_pages(pages) -> int:
    """Rebuild the documents of ``pages`` (a page queryset of any types: a moved or restricted
    section), each by its own type's builder."""
    from django.contrib.contenttypes.models import ContentType

    count = 0
    by_model: dict[type, list[int]] = {}
    for pk, content_type_id in pages.values_list("pk", "content_type_id"):
        by_model.setdefault(ContentType.objects.get_for_id(content_type_id).model_class(), []).append(pk)
    restricted = restricted_paths_now()
    for model, ids in by_model.items():
        builder = builder_for(model)
        if builder is None:
            continue
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            # The rebuild's rows (live pages, what ``build`` reads prefetched); a page that is not
            # among them (a draft, an expired page) is removed.
            found = list(builder.queryset().filter(pk__in=chunk))
            count += index_objects(builder.kind, found, restricted_paths=restricted)
            remove(builder.kind, set(chunk) - {obj.pk for obj in found})
    return count


def rebuild(kind: str, *, progress: Callable[[int], None] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Rewrite every document of ``kind`` from its objects; documents of objects gone are removed."""
    builder = BUILDERS[kind]
    restricted = None
    if _is_page_builder(builder):
        restricted = restricted_paths_now()
    seen: set[int] = set()
    written = 0
    queryset = builder.queryset()
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        with transaction.atomic():
            written += index_objects(kind, batch, restricted_paths=restricted)
        seen.update(obj.pk for obj in batch)
        if progress:
            progress(len(batch))
    stale = SearchDocument.objects.filter(kind=kind, deleted=False).exclude(object_id__in=seen)
    remove(kind, list(stale.values_list("object_id", flat=True)))
    return written


def after_commit() -> None:
    if meilisearch_enabled():
        from search.sync import enqueue_sync

        transaction.on_commit(enqueue_sync)
