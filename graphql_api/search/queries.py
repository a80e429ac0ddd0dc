from __future__ import annotations

from datetime import date, datetime, time

import strawberry
from django.conf import settings
from django.utils import timezone
from strawberry import relay

from cms.organisations.models import Organisation
from graphql_api.core.errors import ApiError, ApiErrorCode
from graphql_api.core.filters import organisation_pk
from graphql_api.core.pagination import check_page_size, read_offset
from graphql_api.search.types import (
    SearchConnection,
    SearchEdge,
    SearchFacet,
    SearchFacets,
    SearchHit,
    SearchType,
)
from search.parsing import parse
from search.query import search
from search.results import MAX_LIMIT, MAX_OFFSET, NO_ORGANISATION_PATH, SearchRequest

DEFAULT_PAGE_SIZE = 20
MAX_TOPICS = 20


# Dates outside these bounds mean "from the beginning" / "until the end": taken as the bounds, so
# that 0001-01-01 or 9999-12-31 in local time never overflows when converted to UTC.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def _day_start(day: date | None) -> datetime | None:
    return timezone.make_aware(datetime.combine(min(max(day, EARLIEST), LATEST), time.min)) if day else None


def _day_end(day: date | None) -> datetime | None:
    return timezone.make_aware(datetime.combine(min(max(day, EARLIEST), LATEST), time.max)) if day else None


@strawberry.type
class Query:
    @strawberry.field(
        description=(
            "The app's search box: news, announcements, documents, legal advice, benefits, jobs, contests "
            "and congress pages the requesting user may see, best match first. Accents are optional "
            "(“cong doan” finds “Công đoàn”; typed accents rank exact matches first), the last word may "
            "be unfinished, abbreviations find what they stand for (BHXH, CĐCS, HĐLĐ, LĐLĐ, TƯLĐTT). "
            "Only the first 10 words count. An empty `query` lists the newest items (with the filters). "
            "`organisation`: published by that organisation or one below it. `dateFrom`/`dateTo`: "
            "inclusive. Page with `first` (at most 50) and `after`; the first 1,000 hits can be paged."
        )
    )
    def search(
        self,
        info: strawberry.Info,
        query: str = "",
        types: list[SearchType] | None = None,
        topics: list[str] | None = None,
        organisation: relay.GlobalID | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> SearchConnection:
        check_page_size(first, None)
        limit = min(
            first if first is not None else DEFAULT_PAGE_SIZE, MAX_LIMIT, settings.GRAPHQL_MAX_PAGE_SIZE
        )
        offset = read_offset("after", after) + 1 if after else 0
        if date_from and date_to and date_from > date_to:
            raise ApiError(ApiErrorCode.BAD_USER_INPUT, "`dateFrom` must not be after `dateTo`.")
        if topics and len(topics) > MAX_TOPICS:
            raise ApiError(ApiErrorCode.BAD_USER_INPUT, f"At most {MAX_TOPICS} `topics`.")
        organisation_path = None
        if (org_pk := organisation_pk(organisation)) is not None:
            # An organisation that does not exist publishes nothing: no hits, not an error.
            organisation_path = (
                Organisation.objects.filter(pk=org_pk).values_list("path", flat=True).first()
                or NO_ORGANISATION_PATH
            )
        request = SearchRequest(
            viewer=info.context.viewer,
            query=parse(query),
            kinds=tuple(kind.value for kind in types or ()),
            topics=tuple(topics or ()),
            organisation_path=organisation_path,
            date_from=_day_start(date_from),
            date_to=_day_end(date_to),
            offset=min(offset, MAX_OFFSET),
            limit=limit if offset < MAX_OFFSET else 0,
        )
        results = search(request)
        start = request.offset
        edges = [
            SearchEdge(cursor=relay.to_base64(relay.types.PREFIX, start + index), node=SearchHit(_hit=hit))
            for index, hit in enumerate(results.hits)
        ]
        end = start + len(edges)
        return SearchConnection(
            total_count=results.total,
            total_count_is_exact=results.total_is_exact,
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=end < min(results.total, MAX_OFFSET),
                has_previous_page=start > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            facets=SearchFacets(
                types=[SearchFacet.of(facet) for facet in results.kinds],
                topics=[SearchFacet.of(facet) for facet in results.topics],
            ),
        )
