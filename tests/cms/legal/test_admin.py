from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.legal.models import LegalBasis, LegalScenarioPage
from search.query import matching_object_ids
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
    # the published scenario is found by search, accents or not
    assert list(matching_object_ids(["legal"], "tien luong ngung viec")) == [page.pk]
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


def replaced_2012_code(**fields):
    """A basis citing the Labour Code 2012, in force until 31/12/2020."""
    values = {
        "instrument_code": "10/2012/QH13",
        "instrument_name": "Bộ luật Lao động 2012",
        "article": "124",
        "valid_from": date(2013, 5, 1),
        "valid_until": date(2020, 12, 31),
    }
    return make_legal_basis(**{**values, **fields})


def test_listing_filters_scenarios_with_an_outdated_basis(tree):
    # given
    make_legal_scenario(tree["root"], "Đã cập nhật")
    make_legal_scenario(tree["root"], "Còn dẫn luật cũ", bases=[replaced_2012_code()])
    client = client_for(make_superuser())

    # when
    outdated = client.get(reverse("legal_scenarios:index"), {"outdated_basis": "true"})
    all_pages = client.get(reverse("legal_scenarios:index"))

    # then
    assert outdated.status_code == 200
    assert [p.title for p in outdated.context["object_list"]] == ["Còn dẫn luật cũ"]
    assert sorted(p.title for p in all_pages.context["object_list"]) == ["Còn dẫn luật cũ", "Đã cập nhật"]


def listed_titles(response) -> list[str]:
    return [page.title for page in response.context["object_list"]]


def test_listing_shows_the_oldest_legal_review_first(tree):
    # given answers reviewed on different days, and one never reviewed
    make_legal_scenario(tree["root"], "Rà soát tháng 10", reviewed_on=date(2026, 10, 1))
    make_legal_scenario(tree["root"], "Chưa từng rà soát")
    make_legal_scenario(tree["root"], "Rà soát năm 2025", reviewed_on=date(2025, 8, 1))
    client = client_for(make_superuser())

    # when the editor opens the listing, then asks for the most recent reviews first
    oldest_first = client.get(reverse("legal_scenarios:index"))
    newest_first = client.get(reverse("legal_scenarios:index"), {"ordering": "-reviewed_on"})

    # then
    assert listed_titles(oldest_first) == ["Chưa từng rà soát", "Rà soát năm 2025", "Rà soát tháng 10"]
    assert listed_titles(newest_first) == ["Rà soát tháng 10", "Rà soát năm 2025", "Chưa từng rà soát"]
    assert "Last legal review" in oldest_first.content.decode()


def test_listing_flags_answers_under_review(tree):
    # given a current answer, one an editor marked, one still citing the Labour Code 2012
    make_legal_scenario(tree["root"], "Đã cập nhật", reviewed_on=date(2026, 11, 1))
    make_legal_scenario(tree["root"], "Đang kiểm tra", under_review=True, reviewed_on=date(2026, 11, 2))
    make_legal_scenario(
        tree["root"], "Còn dẫn luật cũ", bases=[replaced_2012_code()], reviewed_on=date(2026, 11, 3)
    )
    client = client_for(make_superuser())

    # when
    listing = client.get(reverse("legal_scenarios:index"))
    under_review = client.get(reverse("legal_scenarios:index"), {"under_review": "true"})
    not_under_review = client.get(reverse("legal_scenarios:index"), {"under_review": "false"})

    # then each row says where its review stands
    html = listing.content.decode()
    assert html.count("Marked under review by an editor") == 1
    assert html.count("Cites a legal basis not in force") == 1
    assert html.count("Reviewed, every legal basis in force") == 1
    assert sorted(listed_titles(under_review)) == ["Còn dẫn luật cũ", "Đang kiểm tra"]
    assert listed_titles(not_under_review) == ["Đã cập nhật"]


def test_listing_reads_the_review_state_of_a_page_of_answers_in_constant_queries(tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(make_superuser())
    counts = []
    for n in (2, 8):
        while LegalScenarioPage.objects.count() < n:
            make_legal_scenario(tree["root"], bases=[replaced_2012_code()])
        client.get(reverse("legal_scenarios:index"))  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("legal_scenarios:index"))
        counts.append(len(ctx.captured_queries))

    assert counts[0] == counts[1]


def test_editor_notes_are_refused_in_the_answer_members_read(tree):
    # given
    library = legal_library()
    topic = make_legal_topic("Tiền lương", "tien-luong")
    client = client_for(make_superuser())
    url = reverse("wagtailadmin_pages:add", args=("legal", "legalscenariopage", library.pk))
    data = add_form(tree, topic)
    data["answer"] = rich_text("<p>Có.</p><p><i>Ghi chú biên tập: còn dẫn luật cũ, cần rà soát.</i></p>")

    # when
    response = client.post(url, data)

    # then the form shows the error on the answer and nothing is saved
    assert response.status_code == 200
    assert "answer" in response.context["form"].errors
    assert "note for editors" in str(response.context["form"].errors["answer"])
    assert not LegalScenarioPage.objects.filter(slug="tien-luong-ngung-viec").exists()


def test_the_note_for_editors_is_kept_out_of_the_answer(tree):
    # given
    library = legal_library()
    topic = make_legal_topic("Tiền lương", "tien-luong")
    client = client_for(make_superuser())
    url = reverse("wagtailadmin_pages:add", args=("legal", "legalscenariopage", library.pk))
    data = add_form(tree, topic)
    data["review_note"] = "Ghi chú biên tập: đối chiếu lại Nghị định mới."
    data["under_review"] = "on"

    # when
    response = client.post(url, data)

    # then
    assert response.status_code == 302
    page = LegalScenarioPage.objects.get(slug="tien-luong-ngung-viec")
    assert page.under_review is True
    assert page.review_note == "Ghi chú biên tập: đối chiếu lại Nghị định mới."


def test_a_review_date_in_the_future_is_refused(tree):
    library = legal_library()
    topic = make_legal_topic("Tiền lương", "tien-luong")
    client = client_for(make_superuser())
    url = reverse("wagtailadmin_pages:add", args=("legal", "legalscenariopage", library.pk))
    data = add_form(tree, topic)
    data["reviewed_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(url, data)

    assert response.status_code == 200
    assert "reviewed_on" in response.context["form"].errors
    assert not LegalScenarioPage.objects.filter(slug="tien-luong-ngung-viec").exists()


def test_a_legal_basis_must_say_from_when_it_is_in_force(tree):
    library = legal_library()
    topic = make_legal_topic("Tiền lương", "tien-luong")
    client = client_for(make_superuser())
    url = reverse("wagtailadmin_pages:add", args=("legal", "legalscenariopage", library.pk))

    response = client.post(url, add_form(tree, topic, valid_from=""))

    assert response.status_code == 200
    assert not LegalScenarioPage.objects.filter(slug="tien-luong-ngung-viec").exists()


def test_the_edit_form_has_the_legal_review_panel(tree):
    page = make_legal_scenario(tree["root"], "Nghỉ thai sản", under_review=True, review_note="Chờ đối chiếu.")
    client = client_for(make_superuser())

    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()

    assert "Legal review" in html
    assert "Chờ đối chiếu." in html
    assert "Last legal review" in html or "last legal review" in html
