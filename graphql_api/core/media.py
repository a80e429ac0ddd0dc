"""Images (renditions from an allow-list, with a srcset) and documents (privacy-aware URLs)."""

from __future__ import annotations

from enum import Enum

import strawberry
import strawberry_django
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.core import renditions
from cms.core.files import file_url

# The only renditions the API makes: a client cannot make the server resize to any size.
IMAGE_SIZES: dict[str, str] = {
    "THUMBNAIL": "fill-320x180|jpegquality-80",
    "SQUARE": "fill-400x400|jpegquality-80",
    "CARD": "fill-640x360|jpegquality-80",
    "HERO": "width-1280|jpegquality-80",
    "FULL": "width-1920|jpegquality-85",
}
SRCSET_WIDTHS = (480, 960, 1440)
SRCSET_SPECS = tuple(f"width-{w}|jpegquality-80" for w in SRCSET_WIDTHS)
# What Image.get_rendition() reads: a field missing here is loaded again, image by image.
RENDITION_FIELDS = [
    "file",
    "file_hash",
    "width",
    "height",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
]


@strawberry.enum(description="The rendition sizes the API serves.")
class ImageSize(Enum):
    THUMBNAIL = "THUMBNAIL"
    SQUARE = "SQUARE"
    CARD = "CARD"
    HERO = "HERO"
    FULL = "FULL"


@strawberry.type(name="Rendition")
class RenditionType:
    url: str
    width: int
    height: int


def _rendition_url(rendition) -> str:
    return file_url(rendition.file, private=False)


@strawberry_django.type(get_image_model(), name="Image")
class ImageType:
    id: strawberry.ID
    title: str
    width: int
    height: int

    @strawberry_django.field(only=["description", "title"], description="Text for screen readers.")
    def alt(self) -> str:
        return getattr(self, "description", "") or self.title

    @strawberry_django.field(
        only=RENDITION_FIELDS,
        prefetch_related=["renditions"],
    )
    def rendition(self, size: ImageSize = ImageSize.CARD) -> RenditionType:
        found = renditions.rendition(self, IMAGE_SIZES[size.value], _rendition_url)
        return RenditionType(url=found.url, width=found.width, height=found.height)

    @strawberry_django.field(
        only=RENDITION_FIELDS,
        prefetch_related=["renditions"],
        description="`srcset` value for <img>: widths 480, 960 and 1440.",
    )
    def srcset(self) -> str:
        found = renditions.renditions(self, SRCSET_SPECS, _rendition_url)
        return ", ".join(f"{found[spec].url} {found[spec].width}w" for spec in SRCSET_SPECS)


DOWNLOAD_URL_DESCRIPTION = (
    "Download URL: a short-lived signed URL for restricted files; null if you may not have it."
)


@strawberry_django.type(get_document_model(), name="Document", description="An attached file.")
class DocumentType:
    id: strawberry.ID
    title: str

    @strawberry_django.field(only=["file"])
    def extension(self) -> str:
        return self.file_extension

    @strawberry_django.field(only=["file_size"])
    def file_size(self) -> int | None:
        return self.file_size

    @strawberry_django.field(only=["file", "collection_id"], description=DOWNLOAD_URL_DESCRIPTION)
    def url(self, info: strawberry.Info) -> str | None:
        return info.context.document_access.url_for(self)


def attached_document_url():
    """The ``url`` field of a row that attaches a Wagtail document through its ``document`` key
    (an official document's attachment, a congress document)."""

    @strawberry_django.field(
        only=["document__file", "document__collection_id"],
        select_related=["document"],
        description=DOWNLOAD_URL_DESCRIPTION,
    )
    def url(root, info: strawberry.Info) -> str | None:
        return info.context.document_access.url_for(root.document)

    return url
