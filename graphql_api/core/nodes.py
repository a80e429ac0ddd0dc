"""What every relay node type of a Django model shares."""

from __future__ import annotations


class ModelNode:
    """A mixin for relay node types of a model, before ``relay.Node`` in the bases: the node's id
    is its model's primary key.

    Without it, strawberry's relay default looks for a ``NodeID`` annotation by re-reading (and
    evaluating) every type annotation of the class hierarchy at each id it resolves, and never
    remembers finding none: ~0.2 ms per id, 50 ms for a page of 200 rows.
    """

    @classmethod
    def resolve_id_attr(cls) -> str:
        return "pk"
