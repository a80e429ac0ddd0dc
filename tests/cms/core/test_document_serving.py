"""Wagtail's document serve view gives a file only to who may see a live page that uses it.

Files on local storage unless a test says otherwise (one S3 test at the end).
"""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from cms.core.editor_rights import editors_group
from cms.core.files import file_url
from tests.cms.core.media import PDF_BYTES, make_collection, make_image, make_png, restrict
from tests.content_factories import (
    hide,
    make_congress,
    make_home,
    make_news,
    make_official_document,
    make_wagtail_document,
)
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db

HIDDEN_STATES = ["draft", "scheduled", "expired", "private", "private_section", "out_of_audience"]
# Every way a page uses a file: an official document's attachment, a congress document, a
# document block in a body, a document link in rich text.
USES = ["attachment", "congress", "block", "link"]


def serve_path(document) -> str:
    return reverse("wagtaildocs_serve", args=(document.pk, document.filename))


def files_used_by_pages(tree, *, live: bool = True, audience=()) -> tuple[dict, list]:
    """One file per use, each used by one page only (all pages live or drafts, same audience)."""
    files = {use: make_wagtail_document(f"Tệp {use}", filename=f"{use}.pdf") for use in USES}
    common = {"live": live, "audience": audience}
    pages = [
        make_official_document(tree["root"], files=[files["attachment"]], **common),
        make_congress(tree["root"], documents=[("Báo cáo chính trị", files["congress"])], **common),
        make_news(tree["root"], body=[("document", {"document": files["block"], "title": ""})], **common),
        make_news(
            tree["root"],
            body=[("paragraph", f'<p><a linktype="document" id="{files["link"].pk}">Tải về</a></p>')],
            **common,
        ),
    ]
    return files, pages


def statuses(client, files: dict) -> dict[str, int]:
    return {use: client.get(serve_path(document)).status_code for use, document in files.items()}


def editor():
    """An officer in the admin who may choose documents (cms.core.editor_rights)."""
    user = make_user(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(editors_group())
    return user


# --- pages decide -------------------------------------------------------------------------


def test_files_of_a_visible_page_are_served_to_anyone(client, tree, local_storage):
    # given
    files, _pages = files_used_by_pages(tree)

    # when
    response = client.get(serve_path(files["attachment"]))

    # then every kind of use counts, and the bytes are the file's
    assert statuses(client, files) == dict.fromkeys(USES, 200)
    assert b"".join(response.streaming_content) == "%PDF-1.4\n% Tệp attachment\n%%EOF\n".encode()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_files_of_a_hidden_page_are_served_to_nobody_but_editors(client, tree, local_storage, state):
    # given files used only by pages in the given hidden state
    files, pages = files_used_by_pages(
        tree, live=state != "draft", audience=[tree["gd"]] if state == "out_of_audience" else ()
    )
    if state == "private_section":  # a restriction on an ancestor: the home page
        PageViewRestriction.objects.create(page=make_home(), restriction_type=PageViewRestriction.LOGIN)
    for page in pages:
        hide(page, state)

    # when an anonymous reader asks, then an editor
    anonymous = statuses(client, files)
    client.force_login(editor())
    as_editor = statuses(client, files)

    # then the same 404 as for a file that does not exist; editors keep their files
    assert anonymous == dict.fromkeys(USES, 404)
    assert as_editor == dict.fromkeys(USES, 200)


def test_file_of_a_page_for_another_union_is_refused_to_its_readers(client, tree, local_storage):
    # given a file used only by a page addressed to the education union
    files, _pages = files_used_by_pages(tree, audience=[tree["gd"]])
    teacher = make_member(tree["thpt"])
    worker = make_member(tree["vsip"])

    # when a teacher and an industrial-zone worker open it in a signed-in browser
    client.force_login(teacher.user)
    as_teacher = statuses(client, files)
    client.force_login(worker.user)
    as_worker = statuses(client, files)

    # then
    assert as_teacher == dict.fromkeys(USES, 200)
    assert as_worker == dict.fromkeys(USES, 404)


def test_one_visible_page_is_enough(client, tree, local_storage):
    # given a file used by a draft and by a published page
    shared = make_wagtail_document("Điều lệ", filename="dieu-le.pdf")
    make_official_document(tree["root"], live=False, files=[shared])
    make_news(tree["root"], body=[("document", {"document": shared, "title": ""})])

    # when
    response = client.get(serve_path(shared))

    # then
    assert response.status_code == 200


def test_file_that_no_page_uses_is_for_editors_only(client, tree, local_storage):
    # given a file uploaded to the library and used nowhere
    document = make_wagtail_document("Báo cáo của cơ sở", filename="bao-cao.pdf")
    member = make_member(tree["vsip"])
    officer_without_media_rights = make_user(is_staff=True)
    officer_without_media_rights.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    # when
    anonymous = client.get(serve_path(document)).status_code
    client.force_login(member.user)
    as_member = client.get(serve_path(document)).status_code
    client.force_login(officer_without_media_rights)
    as_officer = client.get(serve_path(document)).status_code
    client.force_login(editor())
    as_editor = client.get(serve_path(document)).status_code

    # then
    assert [anonymous, as_member, as_officer, as_editor] == [404, 404, 404, 200]


def test_collection_restrictions_still_apply_on_a_visible_page(client, tree, local_storage):
    # given a file in a password-protected collection, used by a published page
    vault = make_collection("Hồ sơ mật")
    restrict(vault, CollectionViewRestriction.PASSWORD, password="mat-khau")
    document = make_wagtail_document("Hồ sơ", filename="ho-so.pdf", collection=vault)
    make_official_document(tree["root"], files=[document])

    # when
    response = client.get(serve_path(document))

    # then Wagtail asks for the password instead of serving the file
    assert response.status_code == 200
    assert response.templates[0].name == "wagtaildocs/password_required.html"
    assert not getattr(response, "streaming", False)


def test_signed_link_handed_out_earlier_stays_valid_when_the_page_is_unpublished(client, tree, local_storage):
    # given a signed link given out while the page was visible
    document = make_wagtail_document("Danh sách", filename="danh-sach.pdf")
    page = make_official_document(tree["root"], files=[document])
    link = file_url(document.file, private=True)

    # when the page is unpublished
    page.unpublish()
    signed = client.get(link)
    served = client.get(serve_path(document))

    # then the signed link works until it expires, the serve view refuses
    assert signed.status_code == 200
    assert served.status_code == 404


# --- /media/ in development ------------------------------------------------------------------


@pytest.fixture
def debug_urls(settings, local_storage):
    """cms.urls as `make run` builds it: DEBUG on, local files, /media/ served by Django."""
    import cms.urls

    restore = {"DEBUG": settings.DEBUG, "AWS_STORAGE_BUCKET_NAME": settings.AWS_STORAGE_BUCKET_NAME}
    settings.DEBUG = True
    settings.AWS_STORAGE_BUCKET_NAME = ""
    importlib.reload(cms.urls)
    clear_url_caches()
    yield
    with override_settings(**restore):
        importlib.reload(cms.urls)
    clear_url_caches()


def test_media_folder_serves_images_but_never_documents(client, tree, debug_urls, local_storage):
    # given a public document, its file under the media folder, and an image
    document = make_wagtail_document("Thông báo", filename="thong-bao.pdf", data=PDF_BYTES)
    make_news(tree["root"], body=[("document", {"document": document, "title": ""})])
    image = make_image(make_png(8, 8), "logo.png")
    assert (local_storage / "documents" / "thong-bao.pdf").read_bytes() == PDF_BYTES

    # when its file is asked for under /media/, spelled in several ways
    attempts = [
        "/media/documents/thong-bao.pdf",
        "/media/original_images/../documents/thong-bao.pdf",
        "/media/./documents/thong-bao.pdf",
        "/media//documents/thong-bao.pdf",
        "/media/Documents/thong-bao.pdf",
        "/media/documents/",
    ]
    refused = {path: client.get(path).status_code for path in attempts}
    picture = client.get(f"/media/{image.file.name}")

    # then none is served, the image is, and the document's own URL still works
    assert refused == dict.fromkeys(attempts, 404)
    assert picture.status_code == 200
    assert client.get(serve_path(document)).status_code == 200


def test_public_document_url_is_the_serve_view_never_the_media_folder(local_storage):
    # given
    document = make_wagtail_document("Thông báo", filename="thong-bao.pdf")

    # when
    url = file_url(document.file, private=False)

    # then
    assert url == f"/documents/{document.pk}/thong-bao.pdf"


# --- S3 --------------------------------------------------------------------------------------------


def test_on_s3_a_visible_pages_file_redirects_to_a_signed_url_and_a_hidden_pages_file_is_refused(
    client, tree, s3_storage
):
    # given one file on a published page, one on a draft
    published = make_wagtail_document("Công khai", filename="cong-khai.pdf")
    draft = make_wagtail_document("Nháp", filename="nhap.pdf")
    make_official_document(tree["root"], files=[published])
    make_official_document(tree["root"], live=False, files=[draft])

    # when
    responses = [client.get(serve_path(published)), client.get(serve_path(draft))]

    # then
    assert [r.status_code for r in responses] == [302, 404]
    assert "X-Amz-Signature=" in responses[0]["Location"]
    assert f"/{published.file.name}?" in responses[0]["Location"]
