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


@pytest.fixture
def editors(tree):
    kcn = make_officer(tree["kcn"], role="editor", username="bientap.kcn")
    gd = make_officer(tree["gd"], role="editor", username="bientap.gd")
    for officer in (kcn, gd):
        grant_admin_access(officer.user)
        grant_editor_permissions(officer.user)
    return {"kcn": kcn.user, "gd": gd.user}


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


def test_preview_in_app_gives_the_editor_a_signed_link_only_for_their_pages(client, tree, editors, gql):
    # given a draft of the KCN subtree
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
