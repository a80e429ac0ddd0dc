"""Admin wiring of the feedback domain: the audit log's actions, the officers' inbox and threads
(``cms.feedback.admin``), the response deadlines in the settings menu, and the dashboard panel
"Việc cần xử lý" (``cms.feedback.panels``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.feedback.admin.policy import feedback_permission_policy
from cms.feedback.admin.viewsets import FeedbackViewSet, deadlines_menu_item
from cms.feedback.models import Feedback, FeedbackLogEntry, ResponseDeadline
from cms.feedback.panels import TasksPanel

# Every change the services make is logged under one of these (cms.feedback.services).
LOG_ACTIONS = (
    ("feedback.submit", _("Submit feedback"), _("Feedback submitted")),
    ("feedback.member_message", _("Member's message"), _("The member wrote a message")),
    ("feedback.resume", _("Information given"), _("The member answered: handling resumed")),
    ("feedback.reopen", _("Reopen feedback"), _("The member wrote after the answer: feedback reopened")),
    ("feedback.withdraw", _("Withdraw feedback"), _("Feedback withdrawn by the member")),
    ("feedback.rate", _("Rate the answer"), _("The member rated the answer")),
    ("feedback.acknowledge", _("Acknowledge feedback"), _("Feedback acknowledged")),
    ("feedback.start_progress", _("Start handling"), _("Handling started")),
    ("feedback.information_request", _("Ask for information"), _("Information requested from the member")),
    ("feedback.status", _("Change status"), _("Status changed")),
    ("feedback.reply", _("Reply"), _("Reply sent to the member")),
    ("feedback.answer", _("Answer feedback"), _("Feedback answered")),
    ("feedback.note", _("Internal note"), _("Internal note added")),
    ("feedback.assign", _("Assign handler"), _("Handler assigned")),
    ("feedback.forward", _("Forward feedback"), _("Feedback forwarded to a higher level")),
    ("feedback.reject", _("Reject feedback"), _("Feedback rejected")),
    ("feedback.close", _("Close feedback"), _("Feedback closed")),
    ("feedback.deadline", _("Set response deadline"), _("Response deadline changed")),
)


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
    # Logged in the domain's own table (see FeedbackLogEntry).
    actions.register_model(Feedback, FeedbackLogEntry)
    actions.register_model(ResponseDeadline, FeedbackLogEntry)


# --- The officers' inbox, threads, deadlines and dashboard panel (cms.feedback.admin) ----------
# The policy is registered on import, before the viewset asks for it (Wagtail 8 refuses a late
# registration once a fallback policy exists).
register_permission_policy(Feedback, feedback_permission_policy)


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return FeedbackViewSet()


@hooks.register("register_settings_menu_item")
def register_feedback_deadlines_menu_item():
    return deadlines_menu_item()


@hooks.register("construct_homepage_panels")
def add_tasks_panel(request, panels):
    panels.append(TasksPanel(request.user))
