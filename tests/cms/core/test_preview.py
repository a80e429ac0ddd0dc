"""Preview tokens name their editor and hold only while that editor may edit the page."""

from __future__ import annotations

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from cms.core.preview import SALT, load_preview, make_preview_token
from cms.organisations.services import assign_officer_role, end_officer_role
from tests.content_factories import make_news
from tests.factories import make_user

PREVIEW = "query($t: String!) { preview(token: $t) { title ... on NewsPage { summary } } }"


@pytest.fixture
def editor(tree):
    """An editor of the KCN subtree, made as the admin makes one (Wagtail permissions included)."""
    user = make_user("bientap.kcn")
    officer = assign_officer_role(user, tree["kcn"], "editor")
    user.refresh_from_db()
    return officer


@pytest.fixture
def draft(tree):
    """A never-published news page of a grassroots union in the KCN subtree."""
    return make_news(tree["vsip"], "Bản nháp KCN", live=False, summary="Tóm tắt nháp")


def preview(gql, token: str):
    return gql.execute(PREVIEW, {"t": token})["data"]["preview"]


def test_an_editors_token_previews_the_draft(gql, editor, draft):
    # when
    token = make_preview_token(draft, editor.user)

    # then
    assert preview(gql, token) == {"title": "Bản nháp KCN", "summary": "Tóm tắt nháp"}


def test_the_token_names_the_editor(editor, draft):
    # when
    data = signing.loads(make_preview_token(draft, editor.user), salt=SALT)

    # then
    assert data == {"page": draft.pk, "revision": draft.latest_revision.pk, "user": editor.user.pk}


def test_no_token_is_made_for_someone_who_may_not_edit_the_page(tree, draft):
    # given an editor of another subtree, and a member with no role at all
    other = make_user("bientap.gd")
    assign_officer_role(other, tree["gd"], "editor")
    nobody = make_user("doanvien")

    # then
    for user in (other, nobody):
        with pytest.raises(PermissionDenied):
            make_preview_token(draft, user)


def test_a_token_stops_working_when_its_editor_is_deactivated(gql, editor, draft):
    # given
    token = make_preview_token(draft, editor.user)

    # when
    editor.user.is_active = False
    editor.user.save()

    # then
    assert preview(gql, token) is None


def test_a_token_stops_working_when_its_editor_is_deleted(gql, editor, draft):
    # given
    token = make_preview_token(draft, editor.user)

    # when
    editor.user.delete()

    # then
    assert preview(gql, token) is None


def test_a_token_stops_working_when_its_editor_loses_the_role(gql, editor, draft):
    # given
    token = make_preview_token(draft, editor.user)

    # when
    end_officer_role(editor)

    # then
    assert preview(gql, token) is None


def test_a_token_stops_working_when_the_role_lapses_even_if_wagtail_permissions_linger(gql, editor, draft):
    # given a token, then the role ends without the groups being synchronised (a bulk update)
    token = make_preview_token(draft, editor.user)
    type(editor).objects.filter(pk=editor.pk).update(ended_on=editor.started_on)

    # then the organisation rule alone refuses it
    assert preview(gql, token) is None


def test_a_token_stops_working_when_the_page_moves_to_another_organisation(gql, tree, editor, draft):
    # given
    token = make_preview_token(draft, editor.user)

    # when the page now belongs to the education union
    draft.organisation = tree["gd"]
    draft.save()

    # then the KCN editor's token shows nothing
    assert preview(gql, token) is None


def test_a_federation_editor_previews_pages_of_every_organisation(gql, tree, draft):
    # given
    user = make_user("bientap.ldld")
    assign_officer_role(user, tree["root"], "editor")

    # then
    assert preview(gql, make_preview_token(draft, user)) == {
        "title": "Bản nháp KCN",
        "summary": "Tóm tắt nháp",
    }


def test_a_token_signed_with_another_key_is_refused(gql, editor, draft):
    # given a token made with the public development key, as an attacker would
    with override_settings(SECRET_KEY="insecure-dev-only-key-do-not-use-in-production-but-other"):
        forged = make_preview_token(draft, editor.user)

    # then
    assert preview(gql, forged) is None


def test_an_altered_token_is_refused(gql, editor, draft):
    # given
    token = make_preview_token(draft, editor.user)

    # then
    assert preview(gql, token[:-2] + ("xx" if not token.endswith("xx") else "yy")) is None


def test_a_signed_token_without_an_editor_is_refused(editor, draft):
    # given a token of the old shape (page and revision only), signed with the right key
    old = signing.dumps({"page": draft.pk, "revision": draft.latest_revision.pk}, salt=SALT, compress=True)

    # then
    assert load_preview(old) is None


def test_a_token_for_a_revision_of_another_page_is_refused(tree, editor, draft):
    # given a token whose revision belongs to another page the editor may edit
    other = make_news(tree["vsip"], "Bản nháp khác", live=False)
    data = {"page": draft.pk, "revision": other.latest_revision.pk, "user": editor.user.pk}

    # then
    assert load_preview(signing.dumps(data, salt=SALT, compress=True)) is None


def test_an_expired_token_is_refused(editor, draft, settings):
    # given
    token = make_preview_token(draft, editor.user)

    # when
    settings.PREVIEW_TOKEN_TTL = -1

    # then
    assert load_preview(token) is None
