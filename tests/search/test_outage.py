"""Meilisearch down: publishing still works, search answers from the database, and the index
catches up once Meilisearch is back (against the FAKE HTTP API of tests/search/meili_fake.py,
stopped so that connections are refused, then started again on the same port)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.core.visibility import Viewer
from search.models import SearchDocument
from search.parsing import parse
from search.query import search
from search.results import SearchRequest
from search.sync import sync
from tests.content_factories import make_news
from tests.search.conftest_meili import API_KEY, INDEX
from tests.search.meili_fake import FakeMeilisearch


@pytest.fixture
def stopped_meili(settings):
    fake = FakeMeilisearch(api_key=API_KEY).start()
    fake.stop()
    settings.MEILISEARCH_URL = fake.url
    settings.MEILISEARCH_API_KEY = API_KEY
    settings.MEILISEARCH_INDEX_PREFIX = "thu"
    yield fake
    fake.stop()


@pytest.mark.django_db
def test_a_page_published_while_meilisearch_is_down_is_found_and_delivered_when_it_is_back(
    stopped_meili, tree, django_capture_on_commit_callbacks
):
    # given: Meilisearch refuses connections
    request = SearchRequest(viewer=Viewer.anonymous(), query=parse("nguoi lao dong"))

    # when: a page is published (and the sync queued after commit runs, and fails)
    with django_capture_on_commit_callbacks(execute=True):
        page = make_news(tree["root"], "Hội nghị người lao động năm 2026", summary="Công ty tổ chức hội nghị")

    # then: it is waiting for Meilisearch, and search finds it in the database
    document = SearchDocument.objects.get(kind="news", object_id=page.pk)
    assert (document.needs_sync, document.sync_failures) == (True, 1)
    assert document.sync_error.startswith("MeilisearchCommunicationError")
    found = search(request)
    assert found.backend == "database"
    assert [hit.document.key for hit in found.hits] == [f"news-{page.pk}"]

    # when: Meilisearch is back, and the retry is due
    stopped_meili.start()
    report = sync(now=timezone.now() + timedelta(minutes=1), sleep=lambda seconds: None)

    # then: the page is delivered, nothing waits, and Meilisearch answers again
    assert report.upserted == 1
    assert list(stopped_meili.documents(INDEX)) == [f"news-{page.pk}"]
    assert stopped_meili.documents(INDEX)[f"news-{page.pk}"]["title"] == "Hội nghị người lao động năm 2026"
    document.refresh_from_db()
    assert (document.needs_sync, document.sync_failures, document.sync_error) == (False, 0, "")
    found = search(request)
    assert found.backend == "meilisearch"
    assert [hit.document.key for hit in found.hits] == [f"news-{page.pk}"]
