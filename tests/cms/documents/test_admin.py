from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.documents.models import DocumentDelivery, DocumentKind, OfficialDocumentPage
from tests.content_factories import document_index, make_official_document, make_wagtail_document
from tests.factories import make_officer


def form_data(tree, **overrides) -> dict:
    data = {
        "title": "Kế hoạch tổ chức Tháng Công nhân năm 2026",
        "slug": "ke-hoach-thang-cong-nhan-2026",
        "summary": "Kế hoạch tổ chức các hoạt động Tháng Công nhân và Tháng hành động về an toàn vệ sinh lao động",
        "number_symbol": "75/KH-LĐLĐ",
        "document_type": DocumentKind.PLAN,
        "urgency": "normal",
        "issued_on": "2026-03-02",
        "effective_on": "2026-03-02",
        "signer_name": "Kha Văn Tám",
        "signer_title": "Chủ tịch",
        "organisation": tree["root"].pk,
        "recipients": [tree["kcn"].pk, tree["gd"].pk],
        "requires_acknowledgement": "on",
        "requires_report": "on",
        "report_due_on": "2026-06-30",
        "body": streamfield([]),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    # Multiple-choice values stay lists (the test client sends each); nested_form_data would number them.
    choices = {key: data.pop(key) for key in ("recipients", "audience") if key in data}
    return {**nested_form_data(data), **choices}


def add_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("documents", "officialdocumentpage", document_index().pk))


@pytest.fixture
def editor(client, tree, admin_user):
    client.force_login(admin_user)
    return admin_user


def test_publishing_in_the_admin_creates_the_document_its_files_and_deliveries(client, tree, editor):
    # given a file in the library
    plan = make_wagtail_document("Kế hoạch 75", filename="ke-hoach-75.pdf")
    data = form_data(
        tree, attachments=inline_formset([{"document": plan.pk, "title": "Kế hoạch (bản ký số)"}])
    )

    # when the editor publishes the form
    response = client.post(add_url(), data)

    # then
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = OfficialDocumentPage.objects.get(slug="ke-hoach-thang-cong-nhan-2026")
    assert page.live is True
    assert (page.number_symbol, page.issued_on, page.report_due_on) == (
        "75/KH-LĐLĐ",
        date(2026, 3, 2),
        date(2026, 6, 30),
    )
    assert [(a.document_id, a.title) for a in page.attachments.all()] == [(plan.pk, "Kế hoạch (bản ký số)")]
    assert sorted(page.recipients.values_list("code", flat=True)) == ["cd-giao-duc", "cd-kcn"]
    # an empty audience defaulted to the recipients
    assert sorted(page.audience.values_list("code", flat=True)) == ["cd-giao-duc", "cd-kcn"]
    assert sorted(
        DocumentDelivery.objects.filter(document=page).values_list("organisation__code", flat=True)
    ) == [
        "cd-giao-duc",
        "cd-kcn",
    ]


def test_an_audience_the_editor_chose_is_kept(client, tree, editor):
    response = client.post(add_url(), form_data(tree, audience=[tree["root"].pk]))

    assert response.status_code == 302
    page = OfficialDocumentPage.objects.get(slug="ke-hoach-thang-cong-nhan-2026")
    assert list(page.audience.values_list("code", flat=True)) == ["ldld-nghe-an"]


def test_number_is_unique_per_issuing_organisation_and_year(client, tree, editor):
    # given the federation already issued 75/KH-LĐLĐ
    make_official_document(tree["root"], number_symbol="75/KH-LĐLĐ")

    # when another document with the same number is submitted, by the federation then by KCN
    same = client.post(add_url(), form_data(tree))
    other = client.post(add_url(), form_data(tree, organisation=tree["kcn"].pk, slug="kh-75-kcn"))

    # then the first is refused on the form, the second is fine
    assert same.status_code == 200
    assert same.context["form"].errors == {
        "number_symbol": [
            "Số 75 năm 2026 đã được dùng cho văn bản 75/KH-LĐLĐ của tổ chức này. "
            "Số tiếp theo còn trống là 76."
        ]
    }
    assert other.status_code == 302
    assert OfficialDocumentPage.objects.filter(number_symbol="75/KH-LĐLĐ").count() == 2


def test_report_due_date_is_required_when_a_report_is(client, tree, editor):
    response = client.post(add_url(), form_data(tree, report_due_on=""))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["report_due_on"]


def test_an_upper_union_editor_leaving_the_audience_empty_sends_to_recipients(tree):
    # given an editor of the industrial-zone union (who may not publish to everyone)
    officer = make_officer(tree["kcn"], role="editor")
    form_class = OfficialDocumentPage.get_edit_handler().get_form_class()
    page = OfficialDocumentPage()
    data = form_data(tree, organisation=tree["kcn"].pk, recipients=[tree["vsip"].pk, tree["hoa_sen"].pk])
    data.pop("action-publish")

    # when
    form = form_class(data, instance=page, for_user=officer.user, parent_page=document_index())

    # then the form is valid and the audience is the recipients
    assert form.is_valid(), form.errors
    assert sorted(o.code for o in form.cleaned_data["audience"]) == ["cdcs-hoa-sen", "cdcs-luxshare"]


def test_an_upper_union_editor_with_neither_audience_nor_recipients_is_refused(tree):
    officer = make_officer(tree["kcn"], role="editor")
    form_class = OfficialDocumentPage.get_edit_handler().get_form_class()
    data = form_data(tree, organisation=tree["kcn"].pk, recipients=[])

    form = form_class(
        data, instance=OfficialDocumentPage(), for_user=officer.user, parent_page=document_index()
    )

    assert not form.is_valid()
    assert list(form.errors) == ["audience"]
