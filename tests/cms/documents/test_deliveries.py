from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cms.documents.models import DocumentDelivery
from cms.documents.services import deliver
from cms.organisations.models import OrganisationStatus
from tests.content_factories import make_official_document


def delivered_codes(page) -> list[str]:
    return sorted(DocumentDelivery.objects.filter(document=page).values_list("organisation__code", flat=True))


def test_publishing_delivers_once_to_each_recipient_not_to_their_subtrees(tree):
    # when a letter to an upper-level union and a grassroots union of another branch is published
    page = make_official_document(tree["root"], recipients=[tree["kcn"], tree["thpt"]])

    # then exactly those two get a delivery (not the unions below KCN)
    assert delivered_codes(page) == ["cd-kcn", "cdcs-thpt-htk"]
    delivery = DocumentDelivery.objects.get(document=page, organisation=tree["kcn"])
    assert delivery.delivered_at is not None
    assert (delivery.first_opened_at, delivery.acknowledged_at, delivery.report_submitted_at) == (
        None,
        None,
        None,
    )


def test_republishing_does_not_duplicate_or_reset_deliveries(tree, member):
    # given a published letter whose delivery was acknowledged
    page = make_official_document(tree["root"], recipients=[tree["kcn"]])
    delivery = DocumentDelivery.objects.get(document=page)
    acknowledged_at = timezone.now()
    DocumentDelivery.objects.filter(pk=delivery.pk).update(
        acknowledged_at=acknowledged_at, acknowledged_by=member.user
    )

    # when it is published again, then again with one more recipient
    page.save_revision().publish()
    page.recipients.add(tree["gd"])
    page.save_revision().publish()

    # then one row per recipient, and the acknowledgement is kept
    assert delivered_codes(page) == ["cd-giao-duc", "cd-kcn"]
    delivery.refresh_from_db()
    assert (delivery.acknowledged_at, delivery.acknowledged_by_id) == (acknowledged_at, member.user.pk)


def test_removed_recipients_keep_their_delivery_as_history(tree):
    page = make_official_document(tree["root"], recipients=[tree["kcn"], tree["gd"]])

    page.recipients.set([tree["gd"]])
    page.save_revision().publish()

    assert delivered_codes(page) == ["cd-giao-duc", "cd-kcn"]


def test_drafts_are_not_delivered_and_inactive_recipients_never_are(tree):
    # given a dissolved recipient
    tree["mn"].status = OrganisationStatus.DISSOLVED
    tree["mn"].save()

    draft = make_official_document(tree["root"], live=False, recipients=[tree["kcn"], tree["mn"]])
    assert delivered_codes(draft) == []

    draft.save_revision().publish()
    assert delivered_codes(draft) == ["cd-kcn"]


def test_deliver_is_idempotent_when_called_directly(tree):
    page = make_official_document(tree["root"], recipients=[tree["kcn"]])

    created = deliver(page)

    assert created == []
    assert DocumentDelivery.objects.filter(document=page).count() == 1


def test_a_delivery_is_overdue_only_after_the_due_date_without_a_report(tree):
    today = timezone.localdate()
    due_yesterday = make_official_document(
        tree["root"],
        recipients=[tree["kcn"], tree["gd"]],
        requires_report=True,
        report_due_on=today - timedelta(days=1),
    )
    due_today = make_official_document(
        tree["root"], recipients=[tree["kcn"]], requires_report=True, report_due_on=today
    )
    no_report = make_official_document(tree["root"], recipients=[tree["kcn"]], report_due_on=date(2020, 1, 1))
    DocumentDelivery.objects.filter(document=due_yesterday, organisation=tree["gd"]).update(
        report_submitted_at=timezone.now()
    )

    overdue = {
        (d.document_id, d.organisation.code): d.is_overdue
        for d in DocumentDelivery.objects.select_related("document", "organisation")
    }

    assert overdue == {
        (due_yesterday.pk, "cd-kcn"): True,
        (due_yesterday.pk, "cd-giao-duc"): False,
        (due_today.pk, "cd-kcn"): False,
        (no_report.pk, "cd-kcn"): False,
    }
