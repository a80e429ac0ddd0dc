"""The one way to search: the member app's search box, the per-type lists and the admin.

- ``search(request)`` answers the search box. With Meilisearch configured it answers when the
  index is in step with the database (no document waiting to be synced); while documents wait,
  or when Meilisearch fails or times out, the database backend answers: it is always exact.
- ``matching_object_ids(kinds, text)`` is the filter the per-type lists (``documents``,
  ``legalScenarios``... with ``search:``) and the admin's searches apply to querysets that
  their own access policy has already narrowed.
"""

from __future__ import annotations

import logging

from django.db.models import Q, QuerySet

from search.backends import BackendUnavailable
from search.backends.database import DatabaseBackend, matching_object_ids
from search.indexing import meilisearch_enabled
from search.models import SearchDocument
from search.results import SearchRequest, SearchResults

logger = logging.getLogger("search")

__all__ = ["search", "matching_object_ids", "matching_q", "index_in_step"]


def matching_q(kind: str, text: str, field: str = "pk", among: QuerySet | None = None) -> Q:
    """Rows whose ``field`` is the id of a ``kind`` object matching ``text``: a filter for the
    admin's searches and the per-type lists (``Q(pk__in=…)`` over the search documents).
    ``among``: see :func:`matching_object_ids`."""
    return Q(**{f"{field}__in": matching_object_ids([kind], text, among)})


def index_in_step() -> bool:
    """Whether Meilisearch holds exactly what the database holds (nothing waits to be synced)."""
    return not SearchDocument.objects.filter(needs_sync=True).exists()


def search(request: SearchRequest) -> SearchResults:
    if meilisearch_enabled() and index_in_step():
        from search.backends.meilisearch import MeilisearchBackend

        try:
            return MeilisearchBackend().search(request)
        except BackendUnavailable as error:
            logger.warning("Meilisearch did not answer (%s): searching the database instead", error)
    return DatabaseBackend().search(request)
