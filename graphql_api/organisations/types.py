from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import relay

from cms.organisations import models

OrganisationLevel = strawberry.enum(models.OrganisationLevel, name="OrganisationLevel")
OrganisationKind = strawberry.enum(models.OrganisationKind, name="OrganisationKind")


@strawberry_django.filter_type(models.Organisation, lookups=False)
class OrganisationFilter:
    level: OrganisationLevel | None = strawberry_django.filter_field()
    kind: OrganisationKind | None = strawberry_django.filter_field()
    code: str | None = strawberry_django.filter_field()


@strawberry_django.type(models.Organisation, name="Organisation", description="A trade union organisation.")
class OrganisationType(relay.Node):
    code: str
    name: str
    short_name: str
    level: OrganisationLevel
    kind: OrganisationKind | None
    address: str
    phone: str
    email: str
    depth: int
    established_on: strawberry.auto

    @strawberry_django.field(only=["level"], description="The level's name in the request's language.")
    def level_label(self) -> str:
        return str(self.get_level_display())

    @strawberry_django.field(only=["kind"], description="The kind's name in the request's language.")
    def kind_label(self) -> str:
        return str(self.get_kind_display()) if self.kind else ""

    @strawberry_django.field(
        only=["path", "depth"], description="The organisation directly above, if it is still active."
    )
    def parent(self) -> OrganisationType | None:
        if self.depth <= 1:
            return None
        return models.Organisation.objects.active().filter(path=self.path[: -self.steplen]).first()

    @strawberry_django.field(
        only=["path", "depth", "numchild"], description="Active organisations directly below, by name."
    )
    def children(self) -> list[OrganisationType]:
        if not self.numchild:
            return []
        return list(
            models.Organisation.objects.active()
            .filter(path__startswith=self.path, depth=self.depth + 1)
            .order_by("name")
        )
