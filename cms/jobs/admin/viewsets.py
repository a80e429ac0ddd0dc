"""The job applications viewset: the listing at /admin/job-applications/ (menu "Đơn ứng tuyển")
and one application at /admin/job-applications/<pk>/.

Applications are written by members and changed only through the status form (the services):
no add, edit, copy, delete or Wagtail history view exists for them.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import pgettext_lazy
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.viewsets.model import ModelViewSet

from cms.jobs.admin import views
from cms.jobs.models import JobApplication


class JobApplicationURLFinder(ModelAdminURLFinder):
    def construct_edit_url(self, instance):
        return reverse("job_applications:detail", args=[instance.pk])


class JobApplicationViewSet(ModelViewSet):
    model = JobApplication
    name = "job_applications"
    url_prefix = "job-applications"
    icon = "user"
    menu_label = pgettext_lazy("admin menu", "Job applications")
    menu_order = 280
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = views.JobApplicationIndexView
    filterset_class = views.JobApplicationFilterSet
    list_per_page = 30
    url_finder_class = JobApplicationURLFinder

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
        # Rights come from officer roles (cms.jobs.permissions), not model permissions.
        return Permission.objects.none()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", views.JobApplicationDetailView.as_view(), name="detail"),
        ]
