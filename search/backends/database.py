"""Search over the stored documents with the database's own full-text search.

- SQLite: an FTS5 table over the folded title and text (``search_fts``), kept in step with
  ``search_searchtext`` by triggers.
- PostgreSQL: a generated ``tsvector`` column on ``search_searchtext`` (``vector``, the ``simple``
  configuration so Vietnamese words are not stemmed as English) with a GIN index, and one of
  the title alone on the document row (``title_vector``).

Both are created by this app's migrations. The words of a query come from search.parsing
(folded letters and digits only), so nothing typed reaches either query language. Hits are
ordered in tiers (``tiers``: exact accents, then title matches), newest first within each (with
one topic filter, found through that topic's rows, which carry their document's date); the
total and the facets are counted up to a cap (DatabaseBackend). Filters and the visibility rule
are plain SQL conditions inside every statement, hits and counts alike.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models import BooleanField, F, IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from search.access import visible_documents
from search.documents import LISTED_KINDS
from search.highlight import highlight
from search.labels import kind_label
from search.models import SearchDocument, SearchText, SearchTopic
from search.parsing import ParsedQuery
from search.results import FACET_CAP, TOTAL_CAP, Facet, SearchRequest, SearchResults

TABLE = SearchDocument._meta.db_table
TEXT_TABLE = SearchText._meta.db_table
FTS_TABLE = "search_fts"
TOPIC_TABLE = SearchTopic._meta.db_table
TOPIC_FACETS = 50


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def _without_jit():
    """PostgreSQL's JIT compiles a plan whose estimate is high (tens of thousands of matches):
    for these short statements the compilation alone took longer than the query. No merge join
    either: joining the documents to their text in id order, PostgreSQL reads the vector of
    every text row on the way (TOASTed: ~10 µs each, a second over 100,000 rows), matched or not.
    No parallel workers: starting them costs more than these walks, which stop after a few
    thousand rows, and they made the planner prefer reading the whole document table."""
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL enable_mergejoin = off")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    yield


# SQLite: FTS5 evaluates a MATCH over the whole index even for one rowid (a prefix query: ~70 ms),
# so a search's matches (and title matches) are read once into temporary tables, which every
# check then looks up by id. Per connection; emptied and refilled by each search (``_match_sets``).
SQLITE_MATCHES = "temp.search_matches"
SQLITE_TITLE_MATCHES = "temp.search_title_matches"


@contextmanager
def _match_sets(query: ParsedQuery):
    if not _postgres():
        with connection.cursor() as cursor:
            for table, expression in (
                (SQLITE_MATCHES, query.fts5()),
                (SQLITE_TITLE_MATCHES, f"title_folded : ({query.fts5()})"),
            ):
                cursor.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {table.split('.')[1]} (id INTEGER PRIMARY KEY)"
                )
                cursor.execute(f"DELETE FROM {table}")
                if not query.is_empty:
                    cursor.execute(
                        f"INSERT INTO {table} SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                        [expression],
                    )
    yield


@contextmanager
def searching(query: ParsedQuery):
    """What one search's statements run in: a transaction with the planner settings
    (``_without_jit``), on SQLite the query's matches read once (``_match_sets``), and each
    filtered set of documents built once (``filtered``)."""
    token = _FILTERED.set({})
    try:
        with transaction.atomic(), _without_jit(), _match_sets(query):
            yield
    finally:
        _FILTERED.reset(token)


def matching_ids_sql(query: ParsedQuery) -> tuple[str, list]:
    if _postgres():
        return f"SELECT document_id FROM {TEXT_TABLE} WHERE vector @@ to_tsquery('simple', %s)", [
            query.tsquery()
        ]
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query.fts5()]


def matching(queryset: QuerySet[SearchDocument], query: ParsedQuery) -> QuerySet[SearchDocument]:
    """``queryset`` narrowed to the documents matching ``query`` (all of them for no words): the
    database chooses how (PostgreSQL reads the GIN index first when few documents match)."""
    if query.is_empty:
        return queryset
    sql, params = matching_ids_sql(query)
    return queryset.filter(pk__in=RawSQL(sql, params))


def _probe_sql(query: ParsedQuery, column: str) -> tuple[str, list]:
    """SQL true where the document whose id is ``column`` matches ``query``, checked for that row
    alone. PostgreSQL's planner counts reading a document's vector as nearly free (it is not: the
    vector is TOASTed), so given a join it may read the vectors of all 100,000 documents first;
    ``OFFSET 0`` keeps this check a per-row subplan, run after every other condition. On SQLite,
    a lookup in the search's matches, read once (``_match_sets``)."""
    if _postgres():
        sql = (
            f"EXISTS (SELECT 1 FROM {TEXT_TABLE} probe WHERE probe.document_id = {column}"
            " AND probe.vector @@ to_tsquery('simple', %s) OFFSET 0)"
        )
        return sql, [query.tsquery()]
    return f"{column} IN (SELECT id FROM {SQLITE_MATCHES})", []


def probed(queryset: QuerySet[SearchDocument], query: ParsedQuery) -> QuerySet[SearchDocument]:
    """``queryset`` narrowed to the documents matching ``query``, each row checked on its own
    (``_probe_sql``): for a query that matches many documents, walked in an index's order and
    stopped early by a LIMIT."""
    if query.is_empty:
        return queryset
    sql, params = _probe_sql(query, f"{TABLE}.id")
    return queryset.filter(RawSQL(sql, params, output_field=BooleanField()))


NEWEST = (F("date").desc(nulls_last=True), F("pk").desc())
# A walk that would read more candidates than this to find what it needs (the first batch shows
# how many match) asks the indexes instead: few documents match, the GIN indexes find them.
MAX_WALK = 5_000


def _title_condition(query: ParsedQuery, table: str = TABLE) -> tuple[str, list]:
    """SQL true where the title alone matches every word (and so the whole text does: the text
    matched holds the title)."""
    if _postgres():
        return f"{table}.title_vector @@ to_tsquery('simple', %s)", [query.tsquery()]
    return f"{table}.id IN (SELECT id FROM {SQLITE_TITLE_MATCHES})", []


def _exact_condition(query: ParsedQuery, table: str = TABLE) -> tuple[str, list]:
    """SQL true where the title and summary hold every accented word of the query exactly (as
    written: "ân" is in "nhân"). On PostgreSQL a LIKE, which its planner can estimate from the
    column's statistics and which the trigram index (migration 0003) answers."""
    words = list(query.accented_words)
    if _postgres():
        patterns = [
            "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for word in words
        ]
        return " AND ".join(f"{table}.exact_text LIKE %s" for _ in words), patterns
    return " AND ".join(f"instr({table}.exact_text, %s) > 0" for _ in words), words


CONDITIONS = {"exact": _exact_condition, "title": _title_condition}
Tier = tuple[tuple[str, bool], ...]  # (condition, whether it holds) for each of CONDITIONS used


def _tier_sql(tier: Tier, query: ParsedQuery, table: str = TABLE) -> list[tuple[str, list]]:
    out = []
    for name, holds in tier:
        sql, params = CONDITIONS[name](query, table)
        out.append((sql if holds else f"NOT ({sql})", params))
    return out


def tiers(query: ParsedQuery) -> list[Tier]:
    """The ranking's tiers, best first, each as the conditions a document of it meets: with
    accents typed, the documents whose title and summary hold every accented word exactly come
    first; then (within each) those whose title alone matches; then the rest. Within a tier,
    newest first: each tier's first hits are found by ``newest_matches``, stopping early."""
    if query.is_empty:
        return [()]
    levels: list[Tier] = [()]
    if query.accented_words:
        levels = [(("exact", True),), (("exact", False),)]
    return [(*level, ("title", holds)) for level in levels for holds in (True, False)]


def _walk_sql(
    queryset: QuerySet[SearchDocument], topic: str | None, *, by_date: bool, tier_columns: bool
) -> tuple[str, list, str]:
    """The candidates of a walk, in order, as SQL to slice (``LIMIT``/``OFFSET`` appended): columns
    ``id, date, kind, exact_text`` (and ``title_vector`` with ``tier_columns``), and the order
    to sort them in again outside (``candidates.…``).

    Without a ``topic``, ``queryset``'s documents through the date index (or the ids'). With one
    (by date), the topic's rows newest first through ``search_topic_date`` (their date is the
    document's: search.indexing._write), each looked up in ``queryset`` (the visibility rule and
    the other filters) by its id: a topic's newest rows are its newest documents, where walking
    every document by date and looking each one up in the topics read 10 or more documents for
    each of the topic's. The walk's ``ORDER BY`` and the lookup's ``LIMIT 1`` keep this plan (a
    nested loop, in the index's order): given a join, PostgreSQL may hash the topic's rows with
    every visible document and sort them."""
    tier_fields = ["title_vector"] if tier_columns else []
    if tier_columns:
        queryset = queryset.annotate(title_vector=RawSQL(f"{TABLE}.title_vector", []))
    outer = "candidates.date DESC NULLS LAST, candidates.id DESC" if by_date else "candidates.id DESC"
    if topic is None or not by_date:
        order = NEWEST if by_date else (F("pk").desc(),)
        columns = queryset.order_by(*order).values("id", "date", "kind", "exact_text", *tier_fields)
        sql, params = columns.query.sql_with_params()
        return sql, list(params), outer
    lookup, lookup_params = (
        queryset.filter(pk=RawSQL("walk.document_id", []))
        .order_by()
        .values("kind", "exact_text", *tier_fields)[:1]
        .query.sql_with_params()
    )
    order = "date DESC NULLS LAST, document_id DESC"
    sql = (
        "SELECT walk.document_id AS id, walk.date AS date, document.kind, document.exact_text"
        f"{''.join(f', document.{name}' for name in tier_fields)}"
        f" FROM (SELECT document_id, date FROM {TOPIC_TABLE} WHERE code = %s ORDER BY {order}) walk"
        f" CROSS JOIN LATERAL ({lookup}) document ORDER BY walk.{order.replace(', ', ', walk.')}"
    )
    return sql, [topic, *lookup_params], outer


def _with_topics(queryset: QuerySet[SearchDocument], topics: tuple[str, ...]) -> QuerySet[SearchDocument]:
    """``queryset`` narrowed to the documents with one of ``topics`` (all of them for none)."""
    if not topics:
        return queryset
    return queryset.filter(pk__in=SearchTopic.objects.filter(code__in=topics).values("document_id"))


def newest_matches(
    queryset: QuerySet[SearchDocument],
    query: ParsedQuery,
    count: int,
    tier: Tier = (),
    *,
    by_date: bool = True,
    topics: tuple[str, ...] = (),
) -> list[tuple[int, str]]:
    """(id, kind) of the ``count`` newest documents of ``queryset`` in ``tier`` that match ``query``
    (``by_date=False``: the last indexed, an order any index of ids gives, the topics' too),
    among those with one of ``topics`` when given (``queryset`` without that filter).

    The candidates are read newest first, in growing batches, through the date index (a topic
    filter: through its topic rows' date index; no vector read for them), and checked one by
    one, stopping at the ``count``-th: a broad query's first hits cost a few hundred checks, not
    a pass over every match. When the first batch shows that few candidates pass (the walk
    would read more than MAX_WALK), the indexes answer instead. A title match needs no check
    against the text: the text matched holds the title."""
    topics = tuple(dict.fromkeys(topics))
    # One topic: its rows are walked (``_walk_sql``). Several: a document may have more than one
    # of them, and PostgreSQL 15 did not merge one ordered walk per topic in a UNION ALL (it
    # sorted all their rows); the documents are walked by date, each looked up in the topics.
    topic = topics[0] if len(topics) == 1 and by_date else None
    if topic is None:
        queryset, topics = _with_topics(queryset, topics), ()
    if not _postgres():
        return _sorted_matches(queryset, query, count, tier, by_date=by_date, topic=topic)
    checks = _tier_sql(tier, query, "candidates")
    in_title = ("title", True) in tier
    if not query.is_empty and not in_title:
        checks.append(_probe_sql(query, "candidates.id"))
    candidates, candidate_params, outer_order = _walk_sql(
        queryset, topic, by_date=by_date, tier_columns=bool(tier)
    )
    where = " AND ".join(sql for sql, _ in checks) or "TRUE"
    where_params = [param for _, params in checks for param in params]
    found: list[tuple[int, str]] = []
    start, batch = 0, max(2 * count, 500) if checks else count
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT candidates.id, candidates.kind FROM ({candidates} LIMIT %s OFFSET %s) candidates"
                f" WHERE {where} ORDER BY {outer_order} LIMIT %s",
                [*candidate_params, batch, start, *where_params, count - len(found)],
            )
            found.extend(cursor.fetchall())
        walked = start + batch
        if len(found) >= count or not checks:
            return found
        if (count - len(found)) * walked > MAX_WALK * max(len(found), 1):
            break  # too few pass: the indexes answer (whether or not the walk is at its end)
        # On to the next batch. (Whether this one was the last is not asked: that costs a walk
        # as long as the batch's; past the end, the next batches find nothing and the indexes
        # answer after a few.)
        start, batch = walked, batch * 2
    # Few candidates pass: the indexes find them (GIN over the text, the title, the trigrams).
    documents = _with_topics(queryset, topics).filter(
        *[RawSQL(sql, params, output_field=BooleanField()) for sql, params in _tier_sql(tier, query)]
    )
    if not in_title:
        documents = matching(documents, query)
    order = NEWEST if by_date else (F("pk").desc(),)
    return list(documents.order_by(*order).values_list("pk", "kind")[:count])


def _sorted_matches(
    queryset: QuerySet[SearchDocument],
    query: ParsedQuery,
    count: int,
    tier: Tier,
    *,
    by_date: bool,
    topic: str | None = None,
) -> list[tuple[int, str]]:
    """``newest_matches`` on SQLite: one statement, the tier's matches (looked up in the search's
    temporary tables) sorted at once, or in no order when ``by_date`` is false (it stops at
    ``count``). SQLite's planner reads the documents through the kinds index and sorts them all
    for every batch of a walk: a walk cost more than sorting the matches once.

    With a ``topic`` (``queryset`` without that filter), the topic's rows are read newest first
    through ``search_topic_date`` and joined to their documents, and the statement stops at the
    ``count``-th match (SQLite's ``DESC`` puts NULL last, as ``NEWEST`` does): at 100,000
    documents 2–5 ms for a tier with hits instead of 30 ms, the same for an empty one."""
    conditions = _tier_sql(tier, query)
    if not query.is_empty and ("title", True) not in tier:
        conditions.append(_probe_sql(query, f"{TABLE}.id"))
    documents = queryset.filter(
        *[RawSQL(sql, params, output_field=BooleanField()) for sql, params in conditions]
    )
    if topic is not None:
        walk = documents.filter(topics__code=topic)
        documents = walk.order_by(F("topics__date").desc(), F("topics__document_id").desc())
    else:
        documents = documents.order_by(*NEWEST) if by_date else documents.order_by()
    return list(documents.values_list("pk", "kind")[:count])


def _flag(condition: tuple[str, list]) -> RawSQL:
    sql, params = condition
    return RawSQL(f"CASE WHEN {sql} THEN 1 ELSE 0 END", params, output_field=IntegerField())


def _ranked(queryset: QuerySet[SearchDocument], query: ParsedQuery) -> QuerySet[SearchDocument]:
    """``queryset`` in the order of ``tiers`` (every match sorted at once)."""
    newest = list(NEWEST)
    if query.is_empty:
        return queryset.order_by(*newest)
    queryset = queryset.annotate(title_match=_flag(_title_condition(query)))
    ordering = ["-title_match", *newest]
    if query.accented_words:
        queryset = queryset.annotate(exact_match=_flag(_exact_condition(query)))
        ordering.insert(0, "-exact_match")
    return queryset.order_by(*ordering)


# Inside ``searching``: each ``filtered`` set of documents of the search, built once (the visibility
# rule's queryset costs ~1 ms of Python to build, and a search asked for it five times), and
# so with one "now" for the publication windows in all of the search's statements.
_FILTERED: ContextVar[dict | None] = ContextVar("search_filtered", default=None)


def filtered(request: SearchRequest, *, kinds: bool = True, topics: bool = True) -> QuerySet[SearchDocument]:
    """The documents the viewer may find, narrowed by the request's filters (a facet leaves its
    own filter out, so it counts what choosing another value would give). A queryset to narrow
    further (every use clones it), never to evaluate itself: inside ``searching`` it is shared."""
    memo = _FILTERED.get()
    if memo is None:
        return _filtered(request, kinds=kinds, topics=topics)
    key = (id(request), kinds, topics)
    if key not in memo:  # the request is kept with it: its id is not reused while the memo lives
        memo[key] = (request, _filtered(request, kinds=kinds, topics=topics))
    return memo[key][1]


def _filtered(request: SearchRequest, *, kinds: bool, topics: bool) -> QuerySet[SearchDocument]:
    queryset = visible_documents(request.viewer).filter(kind__in=LISTED_KINDS)
    if kinds and request.kinds:
        queryset = queryset.filter(kind__in=request.kinds)
    if topics:
        queryset = _with_topics(queryset, request.topics)
    if request.organisation_path is not None:
        queryset = queryset.filter(organisation_path__startswith=request.organisation_path)
    if request.date_from is not None:
        queryset = queryset.filter(date__gte=request.date_from)
    if request.date_to is not None:
        queryset = queryset.filter(date__lte=request.date_to)
    return queryset


_VALUE = "\x00facet value\x00"  # stands for each value in the statement compiled once


def capped_counts(documents: QuerySet, condition: str, values: list[str], cap: int) -> dict[str, int]:
    """For each value, how many of ``documents`` meet ``condition`` (SQL with one ``%s``, the
    value), counting no further than ``cap + 1``: one statement, a bounded count per value
    (``SELECT count(*) FROM (… LIMIT cap + 1)``), compiled once."""
    if not values:
        return {}
    narrowed = documents.filter(RawSQL(condition, [_VALUE], output_field=BooleanField()))
    sql, params = narrowed.order_by().values("pk")[: cap + 1].query.sql_with_params()
    if list(params).count(_VALUE) != 1:
        raise ValueError("the condition's value must appear once in the statement")
    part = f"(SELECT COUNT(*) FROM ({sql}) capped)"
    every = [value if param == _VALUE else param for value in values for param in params]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([part] * len(values)), every)
        row = cursor.fetchone()
    return dict(zip(values, row, strict=True))


def facet_counts(
    documents: QuerySet, condition: str, values: list[str], seen: Counter
) -> dict[str, tuple[int, bool]]:
    """Each value's count among ``documents`` when they are too many to count (more than
    TOTAL_CAP): exact when it is at most FACET_CAP; otherwise at least FACET_CAP, or at least
    what the first TOTAL_CAP + 1 matches held of it (``seen``), whichever is more. A value that
    those first matches already hold more than FACET_CAP times is not counted again."""
    capped = capped_counts(
        documents, condition, [value for value in values if seen[value] <= FACET_CAP], FACET_CAP
    )
    counts = {}
    for value in values:
        if value not in capped:
            counts[value] = (seen[value], False)
        elif capped[value] <= FACET_CAP:
            counts[value] = (capped[value], True)
        else:
            counts[value] = (max(seen[value], FACET_CAP), False)
    return counts


def _topics_of(ids: list[int]) -> list[tuple[str, int, str]]:
    """(code, how many of the documents ``ids`` have it, a label) for every topic they have. On
    PostgreSQL the ids go as one array: 1,000 of them as 1,000 parameters cost Django and the
    driver more time than the statement takes."""
    if _postgres():
        where, params = "document_id = ANY(%s)", [list(ids)]
    else:
        where, params = f"document_id IN ({', '.join(['%s'] * len(ids)) or 'NULL'})", list(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code, COUNT(*), MIN(label) FROM {TOPIC_TABLE} WHERE {where} GROUP BY code ORDER BY code",
            params,
        )
        return cursor.fetchall()


def topic_codes() -> dict[str, str]:
    """Every topic code with a label (the last indexed document's), read by skipping through the
    (code, document) index: one probe per code, not one row per document. (The label is read
    through that index too: found by a scan of the table, it cost 1 ms per code once the
    table's first pages were emptied, as by migration 0004's update of every row.)"""
    table = TOPIC_TABLE
    sql = f"""
        WITH RECURSIVE codes(code) AS (
            SELECT MIN(code) FROM {table}
            UNION ALL
            SELECT (SELECT MIN(code) FROM {table} WHERE code > codes.code) FROM codes WHERE codes.code IS NOT NULL
        )
        SELECT code, (
            SELECT label FROM {table} labels WHERE labels.code = codes.code ORDER BY labels.document_id DESC LIMIT 1
        )
        FROM codes WHERE code IS NOT NULL
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


class DatabaseBackend:
    """Hits ordered by ``tiers`` (exact accents, then title matches), newest first within each.
    (A rank computed from each document's whole text, BM25 or ``ts_rank``, reads every matching
    document's text: over 100,000 documents where a common word matches most of them, that was
    seconds; see benchmarks/README.md.)

    Nothing visits every match of a broad query: the total and the facets are counted up to a
    cap (search.results.TOTAL_CAP, FACET_CAP) and say whether they are exact, and the page is
    found tier by tier in date order, each walk stopping at the page's last hit."""

    name = "database"

    def search(self, request: SearchRequest) -> SearchResults:
        query = request.query
        with searching(query):
            # TOTAL_CAP + 1 matches: the total (exact, or "TOTAL_CAP+"), and the facets' counts
            # when that is all there is (their lower bounds otherwise).
            sample = self._sample(filtered(request), query)
            total = min(len(sample), TOTAL_CAP)
            total_is_exact = len(sample) <= TOTAL_CAP
            ids = self._page_ids(request, every_match=total_is_exact) if request.offset < total else []
            kinds = self._kind_facets(request, sample)
            topics = self._topic_facets(request, sample)
        documents = SearchDocument.objects.select_related("text").in_bulk(ids)
        hits = [highlight(documents[pk], query) for pk in ids if pk in documents]
        return SearchResults(
            total=total,
            total_is_exact=total_is_exact,
            hits=hits,
            kinds=kinds,
            topics=topics,
            backend=self.name,
        )

    @staticmethod
    def _sample(queryset: QuerySet[SearchDocument], query: ParsedQuery) -> list[tuple[int, str]]:
        """(id, kind) of TOTAL_CAP + 1 matches of ``queryset``, the last indexed: the total, and
        the facets' counts when that is all there is (their lower bounds otherwise). In id order,
        not by date: a topics filter walks its topic's index, not every document by date."""
        return newest_matches(queryset, query, TOTAL_CAP + 1, by_date=False)

    def _page_ids(self, request: SearchRequest, *, every_match: bool = False) -> list[int]:
        """The page's ids. With few matches (``every_match``: at most TOTAL_CAP), they are sorted
        at once; otherwise each tier's newest are found in turn, only as far as the page needs."""
        query = request.query
        end = request.offset + request.limit
        if every_match:
            documents = _ranked(matching(filtered(request), query), query)
            return list(documents[request.offset : end].values_list("pk", flat=True))
        ids: list[int] = []
        documents = filtered(request, topics=False)  # the topics filter: the walk's (newest_matches)
        for tier in tiers(query):
            found = newest_matches(documents, query, end - len(ids), tier, topics=request.topics)
            ids.extend(pk for pk, _ in found)
            if len(ids) >= end:
                break
        return ids[request.offset : end]

    def _kind_facets(self, request: SearchRequest, sample: list[tuple[int, str]]) -> list[Facet]:
        if request.kinds:  # the facet leaves out the kinds filter: its own sample
            sample = self._sample(filtered(request, kinds=False), request.query)
        # Lower bounds from the first TOTAL_CAP matches: never more than the total says.
        seen = Counter(kind for _, kind in sample[:TOTAL_CAP])
        if len(sample) <= TOTAL_CAP:
            counts = {kind: (seen[kind], True) for kind in LISTED_KINDS}
        else:
            documents = probed(filtered(request, kinds=False), request.query)
            # With a topics filter, only the kinds those topics belong to can have hits.
            kinds = [kind for kind in LISTED_KINDS if _of_topics(kind, request.topics)]
            counts = {kind: (0, True) for kind in LISTED_KINDS}
            counts |= facet_counts(documents, f"{TABLE}.kind = %s", kinds, seen)
        return [
            Facet(kind, kind_label(kind), count, exact)
            for kind in LISTED_KINDS
            for count, exact in [counts[kind]]
            if count
        ]

    def _topic_facets(self, request: SearchRequest, sample: list[tuple[int, str]]) -> list[Facet]:
        if request.topics:  # the facet leaves out the topics filter: its own sample
            sample = self._sample(filtered(request, topics=False), request.query)
        ids = [pk for pk, _ in sample[:TOTAL_CAP]]
        seen: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for code, count, label in _topics_of(ids):
            seen[code] = count
            labels[code] = label
        if len(sample) <= TOTAL_CAP:
            counts = {code: (n, True) for code, n in seen.items()}
        else:
            labels = topic_codes() | labels
            codes = [code for code in labels if _of_kinds(code, request.kinds)]
            documents = probed(filtered(request, topics=False), request.query)
            condition = f"{TABLE}.id IN (SELECT document_id FROM {TOPIC_TABLE} WHERE code = %s)"
            counts = facet_counts(documents, condition, codes, seen)
        facets = [Facet(code, labels[code], count, exact) for code, (count, exact) in counts.items() if count]
        facets.sort(key=lambda facet: (-facet.count, facet.label))
        return facets[:TOPIC_FACETS]


def _of_topics(kind: str, topics: tuple[str, ...]) -> bool:
    """Whether a document of ``kind`` can have one of ``topics`` (see ``_of_kinds``)."""
    return not topics or any(_of_kinds(code, (kind,)) for code in topics)


def _of_kinds(code: str, kinds: tuple[str, ...]) -> bool:
    """Whether a topic code can belong to a document of ``kinds`` (codes start with their kind,
    search.documents: "news:…", "legal:…"); every code when no kind is asked for."""
    return not kinds or code.split(":", 1)[0] in kinds or ":" not in code


def matching_object_ids(
    kinds: tuple[str, ...] | list[str], text: str, among: QuerySet | None = None
) -> QuerySet:
    """The ids of objects of ``kinds`` whose documents match ``text``, as a subquery: what the
    per-type lists (``documents(search: …)``) and the admin's searches filter by. It applies no
    audience: the list it narrows has applied its own access policy already.

    ``among``: the ids the caller's list holds (``queryset.values("pk")``), for a list much
    smaller than its kind (a grassroots officer's members): only their documents are matched,
    instead of every document of the kind before the list narrows the result."""
    from search.parsing import parse

    query = parse(text)
    documents = SearchDocument.objects.filter(kind__in=kinds, deleted=False)
    if among is not None:
        documents = documents.filter(object_id__in=among)
    return matching(documents, query).values_list("object_id", flat=True)
