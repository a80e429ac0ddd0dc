"""The admin's JSON endpoint behind the organisation tree chooser (``cms.organisations.widgets``).

``GET /admin/organisation-chooser/<scope>/`` answers within the organisations the signed-in user
may choose in that scope (``cms.organisations.chooser``), never beyond:

- ``?q=cong doan kcn``: organisations whose name has every word, accents ignored, or whose code
  is the query;
- ``?parent=<id>``: the organisations directly below one;
- neither: the top of the scope (the federation, or the editor's own unions);
- ``?below=<id>``: how many organisations lie below one, directly and in all; with
  ``&take=direct`` or ``&take=all``, those organisations themselves (at most ``BELOW_LIMIT``).

Lists come ``PAGE_SIZE`` at a time (``offset``), in tree order, each organisation with the
names of its ancestors. An answer costs the same few queries whatever the size of the tree.
Wagtail's admin URLs require a signed-in user with admin access (``register_admin_urls``).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from cms.organisations.chooser import DESCRIBED_FIELDS, choosable, describe, has_scope
from cms.organisations.models import Organisation
from search.query import matching_q

PAGE_SIZE = 50
# The most organisations "add the unions below" adds at once; beyond it, choose lower down.
BELOW_LIMIT = 500


def _int(value: str | None) -> int | None:
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    return number if number is None or number >= 0 else None


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def _organisation(pk: int) -> Organisation:
    found = Organisation.objects.filter(pk=pk).only("path", "depth").first()
    if found is None:
        raise Http404("No such organisation.")
    return found


def _top(scope: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """The organisations of the scope whose parent is not in it."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Organisation.steplen)
    return scope.filter(~Exists(scope.filter(path=parent_path)))


def _page(queryset: QuerySet[Organisation], offset: int) -> JsonResponse:
    rows = list(queryset.values(*DESCRIBED_FIELDS)[offset : offset + PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    return JsonResponse(
        {
            "results": describe(rows[:PAGE_SIZE]),
            "next_offset": offset + PAGE_SIZE if more else None,
        }
    )


def _below(scope: QuerySet[Organisation], node: Organisation, take: str | None) -> JsonResponse:
    below = scope.filter(path__startswith=node.path, depth__gt=node.depth)
    if take is None:
        counts = below.aggregate(all=Count("pk"), direct=Count("pk", filter=Q(depth=node.depth + 1)))
        return JsonResponse({"direct": counts["direct"], "all": counts["all"], "limit": BELOW_LIMIT})
    if take == "direct":
        below = below.filter(depth=node.depth + 1)
    elif take != "all":
        return _bad_request("take is direct or all")
    rows = list(below.values(*DESCRIBED_FIELDS)[: BELOW_LIMIT + 1])
    if len(rows) > BELOW_LIMIT:
        return _bad_request(f"more than {BELOW_LIMIT} organisations: choose lower in the tree")
    return JsonResponse({"results": describe(rows), "next_offset": None})


@require_GET
def organisation_chooser(request, scope: str):
    if not has_scope(scope):
        raise Http404("No such chooser.")
    params = request.GET
    offset = _int(params.get("offset", "0"))
    parent, below = _int(params.get("parent")), _int(params.get("below"))
    if offset is None or (params.get("parent") and parent is None) or (params.get("below") and below is None):
        return _bad_request("parent, below and offset are whole numbers")
    organisations = choosable(scope, request.user)
    if below is not None:
        return _below(organisations, _organisation(below), params.get("take"))
    query = params.get("q", "").strip()
    if query:
        found = organisations.filter(matching_q("organisation", query) | Q(code__iexact=query))
    elif parent is not None:
        node = _organisation(parent)
        found = organisations.filter(path__startswith=node.path, depth=node.depth + 1)
    else:
        found = _top(organisations)
    return _page(found.order_by("path"), offset)
