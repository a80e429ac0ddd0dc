"""Search with Meilisearch, when ``MEILISEARCH_URL`` is set.

The index holds the listed kinds only (search.documents.LISTED_KINDS), one document per
SearchDocument row, its id the row's ``key`` ("news-12"). What decides who may find a document
travels with it (audience, window) and is applied in Meilisearch's own filter, so hits and
facet counts never include what the viewer may not see. The hits are then read back from the
database through search.access: a stale index can never show an item that has become hidden.

Facets are disjunctive: the kinds are counted without the kinds filter and the topics without
the topics filter, in the same request as the hits (``/multi-search``, three queries).

Only this module and search.sync speak to Meilisearch, through the official client; any error
it raises (refused, timed out, an error answer) becomes ``BackendUnavailable`` and search.query
answers from the database instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime

import requests
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from meilisearch import Client
from meilisearch.errors import MeilisearchError

from search.access import viewer_organisation_ids, visible_documents
from search.backends import BackendUnavailable
from search.documents import LISTED_KINDS
from search.highlight import highlight
from search.models import SearchAudience, SearchDocument, SearchTopic
from search.results import Facet, SearchRequest, SearchResults
from search.settings_meilisearch import index_settings

TIMEOUT_SECONDS = 2  # a search that takes longer is answered by the database instead
DEFAULT_INDEX_PREFIX = "congdoanso"
INDEX_SUFFIX = "_content"
# "No time" in a document: 9999-12-31T23:59:59Z, so every filter is a plain comparison.
NEVER = 253_402_300_799
NO_DATE = -NEVER  # a document without a date: sorted last, outside every date range
EVERYONE = "*"  # the audience of a document for everyone
TOPIC_FACETS = 50  # as many topic facets as the database backend returns
# How long a task may take before sync or configure gives up on it, and how often to ask.
TASK_TIMEOUT_SECONDS = 30.0
TASK_POLL_SECONDS = 0.05

ERRORS = (MeilisearchError, requests.RequestException)


def index_name() -> str:
    prefix = getattr(settings, "MEILISEARCH_INDEX_PREFIX", "") or DEFAULT_INDEX_PREFIX
    return f"{prefix}{INDEX_SUFFIX}"


def client(timeout: float = TIMEOUT_SECONDS) -> Client:
    # The client hands ``timeout`` to requests, which takes fractions of a second too.
    return Client(settings.MEILISEARCH_URL, settings.MEILISEARCH_API_KEY or None, timeout=timeout)  # type: ignore[arg-type]


def timestamp(value: datetime | None, default: int) -> int:
    return int(value.timestamp()) if value is not None else default


def parse_key(key: str) -> tuple[str, int] | None:
    kind, _, object_id = str(key).rpartition("-")
    return (kind, int(object_id)) if kind and object_id.isdigit() else None


# --- Documents ------------------------------------------------------------------------------


def _lineages(paths: Iterable[str]) -> dict[str, list[int]]:
    """For each organisation path, the ids of the organisation and its ancestors (root first)."""
    from cms.organisations.models import Organisation

    step = Organisation.steplen
    paths = {path for path in paths if path}
    prefixes = {path[:end] for path in paths for end in range(step, len(path) + 1, step)}
    ids = dict(Organisation.objects.filter(path__in=prefixes).values_list("path", "pk"))
    return {
        path: [ids[path[:end]] for end in range(step, len(path) + 1, step) if path[:end] in ids]
        for path in paths
    }


def documents(rows: list[SearchDocument]) -> list[dict]:
    """The Meilisearch documents of ``rows`` (their audience, topics and lineage read in bulk)."""
    pks = [row.pk for row in rows]
    audience: dict[int, list[int]] = {}
    for document_id, organisation_id in SearchAudience.objects.filter(document_id__in=pks).values_list(
        "document_id", "organisation_id"
    ):
        audience.setdefault(document_id, []).append(organisation_id)
    topics: dict[int, list[str]] = {}
    for document_id, code in (
        SearchTopic.objects.filter(document_id__in=pks).order_by("code").values_list("document_id", "code")
    ):
        topics.setdefault(document_id, []).append(code)
    lineages = _lineages(row.organisation_path for row in rows)
    return [
        {
            "id": row.key,
            "kind": row.kind,
            "title": row.title,
            "summary": row.summary,
            "body": row.body,
            "title_folded": row.title_folded,
            "text_folded": row.text_folded,
            "topics": topics.get(row.pk, []),
            "organisation_lineage": lineages.get(row.organisation_path, []),
            "audience": [EVERYONE] if row.audience_everyone else sorted(audience.get(row.pk, [])),
            "visible_from": timestamp(row.visible_from, 0),
            "visible_until": timestamp(row.visible_until, NEVER),
            "date": timestamp(row.date, NO_DATE),
            "path": row.path,
        }
        for row in rows
    ]


# --- Tasks ----------------------------------------------------------------------------------


class TaskFailed(Exception):
    """A Meilisearch task ended ``failed`` (or ``canceled``): its error's message and code."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


def wait_for_task(
    meili: Client,
    task_uid: int,
    *,
    sleep: Callable[[float], None] = time.sleep,
    timeout: float = TASK_TIMEOUT_SECONDS,
    interval: float = TASK_POLL_SECONDS,
):
    """Ask for the task until it is done (``sleep`` between asks, at most ``timeout`` seconds of
    them); raises TaskFailed if it failed, MeilisearchTimeoutError if it never ended."""
    from meilisearch.errors import MeilisearchTimeoutError

    waited = 0.0
    while True:
        task = meili.get_task(task_uid)
        if task.status == "succeeded":
            return task
        if task.status in ("failed", "canceled"):
            error = task.error or {}
            raise TaskFailed(
                error.get("message") or f"Meilisearch task {task_uid} {task.status}", error.get("code")
            )
        if waited >= timeout:
            raise MeilisearchTimeoutError(f"Meilisearch task {task_uid} did not end within {timeout:g} s")
        sleep(interval)
        waited += interval


def configure(*, sleep: Callable[[float], None] = time.sleep) -> str:
    """Create the index if needed and apply the settings of search.settings_meilisearch.

    Returns the index's name; raises the client's errors or TaskFailed.
    """
    meili = client(timeout=TASK_TIMEOUT_SECONDS)
    name = index_name()
    created = meili.create_index(name, {"primaryKey": "id"})
    try:
        wait_for_task(meili, created.task_uid, sleep=sleep)
    except TaskFailed as error:
        if error.code != "index_already_exists":
            raise
    updated = meili.index(name).update_settings(index_settings())
    wait_for_task(meili, updated.task_uid, sleep=sleep)
    return name


# --- Search ---------------------------------------------------------------------------------


def quoted(value: str) -> str:
    """A string in Meilisearch's filter syntax (double quotes, backslash escapes)."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _in(attribute: str, values: Iterable) -> str:
    rendered = [value if isinstance(value, int) else quoted(value) for value in values]
    return f"{attribute} IN [{', '.join(str(value) for value in rendered)}]"


class MeilisearchBackend:
    name = "meilisearch"

    def __init__(
        self, timeout: float = TIMEOUT_SECONDS, clock: Callable[[], datetime] = timezone.now
    ) -> None:
        self.timeout = timeout
        self.clock = clock  # what "now" is for the publication window

    # The filters, each a string; a query's filter is the AND of those it uses.

    def base_filters(self, request: SearchRequest) -> list[str]:
        now_ts = int(self.clock().timestamp())
        audience: list = [EVERYONE]
        if request.viewer.organisation_paths:
            audience += sorted(row["pk"] for row in viewer_organisation_ids(request.viewer))
        filters = [_in("audience", audience), f"visible_from <= {now_ts}", f"visible_until > {now_ts}"]
        if request.organisation_path is not None:
            filters.append(f"organisation_lineage = {self._organisation_id(request.organisation_path)}")
        if request.date_from is not None:
            filters.append(f"date >= {int(request.date_from.timestamp())}")
        if request.date_to is not None:
            if request.date_from is None:
                filters.append(f"date > {NO_DATE}")
            filters.append(f"date <= {int(request.date_to.timestamp())}")
        return filters

    @staticmethod
    def _organisation_id(path: str) -> int:
        from cms.organisations.models import Organisation

        # An organisation that does not exist publishes nothing: no document has id -1.
        return Organisation.objects.filter(path=path).values_list("pk", flat=True).first() or -1

    def queries(self, request: SearchRequest) -> list[dict]:
        """The three queries of one search: the hits, the kinds facet, the topics facet."""
        base = self.base_filters(request)
        kinds = [_in("kind", request.kinds)] if request.kinds else []
        topics = [_in("topics", request.topics)] if request.topics else []
        text = request.query.meilisearch()
        index = index_name()
        hits: dict = {
            "indexUid": index,
            "q": text,
            "filter": " AND ".join(base + kinds + topics),
            "offset": request.offset,
            "limit": request.limit,
            "attributesToRetrieve": ["id"],
            # Every document has exactly one kind: their counts add up to the exact total.
            "facets": ["kind"],
        }
        if request.query.is_empty:
            hits["sort"] = ["date:desc"]
        return [
            hits,
            {
                "indexUid": index,
                "q": text,
                "filter": " AND ".join(base + topics),
                "limit": 0,
                "facets": ["kind"],
            },
            {
                "indexUid": index,
                "q": text,
                "filter": " AND ".join(base + kinds),
                "limit": 0,
                "facets": ["topics"],
            },
        ]

    def search(self, request: SearchRequest) -> SearchResults:
        try:
            answer = client(self.timeout).multi_search(self.queries(request))
            main, by_kind, by_topic = answer["results"]
            keys = [hit["id"] for hit in main["hits"]]
            kind_counts = main.get("facetDistribution", {}).get("kind", {})
            # Asking for facets makes Meilisearch's search exhaustive: their counts are exact, and
            # every document has one kind, so they add up to the exact total. Without them only
            # ``estimatedTotalHits`` is there: an estimate (exact only when it is 0).
            if kind_counts:
                total, total_is_exact = sum(kind_counts.values()), True
            else:
                total = main.get("estimatedTotalHits", 0)
                total_is_exact = total == 0
            kind_facets = by_kind.get("facetDistribution", {}).get("kind", {})
            topic_facets = by_topic.get("facetDistribution", {}).get("topics", {})
        except ERRORS as error:
            raise BackendUnavailable(str(error)) from error
        except (KeyError, TypeError, ValueError) as error:
            raise BackendUnavailable(f"unexpected answer from Meilisearch: {error!r}") from error
        return SearchResults(
            total=total,
            total_is_exact=total_is_exact,
            hits=[highlight(document, request.query) for document in self._documents(request, keys)],
            kinds=self._kind_facets(kind_facets),
            topics=self._topic_facets(topic_facets),
            backend=self.name,
        )

    @staticmethod
    def _documents(request: SearchRequest, keys: list[str]) -> list[SearchDocument]:
        """The hits as the database has them now, in Meilisearch's order, through the visibility
        rule: a document the index still has but the viewer may no longer see is left out."""
        pairs = [pair for pair in (parse_key(key) for key in keys) if pair and pair[0] in LISTED_KINDS]
        if not pairs:
            return []
        condition = Q()
        for kind, object_id in pairs:
            condition |= Q(kind=kind, object_id=object_id)
        found = {
            row.key: row for row in visible_documents(request.viewer).select_related("text").filter(condition)
        }
        return [found[key] for key in keys if key in found]

    @staticmethod
    def _kind_facets(counts: dict) -> list[Facet]:
        from search.labels import kind_label

        return [Facet(kind, kind_label(kind), counts[kind]) for kind in LISTED_KINDS if counts.get(kind)]

    @staticmethod
    def _topic_facets(counts: dict) -> list[Facet]:
        labels: dict[str, str] = {}
        for code, label in SearchTopic.objects.filter(code__in=list(counts)).values_list("code", "label"):
            labels.setdefault(code, label)
        facets = [Facet(code, labels.get(code, code), count) for code, count in counts.items() if count]
        facets.sort(key=lambda facet: (-facet.count, facet.label))
        return facets[:TOPIC_FACETS]
