"""What the admin shows of a page in this headless CMS: its preview and the address of its live page.

No page is served as HTML here (cms/urls.py), yet Wagtail's editor renders pages to preview
them (the preview panel, "View draft", a revision in the history, a page in moderation) and
links to the live page through ``page.url``. The page base classes (cms.core.pages) hand both
to this module:

- **Preview.** Every preview shows the page's content as the API gives it to the app: its
  fields in the order of the editor's panels, rich text and bodies rendered by the API's own
  renderer (graphql_api.core.richtext, graphql_api.core.blocks: page links through the
  visibility rule, files with the URL the editor may have, images as renditions). It shows the
  object Wagtail hands over: in the preview panel that is the form as typed, unsaved. When the
  frontend's preview screen is configured (``FRONTEND_PREVIEW_URL``), the page also offers the
  app preview: a link at the top, and a second preview mode that shows the frontend's screen
  in the panel. That screen reads a revision through a signed token (cms.core.preview), so it
  shows the **latest saved** version, and says so.
- **Live page.** With ``FRONTEND_URL`` set, a page's URL is the frontend's address followed by
  the ``path`` the API gives the page (what the app routes on), so "View live" opens the app.
  Without it a page has no URL, and Wagtail offers no "View live" at all. Either way no path of
  this server shows a page (it has no route paths), so Wagtail makes no redirects here when a
  slug changes: the server's other paths stay one 404 (cms/urls.py).

The API's renderer is imported inside the functions that use it: the layering rule
(tests/cms/core/test_dependencies.py) keeps content domains out of cms.core, not the API layer,
and importing it lazily keeps the page models free of the GraphQL schema at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.core.visibility import Reader

CONTENT_MODE = ""
APP_MODE = "app"
# Shown once at the top of a preview, not again among the other fields.
HEADER_FIELDS = {"title", "summary", "cover_image", "organisation", "audience"}
# The one rendition a preview shows of an image: the API's HERO size.
PREVIEW_IMAGE_SIZE = "HERO"
# A page link as the API's renderer writes it (graphql_api.core.richtext).
API_PAGE_LINK = re.compile(r'<a href="([^"]*)" data-page-type="([^"]*)">')


# --- Settings -------------------------------------------------------------------------------


def frontend_url() -> str:
    """The frontend's address (``FRONTEND_URL``) without its trailing slash; empty: not set."""
    return settings.FRONTEND_URL.rstrip("/")


def app_preview_available(page) -> bool:
    """Whether the frontend's preview screen can show ``page``: it is configured, and the
    API's ``preview`` query answers pages of this type (not the home page: the app reads it
    with ``home``)."""
    if not settings.FRONTEND_PREVIEW_URL:
        return False
    from graphql_api.core.pages import page_type_name

    return page_type_name(page.specific_class) is not None


# --- The live page's address ----------------------------------------------------------------


def api_path(page) -> str:
    """The ``path`` the API gives ``page`` (e.g. ``/tin-tuc/dai-hoi/``): computed by the API's
    own function, so the frontend's address of a page is always the one the app routes on."""
    from graphql_api.core.pages import relative_path, site_root_path

    return relative_path(page.url_path, site_root_path())


def frontend_url_parts(page, parts):
    """``Page.get_url_parts`` for a headless page: ``(site id, FRONTEND_URL, API path)``.

    ``parts`` is what Wagtail answers (``(site id, None, None)`` here, no page route being
    mounted): unchanged without ``FRONTEND_URL``, so the page has no URL and no "View live".
    """
    base = frontend_url()
    if parts is None or not base:
        return parts
    return (parts[0], base, api_path(page))


# --- Who may see a preview ------------------------------------------------------------------


def check_may_preview(page, user) -> None:
    """PermissionDenied unless ``user`` may preview ``page`` (cms.core.preview.may_preview).

    A saved page is judged as it is stored, not as the form would change it: choosing one's
    own organisation in another's page must not open its preview. A page being created has
    nothing stored yet: its editor needs the right to edit content of the chosen organisation.
    """
    from wagtail.models import Page

    from cms.core.editor_rights import can_edit_page
    from cms.core.preview import may_preview

    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if page.pk is not None:
        stored = Page.objects.filter(pk=page.pk).first()
        allowed = stored is not None and may_preview(user, stored)
    else:
        allowed = can_edit_page(user, page)
    if not allowed:
        raise PermissionDenied


# --- Preview modes and serving --------------------------------------------------------------


def preview_modes(page) -> list[tuple[str, Any]]:
    modes = [(CONTENT_MODE, _("Content (as the app receives it)"))]
    if app_preview_available(page):
        modes.append((APP_MODE, _("In the app (last saved version)")))
    return modes


def serve_preview(page, request, mode_name: str):
    """The preview of ``page`` (the object Wagtail previews: unsaved form data, a draft, a
    revision) for the editor making ``request``, in their admin language."""
    check_may_preview(page, request.user)
    from wagtail.users.models import UserProfile

    language = UserProfile.get_for_user(request.user).get_preferred_language()
    # Rendered here, not lazily: the editor's language holds only inside this block.
    with translation.override(language):
        if mode_name == APP_MODE and app_preview_available(page):
            response = render(request, "core/preview/app.html", app_context(page, request))
        else:
            response = render(request, "core/preview/page.html", content_context(page, request))
    response["Content-Language"] = language
    return response


def app_context(page, request) -> dict:
    """The frontend's preview screen with a fresh token for the page's latest saved revision."""
    from wagtail.models import Page

    from cms.core.preview import preview_url

    stored = Page.objects.filter(pk=page.pk).first() if page.pk is not None else None
    context: dict[str, Any] = {"title": page.title, "frontend_preview_url": None, "saved_at": None}
    if stored is not None:
        stored = stored.specific
        # The token names the editor and the latest saved revision (made now if there is none).
        context["frontend_preview_url"] = preview_url(stored, request.user)
        revision = stored.latest_revision
        context["saved_at"] = timezone.localtime(revision.created_at) if revision else None
    return context


# --- The page's content as the API gives it -------------------------------------------------


@dataclass
class PreviewReader(Reader):
    """What the API's renderer asks of its reader (graphql_api.core.context.Context): here the
    editor looking at the preview, so links, files and images are those the API gives them."""

    user: Any

    @cached_property
    def site_root_path(self) -> str:
        from graphql_api.core.pages import site_root_path

        return site_root_path()

    @cached_property
    def rich_text(self):
        from graphql_api.core.richtext import RichTextRenderer

        return RichTextRenderer(self)


def content_context(page, request) -> dict:
    reader = PreviewReader(request.user)
    show = _Fields(reader)
    app_link = None
    if page.pk is not None and app_preview_available(page):
        app_link = reverse("core_preview_in_app", args=[page.pk])
    return {
        "page": page,
        "title": page.title,
        "page_type": page._meta.verbose_name,
        "path": _preview_path(page),
        "live_url": _live_url(page),
        "organisation": show.related_name(page, "organisation"),
        "audience": _audience(page),
        "cover": show.image(_related(page, "cover_image")),
        "summary": getattr(page, "summary", ""),
        "fields": show.panels(page, type(page).content_panels, skip=HEADER_FIELDS),
        "app_preview_link": app_link,
    }


def _related(obj, name: str):
    try:
        return getattr(obj, name, None)
    except ObjectDoesNotExist:  # chosen, then deleted: a revision can still name it
        return None


def _preview_path(page) -> str:
    """The API path the page will have: from the slug being typed, not only the saved one."""
    from graphql_api.core.pages import relative_path, site_root_path

    url_path = page.url_path or ""
    if page.path and page.depth and page.depth > 1 and page.slug:
        parent = page.get_parent()
        if parent is not None:
            url_path = f"{parent.url_path}{page.slug}/"
    return relative_path(url_path, site_root_path())


def _live_url(page) -> str | None:
    base = frontend_url()
    if not base or not page.live:
        return None
    return base + api_path(page)


def _audience(page) -> str | None:
    if not _has_field(page, "audience"):
        return None
    names = [str(organisation) for organisation in page.audience.all()]
    return ", ".join(names) if names else gettext("Everyone")


def _has_field(obj, name: str) -> bool:
    try:
        obj._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or not a model at all
        return False
    return True


class _Fields:
    """Items for the preview template, one per field of the editor's panels.

    Each item is a dict with ``kind`` (text, html, blocks, image, file, group, rows), ``label``
    and ``value``; empty fields are left out, as the app leaves them out.
    """

    def __init__(self, reader: PreviewReader) -> None:
        self.reader = reader

    def panels(self, obj, panels, skip=frozenset()) -> list[dict]:
        items: list[dict] = []
        for panel in panels:
            items += self.panel(obj, panel, skip)
        return items

    def panel(self, obj, panel, skip) -> list[dict]:
        from wagtail.admin.panels import FieldPanel, InlinePanel, PanelGroup

        if isinstance(panel, InlinePanel):
            item = self.inline(obj, panel)
            return [item] if item else []
        if isinstance(panel, PanelGroup):
            children = self.panels(obj, panel.children, skip)
            if children and panel.heading:
                return [{"kind": "group", "label": panel.heading, "value": children}]
            return children
        if isinstance(panel, FieldPanel) and panel.field_name not in skip:
            item = self.field(obj, panel.field_name)
            return [item] if item else []
        return []

    def inline(self, obj, panel) -> dict | None:
        manager = getattr(obj, panel.relation_name, None)
        if manager is None:
            return None
        children = list(manager.all())
        if not children:
            return None
        model = type(children[0])
        child_panels = getattr(model, "panels", None) or [
            _field_panel(f.name)
            for f in model._meta.concrete_fields
            if f.editable and not f.primary_key and not f.is_relation and f.name != "sort_order"
        ]
        rows = [self.panels(child, child_panels) for child in children]
        label = panel.heading or panel.label or getattr(model._meta, "verbose_name_plural", "")
        return {"kind": "rows", "label": label, "value": [row for row in rows if row]}

    def field(self, obj, name: str) -> dict | None:
        from wagtail.fields import RichTextField, StreamField

        try:
            field = obj._meta.get_field(name)
        except Exception:  # a form-only field of the panel: nothing stored to show
            return None
        label = getattr(field, "verbose_name", name)
        if isinstance(field, StreamField):
            blocks = self.blocks(getattr(obj, name))
            return {"kind": "blocks", "label": label, "value": blocks} if blocks else None
        if isinstance(field, RichTextField):
            html = self.rich_text(getattr(obj, name))
            return {"kind": "html", "label": label, "value": html} if html else None
        if field.many_to_many:
            names = [_title(item) for item in getattr(obj, name).all()]
            return {"kind": "text", "label": label, "value": ", ".join(names)} if names else None
        if field.many_to_one or field.one_to_one:
            return self.related(label, field, _related(obj, name))
        value = getattr(obj, name, None)
        if value is None or value == "":
            return None
        return {"kind": "text", "label": label, "value": _display(obj, field, value)}

    def related(self, label, field, value) -> dict | None:
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        if value is None:
            return None
        if issubclass(field.related_model, get_image_model()):
            image = self.image(value)
            return {"kind": "image", "label": label, "value": image} if image else None
        if issubclass(field.related_model, get_document_model()):
            return {"kind": "file", "label": label, "value": self.file(value)}
        return {"kind": "text", "label": label, "value": _title(value)}

    def related_name(self, obj, name: str) -> str | None:
        value = _related(obj, name) if _has_field(obj, name) else None
        return _title(value) if value is not None else None

    # --- the API's renderings -----------------------------------------------------------

    def rich_text(self, value) -> str:
        return _frontend_page_links(self.reader.rich_text.render(value))

    def blocks(self, stream_value) -> list[dict]:
        """The body as the API's typed blocks (graphql_api.core.blocks), ready for the template."""
        from graphql_api.core.blocks import stream_blocks

        shown = []
        for block in stream_blocks(stream_value, self.reader):
            kind = type(block).__name__
            item: dict[str, Any] = {"type": kind, "block": block}
            if hasattr(block, "html"):
                item["html"] = _frontend_page_links(block.html)
            if kind == "ImageBlock":
                item["image"] = self.image(block.image)
                if item["image"] is None:
                    continue
            if kind == "DocumentBlock":
                item["file"] = self.file(block.document, title=block.title, url=block.url)
            shown.append(item)
        return shown

    def image(self, image) -> dict | None:
        """A rendition of ``image`` of the API's HERO size, or None (no image, or its file is gone)."""
        from wagtail.images.models import SourceImageIOError

        from cms.core.files import file_url
        from graphql_api.core.media import IMAGE_SIZES

        if image is None:
            return None
        try:
            rendition = image.get_rendition(IMAGE_SIZES[PREVIEW_IMAGE_SIZE])
        except (SourceImageIOError, OSError, ValueError):
            return None
        alt = getattr(image, "description", "") or image.title
        return {
            "url": file_url(rendition.file, private=False),
            "width": rendition.width,
            "height": rendition.height,
            "alt": alt,
        }

    def file(self, document, *, title: str | None = None, url: str | None = None) -> dict:
        """A file as the API gives it: its title and the URL the editor may have (None: none)."""
        if document is None:
            return {"title": title or "", "url": None, "extension": ""}
        if url is None:
            url = self.reader.document_access.url_for(document)
        return {
            "title": title or document.title,
            "url": url,
            "extension": (document.file_extension or "").upper(),
        }


def _field_panel(name: str):
    from wagtail.admin.panels import FieldPanel

    return FieldPanel(name)


def _title(value) -> str:
    specific = getattr(value, "specific_deferred", value)  # a page: its title, whatever its type
    return str(getattr(specific, "title", None) or value)


def _display(obj, field: models.Field, value) -> str:
    """A stored value as the editor reads it: choices by label, dates day first, numbers grouped."""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(field, models.DateTimeField):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%d/%m/%Y %H:%M}"
    if isinstance(field, models.DateField):
        return f"{value:%d/%m/%Y}"
    if isinstance(field, models.IntegerField):
        # Grouped by thousands in the editor's language (8.000.000 in Vietnamese).
        return f"{value:,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))
    if isinstance(field, (models.DecimalField, models.FloatField)):
        return formats.number_format(value)
    return str(value)


def _frontend_page_links(html: str) -> str:
    """The API's page links, made to open the page in the frontend when ``FRONTEND_URL`` is
    set; otherwise they lead nowhere from the admin (the API path is kept as the link's title),
    since this server serves no page at that path."""
    base = frontend_url()

    def link(match: re.Match) -> str:
        path, page_type = match.group(1), match.group(2)
        # Both groups come escaped from the renderer's format_html.
        if base:
            return f'<a href="{escape(base)}{path}" data-page-type="{page_type}">'
        return f'<a data-page-type="{page_type}" title="{path}">'

    return mark_safe(API_PAGE_LINK.sub(link, html))  # the API renderer's own HTML, links rewritten
