"""Helpers for content seeders: the home page, section pages, published pages, images.

Pages are keyed on their slug under their parent: a second run finds them and writes nothing.
Images are drawn with Pillow (no network), keyed on their title.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.core.demo import registry


def home_page() -> Page:
    """The home page sections hang under: the home domain makes it, once, and the site's root.

    Asked of the registry rather than imported, so any seeder (or ``--only`` subset) finds it
    and core depends on no content domain (see ``cms.home.demo``).
    """
    return registry.home_page_factory()()


def section(model, title: str, slug: str, **fields: Any):
    """The index page of a section directly under the home page."""
    existing = model.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return publish_child(home_page(), model(title=title, slug=slug, **fields))


def publish_child(parent: Page, page: Page, audience=()) -> Page:
    parent.refresh_from_db()
    parent.add_child(instance=page)
    if audience:
        page.audience.set(audience)
    page.save_revision().publish()
    return page


def upsert_page(parent: Page, model, slug: str, audience=(), **fields: Any) -> tuple[Page, bool]:
    """A published page of ``model`` under ``parent``: (page, created). Existing pages are left alone."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    return publish_child(parent, model(slug=slug, **fields), audience=audience), True


PALETTE = [(0, 84, 166), (218, 37, 29), (0, 133, 90), (245, 158, 11), (109, 40, 217), (14, 116, 144)]


def demo_image(title: str, colour_index: int = 0, size: tuple[int, int] = (1280, 720)):
    """A Wagtail image drawn locally: a coloured banner with simple shapes, keyed on title."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    colour = PALETTE[colour_index % len(PALETTE)]
    canvas = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(canvas)
    w, h = size
    draw.ellipse((w * 0.55, -h * 0.2, w * 1.2, h * 0.9), fill=tuple(min(255, c + 40) for c in colour))
    draw.rectangle((0, h * 0.78, w, h), fill=(255, 255, 255))
    draw.text((w * 0.05, h * 0.84), title[:60], fill=colour)
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=82)
    data = buffer.getvalue()
    image = image_model(
        title=title,
        file=ImageFile(io.BytesIO(data), name=f"demo-{hashlib.sha1(title.encode()).hexdigest()[:10]}.jpg"),
    )
    image.file_size = len(data)
    image.save()
    return image
