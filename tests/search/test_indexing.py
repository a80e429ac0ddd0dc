"""Search documents follow their pages: publish, edit, unpublish, delete, audience, privacy, moves."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from cms.core.visibility import Viewer
from search.models import SearchDocument
from search.query import matching_object_ids
from tests.content_factories import make_news, news_index
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def document_of(page) -> SearchDocument | None:
    return SearchDocument.objects.filter(kind="news", object_id=page.pk).first()


def test_publishing_writes_the_document_and_a_draft_edit_does_not_change_it(tree):
    # given
    page = make_news(tree["root"], "Hội nghị người lao động", summary="Tóm tắt cũ")
    # when: an editor saves a draft of new wording, without publishing
    page.title = "Bản nháp chưa duyệt"
    page.save_revision()
    # then: search still holds what is live
    page.refresh_from_db()
    assert document_of(page).title == "Hội nghị người lao động"
    assert list(matching_object_ids(["news"], "ban nhap")) == []


def test_republishing_changes_what_is_found(tree):
    # given
    page = make_news(tree["root"], "Hợp đồng thử việc")
    # when
    page.title = "Hợp đồng lao động xác định thời hạn"
    page.save_revision().publish()
    # then
    assert list(matching_object_ids(["news"], "xac dinh thoi han")) == [page.pk]
    assert list(matching_object_ids(["news"], "thu viec")) == []


def test_unpublishing_and_deleting_remove_the_document(tree):
    # given
    unpublished = make_news(tree["root"], "Tin sẽ gỡ")
    deleted = make_news(tree["root"], "Tin sẽ xoá")
    # when
    unpublished.unpublish()
    deleted.delete()
    # then
    assert document_of(unpublished) is None
    assert not SearchDocument.objects.filter(kind="news", object_id=deleted.pk).exists()


def test_a_new_audience_takes_effect_when_published(tree):
    # given: a page for everyone
    page = make_news(tree["root"], "Tết Sum vầy")
    assert document_of(page).audience_everyone
    # when: republished for one union only
    page.audience.set([tree["thpt"]])
    page.save_revision().publish()
    # then
    document = document_of(page)
    assert not document.audience_everyone
    assert list(document.audience.values_list("organisation_id", flat=True)) == [tree["thpt"].pk]


def test_making_a_section_private_takes_its_pages_out_and_public_again_puts_them_back(tree):
    # given
    page = make_news(tree["root"], "Tin nội bộ")
    section = news_index()
    # when
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    # then
    assert document_of(page) is None
    # when
    restriction.delete()
    # then
    assert document_of(page) is not None


def test_a_new_section_slug_changes_its_pages_paths(tree, django_capture_on_commit_callbacks):
    # given
    from cms.news.models import NewsIndexPage

    page = make_news(tree["root"], "Tin chuyển mục")
    other = NewsIndexPage.objects.get(pk=news_index().pk)
    old_path = document_of(page).path
    # when: the section's slug changes (its pages' paths follow; Wagtail says so after commit)
    other.slug = "tin-moi"
    with django_capture_on_commit_callbacks(execute=True):
        other.save_revision().publish()
    # then
    assert old_path.startswith("/tin-tuc/")
    assert document_of(page).path == old_path.replace("/tin-tuc/", "/tin-moi/", 1)


def test_a_publisher_moved_in_the_tree_is_followed(tree):
    # given
    from cms.organisations import services

    page = make_news(tree["vsip"], "Tin của công đoàn cơ sở")
    # when: the union moves to another upper union
    services.reparent(tree["vsip"], tree["gd"])
    # then
    tree["vsip"].refresh_from_db()
    assert document_of(page).organisation_path == tree["vsip"].path
    assert document_of(page).organisation_path.startswith(tree["gd"].path)


def test_members_of_a_moved_union_find_what_their_new_tree_receives(tree):
    # given: the search filter reads the viewer's tree as it is now, not as it was indexed
    from cms.organisations import services
    from search.access import visible_documents

    make_news(tree["gd"], "Hội giảng", audience=[tree["gd"]])
    worker = make_member(tree["hoa_sen"])
    # when
    services.reparent(tree["hoa_sen"], tree["gd"])
    viewer = Viewer.for_user(worker.user)
    # then
    assert list(visible_documents(viewer).values_list("title", flat=True)) == ["Hội giảng"]
