"""The feedback viewset: the inbox at /admin/feedback/, a thread at /admin/feedback/<pk>/ (URL
name ``feedback:detail``, where the e-mails link), its actions, and the response deadlines.

Feedback is written by members and changed only through the thread's actions: no add, edit,
copy, delete or Wagtail history view exists for it.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import pgettext_lazy
from wagtail.admin.menu import MenuItem

from cms.core.admin_inbox import DetailURLFinder, OfficerInboxViewSet
from cms.feedback.admin import deadlines, inbox, thread
from cms.feedback.models import Feedback
from cms.feedback.permissions import can_set_deadlines


class FeedbackURLFinder(DetailURLFinder):
    """Where Wagtail links a feedback (its audit log, search): to its thread."""

    viewset_name = "feedback"


class FeedbackViewSet(OfficerInboxViewSet):
    model = Feedback
    name = "feedback"
    url_prefix = "feedback"
    icon = "mail"
    menu_label = pgettext_lazy("admin menu", "Feedback")
    menu_order = 270
    index_view_class = inbox.FeedbackIndexView
    filterset_class = inbox.FeedbackFilterSet
    url_finder_class = FeedbackURLFinder

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("deadlines/", deadlines.ResponseDeadlinesView.as_view(), name="deadlines"),
            path("<int:pk>/", thread.FeedbackThreadView.as_view(), name="detail"),
            path("<int:pk>/<slug:action>/", thread.FeedbackActionView.as_view(), name="action"),
        ]


class DeadlinesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_set_deadlines(request.user)


def deadlines_menu_item() -> MenuItem:
    return DeadlinesMenuItem(
        pgettext_lazy("settings menu", "Feedback deadlines"),
        reverse("feedback:deadlines"),
        name="feedback-deadlines",
        icon_name="time",
        order=650,
    )
