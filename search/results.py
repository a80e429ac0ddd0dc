"""What a search asks and what it answers, the same for every backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cms.core.visibility import Viewer
from search.models import SearchDocument
from search.parsing import ParsedQuery

MAX_LIMIT = 50
MAX_OFFSET = 1_000  # nobody reads hit 1,001 of a search: refine the query instead
# Counts stop here: a search box needs "1,000+", not the exact number of 68,000 matches, and
# counting them all means visiting every match (see search.backends.database). A count that
# reached its cap is reported as the cap, marked not exact ("at least this many").
TOTAL_CAP = MAX_OFFSET  # the total: every hit that can be paged through is counted exactly
FACET_CAP = 20  # each facet value, when the whole set is over TOTAL_CAP
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
    count: int  # exact when ``is_exact``, otherwise at least this many
    is_exact: bool = True


@dataclass(frozen=True)
class Hit:
    document: SearchDocument
    title_html: str
    snippet_html: str


@dataclass
class SearchResults:
    total: int  # exact when ``total_is_exact``, otherwise at least this many
    hits: list[Hit]
    kinds: list[Facet] = field(default_factory=list)
    topics: list[Facet] = field(default_factory=list)
    backend: str = ""
    total_is_exact: bool = True
