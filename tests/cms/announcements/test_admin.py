from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.announcements.models import AnnouncementIndexPage, AnnouncementPage, AnnouncementPriority
from tests.content_factories import announcement_index


def test_publishing_in_the_admin_creates_a_pinned_urgent_announcement(client, tree, admin_user):
    # given
    client.force_login(admin_user)
    expire_at = (timezone.localtime() + timedelta(days=7)).replace(second=0, microsecond=0)
    data = nested_form_data(
        {
            "title": "Thông báo nghỉ Tết Nguyên đán Bính Ngọ 2026",
            "slug": "nghi-tet-binh-ngo-2026",
            "summary": "Lịch nghỉ Tết của cơ quan Liên đoàn Lao động tỉnh",
            "organisation": tree["root"].pk,
            "priority": AnnouncementPriority.URGENT,
            "is_pinned": "on",
            "expire_at": expire_at.strftime("%Y-%m-%d %H:%M"),
            "body": streamfield([("paragraph", rich_text("<p>Cơ quan nghỉ từ ngày 14/02/2026.</p>"))]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    url = reverse(
        "wagtailadmin_pages:add", args=("announcements", "announcementpage", announcement_index().pk)
    )

    # when
    response = client.post(url, data)

    # then
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = AnnouncementPage.objects.get(slug="nghi-tet-binh-ngo-2026")
    assert (page.live, page.is_pinned, page.priority, page.expire_at) == (True, True, "urgent", expire_at)
    assert page.body[0].block_type == "paragraph"


def test_announcements_live_only_in_their_one_section(tree):
    index = announcement_index()
    home = index.get_parent()

    assert AnnouncementPage.can_exist_under(index) is True
    assert AnnouncementPage.can_exist_under(home) is False
    assert AnnouncementIndexPage.can_create_at(home) is False  # max_count 1, it exists
