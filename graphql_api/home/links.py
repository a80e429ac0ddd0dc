"""Links of menus and quick-link tiles, dropped when their page is not visible to the requester."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from cms.core.visibility import Viewer, visible_pages
from graphql_api.core.pages import relative_path, site_root_path
from graphql_api.home.types import LinkType


def _site_root(context) -> str:
    # Shared with PageInterface.path: one lookup of the site root per request.
    root = getattr(context, "_site_root_path", None)
    if root is None:
        root = site_root_path()
        context._site_root_path = root
    return root


def visible_links(items, context) -> list[LinkType]:
    """``items`` (menu items or quick links, with ``page`` loaded) as links the requester may follow.

    One query per kind of target page, whatever the number of items: each kind goes through the
    one visibility rule on its own model, so audience restrictions of content pages apply too.
    """
    viewer: Viewer = context.viewer
    items = list(items)
    by_type: dict[int, list[int]] = defaultdict(list)
    for item in items:
        if item.page_id:
            by_type[item.page.content_type_id].append(item.page_id)
    visible_ids: set[int] = set()
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        visible_ids.update(
            visible_pages(model.objects.filter(pk__in=ids), viewer).values_list("pk", flat=True)
        )
    root = _site_root(context) if visible_ids else "/"
    links = []
    for item in items:
        if item.page_id and item.page_id not in visible_ids:
            continue
        model = (
            ContentType.objects.get_for_id(item.page.content_type_id).model_class() if item.page_id else None
        )
        links.append(
            LinkType(
                label=item.label,
                icon=item.icon,
                screen=item.screen or None,
                url=item.url or None,
                path=relative_path(item.page.url_path, root) if item.page_id else None,
                page_type=model.__name__ if model is not None else None,
            )
        )
    return links
