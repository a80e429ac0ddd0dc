"""The admin's receipts report: scoped to the issuing side, states and counts, filters, reminders,
exports; and the document form's suggested number."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from cms.core.editor_rights import grant_editor_permissions
from cms.documents import services
from cms.organisations.services import grant_admin_access
from tests.cms.documents.receipts import delivery_of, make_people, pdf_upload, send
from tests.cms.organisations.helpers import client_for, make_superuser
from tests.content_factories import document_index, make_official_document


@pytest.fixture
def people(tree):
    people = make_people(tree)
    for user in (people.clerk, people.issuer, people.zone_editor):
        grant_admin_access(user)
    return people


def report_url(document) -> str:
    return reverse("documents_receipts_report", args=[document.pk])


@pytest.fixture
def document(tree, people, media):
    """Luxshare acknowledged and reported; Hoa Sen has not opened it (due in 10 days)."""
    page = send(tree, number_symbol="75/KH-LĐLĐ")
    services.acknowledge(people.clerk, delivery_of(page, tree["vsip"]))
    services.submit_report(people.clerk, delivery_of(page, tree["vsip"]), upload=pdf_upload())
    return page


def rows(response) -> dict[str, list]:
    return {d.organisation.code: d for d in response.context["deliveries"]}


def test_the_issuing_editor_sees_each_union_and_the_counts(people, document):
    response = client_for(people.issuer).get(report_url(document))

    assert response.status_code == 200
    deliveries = rows(response)
    assert sorted(deliveries) == ["cdcs-hoa-sen", "cdcs-luxshare"]
    assert deliveries["cdcs-luxshare"].acknowledged_by == people.clerk
    assert deliveries["cdcs-hoa-sen"].first_opened_at is None
    counts = response.context["counts"]
    assert (counts.delivered, counts.opened, counts.acknowledged, counts.reported, counts.overdue) == (
        2,
        1,
        1,
        1,
        0,
    )
    html = response.content.decode()
    assert "vanthu.vsip" in html or people.clerk.get_full_name() in html
    assert reverse("documents_receipts_report_file", args=[deliveries["cdcs-luxshare"].pk]) in html


@pytest.mark.parametrize("who", ["clerk", "zone_editor"])
def test_officers_outside_the_issuing_side_get_404(people, document, who):
    response = client_for(getattr(people, who)).get(report_url(document))

    assert response.status_code == 404


def test_the_zone_editor_sees_documents_its_subtree_issued(tree, people, media):
    page = make_official_document(tree["kcn"], recipients=[tree["vsip"]])

    listed = client_for(people.zone_editor).get(reverse("documents_receipts"))
    report = client_for(people.zone_editor).get(report_url(page))

    assert [d.pk for d, _ in listed.context["documents"]] == [page.pk]
    assert report.status_code == 200


def test_a_superuser_sees_every_sent_document(db, document):
    response = client_for(make_superuser()).get(reverse("documents_receipts"))

    assert [d.pk for d, _ in response.context["documents"]] == [document.pk]


@pytest.mark.parametrize(
    ("state", "expected"),
    [("unopened", ["cdcs-hoa-sen"]), ("acknowledged", ["cdcs-luxshare"]), ("reported", ["cdcs-luxshare"])],
)
def test_the_report_filters_by_state(people, document, state, expected):
    response = client_for(people.issuer).get(report_url(document), {"state": state})

    assert sorted(rows(response)) == expected


def test_the_report_searches_unions_without_diacritics(people, document):
    response = client_for(people.issuer).get(report_url(document), {"q": "hoa sen"})

    assert sorted(rows(response)) == ["cdcs-hoa-sen"]


def test_remind_emails_the_unions_still_waiting(tree, people, document, django_capture_on_commit_callbacks):
    people.other_clerk.email = "vanthu@hoasen.vn"
    people.other_clerk.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.issuer).post(report_url(document), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["A reminder was sent to 1 union."]
    assert [m.to for m in mail.outbox] == [["vanthu@hoasen.vn"]]
    assert "75/KH-LĐLĐ" in mail.outbox[0].subject


def test_remind_is_refused_outside_the_issuing_side(people, document):
    response = client_for(people.zone_editor).post(report_url(document))

    assert response.status_code == 404
    assert mail.outbox == []


def test_the_report_exports_to_csv_and_excel(people, document):
    client = client_for(people.issuer)

    as_csv = client.get(report_url(document), {"export": "csv"})
    as_xlsx = client.get(report_url(document), {"export": "xlsx", "state": "acknowledged"})

    lines = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert as_csv["Content-Disposition"] == 'attachment; filename="nhan-van-ban-75-kh-ldld.csv"'
    assert lines[0][:3] == ["Union", "Delivered at", "Opened at"]
    assert [line[0] for line in lines[1:]] == [
        "Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An",
        "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
    ]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[0] for row in values] == ["Union", "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An"]


def test_the_report_file_link_redirects_to_a_signed_url_for_the_issuer_only(people, document, tree):
    delivery = delivery_of(document, tree["vsip"])
    url = reverse("documents_receipts_report_file", args=[delivery.pk])

    allowed = client_for(people.issuer).get(url)
    refused = client_for(people.zone_editor).get(url)

    assert allowed.status_code == 302
    assert refused.status_code == 404


def test_the_documents_header_menu_links_to_its_receipts(people, document):
    grant_editor_permissions(people.issuer)

    response = client_for(people.issuer).get(reverse("wagtailadmin_pages:edit", args=[document.pk]))

    assert report_url(document) in response.content.decode()


def test_a_new_documents_form_suggests_the_next_number(tree, people):
    make_official_document(tree["root"], number_symbol="75/KH-LĐLĐ")
    url = reverse("wagtailadmin_pages:add", args=("documents", "officialdocumentpage", document_index().pk))
    grant_editor_permissions(people.issuer)
    response = client_for(people.issuer).get(url)

    assert response.status_code == 200
    assert response.context["form"].initial["number_symbol"].startswith("76/")
