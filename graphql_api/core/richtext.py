"""Rich text out of Wagtail's database format, through the visibility rule.

Wagtail's ``expand_db_html`` links any page (a draft, a private or out-of-audience page),
links documents to Wagtail's serve view without asking who reads, and looks every link up
alone. Here, for one reader:

- a link to a page they may see becomes ``<a href="/tin-tuc/abc/" data-page-type="NewsPage">``:
  the ``path`` and ``pageType`` the API gives that page. A link to any other page (unknown,
  draft, scheduled, expired, private, for other unions) becomes its text alone;
- a document link gets the URL they may have (``DocumentAccess.url_for``), or becomes its text;
- an embedded image becomes an ``<img>`` of a rendition of a registered image format (the
  filter spec comes from the format's name, never from the stored HTML);
- external, e-mail and anchor links stay as written; other link types become their text and
  other embeds are dropped.

Lookups are made in bulk and kept for the request: :meth:`RichTextRenderer.prewarm` resolves
every link and image of many values at once (all items of a list, a whole body), after which
rendering them one by one costs no query. The images and documents of the body's image and
document blocks are read the same way (graphql_api.core.blocks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Model
from django.utils.html import format_html
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

# A whole link, so that a link that must go can leave its text behind. Draftail never nests
# links; a malformed opening tag without its own end is removed by LEFTOVER_ENTITY_LINK.
FIND_LINK = re.compile(r"<a(\b[^>]*)>(.*?)</a>", re.DOTALL | re.IGNORECASE)
LEFTOVER_ENTITY_LINK = re.compile(r"<a\b[^>]*\blinktype=[^>]*>", re.IGNORECASE)
# Link types Wagtail leaves as they are when no handler is registered for them.
PLAIN_LINK_TYPES = {"external", "email", "anchor"}


@dataclass(frozen=True)
class _PageLink:
    path: str
    page_type: str | None


def to_pk(value: Any) -> int | None:
    """A primary key from an attribute or raw JSON; None for anything a column could not hold."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _source(value) -> str:
    """The database HTML of a RichTextField value (str) or a RichTextBlock value (RichText)."""
    if not value:
        return ""
    return str(value.source if hasattr(value, "source") else value)


def _image_format(name: str | None):
    from wagtail.images.formats import get_image_format, get_image_formats

    try:
        return get_image_format(name)
    except KeyError:
        return get_image_formats()[0]


# The chooser blocks of the shared body (cms.core.blocks.BodyBlock): block type → key of the id.
CHOOSER_BLOCKS = {"image": "image", "document": "document"}


class _Entities:
    """The pages, documents and images that database HTML and StreamField data refer to."""

    def __init__(self) -> None:
        self.pages: set[int] = set()
        self.documents: set[int] = set()
        self.images: set[int] = set()

    def scan_html(self, source: str) -> None:
        if "linktype" in source:
            for match in FIND_LINK.finditer(source):
                attrs = extract_attrs(match.group(1))
                pk = to_pk(attrs.get("id"))
                if pk is None:
                    continue
                if attrs.get("linktype") == "page":
                    self.pages.add(pk)
                elif attrs.get("linktype") == "document":
                    self.documents.add(pk)
        if "embedtype" in source:
            for match in FIND_EMBED_TAG.finditer(source):
                attrs = extract_attrs(match.group(1))
                pk = to_pk(attrs.get("id"))
                if attrs.get("embedtype") == "image" and pk is not None:
                    self.images.add(pk)

    def scan_stream(self, raw_items: Iterable) -> None:
        """A StreamField's raw JSON: rich text in blocks at any depth, and the body's choosers."""
        for item in raw_items:
            value = item.get("value") if isinstance(item, dict) else None
            key = CHOOSER_BLOCKS.get(item.get("type")) if isinstance(item, dict) else None
            if key and isinstance(value, dict) and (pk := to_pk(value.get(key))) is not None:
                (self.images if key == "image" else self.documents).add(pk)
            for source in _strings(value):
                self.scan_html(source)


@cache
def _rich_text_fields(model: type[Model]) -> tuple[tuple[str, bool], ...]:
    """(attname, is a StreamField) of the model's rich text and StreamFields."""
    return tuple(
        (f.attname, isinstance(f, StreamField))
        for f in model._meta.concrete_fields
        if isinstance(f, (RichTextField, StreamField))
    )


def _strings(value) -> Iterator[str]:
    """Every string inside some raw JSON (rich text sits in blocks at any depth)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def raw_items(stream_value: StreamValue) -> list:
    """A StreamField value's raw JSON items. Reading its blocks instead would convert them and
    fetch the objects of its chooser blocks: one query per block type, per page."""
    return list(stream_value.raw_data) if stream_value else []


class RichTextRenderer:
    """Renders rich text for one reader; keep one per request (the GraphQL context has one).

    ``reader`` is the request's context, or anything with its ``viewer`` (the visibility rule's
    Viewer), ``document_access`` (cms.core.visibility.DocumentAccess) and ``site_root_path``;
    they are read only once some rich text has a link or an image.

    It also holds, by id, the images and documents of the body's image and document blocks, so
    that a list's bodies read them in bulk too (graphql_api.core.blocks).
    """

    def __init__(self, reader) -> None:
        self.reader = reader
        self._pages: dict[int, _PageLink | None] = {}
        self._documents: dict[int, Any] = {}
        self._document_urls: dict[int, str | None] = {}
        self._images: dict[int, Any] = {}

    # --- bulk resolution ----------------------------------------------------------------

    def prewarm(self, sources: Iterable[str] = (), streams: Iterable[list] = ()) -> None:
        """Resolve, in a fixed number of queries, every link, file and image of ``sources``
        (database HTML) and ``streams`` (StreamField raw items, see :func:`raw_items`)."""
        found = _Entities()
        for source in sources:
            found.scan_html(source)
        for items in streams:
            found.scan_stream(items)
        self._load_pages(found.pages - self._pages.keys())
        self._load_documents(found.documents - self._documents.keys())
        self._load_images(found.images - self._images.keys())

    def prewarm_objects(self, objects: Iterable[Any]) -> None:
        """Resolve what the loaded rich text and StreamFields of ``objects`` (a list's items) use.

        A deferred field is skipped, never loaded: the API selects what a query asks for.
        """
        sources, streams = [], []
        for obj in objects:
            if not isinstance(obj, Model):
                continue
            for attname, is_stream in _rich_text_fields(type(obj)):
                value = obj.__dict__.get(attname)
                if is_stream and isinstance(value, StreamValue):
                    streams.append(raw_items(value))
                elif not is_stream and isinstance(value, str):
                    sources.append(value)
        self.prewarm(sources, streams)

    def _load_pages(self, ids: set[int]) -> None:
        if not ids:
            return
        from wagtail.models import Page

        from cms.core.visibility import visible_page_ids
        from graphql_api.core.pages import page_type_name, relative_path

        pages = list(Page.objects.filter(pk__in=ids).only("pk", "content_type", "url_path"))
        visible = visible_page_ids(pages, self.reader.viewer)
        self._pages.update(dict.fromkeys(ids))
        for page in pages:
            if page.pk in visible:
                self._pages[page.pk] = _PageLink(
                    path=relative_path(page.url_path, self.reader.site_root_path),
                    page_type=page_type_name(page.specific_class),
                )

    def _load_documents(self, ids: set[int]) -> None:
        if not ids:
            return
        from wagtail.documents import get_document_model

        self._documents.update(dict.fromkeys(ids))
        self._documents.update(get_document_model().objects.in_bulk(ids))

    def _load_images(self, ids: set[int]) -> None:
        if not ids:
            return
        from wagtail.images import get_image_model

        # Every rendition: rich text asks for its formats' and image blocks for the API's sizes.
        images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions()
        self._images.update(dict.fromkeys(ids))
        self._images.update((image.pk, image) for image in images)

    # --- objects for the body's chooser blocks ----------------------------------------------

    def document(self, pk: int | None):
        """The document with this id (None if there is none), from the request's bulk reads."""
        if pk is None:
            return None
        self._load_documents({pk} - self._documents.keys())
        return self._documents[pk]

    def image(self, pk: int | None):
        """The image with this id (None if there is none), its renditions prefetched."""
        if pk is None:
            return None
        self._load_images({pk} - self._images.keys())
        return self._images[pk]

    def _document_url(self, pk: int | None) -> str | None:
        if pk not in self._document_urls:
            self._document_urls[pk] = self.reader.document_access.url_for(self._documents.get(pk))
        return self._document_urls[pk]

    # --- rendering ----------------------------------------------------------------------

    def render(self, value) -> str:
        """HTML for a rich text value (a RichTextField's string or a RichTextBlock's value)."""
        source = _source(value)
        if not source:
            return ""
        self.prewarm([source])  # free when a list or body was prewarmed
        html = FIND_LINK.sub(self._link, source)
        html = LEFTOVER_ENTITY_LINK.sub("", html)
        return FIND_EMBED_TAG.sub(self._embed, html)

    def _link(self, match: re.Match) -> str:
        attrs = extract_attrs(match.group(1))
        text = match.group(2)
        linktype = attrs.get("linktype")
        if linktype is None or linktype in PLAIN_LINK_TYPES:
            return match.group(0)
        pk = to_pk(attrs.get("id"))
        if linktype == "page" and (page := self._pages.get(pk)) is not None:
            if page.page_type:
                opening = format_html('<a href="{}" data-page-type="{}">', page.path, page.page_type)
            else:
                opening = format_html('<a href="{}">', page.path)
            return opening + text + "</a>"
        if linktype == "document" and (url := self._document_url(pk)) is not None:
            return format_html('<a href="{}">', url) + text + "</a>"
        return text

    def _embed(self, match: re.Match) -> str:
        from wagtail.images.models import SourceImageIOError

        from cms.core.files import file_url

        attrs = extract_attrs(match.group(1))
        image = self._images.get(to_pk(attrs.get("id")))
        if attrs.get("embedtype") != "image" or image is None:
            return ""
        image_format = _image_format(attrs.get("format"))
        try:
            # get_renditions, unlike get_rendition, does not write prefetched renditions back to
            # the cache: one cache round trip per image would grow with the list.
            rendition = image.get_renditions(image_format.filter_spec)[image_format.filter_spec]
        except SourceImageIOError:
            return ""  # the original is gone: nothing rather than a broken image
        html = format_html(
            '<img src="{}" width="{}" height="{}" alt="{}"',
            file_url(rendition.file, private=False),
            rendition.width,
            rendition.height,
            attrs.get("alt", ""),
        )
        if image_format.classname:
            html += format_html(' class="{}"', image_format.classname)
        return html + ">"


def rich_text_html(value, context) -> str:
    """``value`` (a RichTextField's or RichTextBlock's value) as HTML for the request's reader."""
    return context.rich_text.render(value)
