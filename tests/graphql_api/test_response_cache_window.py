"""The response cache's visibility window and key (graphql_api.core.caching): a kept answer never
outlives the next moment the clock changes what a reader is answered (a page going live or
expiring, a contest round opening or closing), and is given in its reader's language only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from graphql_api.core.caching import MAX_AGE, content_version, visible_until
from tests.content_factories import make_announcement, make_contest


@pytest.fixture(autouse=True)
def _response_cache(settings):
    settings.GRAPHQL_RESPONSE_CACHE = True


def test_the_window_closes_at_the_next_round_opening_or_closing(tree):
    now = timezone.now()
    make_contest(tree["root"], "Hai vòng", rounds=[(now - timedelta(days=1), now + timedelta(seconds=90))])
    make_contest(tree["root"], "Sắp mở", rounds=[(now + timedelta(seconds=40), now + timedelta(days=1))])

    # the next moment: the second contest's opening, then the first's closing
    assert visible_until(content_version(), now) == now + timedelta(seconds=40)
    later = now + timedelta(seconds=41)
    assert visible_until(content_version(), later) == now + timedelta(seconds=90)
    quiet = now + timedelta(seconds=91)
    assert visible_until(content_version(), quiet) == quiet + timedelta(seconds=MAX_AGE)


def test_a_kept_list_is_given_in_its_readers_language_only(gql, tree):
    make_announcement(tree["root"], "Thông báo")
    query = "{ announcements(first: 5) { edges { node { title priorityLabel } } } }"

    vietnamese = gql.execute(query, HTTP_ACCEPT_LANGUAGE="vi")
    english = gql.execute(query, HTTP_ACCEPT_LANGUAGE="en")

    def labels(result):
        return [edge["node"]["priorityLabel"] for edge in result["data"]["announcements"]["edges"]]

    assert labels(vietnamese) == ["Bình thường"]
    assert labels(english) == ["Normal"]
