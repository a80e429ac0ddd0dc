"""The feedback viewset: the inbox at /admin/feedback/, a thread at /admin/feedback/<pk>/ (URL
name ``feedback:detail``, where the e-mails link), its actions, and the response deadlines.

Feedback is written by members and changed only through the thread's actions: no add, edit,
copy, delete or Wagtail history view exists for it.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import pgettext_lazy
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from cms.feedback.admin import deadlines, inbox, thread
from cms.feedback.models import Feedback
from cms.feedback.permissions import can_set_deadlines


class FeedbackURLFinder(ModelAdminURLFinder):
    """Where Wagtail links a feedback (its audit log, search): to its thread."""

    def construct_edit_url(self, instance):
        return reverse("feedback:detail", args=[instance.pk])


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    name = "feedback"
    url_prefix = "feedback"
    icon = "mail"
    menu_label = pgettext_lazy("admin menu", "Feedback")
    menu_order = 270
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = inbox.FeedbackIndexView
    filterset_class = inbox.FeedbackFilterSet
    list_per_page = 30
    url_finder_class = FeedbackURLFinder

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
        )
        return view_kwargs

    def get_permissions_to_register(self):
        # Rights come from officer roles (cms.feedback.permissions), not model permissions.
        return Permission.objects.none()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
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
