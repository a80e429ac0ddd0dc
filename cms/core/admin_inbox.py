"""A listing of rows members write and officers only follow up (feedback, job applications).

Such rows are changed through their domain's services from one page per row (``detail``), never
through Wagtail's generic add, edit, copy, delete, history or usage views, and who sees them comes
from officer roles (the domain's permission policy), not from Django's model permissions. Each
domain's viewset names its model, menu, listing view and filters, and adds its own URLs.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.viewsets.model import ModelViewSet


class DetailURLFinder(ModelAdminURLFinder):
    """Where Wagtail links a row (its audit log, search): to its page, ``<viewset name>:detail``."""

    viewset_name = ""

    def construct_edit_url(self, instance):
        return reverse(f"{self.viewset_name}:detail", args=[instance.pk])


class OfficerInboxViewSet(ModelViewSet):
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 30

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
        # Rights come from officer roles (the domain's permissions module), not model permissions.
        return Permission.objects.none()

    def get_urlpatterns(self):
        """The listing; a domain adds its row page (``detail``) and its other pages."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
