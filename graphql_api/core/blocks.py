"""StreamField as a list of typed blocks sharing the ``StreamBlock`` interface."""

from __future__ import annotations

import strawberry

from cms.core.visibility import DocumentAccess
from graphql_api.core.media import DocumentType, ImageType
from graphql_api.core.richtext import rich_text_html


@strawberry.interface(name="StreamBlock", description="One block of a page body.")
class StreamBlockInterface:
    id: str
    block_type: str


@strawberry.type(name="ParagraphBlock")
class ParagraphBlock(StreamBlockInterface):
    html: str


@strawberry.type(name="HeadingBlock")
class HeadingBlock(StreamBlockInterface):
    text: str
    level: str


@strawberry.type(name="ImageBlock")
class ImageBlock(StreamBlockInterface):
    image: ImageType | None
    caption: str
    alt: str


@strawberry.type(name="QuoteBlock")
class QuoteBlock(StreamBlockInterface):
    text: str
    attribution: str


@strawberry.type(name="DocumentBlock")
class DocumentBlock(StreamBlockInterface):
    title: str
    document: DocumentType | None
    url: str | None


@strawberry.type(name="CalloutBlock")
class CalloutBlock(StreamBlockInterface):
    tone: str
    html: str


@strawberry.type(name="EmbedBlock")
class EmbedBlock(StreamBlockInterface):
    url: str


def _document_block(child, value, access: DocumentAccess) -> DocumentBlock:
    document = value.get("document")
    url = access.url_for(document)
    return DocumentBlock(
        id=child.id,
        block_type="document",
        title=value.get("title") or (document.title if document else ""),
        document=document,
        url=url,
    )


def _block(child, access: DocumentAccess) -> StreamBlockInterface | None:
    kind, value, block_id = child.block_type, child.value, child.id
    if kind == "paragraph":
        return ParagraphBlock(id=block_id, block_type=kind, html=rich_text_html(value))
    if kind == "heading":
        return HeadingBlock(id=block_id, block_type=kind, text=value["text"], level=value["level"])
    if kind == "image":
        image = value.get("image")
        alt = value.get("alt") or (image.title if image else "")
        return ImageBlock(
            id=block_id, block_type=kind, image=image, caption=value.get("caption") or "", alt=alt
        )
    if kind == "quote":
        return QuoteBlock(
            id=block_id, block_type=kind, text=value["text"], attribution=value.get("attribution") or ""
        )
    if kind == "document":
        return _document_block(child, value, access)
    if kind == "callout":
        return CalloutBlock(
            id=block_id, block_type=kind, tone=value["tone"], html=rich_text_html(value["text"])
        )
    if kind == "embed":
        return EmbedBlock(id=block_id, block_type=kind, url=value.url if value else "")
    return None


def stream_blocks(stream_value, access: DocumentAccess) -> list[StreamBlockInterface]:
    """Typed blocks of a StreamField value; unknown block types are skipped, never guessed.

    ``access`` decides file URLs: a restricted document's URL is given only to who may have it.
    """
    if not stream_value:
        return []
    return [block for child in stream_value if (block := _block(child, access)) is not None]


ALL_BLOCK_TYPES = [
    ParagraphBlock,
    HeadingBlock,
    ImageBlock,
    QuoteBlock,
    DocumentBlock,
    CalloutBlock,
    EmbedBlock,
]
