"""file_url and is_document_private with local files (forced here, whatever the environment)."""

from __future__ import annotations

import pytest
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from cms.core.files import PrivateFileURLUnavailable, file_url, is_document_private
from tests.cms.core.media import PDF_BYTES, make_collection, make_document, make_image, make_png, restrict

pytestmark = pytest.mark.django_db


def _private_collection(restriction_type: str = CollectionViewRestriction.LOGIN, groups=()):
    collection = make_collection("Văn bản nội bộ")
    restrict(collection, restriction_type, groups=groups)
    return collection


def test_public_images_get_their_media_url_and_public_documents_the_serve_view(local_storage):
    # given
    document = make_document(PDF_BYTES, "thong-bao.pdf")
    image = make_image(make_png(32, 32), "bieu-trung.png")

    # when
    urls = (file_url(document.file, private=False), file_url(image.file, private=False))

    # then a document is never under /media/: the serve view asks who may have it
    assert urls == (f"/documents/{document.pk}/thong-bao.pdf", "/media/original_images/bieu-trung.png")


def test_private_document_gets_a_signed_link_not_its_media_path(local_storage):
    # given
    document = make_document(PDF_BYTES, "ke-hoach-75.pdf", collection=_private_collection())

    # when
    url = file_url(document.file, private=True)

    # then
    assert url.startswith("/documents/signed/") and url.endswith("/ke-hoach-75.pdf")
    assert "/media/" not in url
    assert (local_storage / "documents" / "ke-hoach-75.pdf").read_bytes() == PDF_BYTES


def test_private_file_without_an_access_checked_view_is_refused(local_storage):
    # given
    image = make_image(make_png(32, 32), "chan-dung.png")

    # when / then
    with pytest.raises(
        PrivateFileURLUnavailable, match="Image.file is private and stored on FileSystemStorage"
    ):
        file_url(image.file, private=True)


def test_empty_file_field_has_no_url(local_storage):
    # given
    document = get_document_model()(title="Chưa có tệp")

    # when / then
    with pytest.raises(ValueError, match="The file field is empty"):
        file_url(document.file, private=False)


def test_signed_link_serves_the_bytes_without_a_session_and_is_never_cached(client, local_storage):
    # given a link given out to a member (an app holding a bearer token, no browser session)
    document = make_document(PDF_BYTES, "ke-hoach-75.pdf", collection=_private_collection())
    url = file_url(document.file, private=True)

    # when
    response = client.get(url)

    # then
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_signed_link_expires(client, local_storage, monkeypatch, settings):
    # given a link made with the configured lifetime
    settings.PRIVATE_FILE_URL_TTL = 300
    document = make_document(PDF_BYTES, "ke-hoach-75.pdf", collection=_private_collection())
    url = file_url(document.file, private=True)

    # when it is opened after its lifetime
    import time

    later = time.time() + 301
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(url)

    # then
    assert response.status_code == 404


def test_forged_or_outdated_signed_links_are_refused(client, local_storage):
    # given a valid link
    document = make_document(PDF_BYTES, "ke-hoach-75.pdf", collection=_private_collection())
    url = file_url(document.file, private=True)
    token = url.split("/")[3]

    # when the token is tampered with, the file name changed, or the document's file replaced
    forged = client.get(url.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB")))
    renamed = client.get(url.replace("ke-hoach-75.pdf", "khac.pdf"))
    from django.core.files.base import ContentFile

    document.file.save("ke-hoach-75-v2.pdf", ContentFile(b"%PDF-1.4 v2"), save=True)
    replaced = client.get(url)

    # then none of them serves a byte
    assert [forged.status_code, renamed.status_code, replaced.status_code] == [404, 404, 404]


def test_document_in_the_default_collection_is_not_private(django_assert_num_queries):
    # given
    document = make_document(PDF_BYTES, "dieu-le.pdf")
    document = get_document_model().objects.select_related("collection").get(pk=document.pk)

    # when
    with django_assert_num_queries(1):
        private = is_document_private(document)

    # then
    assert private is False


@pytest.mark.parametrize(
    "restriction_type",
    [CollectionViewRestriction.LOGIN, CollectionViewRestriction.GROUPS, CollectionViewRestriction.PASSWORD],
)
def test_a_restriction_on_an_ancestor_collection_makes_the_document_private(restriction_type):
    # given
    parent = _private_collection(restriction_type)
    child = make_collection("Công văn đến", parent=parent)
    document = make_document(PDF_BYTES, "cong-van-den.pdf", collection=child)

    # when
    private = is_document_private(document)

    # then
    assert private is True


def test_restriction_on_a_sibling_collection_or_of_type_none_does_not_apply():
    # given
    _private_collection()
    open_collection = make_collection("Tài liệu công khai")
    restrict(open_collection, CollectionViewRestriction.NONE)
    document = make_document(PDF_BYTES, "tai-lieu.pdf", collection=open_collection)

    # when
    private = is_document_private(document)

    # then
    assert private is False


def test_uploaded_private_files_get_signed_links_that_serve_them_and_expire(
    client, local_storage, monkeypatch
):
    # given a member's attachment stored under private/ (cms.core.uploads)
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("private/feedback/2026/12/abc123.pdf", ContentFile(PDF_BYTES))
    field_file = _field_file(name)

    # when
    url = file_url(field_file, private=True)
    served = client.get(url)
    bare = client.get(f"/media/{name}")

    # then the signed link serves the bytes, never cached; the media folder never does
    assert url.startswith("/files/signed/") and url.endswith("/abc123.pdf")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF_BYTES
    assert "no-cache" in served["Cache-Control"] and served["X-Content-Type-Options"] == "nosniff"
    assert bare.status_code == 404

    # and a forged, renamed or expired link serves nothing
    import time

    token = url.split("/")[3]
    forged = client.get(url.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB")))
    renamed = client.get(url.replace("abc123.pdf", "khac.pdf"))
    later = time.time() + 10_000
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    monkeypatch.setattr("cms.core.files.time.time", lambda: later)
    expired = client.get(url)
    assert [forged.status_code, renamed.status_code, expired.status_code] == [404, 404, 404]


def _field_file(name: str):
    """A FieldFile of a FileField holding ``name`` (as a model's attachment would)."""
    from django.core.files.storage import default_storage
    from django.db import models
    from django.db.models.fields.files import FieldFile

    field = models.FileField(name="file")
    field.storage = default_storage
    return FieldFile(instance=object(), field=field, name=name)
