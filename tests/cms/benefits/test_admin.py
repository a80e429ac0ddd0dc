from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.benefits.models import BenefitKind, BenefitPage
from tests.cms.organisations.helpers import client_for, make_superuser
from tests.content_factories import benefit_index


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def form(tree, **fields) -> dict:
    values = {
        "title": "Ưu đãi siêu thị",
        "slug": "uu-dai-sieu-thi",
        "summary": "",
        "kind": BenefitKind.PARTNER_DISCOUNT,
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        "eligibility": rich_text("<p>Đoàn viên</p>"),
        "how_to_claim": rich_text("<p>Xuất trình thẻ</p>"),
        "partner_name": "Siêu thị Vinh",
        "discount_text": "Giảm 5%",
        "contact": "",
        "body": streamfield([]),
        "organisation": tree["root"].pk,
        "action-publish": "action-publish",
    }
    values.update(fields)
    return nested_form_data(values)


def test_superuser_adds_a_benefit(tree):
    # given
    index = benefit_index()
    client = client_for(make_superuser())

    # when
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("benefits", "benefitpage", index.pk)), form(tree)
    )

    # then
    assert response.status_code == 302
    page = BenefitPage.objects.get(slug="uu-dai-sieu-thi")
    assert (page.kind, page.valid_from, page.valid_until, page.live) == (
        BenefitKind.PARTNER_DISCOUNT,
        date(2026, 1, 1),
        date(2026, 12, 31),
        True,
    )


def test_validity_must_not_end_before_it_starts(tree):
    index = benefit_index()
    client = client_for(make_superuser())

    response = client.post(
        reverse("wagtailadmin_pages:add", args=("benefits", "benefitpage", index.pk)),
        form(tree, valid_from="2026-12-31", valid_until="2026-01-01"),
    )

    assert response.status_code == 200
    assert not BenefitPage.objects.filter(slug="uu-dai-sieu-thi").exists()


def test_is_current_on_a_date():
    page = BenefitPage(valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31))

    assert page.is_current(date(2026, 12, 31)) is True
    assert page.is_current(date(2027, 1, 1)) is False
    assert page.is_current(date(2025, 12, 31)) is False
