"""Search over the stored documents with the database's own full-text search.

- SQLite: an FTS5 table over the folded title and text (``search_fts``), kept in step with
  ``search_searchtext`` by triggers.
- PostgreSQL: a generated ``tsvector`` column on ``search_searchtext`` (``vector``, the ``simple``
  configuration so Vietnamese words are not stemmed as English) with a GIN index, and one of
  the title alone on the document row (``title_vector``).

Both are created by this app's migrations. The words of a query come from search.parsing
(folded letters and digits only), so nothing typed reaches either query language. Hits are
ordered by how many accented words of the query they hold exactly, then title matches, then newest
first (DatabaseBackend); filters and the visibility rule are plain SQL conditions on the same query.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from search.access import visible_documents
from search.documents import LISTED_KINDS
from search.highlight import highlight
from search.labels import kind_label
from search.models import SearchDocument, SearchText, SearchTopic
from search.parsing import ParsedQuery
from search.results import Facet, SearchRequest, SearchResults

TABLE = SearchDocument._meta.db_table
TEXT_TABLE = SearchText._meta.db_table
FTS_TABLE = "search_fts"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def _without_jit():
    """PostgreSQL's JIT compiles a plan whose estimate is high (tens of thousands of matches):
    for these short statements the compilation alone took longer than the query."""
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    yield


def matching_ids_sql(query: ParsedQuery) -> tuple[str, list]:
    if _postgres():
        return f"SELECT document_id FROM {TEXT_TABLE} WHERE vector @@ to_tsquery('simple', %s)", [
            query.tsquery()
        ]
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query.fts5()]


def matching(queryset: QuerySet[SearchDocument], query: ParsedQuery) -> QuerySet[SearchDocument]:
    """``queryset`` narrowed to the documents matching ``query`` (all of them for no words)."""
    if query.is_empty:
        return queryset
    sql, params = matching_ids_sql(query)
    return queryset.filter(pk__in=RawSQL(sql, params))


def _title_match(query: ParsedQuery) -> RawSQL:
    """1 where the title alone matches every word, else 0."""
    if _postgres():
        sql = f"CASE WHEN {TABLE}.title_vector @@ to_tsquery('simple', %s) THEN 1 ELSE 0 END"
        return RawSQL(sql, [query.tsquery()], output_field=IntegerField())
    sql = f"CASE WHEN {TABLE}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) THEN 1 ELSE 0 END"
    return RawSQL(sql, [f"title_folded : ({query.fts5()})"], output_field=IntegerField())


def _exact_hits(query: ParsedQuery) -> RawSQL:
    """How many of the query's accented words the title and summary hold exactly (and two more
    for all of them together, as typed)."""
    function = "strpos" if _postgres() else "instr"
    words = list(query.accented_words)
    weights = [1] * len(words)
    if len(words) > 1:
        words.append(" ".join(words))
        weights.append(2)
    terms = [
        f"(CASE WHEN {function}({TABLE}.exact_text, %s) > 0 THEN {weight} ELSE 0 END)" for weight in weights
    ]
    return RawSQL(" + ".join(terms), words, output_field=IntegerField())


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
    """Hits ordered by how many accented words of the query they hold exactly, then whether the
    title alone matches, then newest first. (A rank computed from each document's whole text,
    BM25 or ``ts_rank``, reads every matching document's text: over 100,000 documents where a
    common word matches most of them, that was seconds; see benchmarks/README.md.)"""

    name = "database"

    def search(self, request: SearchRequest) -> SearchResults:
        query = request.query
        with transaction.atomic(), _without_jit():
            kinds = self._kind_counts(request)
            # The kinds facet leaves out only the kinds filter: the total is its sum over the kinds asked for.
            total = sum(count for kind, count in kinds.items() if not request.kinds or kind in request.kinds)
            ids = self._page_ids(request) if request.offset < total else []
            topics = self._topic_facets(request)
        documents = SearchDocument.objects.select_related("text").in_bulk(ids)
        hits = [highlight(documents[pk], query) for pk in ids if pk in documents]
        return SearchResults(
            total=total,
            hits=hits,
            kinds=[Facet(kind, kind_label(kind), kinds[kind]) for kind in LISTED_KINDS if kinds.get(kind)],
            topics=topics,
            backend=self.name,
        )

    def _page_ids(self, request: SearchRequest) -> list[int]:
        query = request.query
        documents = matching(filtered(request), query)
        if query.is_empty:
            ordering = [F("date").desc(nulls_last=True), "-pk"]
        else:
            documents = documents.annotate(title_match=_title_match(query))
            ordering = ["-title_match", F("date").desc(nulls_last=True), "-pk"]
            if query.accented_words:
                documents = documents.annotate(exact_hits=_exact_hits(query))
                ordering.insert(0, "-exact_hits")
        page = documents.order_by(*ordering)[request.offset : request.offset + request.limit]
        return list(page.values_list("pk", flat=True))

    def _kind_counts(self, request: SearchRequest) -> dict[str, int]:
        rows = matching(filtered(request, kinds=False), request.query).values("kind").annotate(n=Count("pk"))
        return {row["kind"]: row["n"] for row in rows}

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
