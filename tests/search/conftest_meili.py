"""Fixtures for the Meilisearch adapter tests, imported by the test modules that use them
(``from tests.search.conftest_meili import fake_meili_fixture  # noqa: F401``: pytest finds a
fixture by its name, so the imported function's own name does not shadow the argument).

- ``fake_meili``: the FAKE HTTP API of tests/search/meili_fake.py, running, with the settings
  pointing at it (MEILISEARCH_URL, MEILISEARCH_API_KEY) and an index prefix of its own.
- ``real_meilisearch``: a real Meilisearch server, for the backend contract suite; skipped
  unless MEILISEARCH_URL is set in the environment (none can be installed on these machines).
- ``make_document``: a stored search document written directly, with its audience and topics.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime

import pytest

from search.models import SearchAudience, SearchDocument, SearchText, SearchTopic
from search.normalize import index_text
from tests.search.meili_fake import FakeMeilisearch

API_KEY = "khoa-thu-nghiem"  # the fake's API key ("test key")
INDEX = "thu_content"  # the index the fixtures' prefix gives (MEILISEARCH_INDEX_PREFIX="thu")

NO_SERVER = (
    "No Meilisearch server: none can be installed on these machines (no package in Debian's, "
    "PyPI's or npm's registries, no Docker); set MEILISEARCH_URL to run the contract suite "
    "against a real server."
)


@pytest.fixture(name="fake_meili")
def fake_meili_fixture(settings):
    with FakeMeilisearch(api_key=API_KEY) as fake:
        settings.MEILISEARCH_URL = fake.url
        settings.MEILISEARCH_API_KEY = API_KEY
        settings.MEILISEARCH_INDEX_PREFIX = "thu"
        yield fake


class RealMeilisearch:
    """A real server and an index of the test's own (deleted afterwards)."""

    def __init__(self, url: str, api_key: str, prefix: str) -> None:
        self.url = url
        self.api_key = api_key
        self.prefix = prefix

    @property
    def backend(self):
        from search.backends.meilisearch import MeilisearchBackend

        return MeilisearchBackend()

    def push(self) -> None:
        """Send every stored listed document to the index and wait until it holds them."""
        from search.sync import sync

        SearchDocument.objects.filter(listed=True).update(needs_sync=True, next_sync_at=None)
        report = sync()
        assert report.ok, report.errors


@pytest.fixture(name="real_meilisearch")
def real_meilisearch_fixture(settings):
    """A real Meilisearch (MEILISEARCH_URL, MEILISEARCH_API_KEY from the environment), its index
    configured by search_configure's code; ``push()`` sends the stored documents to it."""
    url = os.environ.get("MEILISEARCH_URL", "")
    if not url:
        pytest.skip(NO_SERVER)
    from search.backends.meilisearch import client, configure, index_name, wait_for_task

    settings.MEILISEARCH_URL = url
    settings.MEILISEARCH_API_KEY = os.environ.get("MEILISEARCH_API_KEY", "")
    settings.MEILISEARCH_INDEX_PREFIX = f"test_{uuid.uuid4().hex[:12]}"
    configure()
    yield RealMeilisearch(url, settings.MEILISEARCH_API_KEY, settings.MEILISEARCH_INDEX_PREFIX)
    meili = client()
    wait_for_task(meili, meili.delete_index(index_name()).task_uid)


def make_document(
    kind: str,
    object_id: int,
    title: str,
    *,
    summary: str = "",
    body: str = "",
    audience: tuple[int, ...] = (),
    topics: tuple[tuple[str, str], ...] = (),
    date: datetime | None = None,
    **fields,
) -> SearchDocument:
    document = SearchDocument.objects.create(
        kind=kind,
        object_id=object_id,
        title=title,
        summary=summary,
        title_folded=index_text(title),
        exact_text=f"{title} {summary}".lower(),
        audience_everyone=not audience,
        date=date,
        **fields,
    )
    SearchText.objects.create(
        document=document,
        title_folded=index_text(title),
        text_folded=index_text(title, summary, body),
        body=body,
    )
    SearchAudience.objects.bulk_create(
        SearchAudience(document=document, organisation_id=org) for org in audience
    )
    SearchTopic.objects.bulk_create(
        SearchTopic(document=document, code=code, label=label, date=date) for code, label in topics
    )
    return document
