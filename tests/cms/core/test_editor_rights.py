"""Editors publish only for their own organisations: two editors in different subtrees."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from cms.core.editor_rights import grant_editor_permissions
from cms.core.forms import ContentPageForm
from cms.news.models import NewsPage
from cms.organisations.services import grant_admin_access
from tests.content_factories import make_news, news_index
from tests.factories import PASSWORD, make_officer

REFUSED = (302, "/admin/")  # Wagtail answers PermissionDenied with a redirect to the dashboard


def _edit_status(client, user, page):
    client.login(username=user.username, password=PASSWORD)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    return (
        response.status_code if response.status_code == 200 else (response.status_code, response["Location"])
    )


def test_editor_opens_pages_of_their_subtree_and_not_of_another(client, tree, editors):
    # given news published by a grassroots union under KCN and by the education union
    own = make_news(tree["vsip"], "Tin Luxshare")
    other = make_news(tree["gd"], "Tin Giáo dục")

    # then each editor edits only their subtree's news
    assert _edit_status(client, editors["kcn"], own) == 200
    assert _edit_status(client, editors["kcn"], other) == REFUSED
    assert _edit_status(client, editors["gd"], other) == 200
    assert _edit_status(client, editors["gd"], own) == REFUSED


def test_section_pages_belong_to_the_federation(client, tree, editors):
    section = news_index()

    assert _edit_status(client, editors["kcn"], section) == REFUSED


def test_form_offers_only_the_editors_organisations_and_refuses_others(tree, editors):
    # given the page form as the KCN editor sees it
    form_class = NewsPage.get_edit_handler().get_form_class()
    form = form_class(instance=NewsPage(), for_user=editors["kcn"], parent_page=news_index())

    # then the publishing organisation choices are the KCN subtree
    offered = {o.code for o in form.fields["organisation"].queryset}
    assert offered == {"cd-kcn", "cdcs-luxshare", "cdcs-hoa-sen"}
    assert issubclass(form_class, ContentPageForm)


def test_non_federation_editor_cannot_publish_to_everyone_or_outside(tree, editors):
    form_class = NewsPage.get_edit_handler().get_form_class()
    base = {
        "title": "Tin",
        "slug": "tin-moi",
        "date": "2026-11-20",
        "summary": "",
        "author": "",
        "body-count": 0,
    }

    for_everyone = form_class(
        data={**base, "organisation": tree["kcn"].pk},
        instance=NewsPage(),
        for_user=editors["kcn"],
        parent_page=news_index(),
    )
    outside = form_class(
        data={**base, "organisation": tree["gd"].pk, "audience": [tree["gd"].pk]},
        instance=NewsPage(),
        for_user=editors["kcn"],
        parent_page=news_index(),
    )

    assert not for_everyone.is_valid()
    assert "audience" in for_everyone.errors
    assert not outside.is_valid()
    assert "organisation" in outside.errors and "audience" in outside.errors


def test_preview_in_app_gives_the_editor_a_signed_link_only_for_their_pages(
    client, tree, editors, gql, settings
):
    # given a frontend with a preview screen, and a draft of the KCN subtree
    settings.FRONTEND_PREVIEW_URL = "http://127.0.0.1:3000/preview"
    draft = make_news(tree["vsip"], "Bản nháp KCN", live=False)
    client.login(username="bientap.kcn", password=PASSWORD)

    # when the KCN editor asks for the app preview
    response = client.get(f"/admin/app-preview/{draft.pk}/")

    # then they are sent to the frontend with a token that shows the draft
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == "http://127.0.0.1:3000/preview"
    token = parse_qs(location.query)["token"][0]
    shown = gql.execute("query($t: String!) { preview(token: $t) { title } }", {"t": token})
    assert shown["data"]["preview"] == {"title": "Bản nháp KCN"}

    # and the education editor gets no link for it
    client.login(username="bientap.gd", password=PASSWORD)
    refused = client.get(f"/admin/app-preview/{draft.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def _copy(client, user, page, **extra):
    client.login(username=user.username, password=PASSWORD)
    data = {
        "new_title": f"{page.title} (bản sao)",
        "new_slug": f"{page.slug}-ban-sao",
        "new_parent_page": page.get_parent().pk,
        "publish_copies": "on",
        **extra,
    }
    return client.post(f"/admin/pages/{page.pk}/copy/", data)


def test_editor_cannot_copy_another_organisations_page(client, tree, editors):
    # given news of the education union
    other = make_news(tree["gd"], "Tin Giáo dục")

    # when the KCN editor tries to copy it (the copy would publish as the education union)
    response = _copy(client, editors["kcn"], other)

    # then nothing is copied
    assert (response.status_code, response["Location"]) == REFUSED
    assert NewsPage.objects.filter(title__startswith="Tin Giáo dục").count() == 1


def test_editor_copies_their_own_page(client, tree, editors):
    own = make_news(tree["vsip"], "Tin Luxshare")

    response = _copy(client, editors["kcn"], own)

    assert response.status_code == 302
    copy = NewsPage.objects.get(slug=f"{own.slug}-ban-sao")
    assert copy.organisation_id == tree["vsip"].pk


def test_official_documents_are_not_copied_but_the_editor_is_told_why(client, tree, editors):
    # given an official document of the KCN union (its number is unique for its issuer)
    from cms.documents.models import OfficialDocumentPage
    from tests.content_factories import make_official_document

    document = make_official_document(tree["kcn"], "Kế hoạch Tháng Công nhân", number_symbol="12/KH-CĐKCN")

    # when its own editor copies it
    response = _copy(client, editors["kcn"], document)
    page = client.get(response["Location"])

    # then no copy and no server error: a message says to create a new document
    assert response.status_code == 302
    assert OfficialDocumentPage.objects.count() == 1
    assert "Không thể sao chép văn bản" in page.content.decode()  # the admin speaks Vietnamese


def test_bulk_actions_act_only_on_the_editors_own_pages(client, tree, editors):
    # given news of the KCN subtree and of the education union, both live
    own = make_news(tree["vsip"], "Tin Luxshare")
    other = make_news(tree["gd"], "Tin Giáo dục")
    client.login(username=editors["kcn"].username, password=PASSWORD)
    url = f"/admin/bulk/wagtailcore/page/unpublish/?id={own.pk}&id={other.pk}"

    # when the KCN editor selects both in the page listing and asks to unpublish them
    confirmation = client.get(url)
    response = client.post(url, {"include_descendants": ""})

    # then the confirmation says which page they may not touch, and only their own goes offline
    assert confirmation.status_code == 200
    [refused] = confirmation.context["items_with_no_access"]
    assert refused["item"].pk == other.pk
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert not own.live and other.live


def test_bulk_actions_on_own_pages_work(client, tree, editors):
    own = make_news(tree["vsip"], "Tin Luxshare")
    client.login(username=editors["kcn"].username, password=PASSWORD)

    response = client.post(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={own.pk}", {"include_descendants": ""}
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert not own.live


def _open_status(client, user, url):
    client.login(username=user.username, password=PASSWORD)
    response = client.get(url)
    return (
        response.status_code if response.status_code == 200 else (response.status_code, response["Location"])
    )


def test_editors_edit_their_own_uploads_and_federation_editors_the_whole_library(client, tree, editors):
    # given a document and an image the federation uploaded, and a document the KCN editor uploaded
    from django.urls import reverse

    from tests.cms.core.media import PDF_BYTES, make_document, make_image, make_png

    federation = make_officer(tree["root"], role="editor", username="bientap.ldld")
    grant_admin_access(federation.user)
    grant_editor_permissions(federation.user)
    official = make_document(PDF_BYTES, "ke-hoach-75.pdf")
    official.uploaded_by_user = federation.user
    official.save()
    logo = make_image(make_png(32, 32), "bieu-trung.png")
    own = make_document(PDF_BYTES, "thong-bao-kcn.pdf")
    own.uploaded_by_user = editors["kcn"]
    own.save()

    def edit_document(user, document):
        return _open_status(client, user, reverse("wagtaildocs:edit", args=[document.pk]))

    # then the KCN editor edits their own upload only: not the federation's file or image
    assert edit_document(editors["kcn"], own) == 200
    assert edit_document(editors["kcn"], official) != 200
    assert _open_status(client, editors["kcn"], reverse("wagtailimages:edit", args=[logo.pk])) != 200
    # and federation editors look after the whole library
    assert edit_document(federation.user, official) == 200
    assert edit_document(federation.user, own) == 200
    assert _open_status(client, federation.user, reverse("wagtailimages:edit", args=[logo.pk])) == 200


def test_a_grassroots_editor_cannot_replace_the_federations_file(client, tree, editors):
    # given the federation's document
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.cms.core.media import PDF_BYTES, make_document

    official = make_document(PDF_BYTES, "ke-hoach-75.pdf")
    client.login(username=editors["kcn"].username, password=PASSWORD)

    # when the KCN editor posts a replacement file
    client.post(
        reverse("wagtaildocs:edit", args=[official.pk]),
        {
            "title": "Đã thay",
            "file": SimpleUploadedFile("gia-mao.pdf", b"%PDF-1.4 gia mao"),
            "collection": official.collection_id,
        },
    )

    # then the document is unchanged
    official.refresh_from_db()
    assert official.title != "Đã thay"
    assert official.file.read() == PDF_BYTES


def test_migrate_brings_groups_of_an_earlier_version_to_todays_permissions(tree, editors):
    # given a database set up when editors could change any image or document
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command
    from wagtail.models import Collection, GroupCollectionPermission

    from cms.core.editor_rights import EDITORS_GROUP_NAME, FEDERATION_MEDIA_GROUP_NAME

    group = Group.objects.get(name=EDITORS_GROUP_NAME)
    GroupCollectionPermission.objects.create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="change_document"),
    )
    federation = make_officer(tree["root"], role="editor", username="bientap.ldld")
    federation.user.groups.add(group)  # as the earlier version granted it

    # when the deploy runs migrate
    call_command("migrate", verbosity=0)

    # then grassroots editors lose 'change'; the federation editor gets the library group
    codenames = set(
        GroupCollectionPermission.objects.filter(group=group).values_list("permission__codename", flat=True)
    )
    assert "change_document" not in codenames and "add_document" in codenames
    assert federation.user.groups.filter(name=FEDERATION_MEDIA_GROUP_NAME).exists()
    assert not editors["kcn"].groups.filter(name=FEDERATION_MEDIA_GROUP_NAME).exists()


def test_editor_cannot_convert_an_alias_of_another_organisations_page(client, tree, editors):
    # given an alias of the education union's news item
    other = make_news(tree["gd"], "Tin Giáo dục")
    alias = other.create_alias(update_slug=f"{other.slug}-ban-dong-bo")
    client.login(username=editors["kcn"].username, password=PASSWORD)

    # when the KCN editor converts it into an ordinary page (which they could then edit)
    response = client.post(f"/admin/pages/{alias.pk}/convert_alias/")

    # then it stays an alias
    assert (response.status_code, response["Location"]) == REFUSED
    alias.refresh_from_db()
    assert alias.alias_of_id == other.pk


@pytest.mark.parametrize("action", ["delete", "unpublish", "move"])
def test_editor_cannot_delete_unpublish_or_move_another_organisations_page(client, tree, editors, action):
    # given the education union's live news item
    other = make_news(tree["gd"], "Tin Giáo dục")
    client.login(username=editors["kcn"].username, password=PASSWORD)
    url = {
        "delete": f"/admin/pages/{other.pk}/delete/",
        "unpublish": f"/admin/pages/{other.pk}/unpublish/",
        "move": f"/admin/pages/{other.pk}/move/{other.get_parent().pk}/confirm/",
    }[action]

    # when the KCN editor confirms the action
    response = client.post(url)

    # then it is refused and the page is still there, live, where it was
    assert (response.status_code, response["Location"]) == REFUSED
    other.refresh_from_db()
    assert other.live and other.get_parent().pk == news_index().pk
