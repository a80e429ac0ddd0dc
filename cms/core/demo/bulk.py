"""Bulk writers for demo data at scale: tree nodes and published Wagtail pages.

Creating nodes one by one through treebeard costs several queries each (and a sorted insert
rewrites the paths of the siblings after it); at province scale that is hours. These writers
compute paths in Python and insert in batches, and leave the same rows the one-by-one way
leaves:

- ``add_sorted_children``: children placed among their siblings by the model's
  ``node_order_by`` (an organisation's folded name), as ``parent.add_child`` places them,
  shifting existing siblings (with their subtrees) where the new ones sort before them;
- ``publish_pages``: pages appended under a parent (``add_child``), each published as
  ``page.save_revision().publish()`` would: one revision (live and latest), the create and
  publish log entries, the reference index (images, organisations, snippets) and the search
  index, plus their many-to-many rows (categories, audience...) and inline children.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from treebeard.mp_tree import MP_Node
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

BATCH = 1000


def batches(items: Sequence, size: int = BATCH) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Trees (treebeard materialised paths) ---------------------------------------------------


def add_sorted_children(
    model: type[MP_Node],
    parent,
    new_nodes: list,
    sort_key: Callable[[Any], Any],
    *,
    batch_size: int = BATCH,
) -> list:
    """Insert ``new_nodes`` (unsaved) as children of ``parent`` in ``node_order_by`` order.

    The existing children keep their order; each new node goes after the existing siblings
    that sort before or equal to it (where ``add_child`` would put it), and existing siblings
    that now come later move, with their subtrees, to their new positions (in two steps through
    a temporary prefix, so no path is ever held twice). Returns the new nodes, saved.
    """
    steplen = model.steplen
    parent = model._default_manager.get(pk=parent.pk)
    existing = list(
        model._default_manager.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path")
    )
    merged = sorted([*existing, *new_nodes], key=sort_key)  # stable: existing first among equals
    moves: list[tuple[str, str]] = []
    for position, node in enumerate(merged, start=1):
        path = model._get_path(parent.path, parent.depth + 1, position)
        if node.pk is not None:
            if node.path != path:
                moves.append((node.path, path))
        else:
            node.path = path
            node.depth = parent.depth + 1
            node.numchild = getattr(node, "numchild", 0) or 0
    manager = model._default_manager
    for old, new in moves:
        manager.filter(path__startswith=old).update(
            path=Concat(Value("~" + new), Substr("path", len(old) + 1))
        )
    for _old, new in moves:
        marked = "~" + new
        manager.filter(path__startswith=marked).update(
            path=Concat(Value(new), Substr("path", len(marked) + 1))
        )
    created = manager.bulk_create(new_nodes, batch_size=batch_size)
    manager.filter(pk=parent.pk).update(numchild=len(merged))
    assert all(len(node.path) == (parent.depth + 1) * steplen for node in new_nodes)
    return created


# --- Published pages ------------------------------------------------------------------------


def _child_relations(model) -> list[tuple[str, str]]:
    """(accessor, foreign key attname) of each inline child relation (ParentalKey) of ``model``."""
    return [
        (relation.get_accessor_name(), relation.field.attname) for relation in get_all_child_relations(model)
    ]


def _parental_m2m(model) -> list[ParentalManyToManyField]:
    return [f for f in model._meta.get_fields() if isinstance(f, ParentalManyToManyField)]


def _references(page) -> set[tuple[int, str, str, str]]:
    """Wagtail's reference records of ``page`` (its foreign keys, stream and rich-text fields and
    inline children), read from memory: the child relations must be set on the instance."""
    return set(ReferenceIndex._extract_references_from_object(page))


def publish_pages(
    parent: Page,
    pages: list[Page],
    *,
    progress=None,
    batch_size: int = BATCH,
    unpublished: Callable[[Page], bool] | None = None,
) -> list[Page]:
    """Append ``pages`` (unsaved instances of one specific page model) under ``parent``, published.

    Set on each page what an editor would: title, slug (unique under ``parent``), the model's
    fields, ``first_published_at`` (when it was published), many-to-many values and inline
    children in memory (``page.categories = [...]``, ``page.rounds = [...]``). Optional
    ``go_live_at``/``expire_at`` are kept. ``unpublished(page)`` true marks a page as the
    ``publish_scheduled`` command leaves an expired one: not live, ``expired``.
    """
    if not pages:
        return []
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    page_type = ContentType.objects.get_for_model(Page)
    last = parent.get_last_child()
    next_step = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
    children = _child_relations(model)
    m2m_fields = _parental_m2m(model)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    specific_fields = list(model._meta.local_concrete_fields)
    backends = list(get_search_backends(with_auto_update=True))

    for batch in batches(pages, batch_size):
        # Ids drawn in advance, so each row is written once: the page already names its revision
        # (the foreign keys are checked at commit).
        page_ids = allocate_ids(Page, len(batch))
        revision_ids = allocate_ids(Revision, len(batch))
        for page, page_id in zip(batch, page_ids, strict=True):
            published_at: datetime = page.first_published_at
            page.id = page.page_ptr_id = page_id
            page.path = Page._get_path(parent.path, parent.depth + 1, next_step)
            next_step += 1
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type_id = content_type.pk
            page.locale_id = parent.locale_id
            page.translation_key = uuid.uuid4()
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.last_published_at = published_at
            page.latest_revision_created_at = published_at
            page.expired = False
            # Relations not given are empty, in memory: read from the database they would cost a
            # query per page (the page has a primary key from here on).
            in_memory = page.__dict__.get("_cluster_related_objects", {})
            for name in [accessor for accessor, _ in children] + [m2m.name for m2m in m2m_fields]:
                if name not in in_memory:
                    setattr(page, name, [])

        # What the page's one revision holds: the page as saved before it was published.
        contents = [page.serializable_data() for page in batch]
        for page, revision_id in zip(batch, revision_ids, strict=True):
            page.latest_revision_id = page.live_revision_id = revision_id
            if unpublished is not None and unpublished(page):
                page.live, page.expired, page.has_unpublished_changes = False, True, True
        Page.objects.bulk_create(
            [Page(id=page.pk, **{f.attname: getattr(page, f.attname) for f in base_fields}) for page in batch]
        )
        model._base_manager._insert(batch, fields=specific_fields, using="default")
        for m2m in m2m_fields:
            through = m2m.remote_field.through
            source = m2m.m2m_field_name()
            target = m2m.m2m_reverse_field_name()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": page.pk, f"{target}_id": obj.pk})
                    for page in batch
                    for obj in getattr(page, m2m.name).all()
                ]
            )
        for accessor, key in children:
            rows = []
            for page in batch:
                for position, child in enumerate(getattr(page, accessor).all()):
                    setattr(child, key, page.pk)
                    if hasattr(child, "sort_order") and child.sort_order is None:
                        child.sort_order = position
                    rows.append(child)
            if rows:
                type(rows[0])._default_manager.bulk_create(rows)
        revisions = [
            Revision(
                id=revision_id,
                content_type_id=content_type.pk,
                base_content_type_id=page_type.pk,
                object_id=str(page.pk),
                created_at=page.first_published_at,
                object_str=str(page)[:255],
                content=content,
            )
            for page, revision_id, content in zip(batch, revision_ids, contents, strict=True)
        ]
        Revision.objects.bulk_create(revisions)

        entries = []
        for page, revision in zip(batch, revisions, strict=True):
            common = {"content_type_id": content_type.pk, "label": str(page)[:255], "page_id": page.pk}
            entries.append(PageLogEntry(action="wagtail.create", timestamp=page.first_published_at, **common))
            entries.append(
                PageLogEntry(
                    action="wagtail.publish", timestamp=page.first_published_at, revision=revision, **common
                )
            )
            if not page.live:
                entries.append(
                    PageLogEntry(
                        action="wagtail.unpublish.scheduled", timestamp=page.expire_at or page.first_published_at,
                        **common,
                    )
                )  # fmt: skip
        PageLogEntry.objects.bulk_create(entries)

        ReferenceIndex.objects.bulk_create(
            [
                ReferenceIndex(
                    content_type_id=content_type.pk,
                    base_content_type_id=page_type.pk,
                    object_id=str(page.pk),
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
                for page in batch
                for to_type, to_id, model_path, content_path in _references(page)
            ]
        )
        for backend in backends:
            backend.add_bulk(model, list(batch))
        if progress is not None:
            progress.advance(len(batch))

    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys for new rows of ``model``, drawn from its sequence on PostgreSQL
    (so later inserts never collide) and after the largest one elsewhere."""
    if not count:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    start = (model._base_manager.aggregate(largest=Max("pk"))["largest"] or 0) + 1
    return list(range(start, start + count))


def existing_child_slugs(parent: Page) -> set[str]:
    return set(
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list(
            "slug", flat=True
        )
    )
