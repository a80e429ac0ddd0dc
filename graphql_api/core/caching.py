"""Caches that keep lists fast at province scale and never give what a reader may not see.

- ``totalCount`` (:func:`count`): a list's ``COUNT(*)`` (the same filters and visibility rule as
  its items), kept under the count's SQL (its filters, the reader's audience paths...) for the
  **content version** and the **visibility window**: the rule's "now" is the only moment a
  count may hold, and a kept count never outlives the window that now is in.
- answers to lists (:class:`ResponseCache`): a query whose root fields are all lists of pages
  (``CACHEABLE_LISTS``, with the filter chips beside them: ``CACHEABLE_COMPANIONS``) from a guest,
  or from a member whose only access is their membership
  (no officer role, group, permission or staff account): such members of one union read the
  same lists, so one answer serves them all (:func:`shared_reader`). Before a kept answer is
  given, a small query reads what the lists answer now for this reader (the items' cursors and
  publication times, page boundaries, count) through the same rule: a hidden, expired,
  republished or reordered item makes it answer afresh. The home screen (``CACHEABLE_SCREENS``)
  is kept the same way, each of its lists re-read (the first items' ids and publication times),
  its quick links and the menu beside it too (which of the linked pages the reader may see: a
  link to a page the reader may not see is left out); these are read in one SQL statement,
  compiled when the answer is kept and kept with it (``REREADS``, :class:`Rereads`), so a kept
  home screen costs the content version and that statement. The union directory
  (``CACHEABLE_DIRECTORY``) is kept for the content version with nothing re-read: every change to
  it is logged. Contests are kept: their status follows their rounds' clock, so the
  window also closes at the next round opening or closing, and the listed contests' schedule is
  re-read when an answer shows it. The rest of an answer (organisation names, categories,
  images...) is kept for the content version, the date, the reader's language and the window. A
  field whose answer is the reader's own (``metadata={PERSONAL: True}``: a member's job
  application) is never shared: an operation that asks for one is answered afresh.

The content version is read from the database once per request (one query on primary-key
indexes): the newest page log entry (publish, unpublish, scheduled publish and expiry, delete,
move, privacy), the newest model log entry (images, documents, snippets edited in the admin),
the newest organisation change (created, renamed, moved, merged, dissolved; contact details
edited are a model log entry) and the page view
restrictions. Every server process and cron job writes those, so a change made anywhere is seen
everywhere at once, with no signal to miss; a reader that read the old version stores only
under the old one.

The visibility window closes at the next go-live or expiry time of any page (the rule hides an
expired page at that moment, before ``publish_scheduled`` takes it offline), at the next opening
or closing of any contest round (``CLOCK_MOMENTS``: a contest's status) and after at most
``MAX_AGE`` seconds, which also bounds what changes without a log entry (a row changed in a
shell, a scheduled organisation change applied by cron).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    get_named_type,
    parse,
    print_ast,
)
from graphql import OperationType as GraphQLOperationType
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

MAX_AGE = 300
# v4: a kept home screen holds the statement that re-reads it (``Rereads``).
PREFIX = "api-cache:v4:"
# Set while a list's current state is read for the response cache: what that reading meets (a
# bad cursor...) the operation itself meets and logs next, so it is not logged twice.
_reading_fingerprint: ContextVar[bool] = ContextVar("reading_fingerprint", default=False)


class _QuietWhileFingerprinting(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _reading_fingerprint.get()


logging.getLogger("graphql_api").addFilter(_QuietWhileFingerprinting())


# --- Content version and visibility window ----------------------------------------------------


def content_version() -> str:
    """The newest page log entry, model log entry and organisation change, and the page view
    restrictions (added or removed), as one string."""
    from wagtail.models import ModelLogEntry, PageLogEntry, PageViewRestriction

    from cms.organisations.models import OrganisationChange

    quote = connection.ops.quote_name
    parts = ", ".join(
        f"(SELECT {aggregate}({quote('id')}) FROM {quote(model._meta.db_table)})"
        for aggregate, model in (
            ("MAX", PageLogEntry),
            ("MAX", ModelLogEntry),
            ("MAX", OrganisationChange),
            ("MAX", PageViewRestriction),
            ("COUNT", PageViewRestriction),
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    return ".".join(str(value or 0) for value in row)


def request_version(context) -> str:
    """The content version, read once per request (kept on the GraphQL context)."""
    version = getattr(context, "_content_version", None)
    if version is None:
        version = content_version()
        context._content_version = version
    return version


# Moments at which what a reader is answered changes with the clock alone, without a log entry:
# a page goes live or expires (the visibility rule compares with "now"), a contest round opens
# or closes (a contest's and a round's status, the contests' order, the open contests).
CLOCK_MOMENTS = (
    ("wagtailcore.Page", ("go_live_at", "expire_at")),
    ("contests.ContestRound", ("opens_at", "closes_at")),
)


def visible_until(version: str, now: datetime) -> datetime:
    """When the visibility window that holds ``now`` closes: the next go-live or expiry time of
    any page or opening or closing of any contest round (``CLOCK_MOMENTS``), at most ``MAX_AGE``
    seconds from now (computed once per version and window)."""
    from django.apps import apps

    key = f"{PREFIX}window:{version}"
    until = cache.get(key)
    if until is not None and until > now:
        return min(until, now + timedelta(seconds=MAX_AGE))
    moments = []
    for label, fields in CLOCK_MOMENTS:
        bounds = apps.get_model(label).objects.aggregate(
            **{field: Min(field, filter=models.Q(**{f"{field}__gt": now})) for field in fields}
        )
        moments.extend(value for value in bounds.values() if value)
    until = min([now + timedelta(seconds=MAX_AGE), *moments])
    cache.set(key, until, max(int((until - now).total_seconds()), 1))
    return until


def _seconds(until: datetime, now: datetime) -> int:
    return max(int((until - now).total_seconds()), 1)


# --- totalCount --------------------------------------------------------------------------------

# The visibility rule compares these columns with "now" (cms.core.visibility.published_q).
_NOW_OPERANDS = ('"go_live_at" <= ', '"expire_at" > ')


def count_queryset(queryset: models.QuerySet) -> models.QuerySet:
    """The rows ``queryset`` lists, for counting: the same filters (visibility rule included),
    no ordering, no ``select_related`` joins, no prefetches."""
    counted = queryset.order_by().prefetch_related(None)
    counted.query.select_related = False
    return counted


def _count_digest(counted: models.QuerySet) -> str | None:
    """What a count is kept under (with the content version): the counted rows' SQL with the
    visibility rule's "now" left out; None when another moment is in it (a contest's status
    filtered on), so the count may change with the clock."""
    # An aggregate over a relation (a contest's first opening and last closing over its rounds)
    # groups the rows: the GROUP BY stays in the SQL below, a filter on it (HAVING) with its
    # moment too, which leaves the count uncached.
    if counted.query.extra or any(
        getattr(annotation, "contains_over_clause", True) for annotation in counted.query.annotations.values()
    ):
        return None
    # The items' annotations (what a list shows) are not what it counts: as in Django's own
    # COUNT, only those the filters use remain in the SQL.
    rows = counted.all()
    rows.query.set_annotation_mask(())
    sql, params = rows.query.sql_with_params()
    chunks = sql.split("%s")
    normalised = []
    for before, param in zip(chunks, params, strict=False):
        if before.endswith(_NOW_OPERANDS):
            normalised.append("now")  # the rule's now (a datetime, or its text on SQLite)
        elif isinstance(param, datetime):
            return None  # another moment: the count may change with it
        else:
            normalised.append(repr(param))
    return hashlib.sha256(json.dumps([sql, normalised]).encode()).hexdigest()


def _is_pages(model) -> bool:
    """Only lists of pages are kept: they change only through logged edits (publishing...),
    and their visibility rule makes them worth keeping. Other lists are counted each time.
    A page type may widen the pages' rule (documents also reach the officers of the unions
    they were delivered to: a delivery is made by a publication, which is logged)."""
    from cms.core.visibility import PagePolicy

    return isinstance(getattr(model, "access_policy", None), PagePolicy)


def _count_now(counted: models.QuerySet) -> int:
    if connection.vendor != "postgresql" or not _is_pages(counted.model):
        return counted.count()
    # A count is a short query: PostgreSQL's JIT compilation (triggered by the cost estimate of
    # the audience subqueries) would take longer than the count itself.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        return counted.count()


def count(queryset: models.QuerySet, context=None) -> int:
    """``COUNT(*)`` of the rows ``queryset`` lists, from the cache while the content and the
    visibility window are unchanged."""
    counted = count_queryset(queryset)
    if context is None or getattr(context, "ws", None) is not None or not _is_pages(counted.model):
        return _count_now(counted)
    digest = _count_digest(counted)
    if digest is None:
        return _count_now(counted)
    version = request_version(context)
    key = f"{PREFIX}count:{version}:{digest}"
    now = timezone.now()
    cached = cache.get(key)
    if cached is not None and cached[1] > now:
        return cached[0]
    value = _count_now(counted)
    until = visible_until(version, now)
    cache.set(key, (value, until), _seconds(until, now))
    return value


# --- Whole responses to guests and members ---------------------------------------------------

# The metadata key that marks a field whose answer is the signed-in reader's own.
PERSONAL = "personal"


@lru_cache(maxsize=4)
def personal_fields(schema) -> frozenset[str]:
    """The names of the fields marked personal anywhere in ``schema`` (a strawberry Schema)."""
    names = set()
    for graphql_type in schema._schema.type_map.values():
        for name, graphql_field in (getattr(graphql_type, "fields", None) or {}).items():
            definition = (getattr(graphql_field, "extensions", None) or {}).get("strawberry-definition")
            if (getattr(definition, "metadata", None) or {}).get(PERSONAL):
                names.add(name)
    return frozenset(names)


def signed_in_max_age() -> int:
    """How long an answer to a signed-in reader is kept: a fifth of the life of the signed file
    links it holds (``PRIVATE_FILE_URL_TTL``), so a link given from the cache still lives four
    fifths of it."""
    return max(settings.PRIVATE_FILE_URL_TTL // 5, 1)


def shared_reader(context) -> str | None:
    """Whom an answer to this reader may be given to as well: ``guest``; for a signed-in member
    whose only access is their membership, the paths of their union and its ancestors (what the
    visibility rule reads of them); None for anyone else (officers, staff, groups...), whose
    answers are not kept."""
    if getattr(context, "auth_error", None):
        return None
    if not getattr(context, "is_authenticated", False):
        return "guest"
    user = context.user
    if not user.is_active or user.is_staff or user.is_superuser or not _membership_only(user):
        return None
    return "member:" + ",".join(context.viewer.organisation_paths)


def _membership_only(user) -> bool:
    """No group, permission or officer role (current or past) gives ``user`` more than their
    membership: one query."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from cms.organisations.models import Officer

    model = get_user_model()
    more = (
        Exists(model.groups.through.objects.filter(user_id=OuterRef("pk")))
        | Exists(model.user_permissions.through.objects.filter(user_id=OuterRef("pk")))
        | Exists(Officer.objects.filter(user_id=OuterRef("pk")))
    )
    return not model.objects.filter(more, pk=user.pk).exists()


# Root fields whose answers may be kept: lists of pages (each item has ``lastPublishedAt``) whose
# answer to a guest depends only on the content, the date and the moment (contests: their status
# follows their rounds' clock, whose moments close the visibility window, ``CLOCK_MOMENTS``; the
# union directory is kept apart: ``CACHEABLE_DIRECTORY``).
CACHEABLE_LISTS = frozenset(
    {"news", "announcements", "documents", "legalScenarios", "benefits", "jobs", "contests"}
)
# Root fields of a screen of several lists (the home screen), kept whole: before a kept answer is
# given, each of its ``lists`` is re-read (the first items' ids and publication times) and so
# are its ``links`` (which of their pages the reader may see: a link whose page the reader may
# not see is left out; the link rows are kept with the answer, ``REREADS``);
# its ``content`` (the home page's title, welcome line and hero image, edited by publishing the
# page: a log entry) is kept. A field of the screen named in none of them is answered afresh.
CACHEABLE_SCREENS: dict[str, dict[str, frozenset[str]]] = {
    "home": {
        "lists": frozenset(
            {"latestNews", "featuredNews", "pinnedAnnouncements", "openContests", "latestDocuments"}
        ),
        "links": frozenset({"quickLinks"}),
        "content": frozenset({"__typename", "title", "welcome", "heroImage"}),
    }
}
# Root fields re-read by their own code instead of a GraphQL query (the home screen and the menu:
# graphql_api.home.rereads): each gives querysets of (id, publication time) rows through the same
# rule, and all of them are read in ONE statement, compiled when an answer is kept and kept with
# it (``Rereads``). A screen whose lists show what ``ITEMS_ALSO`` re-reads is re-read as a query.
REREADS = {
    "home": "graphql_api.home.rereads.HomeReread",
    "menu": "graphql_api.home.rereads.MenuReread",
}
# Root fields of links (a menu: a snippet edited in the admin with a model log entry) whose
# items are left out when the reader may not see their page: re-read (which of their pages the
# reader may see, ``REREADS``) before a kept answer is given; kept beside a list or a screen,
# never on their own.
CACHEABLE_LINKS = frozenset({"menu"})
# Root fields kept for the content version alone, with nothing re-read: the union directory (the
# public tree of active organisations, the same for every reader). Every change to it writes
# what the content version reads: structural ones an ``OrganisationChange``, contact details a
# model log entry (``cms.organisations.services.update_organisation``). A change scheduled for a
# date and applied by cron on that date writes no new row: the date in the key and ``MAX_AGE``
# bound it (five minutes at most after the cron applies it).
CACHEABLE_DIRECTORY = frozenset({"organisations", "organisation"})
# Root fields a kept answer may hold beside its lists (a screen's filter chips): small public
# lists of snippets, the same for every reader, each edited in the admin with a model log entry
# (in the content version). They are not re-read before a kept answer is given.
CACHEABLE_COMPANIONS = frozenset({"newsCategories", "legalTopics", "employers"})
# What the list answers now, read before a kept answer is given: the same items in the same
# order (their cursors: a keyset cursor holds the item's id), each as last published, the same
# page boundaries and count.
_FINGERPRINT = (
    "{{ f {{ pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} "
    "edges {{ cursor node {{ {node} }} }} }} }}"
)
# Lists whose cursors are offsets (graphql_api.core.pagination: contests, ordered by a status
# computed from their rounds), which do not name their items: their ids are re-read too.
OFFSET_LISTS = frozenset({"contests"})
# What a screen's list, a screen's links and a menu answer now.
_ITEMS = "{{ f {{ {node} }} }}"
_NODE = "__typename ... on Page {{ lastPublishedAt{ids} }}{more}"
_LINKS = parse("{ f { path } }")
_MENU = parse("{ f { __typename items { path } } }")
# What else is re-read of a list's items when the operation asks for a field it shows: a
# contest's schedule and status (its rounds, edited by publishing the contest: a log entry; the
# clock moves the statuses at moments the window closes at), so that a round changed without a log
# entry (a shell) answers afresh at once and at its new moments.
_SCHEDULE = (
    frozenset({"status", "statusLabel", "opensAt", "closesAt", "rounds"}),
    " ... on ContestPage { status rounds { opensAt closesAt status } }",
)
ITEMS_ALSO = {"contests": _SCHEDULE, "openContests": _SCHEDULE}
_COUNT = FieldNode(name=NameNode(value="totalCount"))
_TYPENAME = FieldNode(name=NameNode(value="__typename"))


def _template(document: DocumentNode) -> SelectionSetNode:
    selection_set = cast(
        FieldNode, cast(OperationDefinitionNode, document.definitions[0]).selection_set.selections[0]
    ).selection_set
    assert selection_set is not None
    return selection_set


@lru_cache(maxsize=64)
def _items_template(shape: str, ids: bool, more: str = "") -> SelectionSetNode:
    """What is re-read of a list: its items (``shape`` ``_ITEMS``) or its page of a connection
    (``_FINGERPRINT``), with their ``ids`` or not, and ``more`` of each item."""
    return _template(parse(shape.format(node=_NODE.format(ids=" id" if ids else "", more=more))))


def _asks_for(field: FieldNode, names: frozenset[str]) -> bool:
    """Whether ``names`` holds a field asked for anywhere in ``field`` (a named fragment: maybe)."""
    for selection in field.selection_set.selections if field.selection_set else ():
        if isinstance(selection, FragmentSpreadNode):
            return True
        if isinstance(selection, FieldNode) and selection.name.value in names:
            return True
        if _asks_for(cast(FieldNode, selection), names):
            return True
    return False


def _shows_more(field: FieldNode) -> bool:
    """Whether a list ``field`` shows what ``ITEMS_ALSO`` re-reads of its items."""
    also = ITEMS_ALSO.get(field.name.value)
    return also is not None and _asks_for(field, also[0])


def _list_items(shape: str, field: FieldNode) -> SelectionSetNode:
    name = field.name.value
    ids = shape == _ITEMS or name in OFFSET_LISTS
    return _items_template(shape, ids, ITEMS_ALSO[name][1] if _shows_more(field) else "")


def _reread_directly(selection: FieldNode) -> bool:
    """Whether a screen's or links' root field is re-read by its own code (``REREADS``)."""
    fields = selection.selection_set.selections if selection.selection_set else ()
    return selection.name.value in REREADS and not any(
        isinstance(field, FieldNode) and _shows_more(field) for field in fields
    )


def _selection(field: FieldNode, name: str) -> bool:
    selections = field.selection_set.selections if field.selection_set else ()
    return any(isinstance(s, FieldNode) and s.name.value == name for s in selections)


def _variables_in(field: FieldNode) -> set[str]:
    """The variables the arguments of ``field`` and of the fields inside it use."""
    names: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, VariableNode):
            names.add(value.name.value)
        for child in getattr(value, "fields", None) or getattr(value, "values", None) or ():
            walk(getattr(child, "value", child))

    def visit(node: FieldNode) -> None:
        for argument in node.arguments or ():
            walk(argument.value)
        for selection in node.selection_set.selections if node.selection_set else ():
            if isinstance(selection, FieldNode):
                visit(selection)

    visit(field)
    return names


def _field_names(document: DocumentNode) -> frozenset[str]:
    """Every field named anywhere in ``document`` (operations and fragments)."""
    names: set[str] = set()

    def walk(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            walk(getattr(selection, "selection_set", None))

    for definition in document.definitions:
        walk(getattr(definition, "selection_set", None))
    return frozenset(names)


def _list_fingerprint(selection: FieldNode) -> FieldNode:
    template = _list_items(_FINGERPRINT, selection)
    selections = (
        (*template.selections, _COUNT) if _selection(selection, "totalCount") else template.selections
    )
    return FieldNode(
        name=selection.name,
        arguments=selection.arguments,
        selection_set=SelectionSetNode(selections=selections),
    )


def _screen_fingerprint(selection: FieldNode, parts: dict[str, frozenset[str]]) -> FieldNode | None:
    """What a screen's lists and links answer now; None if the screen asks for a field that is
    neither (or with a fragment or a directive), so it is answered afresh."""
    read = [_TYPENAME]
    for field in selection.selection_set.selections if selection.selection_set else ():
        if not isinstance(field, FieldNode) or field.directives:
            return None
        name = field.name.value
        if name in parts["lists"]:
            template = _list_items(_ITEMS, field)
        elif name in parts["links"]:
            template = _template(_LINKS)
        elif name in parts["content"]:
            continue
        else:
            return None
        read.append(
            FieldNode(alias=field.alias, name=field.name, arguments=field.arguments, selection_set=template)
        )
    return FieldNode(
        name=selection.name,
        arguments=selection.arguments,
        selection_set=SelectionSetNode(selections=tuple(read)),
    )


class FingerprintPlan(NamedTuple):
    """How to read what an operation's lists, screens and links answer now."""

    query: str | None  # a GraphQL query for the lists (None when every field is re-read directly)
    variables: tuple[str, ...]  # the variables ``query`` takes
    names: frozenset[str]  # every field name the operation holds
    rereads: tuple[FieldNode, ...]  # the root fields re-read by their own code (``REREADS``)
    definitions: tuple[VariableDefinitionNode, ...]  # the operation's variables, for ``rereads``


@lru_cache(maxsize=512)
def fingerprint_query(query: str, operation_name: str | None) -> FingerprintPlan | None:
    """How to read what ``query``'s lists, screens and links answer now; None unless every root
    field is a cacheable list, screen, links or a companion, with at least one list or screen (no
    fragment, alias or directive at the root)."""
    try:
        document = parse(query)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        (o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)), None
    )
    if operation is None or operation.operation != GraphQLOperationType.QUERY:
        return None
    if operation_name is None and len(operations) != 1:
        return None
    fields, rereads, used, anchored = [], [], set(), False
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives or selection.alias:
            return None
        name = selection.name.value
        if name in CACHEABLE_COMPANIONS and not selection.arguments:
            continue
        if name in CACHEABLE_DIRECTORY:
            anchored = True  # kept for the content version: nothing to re-read
            continue
        if name in CACHEABLE_LISTS:
            read: FieldNode | None = _list_fingerprint(selection)
        elif name in CACHEABLE_SCREENS:
            read = _screen_fingerprint(selection, CACHEABLE_SCREENS[name])
        elif name in CACHEABLE_LINKS:
            read = FieldNode(
                name=selection.name, arguments=selection.arguments, selection_set=_template(_MENU)
            )
        else:
            return None
        if read is None:
            return None
        anchored = anchored or name not in CACHEABLE_LINKS
        if _reread_directly(selection):
            rereads.append(selection)
            continue
        fields.append(read)
        used |= _variables_in(read)
    if not anchored:
        return None  # companions or links alone: re-reading them costs what answering them does
    names = _field_names(document)
    if not fields:
        return FingerprintPlan(None, (), names, tuple(rereads), tuple(operation.variable_definitions or ()))
    definitions = tuple(d for d in operation.variable_definitions or () if d.variable.name.value in used)
    fingerprint = OperationDefinitionNode(
        operation=GraphQLOperationType.QUERY,
        name=NameNode(value="ListFingerprint"),
        variable_definitions=definitions,
        selection_set=SelectionSetNode(selections=tuple(fields)),
    )
    return FingerprintPlan(
        print_ast(DocumentNode(definitions=(fingerprint,))),
        tuple(sorted(used)),
        names,
        tuple(rereads),
        tuple(operation.variable_definitions or ()),
    )


# --- Fields re-read in one statement (``REREADS``) ---------------------------------------------

# A date or a moment as SQLite is sent one (text): the only form "now" takes among its parameters.
_MOMENT_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d+)?)?")


@dataclass
class Rereads:
    """What the directly re-read fields of a kept answer (``REREADS``) answer now, in ONE
    statement: each field's parts (querysets of (id, publication time) rows, through the
    visibility rule for the reader) joined by ``UNION ALL``, each row with its part's number
    and its place in the part.

    Built when an answer is kept (every part's queryset built and compiled once: 3-5 ms of
    Python each) and kept with the answer; re-reading it later sends the kept SQL with the
    moment of now in place of the moments it was built with, and builds no queryset. What else
    the SQL holds is the answer key's: the reader's union (its paths), the content version's
    private sections, the fields' arguments. What a field keeps besides (a menu's items, the
    quick links) was read for the same key. A statement is rebuilt after ``MAX_AGE`` seconds,
    as a kept answer is, which bounds what changes without a log entry.
    """

    sql: str
    params: tuple
    # Where now goes among ``params``; None when another moment is in them: never sent again.
    now_places: tuple[int, ...] | None
    fields: tuple  # each field's reread (graphql_api.home.rereads): its rows become its answer
    parts: tuple[int, ...]  # how many parts each field has
    built: datetime

    def reusable(self, now: datetime) -> bool:
        return self.now_places is not None and now - self.built < timedelta(seconds=MAX_AGE)

    def read(self, now: datetime) -> list:
        """Each field's answer now."""
        rows_by_part: list[list[tuple]] = [[] for _ in range(sum(self.parts))]
        for row in sorted(self._rows(now)):
            rows_by_part[row[0]].append(tuple(row[2:]))
        answers, start = [], 0
        for field, count in zip(self.fields, self.parts, strict=True):
            answers.append(field.answer(rows_by_part[start : start + count]))
            start += count
        return answers

    def _rows(self, now: datetime) -> list[tuple]:
        if not self.sql:
            return []
        params = list(self.params)
        moment = connection.ops.adapt_datetimefield_value(now)
        for place in self.now_places or ():
            params[place] = moment
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()


def build_rereads(
    context, schema: GraphQLSchema, plan: FingerprintPlan, variables: dict, now: datetime
) -> Rereads | None:
    """The statement that re-reads ``plan``'s directly re-read fields for this reader at ``now``
    (the request's moment); None if their arguments are invalid (the operation itself answers
    the error)."""
    fields = _reread_fields(schema, plan, variables)
    if fields is None:
        return None
    parts = [field.parts(context, now) for field in fields]
    branches, params = [], []
    for number, part in enumerate(queryset for field_parts in parts for queryset in field_parts):
        try:
            sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        except EmptyResultSet:
            continue  # a part that can have no rows (``first: 0``...)
        # Each row is numbered inside its part, in the part's own order: however the statement
        # then interleaves the parts' rows, their order is read back from the numbers.
        branches.append(f"SELECT {number}, ROW_NUMBER() OVER (), part.* FROM ({sql}) part")
        params.extend(part_params)
    return Rereads(
        sql=" UNION ALL ".join(branches),
        params=tuple(params),
        now_places=_now_places(params, now, timezone.now()),
        fields=tuple(fields),
        parts=tuple(len(field_parts) for field_parts in parts),
        built=now,
    )


def _now_places(params: list, earliest: datetime, latest: datetime) -> tuple[int, ...] | None:
    """Where "now" is among a statement's ``params``: the moments taken while it was built (from
    ``earliest`` to ``latest``: the rule's now, the open contests'). None if another moment or a
    date is among them, which the statement may not be sent with at another time."""
    adapt = connection.ops.adapt_datetimefield_value
    low, high = adapt(earliest), adapt(latest)
    places = []
    for place, param in enumerate(params):
        if isinstance(param, date) or (isinstance(param, str) and _MOMENT_TEXT.fullmatch(param)):
            if type(param) is not type(low) or not low <= param <= high:
                return None
            places.append(place)
    return tuple(places)


def _reread_fields(schema: GraphQLSchema, plan: FingerprintPlan, variables: dict) -> list | None:
    """Each directly re-read root field as its reread, made from its arguments and its fields'
    as the operation's variables give them; None if they are invalid."""
    coerced = get_variable_values(schema, plan.definitions, variables)
    if isinstance(coerced, list):
        return None  # errors
    fields = []
    for node in plan.rereads:
        definition = cast(Any, schema.query_type).fields[node.name.value]
        parent = cast(Any, get_named_type(definition.type))
        selections = node.selection_set.selections if node.selection_set else ()
        try:
            arguments = get_argument_values(definition, node, coerced)
            children = tuple(
                (
                    child.alias.value if child.alias else child.name.value,
                    child.name.value,
                    get_argument_values(parent.fields[child.name.value], child, coerced),
                )
                for child in selections
                if isinstance(child, FieldNode) and child.name.value in parent.fields
            )
        except GraphQLError:
            return None
        field = _reread_class(node.name.value).for_field(arguments, children)
        if field is None:
            return None
        fields.append(field)
    return fields


@lru_cache(maxsize=8)
def _reread_class(name: str):
    return import_string(REREADS[name])


class _Plan(NamedTuple):
    key: str  # the kept answer's
    fingerprint: FingerprintPlan
    variables: dict  # the operation's
    reader: str  # whom the answer is shared with (shared_reader)


class ResponseCache(SchemaExtension):
    """Answer a list query from the cache when its lists answer now what they answered then.

    Only queries whose root fields are all cacheable lists (``CACHEABLE_LISTS``), screens
    (``CACHEABLE_SCREENS``), links or companions, with one list or screen at least, over HTTP, from
    a guest or a member with nothing but their membership (:func:`shared_reader`: the answer is
    kept for every such member of the same union), and asking for no personal field. Before a
    kept answer is given, a small query reads the lists' current items for this reader (cursors
    and publication times), page boundaries and counts, through the same visibility rule (the
    home screen and the menu: the statement kept with the answer, :class:`Rereads`); the
    kept answer is given only if that is unchanged and was stored for this content version,
    date and visibility window. Answers to members are kept at most :func:`signed_in_max_age`
    (their file links are signed and expire). Answers with errors are never kept.
    ``GRAPHQL_RESPONSE_CACHE = False`` in the settings turns it off (tests that count the queries
    of a list's execution do).
    """

    def on_execute(self):
        now = timezone.now()
        plan = cached = read = None
        try:
            plan = self._plan()
            if plan is not None:
                cached = cache.get(plan.key)
                cached = cached if isinstance(cached, dict) else None
                read = self._fingerprint(plan, cached, now)
        except DatabaseError:
            # No connection, a cancelled statement...: the operation itself meets the same
            # error and answers it with its code (cms.core.database).
            read = None
        if (
            read is not None
            and cached is not None
            and cached["until"] > now
            and cached["fingerprint"] == read[0]
        ):
            self.execution_context.result = ExecutionResult(data=cached["data"], errors=None)
            yield
            return
        yield
        result = self.execution_context.result
        if plan is None or read is None or result is None or result.errors or result.data is None:
            return
        until = visible_until(request_version(self.execution_context.context), now)
        if plan.reader != "guest":
            until = min(until, now + timedelta(seconds=signed_in_max_age()))
        fingerprint, rereads = read
        cache.set(
            plan.key,
            {"data": result.data, "fingerprint": fingerprint, "until": until, "rereads": rereads},
            _seconds(until, now),
        )

    def _plan(self) -> _Plan | None:
        ctx = self.execution_context
        context = ctx.context
        if (
            not getattr(settings, "GRAPHQL_RESPONSE_CACHE", True)
            or ctx.operation_type != OperationType.QUERY
            or getattr(context, "ws", None) is not None
            or getattr(context, "_fingerprinting", False)
        ):
            return None
        found = fingerprint_query(ctx.query, ctx.operation_name)
        if found is None:
            return None
        reader = shared_reader(context)
        if reader is None or (reader != "guest" and found.names & personal_fields(ctx.schema)):
            return None
        variables = ctx.variables or {}
        payload = json.dumps(
            [
                ctx.query,
                ctx.operation_name,
                variables,
                timezone.localdate().isoformat(),
                translation.get_language(),
                reader,
            ],
            sort_keys=True,
            default=str,
        )
        version = request_version(context)
        key = f"{PREFIX}response:{version}:{hashlib.sha256(payload.encode()).hexdigest()}"
        return _Plan(key, found, variables, reader)

    def _fingerprint(self, plan: _Plan, cached: dict | None, now: datetime) -> tuple | None:
        """(what the operation's lists, screens and links answer now, the statement that re-read
        its directly re-read fields); None if they cannot be read (invalid arguments...)."""
        lists = None
        if plan.fingerprint.query is not None:
            used = {
                name: plan.variables[name] for name in plan.fingerprint.variables if name in plan.variables
            }
            lists = self._read_lists(plan.fingerprint.query, used)
            if lists is None:
                return None
        if not plan.fingerprint.rereads:
            return (lists, None), None
        # The kept answer's statement, while it may be sent again; else one built for this reader.
        rereads = cached.get("rereads") if cached is not None else None
        if not isinstance(rereads, Rereads) or not rereads.reusable(now):
            ctx = self.execution_context
            rereads = build_rereads(ctx.context, ctx.schema._schema, plan.fingerprint, plan.variables, now)
            if rereads is None:
                return None
        return (lists, rereads.read(now)), rereads

    def _read_lists(self, query: str, variables: dict):
        context = self.execution_context.context
        context._fingerprinting = True
        quiet = _reading_fingerprint.set(True)
        try:
            result = self.execution_context.schema.execute_sync(
                query, variable_values=variables, context_value=context, operation_name="ListFingerprint"
            )
        finally:
            context._fingerprinting = False
            _reading_fingerprint.reset(quiet)
        return None if result.errors else result.data
