"""What receiving unions do with a delivered document (services): open, acknowledge, report;
reminders; the dashboard's "waiting for action"; delivering once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.core.errors import ServiceError
from cms.documents import services
from cms.documents.errors import DocumentErrorCode
from cms.documents.models import DocumentDelivery
from cms.organisations.models import OrganisationLevel
from tests.cms.documents.receipts import (
    delivery_of,
    disguised_upload,
    make_people,
    pdf_upload,
    send,
    state,
)
from tests.content_factories import make_official_document
from tests.factories import make_child


@pytest.fixture
def people(tree):
    return make_people(tree)


# --- Delivering once -------------------------------------------------------------------------


def test_every_grassroots_union_under_a_recipient_gets_one_delivery(tree):
    # given a unit below a grassroots union (not a union of its own)
    make_child(tree["vsip"], "Tổ công đoàn SMT", OrganisationLevel.UNIT, "to-smt")

    # when a letter goes to every grassroots union under KCN, and to the Giáo dục union itself
    page = make_official_document(tree["root"], recipients=[tree["gd"]])
    page.recipient_subtrees.add(tree["kcn"])
    page.save_revision().publish()

    # then each grassroots union of KCN gets a delivery, KCN itself and the unit none
    codes = sorted(
        DocumentDelivery.objects.filter(document=page).values_list("organisation__code", flat=True)
    )
    assert codes == ["cd-giao-duc", "cdcs-hoa-sen", "cdcs-luxshare"]


def test_deliver_returns_only_the_rows_it_created(tree):
    # given a document delivered to one union, then a second recipient added
    page = make_official_document(tree["root"], recipients=[tree["vsip"]])
    page.recipients.add(tree["hoa_sen"])

    # when deliver runs twice in a row (a re-publish, a double call)
    first = services.deliver(page)
    second = services.deliver(page)

    # then the first call created Hoa Sen's row only, the second nothing
    assert [row.organisation_id for row in first] == [tree["hoa_sen"].pk]
    assert all(row.pk for row in first)
    assert second == []
    assert DocumentDelivery.objects.filter(document=page).count() == 2


def test_a_row_inserted_meanwhile_by_another_publish_is_not_reported_as_created(tree, monkeypatch):
    # given a document whose Hoa Sen delivery another publish inserts between the read and the insert
    page = make_official_document(tree["root"], recipients=[tree["vsip"]])
    page.recipients.add(tree["hoa_sen"])
    real = services.addressed_organisation_ids

    def racing(document_page):
        wanted = real(document_page)
        DocumentDelivery.objects.create(document=document_page, organisation=tree["hoa_sen"])
        return wanted

    monkeypatch.setattr(services, "addressed_organisation_ids", racing)

    # when this call delivers
    created = services.deliver(page)

    # then it created nothing (the other call did), and there is still one row per union
    assert created == []
    assert DocumentDelivery.objects.filter(document=page).count() == 2


# --- Opening and acknowledging ---------------------------------------------------------------


def test_opening_twice_keeps_the_first_opener_and_time(tree, people):
    # given
    delivery = delivery_of(send(tree), tree["vsip"])

    # when the clerk opens it, then the chair
    first = services.mark_opened(people.clerk, delivery)
    second = services.mark_opened(people.chair, delivery)

    # then
    assert first.first_opened_by_id == people.clerk.pk
    assert (second.first_opened_at, second.first_opened_by_id) == (first.first_opened_at, people.clerk.pk)


def test_acknowledging_opens_and_the_first_acknowledgement_is_kept(tree, people):
    delivery = delivery_of(send(tree), tree["vsip"])

    first = services.acknowledge(people.chair, delivery)
    again = services.acknowledge(people.clerk, delivery)

    assert first.first_opened_by_id == people.chair.pk
    assert first.acknowledged_by_id == people.chair.pk
    assert (again.acknowledged_at, again.acknowledged_by_id) == (first.acknowledged_at, people.chair.pk)


def test_acknowledging_a_document_that_asks_for_none_is_refused_and_changes_nothing(tree, people):
    delivery = delivery_of(send(tree, acknowledgement=False), tree["vsip"])

    with pytest.raises(ServiceError) as error:
        services.acknowledge(people.clerk, delivery)

    assert error.value.code == DocumentErrorCode.ACKNOWLEDGEMENT_NOT_REQUIRED
    assert state(delivery) == (None, None, None, None, None, "")


@pytest.mark.parametrize("who", ["other_clerk", "issuer", "zone_editor", "superuser"])
def test_no_one_acts_for_another_union_it_answers_not_found(tree, people, admin_user, who):
    # given Luxshare's delivery, and someone who does not receive for Luxshare
    document = send(tree)
    delivery = delivery_of(document, tree["vsip"])
    user = admin_user if who == "superuser" else getattr(people, who)

    # when they try each action
    codes = []
    for action in (
        lambda: services.mark_opened(user, delivery),
        lambda: services.acknowledge(user, delivery),
        lambda: services.submit_report(user, delivery, upload=pdf_upload()),
    ):
        with pytest.raises(ServiceError) as error:
            action()
        codes.append(error.value.code)

    # then each answers NOT_FOUND, as for an id that does not exist, and nothing changed
    with pytest.raises(ServiceError) as missing:
        services.mark_opened(people.clerk, 999_999)
    assert codes == [DocumentErrorCode.NOT_FOUND] * 3
    assert missing.value.code == DocumentErrorCode.NOT_FOUND
    assert str(missing.value.message) == str(codes and error.value.message)
    assert state(delivery) == (None, None, None, None, None, "")


def test_an_unpublished_document_cannot_be_acted_on(tree, people):
    document = send(tree)
    delivery = delivery_of(document, tree["vsip"])
    document.unpublish()

    with pytest.raises(ServiceError) as error:
        services.acknowledge(people.clerk, delivery)

    assert error.value.code == DocumentErrorCode.NOT_FOUND


def test_a_clerk_whose_role_ended_no_longer_acts(tree, people):
    delivery = delivery_of(send(tree), tree["vsip"])
    people.clerk.officer_roles.update(ended_on=timezone.localdate())

    with pytest.raises(ServiceError) as error:
        services.mark_opened(people.clerk, delivery)

    assert error.value.code == DocumentErrorCode.NOT_FOUND


# --- Reports ---------------------------------------------------------------------------------


def test_a_report_is_kept_privately_with_its_name_type_and_size(tree, people, media):
    delivery = delivery_of(send(tree), tree["vsip"])

    saved = services.submit_report(
        people.clerk, delivery, upload=pdf_upload("Báo cáo quý IV.pdf"), note=" Kèm theo "
    )

    assert saved.report_file.name.startswith("private/document-reports/")
    assert saved.report_file.name.endswith(".pdf")
    assert (saved.report_file_name, saved.report_content_type) == ("Báo cáo quý IV.pdf", "application/pdf")
    assert saved.report_file_size == saved.report_file.size
    assert (saved.report_note, saved.report_submitted_by_id) == ("Kèm theo", people.clerk.pk)
    assert saved.first_opened_by_id == people.clerk.pk


def test_a_report_after_the_due_date_is_refused_unless_late_reports_are_accepted(tree, people, media):
    # given two documents whose reports were due yesterday, one accepting late reports
    refusing = delivery_of(send(tree, due_in_days=-1), tree["vsip"])
    accepting = delivery_of(send(tree, due_in_days=-1, late=True), tree["vsip"])

    # when the clerk reports on both
    with pytest.raises(ServiceError) as error:
        services.submit_report(people.clerk, refusing, upload=pdf_upload())
    accepted = services.submit_report(people.clerk, accepting, upload=pdf_upload())

    # then the first is refused and nothing is kept, the second is accepted
    assert error.value.code == DocumentErrorCode.REPORT_LATE
    assert state(refusing) == (None, None, None, None, None, "")
    assert accepted.report_submitted_at is not None
    assert accepted.is_overdue is False


def test_a_report_on_the_due_date_is_still_on_time(tree, people, media):
    delivery = delivery_of(send(tree, due_in_days=0), tree["vsip"])

    saved = services.submit_report(people.clerk, delivery, upload=pdf_upload())

    assert saved.report_submitted_at is not None


def test_a_report_on_a_document_that_asks_for_none_is_refused(tree, people, media):
    delivery = delivery_of(send(tree, report=False), tree["vsip"])

    with pytest.raises(ServiceError) as error:
        services.submit_report(people.clerk, delivery, upload=pdf_upload())

    assert error.value.code == DocumentErrorCode.REPORT_NOT_REQUIRED


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (disguised_upload, DocumentErrorCode.FILE_TYPE_NOT_ALLOWED),
        (lambda: pdf_upload(), DocumentErrorCode.FILE_TOO_LARGE),
        (lambda: __import__("io").BytesIO(b""), DocumentErrorCode.FILE_EMPTY),
    ],
    ids=["disguised", "oversized", "empty"],
)
def test_a_bad_file_is_refused_on_the_file_field_and_nothing_changes(
    tree, people, media, settings, upload, code
):
    # given a limit smaller than the PDF for the oversized case
    if code == DocumentErrorCode.FILE_TOO_LARGE:
        settings.UPLOAD_MAX_BYTES = 100
    delivery = delivery_of(send(tree), tree["vsip"])

    with pytest.raises(ServiceError) as error:
        services.submit_report(people.clerk, delivery, upload=upload())

    assert (error.value.code, error.value.field) == (code, "file")
    assert state(delivery) == (None, None, None, None, None, "")
    assert not (media / "private").exists()


def test_a_second_report_replaces_the_first(tree, people, media, django_capture_on_commit_callbacks):
    delivery = delivery_of(send(tree), tree["vsip"])
    first = services.submit_report(people.clerk, delivery, upload=pdf_upload("v1.pdf")).report_file.name

    with django_capture_on_commit_callbacks(execute=True):
        second = services.submit_report(people.chair, delivery, upload=pdf_upload("v2.pdf"))

    assert (second.report_file_name, second.report_submitted_by_id) == ("v2.pdf", people.chair.pk)
    assert second.report_file.name != first
    assert not second.report_file.storage.exists(first)


# --- Inbox, waiting for action, overdue -------------------------------------------------------


def test_inbox_and_awaiting_action_hold_only_the_users_unions(tree, people, media):
    # given three documents to Luxshare and Hoa Sen: one acknowledged, one reported, one untouched
    acknowledged = send(tree, report=False)
    reported = send(tree, acknowledgement=False)
    untouched = send(tree)
    services.acknowledge(people.clerk, delivery_of(acknowledged, tree["vsip"]))
    services.submit_report(people.clerk, delivery_of(reported, tree["vsip"]), upload=pdf_upload())

    # when
    inbox = list(services.inbox(people.clerk).values_list("document_id", flat=True))
    waiting = list(services.awaiting_action(people.chair).values_list("document_id", flat=True))

    # then the clerk and the chair of Luxshare see Luxshare's rows only; only the untouched waits
    assert sorted(inbox) == sorted([acknowledged.pk, reported.pk, untouched.pk])
    assert waiting == [untouched.pk]
    assert services.unread_count(people.clerk) == 1
    assert list(services.awaiting_action(people.issuer)) == []


def test_inbox_statuses(tree, people):
    opened, acknowledged, untouched = send(tree), send(tree), send(tree)
    overdue = send(tree, due_in_days=-2)
    services.mark_opened(people.clerk, delivery_of(opened, tree["vsip"]))
    services.acknowledge(people.clerk, delivery_of(acknowledged, tree["vsip"]))

    def documents(status):
        return sorted(services.inbox(people.clerk, status).values_list("document_id", flat=True))

    assert documents(services.InboxStatus.UNREAD) == sorted([untouched.pk, overdue.pk])
    assert documents(services.InboxStatus.OPENED) == [opened.pk]
    assert documents(services.InboxStatus.ACKNOWLEDGED) == [acknowledged.pk]
    assert documents(services.InboxStatus.OVERDUE) == [overdue.pk]


# --- Reminders -------------------------------------------------------------------------------


def test_reminders_reach_the_clerks_and_editors_of_unions_still_waiting(
    tree, people, django_capture_on_commit_callbacks
):
    # given Luxshare acknowledged a document that asks for no report, Hoa Sen did not
    for user, address in (
        (people.clerk, "vt@lux.vn"),
        (people.chair, "ct@lux.vn"),
        (people.other_clerk, "vt@hs.vn"),
    ):
        user.email = address
        user.save()
    document = send(tree, report=False)
    services.acknowledge(people.clerk, delivery_of(document, tree["vsip"]))

    # when the issuing editor reminds
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.send_reminders(people.issuer, document)

    # then one union was reminded, by one e-mail to its clerk, after commit
    assert reminded == 1
    assert [message.to for message in mail.outbox] == [["vt@hs.vn"]]
    assert "your acknowledgement" in mail.outbox[0].body
    assert delivery_of(document, tree["hoa_sen"]).last_reminded_at is not None
    assert delivery_of(document, tree["vsip"]).last_reminded_at is None


def test_no_reminder_when_nobody_is_waiting(tree, people, django_capture_on_commit_callbacks):
    document = send(tree, report=False)
    for organisation, user in ((tree["vsip"], people.clerk), (tree["hoa_sen"], people.other_clerk)):
        services.acknowledge(user, delivery_of(document, organisation))

    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.send_reminders(people.issuer, document)

    assert (reminded, mail.outbox) == (0, [])


def test_inbox_costs_the_same_queries_however_many_roles(tree, people):
    send(tree)
    with CaptureQueriesContext(connection) as queries:
        list(services.inbox(people.clerk))
    assert len(queries) == 1


def test_is_overdue_is_false_once_reported_or_before_the_date(tree, people, media):
    late = delivery_of(send(tree, due_in_days=-1, late=True), tree["vsip"])
    on_time = delivery_of(send(tree, due_in_days=3), tree["vsip"])

    assert (late.is_overdue, on_time.is_overdue) == (True, False)
    services.submit_report(people.clerk, late, upload=pdf_upload())
    late.refresh_from_db()
    assert late.is_overdue is False
    assert timezone.localdate() - timedelta(days=1) == late.document.report_due_on
