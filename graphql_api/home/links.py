"""Links of menus and quick-link tiles, dropped when their page is not visible to the requester."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from cms.core.visibility import visible_page_ids
from graphql_api.core.context import Context
from graphql_api.core.pages import page_type_name, relative_path
from graphql_api.home.types import LinkType


def _check_visibility(pages, context: Context) -> None:
    """Record in ``context.page_visibility`` whether each of ``pages`` is visible to the requester.

    Pages already checked in this request (the menu and the quick links share targets) are not
    checked again; the others are checked together, one query per page type
    (cms.core.visibility.visible_page_ids), whatever the number of links.
    """
    known = context.page_visibility
    unknown = [page for page in pages if page.pk not in known]
    visible = visible_page_ids(unknown, context.viewer)
    known.update({page.pk: page.pk in visible for page in unknown})


def visible_links(items, context: Context) -> list[LinkType]:
    """``items`` (menu items or quick links, with ``page`` loaded) as links the requester may follow."""
    items = list(items)
    _check_visibility([item.page for item in items if item.page_id], context)
    links = []
    for item in items:
        page = item.page if item.page_id else None
        if page is not None and not context.page_visibility[page.pk]:
            continue
        model = ContentType.objects.get_for_id(page.content_type_id).model_class() if page else None
        # The same name `page(path:)` answers with, so the app routes a link and a page alike.
        links.append(
            LinkType(
                label=item.label,
                icon=item.icon,
                screen=item.screen or None,
                url=item.url or None,
                path=relative_path(page.url_path, context.site_root_path) if page else None,
                page_type=page_type_name(model),
            )
        )
    return links
