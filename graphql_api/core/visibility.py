"""Glue between resolvers and the one visibility rule (cms.core.visibility)."""

from __future__ import annotations

from cms.core.visibility import visible_pages


def visible(queryset, info):
    """``queryset`` narrowed to what the requesting user may see. Every content resolver uses it."""
    return visible_pages(queryset, info.context.viewer)
