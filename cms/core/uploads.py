"""Files people send through the API: checked by their content, never by their name.

A member's photo of a payslip, a PDF of a contract, a union's report, a CV: each is read before
it is kept. The first bytes say what the file is (a JPEG, PNG or WebP image, a PDF); a name
ending in ``.pdf`` on a ZIP, an executable or an HTML page is refused. An image is opened by
Pillow and must fit within ``Image.MAX_IMAGE_PIXELS`` (a tiny PNG that expands to gigapixels is a
decompression bomb); a PDF must carry the ``%%EOF`` trailer of a complete file. The size is
checked on the bytes received, not on what the client says.

Services call :func:`check_upload` with their domain's error-code enum, which must define
``FILE_TOO_LARGE``, ``FILE_TYPE_NOT_ALLOWED`` and ``FILE_EMPTY``; the stored name is made here
(:func:`private_name`), so nothing a client sends reaches the storage's path.
"""

from __future__ import annotations

import os
import unicodedata
import uuid
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from cms.core.errors import ErrorCode, ServiceError


class FileKind(StrEnum):
    IMAGE = "image"
    PDF = "pdf"


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed the checks: its bytes, what it is, and a safe display name."""

    content: bytes
    content_type: str
    extension: str
    display_name: str

    @property
    def size(self) -> int:
        return len(self.content)

    def as_file(self, folder: str) -> ContentFile:
        """The bytes as a file to assign to a ``FileField``, named by :func:`private_name`."""
        return ContentFile(self.content, name=private_name(folder, self.extension))


# Signatures of the formats accepted: (leading bytes, offset, content type, extension).
_IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"WEBP", 8, "image/webp", "webp"),
)
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_DISPLAY_NAME_LENGTH = 120


def _read(upload, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``upload`` (enough to know it is too large)."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    return data if isinstance(data, bytes) else bytes(data)


def _image_type(data: bytes) -> tuple[str, str] | None:
    for signature, offset, content_type, extension in _IMAGE_SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            if content_type == "image/webp" and not data.startswith(b"RIFF"):
                continue
            return content_type, extension
    return None


def _image_is_sound(data: bytes, content_type: str) -> bool:
    try:
        with warnings.catch_warnings():
            # Over MAX_IMAGE_PIXELS / 2 Pillow only warns: a bomb is refused here at that size.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=[_PILLOW_FORMATS[content_type]]) as image:
                width, height = image.size
                if width * height > Image.MAX_IMAGE_PIXELS // 2:
                    return False
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False
    return True


def _pdf_is_sound(data: bytes) -> bool:
    # A PDF starts with its header (within the first KiB, as readers allow) and a complete file
    # ends with %%EOF (within its last KiB: writers append line ends and padding).
    return b"%PDF-" in data[:1024] and b"%%EOF" in data[-1024:]


def display_name(name: str | None, extension: str) -> str:
    """The client's file name as something safe to show: no path, no control characters, no
    NUL, at most 120 characters, and the extension of what the file really is."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    stem = os.path.splitext(base)[0].strip(" .") or _("file")
    return f"{stem[: _DISPLAY_NAME_LENGTH - len(extension) - 1]}.{extension}"


def private_name(folder: str, extension: str) -> str:
    """Where an uploaded file is stored: ``private/<folder>/<year>/<month>/<random>.<ext>``.

    ``private/`` is never served from the media folder, and its files get only signed or
    presigned links (cms.core.files); the random name cannot be guessed."""
    today = timezone.localdate()
    return f"private/{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def check_upload(
    upload,
    *,
    kinds: Collection[FileKind],
    codes: type[ErrorCode],
    field: str,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Read ``upload`` (a Django ``UploadedFile`` or any binary file) and return it checked.

    Raises ``ServiceError`` with ``codes.FILE_EMPTY``, ``codes.FILE_TOO_LARGE`` or
    ``codes.FILE_TYPE_NOT_ALLOWED`` on ``field``.
    """
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    data = _read(upload, limit)
    if not data:
        raise ServiceError(codes.FILE_EMPTY, _("The file is empty."), field)
    if len(data) > limit:
        raise ServiceError(
            codes.FILE_TOO_LARGE,
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
            field,
        )
    found: tuple[str, str] | None = None
    if FileKind.IMAGE in kinds:
        image = _image_type(data)
        if image is not None and _image_is_sound(data, image[0]):
            found = image
    if found is None and FileKind.PDF in kinds and _pdf_is_sound(data):
        found = ("application/pdf", "pdf")
    if found is None:
        allowed = {FileKind.IMAGE: _("an image (JPEG, PNG, WebP)"), FileKind.PDF: _("a PDF file")}
        raise ServiceError(
            codes.FILE_TYPE_NOT_ALLOWED,
            _("The file must be %(kinds)s.") % {"kinds": _(" or ").join(str(allowed[k]) for k in kinds)},
            field,
        )
    content_type, extension = found
    return CheckedUpload(
        content=data,
        content_type=content_type,
        extension=extension,
        display_name=display_name(getattr(upload, "name", None), extension),
    )
