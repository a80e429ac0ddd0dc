"""Fixtures of the home screen's tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cms.home.models import HomeQuickLink
from tests.content_factories import (
    make_announcement,
    make_contest,
    make_home,
    make_menu,
    make_news,
    make_official_document,
    news_index,
)


@pytest.fixture
def screen(tree):
    """A home page with a quick link and a menu, and something in every list."""
    home = make_home()
    index = news_index()
    HomeQuickLink.objects.create(home=home, sort_order=0, label="Tin tức", icon="news", page=index)
    make_menu("main", [{"label": "Tin tức", "page": index}, {"label": "Phản ánh", "screen": "feedback"}])
    now = timezone.now()
    pages = {
        "old": make_news(tree["root"], "Tin cũ", day=date(2026, 11, 1), is_featured=True),
        "new": make_news(tree["root"], "Tin mới", day=date(2026, 11, 20)),
        "pinned": make_announcement(tree["root"], "Thông báo ghim", is_pinned=True),
        "document": make_official_document(tree["root"], "Văn bản", issued_on=date(2026, 11, 5)),
        "contest": make_contest(
            tree["root"], "Cuộc thi đang mở", rounds=[(now - timedelta(days=1), now + timedelta(days=6))]
        ),
    }
    return pages
