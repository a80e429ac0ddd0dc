"""Searching the database backend directly (its caps are made small by the ``caps`` fixture,
tests/search/conftest.py)."""

from __future__ import annotations

from cms.core.visibility import Viewer
from search.backends.database import DatabaseBackend
from search.parsing import parse
from search.results import SearchRequest


def find(text: str = "", viewer: Viewer | None = None, **filters):
    request = SearchRequest(viewer=viewer or Viewer.anonymous(), query=parse(text), **filters)
    return DatabaseBackend().search(request)


def titles(results) -> list[str]:
    return [hit.document.title for hit in results.hits]
