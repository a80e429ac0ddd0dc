"""The search box's answer: hits, facets, paging (search.query does the searching)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay

from graphql_api.core.pages import page_type_name
from search.documents import BUILDERS
from search.labels import kind_label
from search.results import Facet, Hit


@strawberry.enum(description="What a search hit is. Each has its own list and screen in the app.")
class SearchType(Enum):
    NEWS = "news"
    ANNOUNCEMENT = "announcement"
    DOCUMENT = "document"
    LEGAL = "legal"
    BENEFIT = "benefit"
    JOB = "job"
    CONTEST = "contest"
    CONGRESS = "congress"


@strawberry.type(description="A value to filter by, with its label and how many hits it would give.")
class SearchFacet:
    value: str = strawberry.field(
        description="For `types`: a SearchType value (lower case); for `topics`: a topic code."
    )
    label: str
    count: int = strawberry.field(
        description="How many hits choosing this value would give: exact when `countIsExact`, otherwise "
        "at least this many (over 1,000 hits, each value is counted up to a cap: show it as “120+”)."
    )
    count_is_exact: bool = strawberry.field(description="Whether `count` is exact (false: at least `count`).")

    @classmethod
    def of(cls, facet: Facet) -> SearchFacet:
        return cls(value=facet.value, label=facet.label, count=facet.count, count_is_exact=facet.is_exact)


@strawberry.type(
    description="Counts per type and per topic of what the query finds; each facet ignores its own "
    "filter, so it shows what choosing another value would give."
)
class SearchFacets:
    types: list[SearchFacet]
    topics: list[SearchFacet]


def _page_type_of(hit: Hit) -> str:
    """The GraphQL type ``page`` answers with for the hit's page (its id names that type)."""
    return page_type_name(BUILDERS[hit.document.kind].model) or "Page"


@strawberry.type(description="One thing found. Open it with `page(id:)` or by its `path`.")
class SearchHit:
    _hit: strawberry.Private[Hit]

    @strawberry.field
    def type(self) -> SearchType:
        return SearchType(self._hit.document.kind)

    @strawberry.field(description="The type's display label, e.g. “Tin tức”.")
    def type_label(self) -> str:
        return kind_label(self._hit.document.kind)

    @strawberry.field(description="The page's global ID, for `page(id:)` and `node(id:)`.")
    def id(self) -> relay.GlobalID:
        return relay.GlobalID(_page_type_of(self._hit), str(self._hit.document.object_id))

    @strawberry.field(description="The GraphQL type of the page (e.g. NewsPage), for routing to a screen.")
    def page_type(self) -> str:
        return _page_type_of(self._hit)

    @strawberry.field(description="Path from the site root, e.g. /tin-tuc/dai-hoi/.")
    def path(self) -> str:
        return self._hit.document.path

    @strawberry.field
    def title(self) -> str:
        return self._hit.document.title

    @strawberry.field(description="The title as HTML, matched words in `<mark>`; everything else escaped.")
    def title_highlighted(self) -> str:
        return self._hit.title_html

    @strawberry.field(
        description="A passage around the first match (the summary if it matches), as HTML with the "
        "matched words in `<mark>`; everything else escaped."
    )
    def snippet(self) -> str:
        return self._hit.snippet_html

    @strawberry.field(
        description="The date hits are sorted by: a news item's date, a document's issue date..."
    )
    def date(self) -> datetime | None:
        return self._hit.document.date


@strawberry.type
class SearchEdge:
    cursor: str
    node: SearchHit


@strawberry.type(description="What the search box found, best first.")
class SearchConnection:
    total_count: int = strawberry.field(
        description="All hits the viewer may see, exact when `totalCountIsExact`; otherwise at least this "
        "many (the database counts up to 1,000: show “1,000+”). At most 1,000 can be paged through."
    )
    total_count_is_exact: bool = strawberry.field(
        description="Whether `totalCount` is the exact number of hits (false: at least `totalCount`)."
    )
    edges: list[SearchEdge]
    page_info: relay.PageInfo
    facets: SearchFacets
