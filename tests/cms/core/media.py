"""Real Wagtail images, documents and restricted collections for file tests."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from io import BytesIO
from urllib.parse import parse_qsl, quote, urlsplit

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

PDF_BYTES = b"%PDF-1.4\n% Cong van 75/KH-LDLD\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_png(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 40)) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(
    data: bytes, filename: str, title: str = "Hội nghị Ban Chấp hành", collection: Collection | None = None
):
    image = get_image_model()(title=title, file=ImageFile(BytesIO(data), name=filename))
    if collection is not None:
        image.collection = collection
    # Images made in code get no size or hash; the admin form sets them through this.
    image._set_image_file_metadata()
    image.save()
    return image


def make_document(
    data: bytes, filename: str, title: str = "Kế hoạch 75/KH-LĐLĐ", collection: Collection | None = None
):
    document = get_document_model()(title=title, file=ContentFile(data, name=filename))
    if collection is not None:
        document.collection = collection
    document._set_document_file_metadata()
    document.save()
    return document


def make_collection(name: str, parent: Collection | None = None) -> Collection:
    parent = parent or Collection.get_first_root_node()
    parent.refresh_from_db()
    return parent.add_child(name=name)


def restrict(
    collection: Collection, restriction_type: str, groups: Iterable[Group] = (), password: str = ""
) -> CollectionViewRestriction:
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type, password=password
    )
    restriction.groups.set(groups)
    return restriction


def sigv4_query_signature(url: str, secret_key: str) -> str:
    """Recompute the SigV4 signature of a presigned S3 GET URL (signed header: host only).

    An oracle independent of botocore and of moto, which serves any URL that merely
    contains ``Signature=``: real S3 compares exactly this value.
    """
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "X-Amz-Signature"]
    params = dict(pairs)
    canonical_query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(pairs))
    canonical_request = "\n".join(
        [
            "GET",
            parts.path,
            canonical_query,
            f"host:{parts.netloc}\n",
            params["X-Amz-SignedHeaders"],
            "UNSIGNED-PAYLOAD",
        ]
    )
    scope = params["X-Amz-Credential"].split("/", 1)[1]
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            params["X-Amz-Date"],
            scope,
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    key = f"AWS4{secret_key}".encode()
    for part in scope.split("/"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
