"""The access policies of cms.core.visibility, applied by the API's types, not by resolvers.

strawberry-django calls a type's ``get_queryset`` for every queryset it resolves into that
type: root lists and connections (after the resolver's own filters), relay nodes, optional
and single-object fields, and the optimizer's prefetches of nested relations. Every type of a
model with an access policy inherits :class:`AccessControlled` (page types through the
``Page`` interface), so a new field or relation returning such a type cannot forget the rule.
"""

from __future__ import annotations

from typing import Any

import strawberry
from django.db.models import QuerySet
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.queryset import run_type_get_queryset

from cms.core.visibility import restrict


class AccessControlled:
    """Base of every GraphQL type whose model declares an ``access_policy``."""

    @classmethod
    def get_queryset(cls, queryset: QuerySet, info: strawberry.Info, **kwargs: Any) -> QuerySet:
        return restrict(queryset, info.context.viewer)


def through_type(queryset: QuerySet, graphql_type: type, info: strawberry.Info) -> QuerySet:
    """``queryset`` as ``graphql_type`` would narrow it: for querysets strawberry-django does not
    see itself, such as a ``Prefetch`` built by an optimizer hint."""
    return run_type_get_queryset(queryset, graphql_type, info)


class FirstItemsField(StrawberryDjangoField):
    """A list field with a ``first: Int`` argument (the home screen's "newest five").

    A resolver cannot slice its queryset (a sliced queryset can no longer be filtered by the
    type's access policy nor optimized); this field slices after both have run.
    """

    def get_queryset(self, queryset: QuerySet, info: strawberry.Info, **kwargs: Any) -> QuerySet:
        first = kwargs.pop("first")
        return super().get_queryset(queryset, info, **kwargs)[:first]
