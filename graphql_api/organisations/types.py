from __future__ import annotations

from collections.abc import Callable

import strawberry
import strawberry_django
from django.db.models import Prefetch, prefetch_related_objects
from strawberry import relay

from cms.organisations import models
from graphql_api.core.labels import choice_label
from graphql_api.core.nodes import ModelNode

OrganisationLevel = strawberry.enum(models.OrganisationLevel, name="OrganisationLevel")
OrganisationKind = strawberry.enum(models.OrganisationKind, name="OrganisationKind")


@strawberry_django.filter_type(models.Organisation, lookups=False)
class OrganisationFilter:
    level: OrganisationLevel | None = strawberry_django.filter_field()
    kind: OrganisationKind | None = strawberry_django.filter_field()
    code: str | None = strawberry_django.filter_field()


def _kind(root: models.Organisation) -> OrganisationKind | None:
    # Stored blank when not given (units inside a grassroots union have none): null, not an error.
    return models.OrganisationKind(root.kind) if root.kind else None


@strawberry_django.type(models.Organisation, name="Organisation", description="A trade union organisation.")
class OrganisationType(ModelNode, relay.Node):
    code: str
    name: str
    short_name: str
    level: OrganisationLevel
    kind: OrganisationKind | None = strawberry_django.field(resolver=_kind, only=["kind"])
    address: str
    phone: str
    email: str
    depth: int
    established_on: strawberry.auto

    @strawberry_django.field(only=["level"], description="The level's name in the request's language.")
    def level_label(self) -> str:
        return choice_label(self, "level")

    @strawberry_django.field(only=["kind"], description="The kind's name in the request's language.")
    def kind_label(self) -> str:
        return choice_label(self, "kind") if self.kind else ""

    # Parents and children of a whole list are read in one query each (cms.organisations.tree);
    # an organisation the optimizer did not load (a nested one) reads its own.
    @strawberry_django.field(
        only=["path", "depth"],
        prefetch_related=[lambda info: _active_parent()],
        description="The organisation directly above, if it is still active.",
    )
    def parent(self) -> OrganisationType | None:
        return _prefetched(self, "active_parent", _active_parent)

    @strawberry_django.field(
        only=["path", "depth"],
        prefetch_related=[lambda info: _active_children()],
        description="Active organisations directly below, by name.",
    )
    def children(self) -> list[OrganisationType]:
        return _prefetched(self, "active_children", _active_children)


def _active_parent() -> Prefetch:
    return Prefetch("tree_parent", queryset=models.Organisation.objects.active(), to_attr="active_parent")


def _active_children() -> Prefetch:
    queryset = models.Organisation.objects.active().order_by("name")
    return Prefetch("tree_children", queryset=queryset, to_attr="active_children")


def _prefetched(organisation, to_attr: str, prefetch: Callable[[], Prefetch]):
    """What the list's prefetch put in ``to_attr``; read now for an organisation loaded alone
    (the prefetch is built only then: building it per row cost more than reading the row)."""
    if not hasattr(organisation, to_attr):
        prefetch_related_objects([organisation], prefetch())
    return getattr(organisation, to_attr)
