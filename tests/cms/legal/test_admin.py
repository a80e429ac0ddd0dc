from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.legal.models import LegalBasis, LegalScenarioPage
from tests.cms.organisations.helpers import client_for, make_superuser
from tests.content_factories import legal_library, make_legal_basis, make_legal_scenario, make_legal_topic


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def basis_form(**fields) -> dict:
    values = {
        "instrument_code": "45/2019/QH14",
        "instrument_name": "Bộ luật Lao động 2019",
        "article": "98",
        "clause": "3",
        "point": "",
        "excerpt": "",
        "valid_from": "2021-01-01",
        "valid_until": "",
    }
    values.update(fields)
    return values


def add_form(tree, topic, **bases) -> dict:
    data = nested_form_data(
        {
            "title": "Tiền lương ngừng việc",
            "slug": "tien-luong-ngung-viec",
            "summary": "",
            "asker": "Công nhân KCN Nam Cấm hỏi",
            "situation": "Nhà máy mất điện.",
            "question": "Có được trả lương không?",
            "answer": rich_text("<p>Có.</p>"),
            "legal_bases": inline_formset([basis_form(**bases)]),
            "reviewed_by": "Luật sư A",
            "reviewed_on": "2026-10-01",
            "action-publish": "action-publish",
            "organisation": tree["root"].pk,
        }
    )
    data["topics"] = [topic.pk]  # many-to-many values are lists, not nested forms
    return data


def test_superuser_adds_a_scenario_with_its_legal_basis(tree):
    # given
    library = legal_library()
    topic = make_legal_topic("Tiền lương", "tien-luong")
    client = client_for(make_superuser())
    url = reverse("wagtailadmin_pages:add", args=("legal", "legalscenariopage", library.pk))

    # when
    response = client.post(url, add_form(tree, topic))

    # then
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = LegalScenarioPage.objects.get(slug="tien-luong-ngung-viec")
    assert page.search_text == "tien luong ngung viec co duoc tra luong khong?"
    assert list(page.topics.values_list("slug", flat=True)) == ["tien-luong"]
    assert [(b.instrument_code, b.article, b.clause, b.valid_from) for b in page.legal_bases.all()] == [
        ("45/2019/QH14", "98", "3", date(2021, 1, 1))
    ]


def test_validity_must_not_end_before_it_starts(tree):
    # given
    library = legal_library()
    topic = make_legal_topic("Tiền lương", "tien-luong")
    client = client_for(make_superuser())
    url = reverse("wagtailadmin_pages:add", args=("legal", "legalscenariopage", library.pk))

    # when
    response = client.post(url, add_form(tree, topic, valid_from="2021-01-01", valid_until="2020-12-31"))

    # then
    assert response.status_code == 200
    assert not LegalScenarioPage.objects.filter(slug="tien-luong-ngung-viec").exists()


def test_basis_validity_today_and_on_a_date():
    basis = LegalBasis(valid_from=date(2013, 5, 1), valid_until=date(2020, 12, 31))

    assert basis.is_current(date(2020, 12, 31)) is True
    assert basis.is_current(date(2021, 1, 1)) is False
    assert basis.is_current(date(2013, 4, 30)) is False
    assert LegalBasis().is_current() is True


def test_listing_filters_scenarios_with_an_outdated_basis(tree):
    # given
    make_legal_scenario(tree["root"], "Đã cập nhật")
    make_legal_scenario(
        tree["root"],
        "Còn dẫn luật cũ",
        bases=[make_legal_basis(instrument_code="10/2012/QH13", valid_until=date(2020, 12, 31))],
    )
    client = client_for(make_superuser())

    # when
    outdated = client.get(reverse("legal_scenarios:index"), {"outdated_basis": "true"})
    all_pages = client.get(reverse("legal_scenarios:index"))

    # then
    assert outdated.status_code == 200
    assert [p.title for p in outdated.context["object_list"]] == ["Còn dẫn luật cũ"]
    assert sorted(p.title for p in all_pages.context["object_list"]) == ["Còn dẫn luật cũ", "Đã cập nhật"]
