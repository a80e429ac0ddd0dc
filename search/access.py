"""The visibility rule (cms.core.visibility) over search documents, as one queryset filter.

A search document carries what the rule needs, copied from its object by its builder: whether
it is listed at all, its publication window and its audience (organisation ids; their subtrees
receive it; none means everyone). Drafts, expired and view-restricted pages have no document
(search.documents.page_indexable), so what remains is decided here, inside every query, hits
and facet counts alike: a hidden item is never fetched and then dropped.

``tests/search/test_access.py`` checks this filter against the pages' own access policy for
every kind of viewer, so the two cannot drift apart.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cms.core.visibility import Viewer
from search.models import SearchAudience, SearchDocument


def viewer_organisation_ids(viewer: Viewer) -> QuerySet:
    """The ids of the viewer's union and its ancestors (a subquery: the tree as it is now)."""
    from cms.organisations.models import Organisation

    return Organisation.objects.filter(path__in=viewer.organisation_paths).values("pk")


def visible_q(viewer: Viewer, now=None) -> Q:
    now = now or timezone.now()
    window = (Q(visible_from__isnull=True) | Q(visible_from__lte=now)) & (
        Q(visible_until__isnull=True) | Q(visible_until__gt=now)
    )
    audience = Q(audience_everyone=True)
    if viewer.organisation_paths:
        addressed = SearchAudience.objects.filter(
            document_id=OuterRef("pk"), organisation_id__in=viewer_organisation_ids(viewer)
        )
        audience |= Q(Exists(addressed))
    return Q(listed=True, deleted=False) & window & audience


def visible_documents(viewer: Viewer, now=None) -> QuerySet[SearchDocument]:
    return SearchDocument.objects.filter(visible_q(viewer, now))
