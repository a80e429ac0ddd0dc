"""file_url and is_document_private with local files (forced here, whatever the environment)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from cms.core.files import PrivateFileURLUnavailable, file_url, is_document_private
from tests import factories
from tests.cms.core.media import PDF_BYTES, make_collection, make_document, make_image, make_png, restrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_storage(settings, tmp_path):
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MEDIA_URL = "/media/"
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    return tmp_path


def _private_collection(restriction_type: str = CollectionViewRestriction.LOGIN, groups=()):
    collection = make_collection("Văn bản nội bộ")
    restrict(collection, restriction_type, groups=groups)
    return collection


def test_public_files_get_their_media_url(local_storage):
    # given
    document = make_document(PDF_BYTES, "thong-bao.pdf")
    image = make_image(make_png(32, 32), "bieu-trung.png")

    # when
    urls = (file_url(document.file, private=False), file_url(image.file, private=False))

    # then
    assert urls == ("/media/documents/thong-bao.pdf", "/media/original_images/bieu-trung.png")


def test_private_document_gets_the_access_checked_serve_url_not_its_media_path(local_storage):
    # given
    document = make_document(PDF_BYTES, "ke-hoach-75.pdf", collection=_private_collection())

    # when
    url = file_url(document.file, private=True)

    # then
    assert url == f"/documents/{document.id}/ke-hoach-75.pdf"
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


def test_serve_url_of_a_private_document_sends_anonymous_users_to_login(client, local_storage):
    # given
    document = make_document(PDF_BYTES, "ke-hoach-75.pdf", collection=_private_collection())
    url = file_url(document.file, private=True)

    # when
    response = client.get(url)

    # then
    assert response.status_code == 302
    assert response["Location"] == f"/_util/login/?next={url}"


def test_serve_url_of_a_private_document_serves_the_bytes_to_a_group_member(client, local_storage):
    # given
    clerks = Group.objects.create(name="Văn thư LĐLĐ")
    document = make_document(
        PDF_BYTES,
        "ke-hoach-75.pdf",
        collection=_private_collection(CollectionViewRestriction.GROUPS, [clerks]),
    )
    user = factories.make_user()
    user.groups.add(clerks)
    client.force_login(user)

    # when
    response = client.get(file_url(document.file, private=True))

    # then
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"


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


def test_serve_url_is_the_one_wagtail_routes(local_storage):
    # given
    document = make_document(PDF_BYTES, "bao-cao.pdf", collection=_private_collection())

    # when
    url = file_url(document.file, private=True)

    # then
    assert url == reverse("wagtaildocs_serve", args=(document.id, "bao-cao.pdf"))
