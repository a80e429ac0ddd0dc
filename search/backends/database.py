"""Search over the stored documents with the database's own full-text search.

- SQLite: an FTS5 table over the folded title and text (``search_fts``), kept in step with
  ``search_searchdocument`` by triggers; ranked by BM25, the title weighing ten times the text.
- PostgreSQL: a generated ``tsvector`` column (``vector``: folded title weight A, folded text
  weight B, the ``simple`` configuration so Vietnamese words are not stemmed as English) with a
  GIN index; ranked by ``ts_rank``.

Both are created by this app's migrations. The words of a query come from search.parsing
(folded letters and digits only), so nothing typed reaches either query language. Hits are
ordered by how many accented words of the query they hold exactly, then by rank, then newest
first; filters and the visibility rule are plain SQL conditions on the same query.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL

from search.access import visible_documents
from search.documents import LISTED_KINDS
from search.highlight import highlight
from search.models import SearchDocument, SearchTopic
from search.parsing import ParsedQuery
from search.results import Facet, SearchRequest, SearchResults

TABLE = SearchDocument._meta.db_table
FTS_TABLE = "search_fts"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def match_sql(query: ParsedQuery) -> tuple[str, list]:
    """``SELECT id, rank`` of the documents matching ``query`` (higher rank first)."""
    if _postgres():
        return (
            f"SELECT id, ts_rank(vector, to_tsquery('simple', %s)) AS rank FROM {TABLE} "
            "WHERE vector @@ to_tsquery('simple', %s)",
            [query.tsquery(), query.tsquery()],
        )
    return (
        f"SELECT rowid AS id, -bm25({FTS_TABLE}, 10.0, 1.0) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [query.fts5()],
    )


def matching_ids_sql(query: ParsedQuery) -> tuple[str, list]:
    if _postgres():
        return f"SELECT id FROM {TABLE} WHERE vector @@ to_tsquery('simple', %s)", [query.tsquery()]
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query.fts5()]


def matching(queryset: QuerySet[SearchDocument], query: ParsedQuery) -> QuerySet[SearchDocument]:
    """``queryset`` narrowed to the documents matching ``query`` (all of them for no words)."""
    if query.is_empty:
        return queryset
    sql, params = matching_ids_sql(query)
    return queryset.filter(pk__in=RawSQL(sql, params))


def _exact_sql(query: ParsedQuery) -> tuple[str, list]:
    if not query.accented_words:
        return "", []
    function = "strpos" if _postgres() else "instr"
    # Each accented word held exactly counts one; the accented words together, as typed, two more.
    words = list(query.accented_words)
    weights = [1] * len(words)
    if len(words) > 1:
        words.append(" ".join(words))
        weights.append(2)
    terms = [f"(CASE WHEN {function}(d.exact_text, %s) > 0 THEN {weight} ELSE 0 END)" for weight in weights]
    return " + ".join(terms), words


def filtered(request: SearchRequest, *, kinds: bool = True, topics: bool = True) -> QuerySet[SearchDocument]:
    """The documents the viewer may find, narrowed by the request's filters (a facet leaves its
    own filter out, so it counts what choosing another value would give)."""
    queryset = visible_documents(request.viewer).filter(kind__in=LISTED_KINDS)
    if kinds and request.kinds:
        queryset = queryset.filter(kind__in=request.kinds)
    if topics and request.topics:
        queryset = queryset.filter(
            pk__in=SearchTopic.objects.filter(code__in=request.topics).values("document_id")
        )
    if request.organisation_path is not None:
        queryset = queryset.filter(organisation_path__startswith=request.organisation_path)
    if request.date_from is not None:
        queryset = queryset.filter(date__gte=request.date_from)
    if request.date_to is not None:
        queryset = queryset.filter(date__lte=request.date_to)
    return queryset


class DatabaseBackend:
    name = "database"

    def search(self, request: SearchRequest) -> SearchResults:
        query = request.query
        base = filtered(request)
        total = matching(base, query).count()
        ids = self._page_ids(base, request) if total and request.offset < total else []
        documents = SearchDocument.objects.in_bulk(ids)
        hits = [highlight(documents[pk], query) for pk in ids if pk in documents]
        return SearchResults(
            total=total,
            hits=hits,
            kinds=self._kind_facets(request),
            topics=self._topic_facets(request),
            backend=self.name,
        )

    def _page_ids(self, base: QuerySet, request: SearchRequest) -> list[int]:
        query = request.query
        if query.is_empty:
            page = base.order_by("-date", "-pk")[request.offset : request.offset + request.limit]
            return list(page.values_list("pk", flat=True))
        base_sql, base_params = base.values("pk").query.sql_with_params()
        match, match_params = match_sql(query)
        exact, exact_params = _exact_sql(query)
        nulls_last = " NULLS LAST" if _postgres() else ""
        sql = (
            f"SELECT d.id FROM {TABLE} d JOIN ({match}) m ON m.id = d.id "
            f"WHERE d.id IN ({base_sql}) "
            f"ORDER BY {f'({exact}) DESC, ' if exact else ''}m.rank DESC, d.date DESC{nulls_last}, d.id DESC LIMIT %s OFFSET %s"
        )
        params = [*match_params, *base_params, *exact_params, request.limit, request.offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _kind_facets(self, request: SearchRequest) -> list[Facet]:
        from search.labels import kind_label

        rows = matching(filtered(request, kinds=False), request.query).values("kind").annotate(n=Count("pk"))
        counts = {row["kind"]: row["n"] for row in rows}
        return [Facet(kind, kind_label(kind), counts[kind]) for kind in LISTED_KINDS if counts.get(kind)]

    def _topic_facets(self, request: SearchRequest) -> list[Facet]:
        documents = matching(filtered(request, topics=False), request.query)
        rows = (
            SearchTopic.objects.filter(document__in=documents.values("pk"))
            .values("code", "label")
            .annotate(n=Count("pk"))
            .order_by("-n", "label")
        )
        return [Facet(row["code"], row["label"], row["n"]) for row in rows[:50]]


def matching_object_ids(kinds: tuple[str, ...] | list[str], text: str) -> QuerySet:
    """The ids of objects of ``kinds`` whose documents match ``text``, as a subquery: what the
    per-type lists (``documents(search: …)``) and the admin's searches filter by. It applies no
    audience: the list it narrows has applied its own access policy already."""
    from search.parsing import parse

    query = parse(text)
    return matching(SearchDocument.objects.filter(kind__in=kinds, deleted=False), query).values_list(
        "object_id", flat=True
    )
