"""Links of menus and quick-link tiles, dropped when their page is not visible to the requester."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from cms.core.visibility import Viewer, visible_pages
from graphql_api.core.context import Context
from graphql_api.core.pages import page_type_name, relative_path
from graphql_api.home.types import LinkType


def _check_visibility(pages, context: Context) -> None:
    """Record in ``context.page_visibility`` whether each of ``pages`` is visible to the requester.

    Pages already checked in this request (the menu and the quick links share targets) are not
    checked again. Targets without an audience (section pages, mostly) are checked together in
    one query on the page table; each content type with an audience gets one query through its
    own model, so audience restrictions apply. A fixed number of queries, whatever the number
    of links.
    """
    viewer: Viewer = context.viewer
    known = context.page_visibility
    plain: list[int] = []
    with_audience: dict[type, list[int]] = defaultdict(list)
    for page in pages:
        if page.pk in known:
            continue
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        if model is None:
            known[page.pk] = False
        elif hasattr(model, "audience"):
            with_audience[model].append(page.pk)
        else:
            plain.append(page.pk)
    batches = [(Page, plain)] if plain else []
    batches += list(with_audience.items())
    for model, ids in batches:
        visible_ids = set(
            visible_pages(model.objects.filter(pk__in=ids), viewer).values_list("pk", flat=True)
        )
        known.update({pk: pk in visible_ids for pk in ids})


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
