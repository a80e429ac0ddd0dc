"""StreamField as a list of typed blocks sharing the ``StreamBlock`` interface."""

from __future__ import annotations

import strawberry

from cms.core.visibility import DocumentAccess
from graphql_api.core.media import DocumentType, ImageType
from graphql_api.core.richtext import CHOOSER_BLOCKS, RichTextRenderer, raw_items, to_pk


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


def _chooser_block(raw: dict, access: DocumentAccess, rich_text: RichTextRenderer) -> StreamBlockInterface:
    """An image or document block read from its raw JSON, its object from the request's bulk
    reads: converting the block would fetch the object alone (graphql_api.core.richtext)."""
    kind, block_id = raw["type"], raw.get("id") or ""
    value = raw.get("value") if isinstance(raw.get("value"), dict) else {}
    if kind == "image":
        image = rich_text.image(to_pk(value.get("image")))
        alt = value.get("alt") or (image.title if image else "")
        return ImageBlock(
            id=block_id, block_type=kind, image=image, caption=value.get("caption") or "", alt=alt
        )
    document = rich_text.document(to_pk(value.get("document")))
    return DocumentBlock(
        id=block_id,
        block_type=kind,
        title=value.get("title") or (document.title if document else ""),
        document=document,
        url=access.url_for(document),
    )


def _block(child, rich_text: RichTextRenderer) -> StreamBlockInterface | None:
    kind, value, block_id = child.block_type, child.value, child.id
    if kind == "paragraph":
        return ParagraphBlock(id=block_id, block_type=kind, html=rich_text.render(value))
    if kind == "heading":
        return HeadingBlock(id=block_id, block_type=kind, text=value["text"], level=value["level"])
    if kind == "quote":
        return QuoteBlock(
            id=block_id, block_type=kind, text=value["text"], attribution=value.get("attribution") or ""
        )
    if kind == "callout":
        return CalloutBlock(
            id=block_id, block_type=kind, tone=value["tone"], html=rich_text.render(value["text"])
        )
    if kind == "embed":
        return EmbedBlock(id=block_id, block_type=kind, url=value.url if value else "")
    return None


def stream_blocks(stream_value, context) -> list[StreamBlockInterface]:
    """Typed blocks of a StreamField value; unknown block types are skipped, never guessed.

    ``context`` is the request's: its ``document_access`` decides file URLs (a restricted
    document's URL is given only to who may have it) and its ``rich_text`` renders rich text
    through the visibility rule. The links, files and images of the whole body are read at
    once, and those of a whole list when the list prewarmed them (graphql_api.core.pagination).
    """
    items = raw_items(stream_value)
    if not items:
        return []
    access, rich_text = context.document_access, context.rich_text
    rich_text.prewarm(streams=[items])
    blocks = []
    for index, raw in enumerate(items):
        if raw.get("type") in CHOOSER_BLOCKS:
            block = _chooser_block(raw, access, rich_text)
        else:
            block = _block(stream_value[index], rich_text)
        if block is not None:
            blocks.append(block)
    return blocks


ALL_BLOCK_TYPES = [
    ParagraphBlock,
    HeadingBlock,
    ImageBlock,
    QuoteBlock,
    DocumentBlock,
    CalloutBlock,
    EmbedBlock,
]
