"""The dashboard panel "Việc cần xử lý": what waits for the signed-in officer.

- Feedback they may handle (routed into their subtrees now; never their own): new (submitted),
  assigned to them and still open, or overdue. Counts link to the inbox, filtered alike.
- Official documents their unions must still open, acknowledge or report on
  (``cms.documents.services.awaiting_action``).

A fixed number of queries, whatever the numbers: three counts and one page of each list.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from cms.documents.services import awaiting_action
from cms.feedback.admin.policy import feedback_permission_policy
from cms.feedback.models import Feedback, FeedbackStatus
from cms.feedback.permissions import handling_roots
from cms.organisations.permissions import is_superuser

SHOWN = 8  # items listed in each part; the counts and links give the rest


def handleable_feedback(user):
    """Feedback ``user`` may act on: routed into their handling subtrees, not their own."""
    if user is None or not user.is_authenticated:
        return Feedback.objects.none()
    queryset = Feedback.objects.exclude(submitter=user)
    if is_superuser(user):
        return queryset
    roots = handling_roots(user)
    if not roots:
        return Feedback.objects.none()
    condition = Q(pk__in=[])
    for path in roots:
        condition |= Q(organisation__path__startswith=path)
    return queryset.filter(condition)


def feedback_tasks(user) -> dict:
    now = timezone.now()
    queryset = handleable_feedback(user)
    new = Q(status=FeedbackStatus.SUBMITTED)
    assigned = Q(pk__in=Feedback.objects.open().filter(handler=user).values("pk"))
    overdue = Q(pk__in=Feedback.objects.overdue(now).values("pk"))
    inbox = reverse("feedback:index")
    items = (
        queryset.filter(new | assigned | overdue)
        .select_related("organisation")
        .order_by("due_at", "pk")[:SHOWN]
    )
    return {
        "items": list(items),
        "counts": [
            {
                "name": "new",
                "count": queryset.filter(new).count(),
                "url": f"{inbox}?{urlencode({'status': FeedbackStatus.SUBMITTED})}",
            },
            {
                "name": "assigned",
                "count": queryset.filter(assigned).count(),
                "url": f"{inbox}?{urlencode({'mine': 'true'})}",
            },
            {
                "name": "overdue",
                "count": queryset.filter(overdue).count(),
                "url": f"{inbox}?{urlencode({'overdue': 'true'})}",
            },
        ],
    }


def document_tasks(user) -> list[dict]:
    rows = []
    for delivery in awaiting_action(user)[:SHOWN]:
        document = delivery.document
        rows.append(
            {
                "number_symbol": document.number_symbol,
                "title": document.title,
                "organisation": delivery.organisation.name,
                "unopened": delivery.first_opened_at is None,
                "awaiting_acknowledgement": delivery.is_awaiting_acknowledgement,
                "awaiting_report": delivery.is_awaiting_report,
                "report_due_on": document.report_due_on,
                "overdue": delivery.is_overdue,
            }
        )
    return rows


class TasksPanel(Component):
    name = "feedback_tasks"
    template_name = "feedback/home/tasks_panel.html"
    order = 50

    class Media:
        css = {"all": ["feedback/admin.css"]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        handles_feedback = feedback_permission_policy.user_has_any_permission(self.user, ["view"])
        return {
            "feedback": feedback_tasks(self.user) if handles_feedback else None,
            "documents": document_tasks(self.user),
            "inbox_url": reverse("feedback:index"),
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if context["feedback"] is None and not context["documents"]:
            return ""  # neither kind of task is ever this user's
        return get_template(self.template_name).render(context)
