"""The job applications viewset: the listing at /admin/job-applications/ (menu "Đơn ứng tuyển")
and one application at /admin/job-applications/<pk>/.

Applications are written by members and changed only through the status form (the services):
no add, edit, copy, delete or Wagtail history view exists for them.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import pgettext_lazy

from cms.core.admin_inbox import DetailURLFinder, OfficerInboxViewSet
from cms.jobs.admin import views
from cms.jobs.models import JobApplication


class JobApplicationURLFinder(DetailURLFinder):
    viewset_name = "job_applications"


class JobApplicationViewSet(OfficerInboxViewSet):
    model = JobApplication
    name = "job_applications"
    url_prefix = "job-applications"
    icon = "user"
    menu_label = pgettext_lazy("admin menu", "Job applications")
    menu_order = 280
    index_view_class = views.JobApplicationIndexView
    filterset_class = views.JobApplicationFilterSet
    url_finder_class = JobApplicationURLFinder

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/", views.JobApplicationDetailView.as_view(), name="detail"),
        ]
