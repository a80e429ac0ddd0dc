"""E-mails to the officers who handle feedback: new or forwarded feedback, and overdue feedback.

Who hears: the feedback handlers (role ``feedback_handler``) of the organisation the feedback is
routed to; if it has none with an e-mail address, those of its nearest ancestor that has. An
assigned handler hears about their own overdue items.

What an e-mail holds: the reference, category, title, where it is routed, the deadline and a
link to the admin. Never who sent it (name, phone, card number) nor the description: e-mail
leaves the system, and the admin shows the rest to those allowed to see it.

New feedback is e-mailed after the transaction commits, through django-tasks (run inline by the
embedded default's immediate backend, by ``db_worker`` in production); overdue feedback by the
``notify_overdue_feedback`` command, once a day per item.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from cms.feedback.models import Feedback
from cms.feedback.urls import admin_url
from cms.organisations.models import Officer, OfficerRole, Organisation, OrganisationStatus

logger = logging.getLogger("cms")

_paused: ContextVar[bool] = ContextVar("feedback_notifications_paused", default=False)


@contextmanager
def paused() -> Iterator[None]:
    """No e-mail about feedback written meanwhile (the demo's threads are nobody's news)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_paused() -> bool:
    return _paused.get()


def handlers_for(organisation: Organisation) -> list:
    """The feedback handlers (with an e-mail address) of ``organisation``, or of its nearest
    ancestor that has any."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    officers = (
        Officer.objects.current()
        .filter(
            role=OfficerRole.FEEDBACK_HANDLER,
            organisation__status=OrganisationStatus.ACTIVE,
            organisation__path__in=organisation.ancestor_paths(),
            user__in=users,
        )
        .select_related("user", "organisation")
    )
    by_path: dict[str, list] = defaultdict(list)
    for officer in officers:
        if officer.user not in by_path[officer.organisation.path]:
            by_path[officer.organisation.path].append(officer.user)
    for path in reversed(organisation.ancestor_paths()):
        if by_path[path]:
            return sorted(by_path[path], key=lambda user: user.pk)
    return []


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def _describe(feedback: Feedback) -> str:
    return "\n".join(
        [
            _("Reference: %(reference)s") % {"reference": feedback.reference},
            _("Category: %(category)s") % {"category": feedback.get_category_display()},
            _("Title: %(title)s") % {"title": feedback.title},
            _("Routed to: %(organisation)s") % {"organisation": feedback.organisation.name},
            _("Answer due by: %(due)s") % {"due": _when(feedback.due_at)},
            _("Open it in the admin: %(url)s") % {"url": admin_url(feedback)},
        ]
    )


def _send(subject: str, body: str, recipients: list) -> int:
    return send_mail(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email for user in recipients],
        fail_silently=False,
    )


def send_new_feedback_email(feedback_id: int, event: str = "submitted") -> int:
    """Tell the handlers of where a feedback is routed that it arrived; the number of e-mails sent."""
    feedback = Feedback.objects.select_related("organisation").filter(pk=feedback_id).first()
    if feedback is None:
        return 0
    recipients = handlers_for(feedback.organisation)
    if not recipients:
        logger.warning(
            "Feedback %s: no feedback handler with an e-mail address to notify.", feedback.reference
        )
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        if event == "forwarded":
            subject = _("[Feedback] Forwarded to your union: %(reference)s") % {
                "reference": feedback.reference
            }
            intro = _("A feedback has been forwarded to your union body for handling.")
        else:
            subject = _("[Feedback] New feedback %(reference)s") % {"reference": feedback.reference}
            intro = _("A member has sent feedback to your union body.")
        return _send(subject, f"{intro}\n\n{_describe(feedback)}\n", recipients)


@task()
def new_feedback_task(feedback_id: int, event: str) -> int:
    return send_new_feedback_email(feedback_id, event)


def enqueue_new_feedback(feedback_id: int, event: str) -> None:
    new_feedback_task.enqueue(feedback_id, event)


def notify_overdue(today: date | None = None) -> tuple[int, int]:
    """E-mail each handler the overdue feedback not yet notified today; (items, e-mails).

    Run once a day or more often: an item is e-mailed at most once a day. Items are claimed
    under a row lock, so two runs at once do not both send them."""
    today = today or timezone.localdate()
    with transaction.atomic():
        items = list(
            Feedback.objects.overdue()
            .exclude(overdue_notified_on=today)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("organisation", "handler")
            .order_by("due_at", "pk")
        )
        by_recipient: dict = defaultdict(list)
        for feedback in items:
            handler = feedback.handler
            if handler is not None and handler.is_active and handler.email:
                recipients = [handler]
            else:
                recipients = handlers_for(feedback.organisation)
            for user in recipients:
                by_recipient[user].append(feedback)
        sent = 0
        with translation.override(settings.LANGUAGE_CODE):
            for user, overdue in sorted(by_recipient.items(), key=lambda item: item[0].pk):
                subject = _("[Feedback] %(count)d overdue feedback") % {"count": len(overdue)}
                body = "\n\n".join(
                    [_("These feedback items are past their deadline:"), *(_describe(f) for f in overdue)]
                )
                sent += _send(subject, body + "\n", [user])
        Feedback.objects.filter(pk__in=[f.pk for f in items]).update(overdue_notified_on=today)
    return len(items), sent
