from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.congress.models import CongressPage
from tests.cms.organisations.helpers import client_for, make_superuser
from tests.content_factories import congress_index, make_congress_file, make_news


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_superuser_adds_a_congress_with_documents_and_news(tree):
    # given
    index = congress_index()
    news = make_news(tree["root"], "Khai mạc Đại hội")
    report = make_congress_file("Báo cáo chính trị")
    client = client_for(make_superuser())
    data = nested_form_data(
        {
            "title": "Đại hội Công đoàn tỉnh Nghệ An lần thứ XIX",
            "slug": "dai-hoi-xix",
            "summary": "",
            "number": "XIX",
            "term": "2023–2028",
            "start_date": "2023-09-27",
            "end_date": "2023-09-28",
            "venue": "Trung tâm Hội nghị tỉnh",
            "delegates_count": "300",
            "body": streamfield([]),
            "documents": inline_formset(
                [{"title": "Báo cáo chính trị trình Đại hội", "document": report.pk}]
            ),
            "organisation": tree["root"].pk,
            "action-publish": "action-publish",
        }
    )
    data["related_news"] = [news.pk]

    # when
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("congress", "congresspage", index.pk)), data
    )

    # then
    assert response.status_code == 302
    page = CongressPage.objects.get(slug="dai-hoi-xix")
    assert (page.number, page.start_date, page.delegates_count) == ("XIX", date(2023, 9, 27), 300)
    assert [(d.title, d.document_id) for d in page.documents.all()] == [
        ("Báo cáo chính trị trình Đại hội", report.pk)
    ]
    assert list(page.related_news.values_list("pk", flat=True)) == [news.pk]
