"""What a search asks and what it answers, the same for every backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cms.core.visibility import Viewer
from search.models import SearchDocument
from search.parsing import ParsedQuery

MAX_LIMIT = 50
MAX_OFFSET = 1_000  # nobody reads hit 1,001 of a search: refine the query instead
# An organisation path no organisation has (paths are digits and capital letters): the filter
# of an organisation that does not exist, which publishes nothing.
NO_ORGANISATION_PATH = "-"


@dataclass(frozen=True)
class SearchRequest:
    viewer: Viewer
    query: ParsedQuery
    kinds: tuple[str, ...] = ()  # empty: every listed kind
    topics: tuple[str, ...] = ()  # topic codes; a document with any of them matches
    organisation_path: str | None = None  # published by this organisation or one below it
    date_from: datetime | None = None
    date_to: datetime | None = None
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Hit:
    document: SearchDocument
    title_html: str
    snippet_html: str


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    kinds: list[Facet] = field(default_factory=list)
    topics: list[Facet] = field(default_factory=list)
    backend: str = ""
