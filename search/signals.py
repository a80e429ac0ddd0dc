"""What keeps search documents in step: publish, unpublish, delete, move, privacy, the tree.

Connected in SearchConfig.ready() for every model a builder is registered for. Expiry needs
no signal: a document carries its window (``visible_until``) and every query applies it;
Wagtail's ``publish_scheduled`` unpublishing an expired page removes the document too.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from search import indexing
from search.models import SearchDocument


def page_published(sender, instance, **kwargs) -> None:
    indexing.index_object(instance.specific if hasattr(instance, "specific") else instance)


# Wagtail's bookkeeping of revisions, locks and workflows: saving only these leaves the live
# content as it was.
_BOOKKEEPING = {
    "latest_revision",
    "latest_revision_id",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "live_revision",
    "live_revision_id",
    "locked",
    "locked_at",
    "locked_by",
    "locked_by_id",
    "first_published_at",
    "last_published_at",
}


def object_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A save of the row outside a publish. The object is read back from the database first: an
    editor's draft is saved with the draft's values still on the instance (Wagtail writes only its
    bookkeeping columns), and those must never reach search."""
    if raw:  # loading fixtures
        return
    if update_fields is not None and set(update_fields) <= _BOOKKEEPING:
        return
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    if stored is None:
        return
    indexing.index_object(stored)


def page_unpublished(sender, instance, **kwargs) -> None:
    indexing.remove_object(instance)


def object_deleted(sender, instance, **kwargs) -> None:
    indexing.remove_object(instance)


def page_moved(sender, instance, **kwargs) -> None:
    """A moved page (or one whose slug changed) and everything below it have new paths."""
    from wagtail.models import Page

    indexing.reindex_pages(Page.objects.descendant_of(instance, inclusive=True))


def restriction_changed(sender, instance, **kwargs) -> None:
    """A section made private (or public again): its pages leave (or re-enter) search."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # not a restriction deleted with its page
        indexing.reindex_pages(Page.objects.descendant_of(page, inclusive=True))


def tree_changed(sender, change=None, **kwargs) -> None:
    """Organisations may have new paths: documents follow their publisher's (audience is by id,
    so who may find a document follows the tree by itself)."""
    from cms.organisations.models import Organisation

    current = Organisation.objects.filter(pk=OuterRef("organisation_id")).values("path")[:1]
    stale = SearchDocument.objects.filter(organisation_id__isnull=False).exclude(
        organisation_path=Subquery(current)
    )
    if indexing.meilisearch_enabled():
        stale.filter(listed=True).update(
            organisation_path=Subquery(current), needs_sync=True, next_sync_at=None, updated_at=timezone.now()
        )
        indexing.after_commit()
    stale.update(organisation_path=Subquery(current))
