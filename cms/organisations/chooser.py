"""What an organisation chooser offers, and how it describes an organisation.

A form field that chooses organisations (a page's audience, a document's recipients) names a
*scope*: a function of the user giving the organisations they may choose there. The form sets
its field's queryset from the scope and the admin's chooser endpoint
(``cms.organisations.admin_api``) searches and browses within the same scope, so the two cannot
drift apart. The rule behind a scope stays where it lives (``cms.core.publishing`` for the
audience); the form that uses a scope registers it.

An organisation is shown with the names of its ancestors, root first, so that two unions of
the same name (every enterprise has a "Công đoàn bộ phận Văn phòng") can be told apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet

from cms.organisations.models import Organisation, OrganisationLevel, OrganisationStatus

Scope = Callable[[Any], QuerySet[Organisation]]

_SCOPES: dict[str, Scope] = {}

# The columns a description needs: one query reads them for a whole list.
DESCRIBED_FIELDS = ("pk", "name", "path", "depth", "level", "status", "numchild")


def register_scope(name: str, scope: Scope) -> None:
    """Name the organisations a user may choose in a field; registering a name again replaces it."""
    _SCOPES[name] = scope


def has_scope(name: str) -> bool:
    return name in _SCOPES


def choosable(name: str, user) -> QuerySet[Organisation]:
    """The organisations ``user`` may choose in the scope called ``name``, in tree order."""
    return _SCOPES[name](user).order_by("path")


def field_queryset(name: str, user, kept: Iterable[Any] = ()) -> QuerySet[Organisation]:
    """A field's choices: the scope, plus the organisations the field already holds.

    Saving a page again without touching the field keeps what it holds (a union since dissolved,
    an audience another editor chose), instead of dropping it silently; whether the user may
    publish it so is the publishing rule's to say (``cms.core.publishing``). Nothing outside the
    scope can be newly chosen.
    """
    kept_ids = {getattr(item, "pk", item) for item in kept}
    scope = choosable(name, user)
    if not kept_ids:
        return scope
    return Organisation.objects.filter(Q(pk__in=scope.values("pk")) | Q(pk__in=kept_ids)).order_by("path")


def describe(rows: Iterable[dict]) -> list[dict]:
    """JSON-ready descriptions of organisations read with ``.values(*DESCRIBED_FIELDS)``.

    One query reads the names of every ancestor of the list.
    """
    rows = list(rows)
    steplen = Organisation.steplen
    ancestor_paths = {row["path"][:end] for row in rows for end in range(steplen, len(row["path"]), steplen)}
    ancestors = {}
    if ancestor_paths:
        ancestors = {
            path: {"id": pk, "name": name}
            for path, pk, name in Organisation.objects.filter(path__in=ancestor_paths).values_list(
                "path", "pk", "name"
            )
        }
    levels = dict(OrganisationLevel.choices)
    statuses = dict(OrganisationStatus.choices)
    described = []
    for row in rows:
        path = row["path"]
        described.append(
            {
                "id": row["pk"],
                "name": row["name"],
                "level": str(levels.get(row["level"], "")),
                # Said only when it is not active: a union since merged or dissolved.
                "status": "" if row["status"] == OrganisationStatus.ACTIVE else str(statuses[row["status"]]),
                "ancestors": [
                    ancestors[path[:end]]
                    for end in range(steplen, len(path), steplen)
                    if path[:end] in ancestors
                ],
                "has_children": row["numchild"] > 0,
            }
        )
    return described


def ancestors_label(description: dict) -> str:
    """The ancestors' names, root first, as one line ("LĐLĐ tỉnh Nghệ An › Công đoàn các KCN")."""
    return " › ".join(a["name"] for a in description["ancestors"])
