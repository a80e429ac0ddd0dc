#!/usr/bin/env python
"""Admin screens at province scale: server time per screen and user, page 1 and a deep page.

Opens the Wagtail admin screens officers use every day against the province-scale demo on
PostgreSQL (``seed_demo --scale=province``: 3,000 grassroots unions, 300,000 members, 20,000
news articles...), in this process with Django's test client (``Client().force_login(user)``),
as several users found in the seeded data:

- ``superuser``: the demo's active superuser (``admin``);
- ``federation``: an editor at the federation (the root of the tree), who sees every row but
  through the officer scoping;
- ``upper``: an editor at an upper-level union (commune or industrial zone), the one with the
  most unions below it;
- ``grassroots``: an editor at a grassroots union, the one with the most members.

Screens: the dashboard, the page explorer of the news section (20,000 children) and its search,
the whole-tree page search, the edit view of one news page the user may edit, the official
documents section, the images listing, the members listing (and a search by a name typed
without diacritics, and by phone number), the organisations listing, and the organisation
chooser's JSON endpoint (the top of the scope, a search, the children of a large union).

Listings are opened at page 1 and at a deep page, 3/4 of the way through the user's listing
(``?p=``, read from page 1's pagination), when it has at least 4 pages. Every response must be
200 (the script stops otherwise). For each screen and user the script prints, over rotating
rounds (a machine busy with something else slows all alike):

- server time: the request through Django's whole stack in this process (middleware, the
  view, the template, sessions and messages), without a network: median and p95 (nearest rank:
  over 15 rounds, the slowest);
- SQL time (median) and the number of queries (django.test.utils.CaptureQueriesContext).

Usage:  .venv/bin/python benchmarks/admin_at_scale.py [--rounds 15] [--users superuser,upper,...]
            [--screens members,news explorer,...] [--show-queries SCREEN] [--explain]

Needs the database benchmarks/lists_at_scale.py seeds (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/congdoanso_scale; run that script once first: it creates,
migrates and seeds it). Uses Redis for the cache when one answers on 127.0.0.1:6379
(database 7), as production does. Writes nothing but sessions. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

USERS = ("superuser", "federation", "upper", "grassroots")
MIN_PAGES_FOR_DEEP = 4
SLOW_SECONDS = 1.0


@dataclass
class Case:
    screen: str
    user: str
    page: str  # "page 1", "p=4,500 of 6,000", or "" for screens without pages
    url: str
    times: list[float] = field(default_factory=list)
    sql_times: list[float] = field(default_factory=list)
    queries: int = 0
    captured: list[dict] = field(default_factory=list)


# --- The users and the rows each screen opens --------------------------------------------------


def find_users() -> dict[str, object]:
    """The benchmark's users, from the seeded data (cms.organisations.models.Officer)."""
    from django.contrib.auth import get_user_model

    from cms.organisations.models import Officer, OfficerRole, OrganisationLevel, OrganisationStatus

    editors = Officer.objects.current().filter(
        role=OfficerRole.EDITOR, organisation__status=OrganisationStatus.ACTIVE, user__is_active=True
    )
    users = {
        "superuser": get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    }
    federation = editors.filter(organisation__depth=1, user__is_superuser=False).order_by("pk").first()
    users["federation"] = federation.user if federation else None

    def most_below(level: str, counted: str):
        # Officers with their organisation's size: unions below (upper) or members (grassroots).
        from cms.members.models import Member
        from cms.organisations.models import Organisation

        best = None
        for officer in editors.filter(organisation__level=level, user__is_superuser=False).select_related(
            "organisation", "user"
        ):
            organisation = officer.organisation
            if counted == "unions":
                size = Organisation.objects.filter(
                    path__startswith=organisation.path, depth__gt=organisation.depth
                ).count()
            else:
                size = Member.objects.filter(organisation__path__startswith=organisation.path).count()
            if best is None or size > best[0]:
                best = (size, officer)
        return best[1].user if best else None

    users["upper"] = most_below(OrganisationLevel.UPPER, "unions")
    users["grassroots"] = most_below(OrganisationLevel.GRASSROOTS, "members")
    return users


def describe_user(name: str, user) -> str:
    from cms.organisations.models import Officer

    if user.is_superuser:
        return f"{name:11} {user.username} (superuser)"
    roles = Officer.objects.current().filter(user=user).select_related("organisation")
    held = "; ".join(
        f"{officer.role} at {officer.organisation.name} ({officer.organisation.get_level_display()})"
        for officer in roles
    )
    return f"{name:11} {user.username}: {held}"


def section(model_name: str):
    """The section page of a type with the most children (the news and documents sections)."""
    from django.apps import apps

    page = apps.get_model(model_name).objects.order_by("-numchild").first()
    if page is None:
        raise SystemExit(f"No {model_name} in the database: seed it first (benchmarks/lists_at_scale.py).")
    return page


def editable_news_page(user):
    """A news page the user may edit: the newest of their organisations' (any, for a superuser)."""
    from cms.core.publishing import editable_organisations
    from cms.news.models import NewsPage

    pages = NewsPage.objects.order_by("-pk")
    if not user.is_superuser:
        pages = pages.filter(organisation__in=editable_organisations(user))
    return pages.first()


def member_in_scope(user):
    """A member the user manages, near the middle of their list: searched by name and phone."""
    from wagtail.permissions import policy_registry

    from cms.members.models import Member

    scoped = policy_registry.get_by_type(Member).instances_user_has_any_permission_for(user, ["change"])
    count = scoped.count()
    return scoped.order_by("pk")[count // 2] if count else None


def largest_union(user):
    """The organisation the user manages with the most children: the chooser opens it."""
    from wagtail.permissions import policy_registry

    from cms.organisations.models import Organisation

    scoped = policy_registry.get_by_type(Organisation).instances_user_has_any_permission_for(user, ["change"])
    return scoped.order_by("-numchild", "path").first()


def news_search_words() -> str:
    """Two words of a scale news title, without diacritics, as an editor types them."""
    from cms.news.models import NewsPage
    from search.normalize import fold

    titles = NewsPage.objects.order_by("pk").values_list("title", flat=True)
    title = titles[min(500, titles.count() - 1)]
    words = [word for word in fold(title).split() if len(word) > 2]
    return " ".join(words[:2])


def screens_for(user) -> list[tuple[str, str, bool]]:
    """(screen, URL, is a paginated listing) for one user."""
    from urllib.parse import urlencode

    from search.normalize import fold

    news = section("news.NewsIndexPage")
    documents = section("documents.DocumentIndexPage")
    words = news_search_words()
    screens = [
        ("dashboard", "/admin/", False),
        ("news explorer", f"/admin/pages/{news.pk}/", True),
        ("news explorer search", f"/admin/pages/{news.pk}/?{urlencode({'q': words})}", False),
        ("page search, all", f"/admin/pages/search/?{urlencode({'q': words})}", False),
    ]
    page = editable_news_page(user)
    if page is not None:
        screens.append(("news page edit", f"/admin/pages/{page.pk}/edit/", False))
    screens += [
        ("documents explorer", f"/admin/pages/{documents.pk}/", True),
        ("images", "/admin/images/", True),
        ("members", "/admin/members/", True),
    ]
    member = member_in_scope(user)
    if member is not None:
        name = " ".join(fold(member.full_name).split()[-2:])  # "van an": middle and given names
        screens += [
            ("members search name", f"/admin/members/?{urlencode({'q': name})}", False),
            ("members search phone", f"/admin/members/?{urlencode({'q': member.phone})}", False),
        ]
    screens.append(("organisations", "/admin/organisations/", True))
    union = largest_union(user)
    screens += [
        ("org chooser top", "/admin/organisation-chooser/audience/", False),
        (
            "org chooser search",
            f"/admin/organisation-chooser/recipients/?{urlencode({'q': 'cong doan'})}",
            False,
        ),
    ]
    if union is not None:
        screens.append(
            ("org chooser children", f"/admin/organisation-chooser/recipients/?parent={union.pk}", False)
        )
    return screens


# --- Running the screens ---------------------------------------------------------------------

PAGE_LINK = re.compile(
    r'<li class="pagination__page-number[^"]*">\s*<a href="[^"]*"[^>]*>\s*([\d.,\s]+?)\s*</a>'
)
CURRENT_PAGE = re.compile(r'<a href="[^"]*"\s*aria-current="page">\s*([\d.,\s]+?)\s*</a>')


def pages_of(html: str) -> tuple[int | None, int]:
    """(current page, number of pages) from Wagtail's pagination (the last page is always linked)."""
    numbers = [int(re.sub(r"\D", "", found)) for found in PAGE_LINK.findall(html)]
    current = CURRENT_PAGE.search(html)
    return (int(re.sub(r"\D", "", current.group(1))) if current else None), max(numbers, default=1)


class SqlTimer:
    """Times every statement sent on the default connection (works with DEBUG off)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def get(client, case: Case, *, capture: bool = False) -> tuple[str, float, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timer = SqlTimer()
    if capture:
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(case.url)
            elapsed = time.perf_counter() - started
        case.queries = len(queries.captured_queries)
        case.captured = list(queries.captured_queries)
    else:
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(case.url)
            elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(
            f"{case.screen} as {case.user}: {case.url} answered {response.status_code} "
            f"{response.get('Location', '')}\n{response.content[:500]!r}"
        )
    return response.content.decode(), elapsed, timer.seconds


def build_cases(clients: dict[str, object], users: dict[str, object], only: set[str] | None) -> list[Case]:
    cases: list[Case] = []
    for name, user in users.items():
        client = clients[name]
        for screen, url, paginated in screens_for(user):
            if only and screen not in only:
                continue
            first = Case(screen, name, "page 1" if paginated else "", url)
            html, _, _ = get(client, first)
            cases.append(first)
            if not paginated:
                continue
            _, pages = pages_of(html)
            first.page = f"p=1 of {pages:,}"
            if pages < MIN_PAGES_FOR_DEEP:
                continue
            deep = math.ceil(pages * 3 / 4)
            joiner = "&" if "?" in url else "?"
            case = Case(screen, name, f"p={deep:,} of {pages:,}", f"{url}{joiner}p={deep}")
            html, _, _ = get(client, case)
            current, _ = pages_of(html)
            if current != deep:
                raise SystemExit(f"{case.url} as {name} showed page {current}, not {deep}")
            cases.append(case)
    return cases


def measure(cases: list[Case], clients: dict[str, object], rounds: int) -> None:
    for case in cases:  # warm: caches, templates, compiled queries; then count the queries
        get(clients[case.user], case)
        get(clients[case.user], case, capture=True)
    for round_ in range(rounds):
        shift = round_ % len(cases)
        for case in cases[shift:] + cases[:shift]:
            _, elapsed, sql = get(clients[case.user], case)
            case.times.append(elapsed)
            case.sql_times.append(sql)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * 0.95) - 1, 0)]


def report(cases: list[Case], rounds: int) -> None:
    print(
        f"\nIn-process server time per admin screen and user, {rounds} rotating rounds "
        f"({os.cpu_count()} cores)\n"
    )
    print(
        f"{'screen':22} {'user':11} {'page':20} {'median ms':>10} {'p95 ms':>8} {'SQL ms':>8} {'queries':>8}"
    )
    for case in cases:
        median = statistics.median(case.times) * 1000
        flag = "  > 30 ms" if median > 30 else ""
        print(
            f"{case.screen:22} {case.user:11} {case.page:20} {median:10.1f} {p95(case.times) * 1000:8.1f} "
            f"{statistics.median(case.sql_times) * 1000:8.1f} {case.queries:8d}{flag}"
        )


LITERALS = re.compile(r"'[^']*'|\b\d+\b|_django_curs_\w+")


def show_queries(cases: list[Case], screen: str, explain: bool) -> None:
    """A screen's queries: those repeated with other values (an N+1), then the slowest; with
    ``explain``, the plan of the slowest three."""
    from django.db import connection

    for case in cases:
        if case.screen != screen:
            continue
        print(f"\n{case.screen} as {case.user} ({case.page or 'one page'}): {case.url}")
        shapes: dict[str, list[float]] = {}
        for query in case.captured:
            shapes.setdefault(LITERALS.sub("?", query["sql"]), []).append(float(query["time"]))
        for shape, times in sorted(shapes.items(), key=lambda item: -len(item[1])):
            if len(times) > 2:
                print(f"  {len(times):4d} x, {sum(times) * 1000:6.1f} ms in all: {shape[:300]}")
        slowest = sorted(case.captured, key=lambda query: -float(query["time"]))
        for query in slowest[:10]:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
        if explain:
            for query in slowest[:3]:
                if not query["sql"].lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    print("\n    " + "\n    ".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--users", default=",".join(USERS), help=f"comma-separated, of {', '.join(USERS)}")
    parser.add_argument("--screens", default="", help="comma-separated screen names (default: all)")
    parser.add_argument("--show-queries", default="", help="print a screen's queries, slowest first")
    parser.add_argument("--explain", action="store_true", help="with --show-queries: EXPLAIN ANALYZE them")
    args = parser.parse_args()

    from lists_at_scale import environment

    os.environ.update(environment())
    import django

    django.setup()
    from django.test import Client

    wanted = [name.strip() for name in args.users.split(",") if name.strip()]
    unknown = set(wanted) - set(USERS)
    if unknown:
        parser.error(f"unknown users: {', '.join(sorted(unknown))}")
    found = find_users()
    users = {}
    print(
        f"database: {os.environ['DATABASE_URL']}; cache: {'Redis' if os.environ.get('REDIS_URL') else 'local memory'}"
    )
    for name in wanted:
        if found.get(name) is None:
            raise SystemExit(f"No {name} user in the database: seed it first (benchmarks/lists_at_scale.py).")
        users[name] = found[name]
        print(describe_user(name, found[name]))
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    only = {screen.strip() for screen in args.screens.split(",") if screen.strip()} or None
    cases = build_cases(clients, users, only)
    for case in cases:
        print(f"  {case.user:11} {case.screen:22} {case.url}")
    measure(cases, clients, args.rounds)
    report(cases, args.rounds)
    slow = sorted({case.screen for case in cases if statistics.median(case.times) > SLOW_SECONDS})
    if slow:
        print(f"\nOver {SLOW_SECONDS:g} s: {', '.join(slow)} (see --show-queries SCREEN --explain)")
    if args.show_queries:
        show_queries(cases, args.show_queries, args.explain)


if __name__ == "__main__":
    main()
