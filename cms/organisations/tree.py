"""The union tree's parent and children as prefetchable relations.

Organisations form a materialised-path tree (treebeard): a parent is found by path, not by a
foreign key, so Django cannot prefetch it by itself and reading the parent or the children of
every organisation of a list costs a query each. These descriptors implement Django's prefetch
protocol, so ``prefetch_related(Prefetch("tree_parent", queryset=..., to_attr="..."))`` reads
the parents (or the children) of a whole list in one query. They are read only through the
``to_attr`` of such a prefetch.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Length, Substr


def parent_path(path: str, steplen: int) -> str:
    return path[:-steplen]


class _TreeRelation:
    single: bool

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        raise AttributeError(f"Read {self.name} through prefetch_related(Prefetch(..., to_attr=...)).")

    def is_cached(self, instance) -> bool:
        return False

    def get_prefetch_querysets(self, instances, querysets=None):
        model = type(instances[0])
        queryset = querysets[0] if querysets else model._default_manager.all()
        return (
            self._related(queryset, instances),
            self._related_key,
            self._instance_key,
            self.single,
            self.name,
            False,
        )

    def _related(self, queryset: QuerySet, instances) -> QuerySet:
        raise NotImplementedError

    def _related_key(self, related) -> str:
        raise NotImplementedError

    def _instance_key(self, instance) -> str:
        raise NotImplementedError


class TreeParent(_TreeRelation):
    """The organisation directly above."""

    single = True

    def _related(self, queryset, instances):
        paths = {self._instance_key(i) for i in instances if i.depth > 1}
        return queryset.filter(path__in=paths)

    def _related_key(self, related) -> str:
        return related.path

    def _instance_key(self, instance) -> str:
        return parent_path(instance.path, instance.steplen)


class TreeChildren(_TreeRelation):
    """The organisations directly below."""

    single = False

    def _related(self, queryset, instances):
        steplen = queryset.model.steplen
        return queryset.alias(tree_parent_path=Substr("path", 1, Length("path") - steplen)).filter(
            tree_parent_path__in={i.path for i in instances}, depth__gt=1
        )

    def _related_key(self, related) -> str:
        return parent_path(related.path, related.steplen)

    def _instance_key(self, instance) -> str:
        return instance.path
