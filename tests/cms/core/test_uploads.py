"""cms.core.uploads: files members send are judged by their bytes, never by their names."""

from __future__ import annotations

import io
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.core.errors import ErrorCode, ServiceError
from cms.core.uploads import FileKind, check_upload, display_name, private_name
from tests.cms.core.media import PDF_BYTES, make_png


class _Codes(ErrorCode):
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
    FILE_EMPTY = "FILE_EMPTY"


BOTH = (FileKind.IMAGE, FileKind.PDF)


def _check(data: bytes, name: str, kinds=BOTH, **kwargs):
    return check_upload(
        SimpleUploadedFile(name, data), kinds=kinds, codes=_Codes, field="attachments", **kwargs
    )


def _refusal(data: bytes, name: str, kinds=BOTH, **kwargs) -> tuple[str, str | None]:
    with pytest.raises(ServiceError) as caught:
        _check(data, name, kinds, **kwargs)
    return caught.value.code.value, caught.value.field


def _jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "JPEG")
    return out.getvalue()


def _webp() -> bytes:
    out = BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, "WEBP")
    return out.getvalue()


def test_images_and_pdfs_are_recognised_by_content_whatever_their_names():
    # given files named wrongly or not at all
    files = [
        (make_png(16, 16), "anh.pdf"),
        (_jpeg(), "bang-luong"),
        (_webp(), "x.png"),
        (PDF_BYTES, "hd.jpg"),
    ]

    # when
    checked = [_check(data, name) for data, name in files]

    # then the stored type and extension follow the bytes
    assert [(c.content_type, c.display_name) for c in checked] == [
        ("image/png", "anh.png"),
        ("image/jpeg", "bang-luong.jpg"),
        ("image/webp", "x.webp"),
        ("application/pdf", "hd.pdf"),
    ]


def test_a_file_disguised_by_its_name_is_refused():
    # given a ZIP, an HTML page and an executable, each named like an accepted file
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    disguised = [
        (archive.getvalue(), "hop-dong.pdf"),
        (b"<html><script>alert(1)</script></html>", "anh.png"),
        (b"MZ\x90\x00" + b"\x00" * 100, "bang-luong.jpg"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "vo.png"),  # a PNG signature on a broken image
        (b"%PDF-1.7\n" + b"x" * 100, "cut.pdf"),  # a PDF cut short: no %%EOF trailer
    ]

    # when / then
    assert [_refusal(data, name) for data, name in disguised] == [
        ("FILE_TYPE_NOT_ALLOWED", "attachments")
    ] * 5


def test_only_the_kinds_asked_for_are_accepted():
    assert _refusal(make_png(8, 8), "anh.png", kinds=(FileKind.PDF,))[0] == "FILE_TYPE_NOT_ALLOWED"
    assert _check(PDF_BYTES, "bao-cao.pdf", kinds=(FileKind.PDF,)).content_type == "application/pdf"


def test_size_is_checked_on_the_bytes_received(settings):
    # given a limit of 1,000 bytes
    settings.UPLOAD_MAX_BYTES = 1000
    pdf = b"%PDF-1.4\n" + b"0" * 1200 + b"\n%%EOF\n"

    # when / then
    assert _refusal(pdf, "lon.pdf") == ("FILE_TOO_LARGE", "attachments")
    assert _refusal(b"", "rong.pdf") == ("FILE_EMPTY", "attachments")
    assert _check(PDF_BYTES, "nho.pdf", max_bytes=len(PDF_BYTES)).size == len(PDF_BYTES)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # given a PNG of a few KB that would decode to 400 million pixels
    out = BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    bomb = out.getvalue()
    assert len(bomb) < 100_000

    # when / then
    assert _refusal(bomb, "bom.png") == ("FILE_TYPE_NOT_ALLOWED", "attachments")


def test_display_names_lose_paths_control_characters_and_nul_bytes():
    assert display_name("../../etc/pass\x00wd.pdf", "pdf") == "passwd.pdf"
    assert display_name("C:\\Users\\lan\\Bảng lương tháng 5.PDF", "pdf") == "Bảng lương tháng 5.pdf"
    assert display_name("", "png") == "file.png"
    assert len(display_name("a" * 500 + ".jpg", "jpg")) == 120


def test_stored_names_are_random_and_under_the_private_folder():
    first, second = private_name("feedback", "pdf"), private_name("feedback", "pdf")
    assert first != second
    assert first.startswith("private/feedback/") and first.endswith(".pdf")
