"""What the home screen and a menu answer now, for the response cache (graphql_api.core.caching).

Before a kept home screen is given, its lists, its quick links and the menu beside it are read
again for the reader. Each field here gives the cache *parts*: querysets of (id, publication
time) rows through the same visibility rule the fields apply; the cache reads every part of an
operation in one statement, compiled when the answer is kept and kept with it
(``caching.Rereads``), and each field turns its parts' rows into its *answer*, which the kept
answer's must equal:

- the home page itself (the screen is null when the reader may not see it);
- each list asked for (``latestNews``...), with the operation's ``first``: its first items' ids
  and publication times, as ``HOME_LISTS`` builds it and the type's access policy narrows it
  (``restrict``, as ``AccessControlled.get_queryset`` does), so an item hidden, expired,
  unpublished, unpinned, unfeatured, newly published or reordered answers afresh;
- the links (quick links, menu items): which of the pages they link to the reader may see now,
  checked as ``visible_page_ids`` checks them. The link rows themselves (a menu is a snippet, the
  quick links the home page's: edited with a log entry) are read when the statement is built and
  kept with it, for the content version.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import QuerySet

from cms.core.visibility import restrict, visible_page_querysets
from cms.home.models import HomePage, HomeQuickLink, Menu
from graphql_api.core.errors import ApiError
from graphql_api.home.types import HOME_LISTS, check_first

# The columns every part reads: a page's id and its last publication.
COLUMNS = ("pk", "last_published_at")


def link_parts(pages: list[tuple[int, int]], viewer) -> list[QuerySet]:
    """Which of ``pages`` ((id, content type id) of linked pages) ``viewer`` may see: one part
    per group of ``cms.core.visibility.visible_page_querysets``, as ``visible_page_ids`` checks
    them."""
    return [queryset.values_list(*COLUMNS) for queryset in visible_page_querysets(pages, viewer)]


def shown_links(links: tuple[int | None, ...], visible: set[int]) -> list[int | None]:
    """The links shown (each as the page it opens; None for a screen or a web link)."""
    return [page for page in links if page is None or page in visible]


class HomeReread:
    """The ``home`` root field: the home page, its lists and its quick links."""

    def __init__(self, lists: tuple[tuple[str, str, int], ...], quick_links: bool) -> None:
        self.lists = lists  # (response key, field name, first) of each list asked for
        self.quick_links = quick_links
        self.links: dict[int, tuple[int | None, ...]] = {}  # each home page's quick links, kept

    @classmethod
    def for_field(cls, arguments: dict, children: tuple) -> HomeReread | None:
        """``children``: (response key, field name, arguments) of each field the operation asks
        of the screen; None if a list's ``first`` is out of range (the field answers the error)."""
        lists = tuple((key, name, args["first"]) for key, name, args in children if name in HOME_LISTS)
        try:
            for _, _, first in lists:
                check_first(first)
        except ApiError:
            return None
        return cls(lists, any(name == "quickLinks" for _, name, _ in children))

    def parts(self, context, now: datetime) -> list[QuerySet]:
        """The home page, each list, the quick links' pages; the quick-link rows are read here
        and kept (``links``)."""
        viewer = context.viewer
        # The screen exists (one home page at most: ``max_count``) for this reader or is null.
        parts = [restrict(HomePage.objects.all(), viewer).values_list(*COLUMNS)[:2]]
        for _, name, first in self.lists:
            parts.append(restrict(HOME_LISTS[name](now), viewer).values_list(*COLUMNS)[:first])
        if self.quick_links:
            rows = HomeQuickLink.objects.order_by("home_id", "sort_order").values_list(
                "home_id", "page_id", "page__content_type_id"
            )
            links = defaultdict(list)
            for home_id, page_id, content_type_id in rows:
                links[home_id].append((page_id, content_type_id))
            self.links = {home: tuple(page for page, _ in pages) for home, pages in links.items()}
            targets = [page for pages in links.values() for page in pages if page[0] is not None]
            parts += link_parts(targets, viewer)
        return parts

    def answer(self, rows: list[list[tuple]]) -> dict | None:
        """What the screen answers now, from its parts' rows (in the order ``parts`` gave them)."""
        homes, lists, visible = rows[0], rows[1 : 1 + len(self.lists)], rows[1 + len(self.lists) :]
        if len(homes) != 1:
            return None  # null (or an error, if there were two)
        answer: dict = {
            "home": homes[0],
            "lists": {key: items for (key, _, _), items in zip(self.lists, lists, strict=True)},
        }
        if self.quick_links:
            ids = {row[0] for part in visible for row in part}
            answer["quickLinks"] = shown_links(self.links.get(homes[0][0], ()), ids)
        return answer


class MenuReread:
    """The ``menu`` root field: which of its items' pages the reader may see."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.found = False
        self.items: tuple[int | None, ...] = ()  # the page each item opens, kept

    @classmethod
    def for_field(cls, arguments: dict, children: tuple) -> MenuReread:
        return cls(arguments["slug"])

    def parts(self, context, now: datetime) -> list[QuerySet]:
        """The items' pages; the menu and its items are read here and kept."""
        menu = Menu.objects.filter(slug=self.slug).first()
        if menu is None:
            return []
        self.found = True
        rows = list(menu.items.values_list("page_id", "page__content_type_id"))
        self.items = tuple(page_id for page_id, _ in rows)
        return link_parts([row for row in rows if row[0] is not None], context.viewer)

    def answer(self, rows: list[list[tuple]]) -> list[int | None] | None:
        if not self.found:
            return None
        return shown_links(self.items, {row[0] for part in rows for row in part})
