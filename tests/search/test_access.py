"""Search's visibility filter agrees with the pages' own access policy, for every kind of viewer.

The filter (search.access) reads what builders copied onto search documents; the policy
(cms.core.visibility) reads the pages. For a mix of pages in every state and audience, both must
let each viewer see exactly the same pages.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.core.visibility import Viewer
from cms.news.models import NewsPage
from search.access import visible_documents
from tests.content_factories import hide, make_news

pytestmark = pytest.mark.django_db


def viewers(tree) -> dict[str, Viewer]:
    out = {"anonymous": Viewer.anonymous()}
    for key in ("root", "kcn", "vsip", "hoa_sen", "gd", "thpt", "mn"):
        organisation = tree[key]
        organisation.refresh_from_db()
        out[key] = Viewer(organisation_paths=tuple(organisation.ancestor_paths()), is_authenticated=True)
    return out


def test_search_and_the_page_policy_agree_for_every_viewer(tree):
    # given: pages for everyone, for subtrees, for two unions, and hidden in every way
    make_news(tree["root"], "Mọi người")
    make_news(tree["kcn"], "Khu công nghiệp", audience=[tree["kcn"]])
    make_news(tree["gd"], "Hai trường", audience=[tree["thpt"], tree["mn"]])
    make_news(tree["vsip"], "Một công đoàn cơ sở", audience=[tree["vsip"]])
    make_news(tree["root"], "Bản nháp", live=False)
    for state in ("scheduled", "expired", "private"):
        hide(make_news(tree["root"], f"Ẩn: {state}"), state)
    later = make_news(tree["root"], "Hết hạn ngày mai")
    later.expire_at = timezone.now() + timedelta(days=1)
    later.save_revision().publish()
    # when / then
    for name, viewer in viewers(tree).items():
        by_policy = set(NewsPage.objects.visible_to(viewer).values_list("pk", flat=True))
        by_search = set(visible_documents(viewer).filter(kind="news").values_list("object_id", flat=True))
        assert by_search == by_policy, name
