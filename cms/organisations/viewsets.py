"""Wagtail viewsets for the union tree, its history and its officers (registered in wagtail_hooks)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from cms.organisations import forms, views
from cms.organisations.models import Officer, Organisation, OrganisationChange


class ScopedModelViewSet(ModelViewSet):
    """List, add and edit, nothing else: rows of the tree are never deleted, copied or inspected.

    Wagtail's history, usage and delete views load any row by its id; leaving them out keeps
    every URL behind the subtree-scoped views of this project.
    """

    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    add_form_class = None
    edit_form_class = None

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(delete_url_name=None, history_url_name=None, usage_url_name=None)
        return view_kwargs

    def get_form_class(self, for_update=False):
        return self.edit_form_class if for_update else self.add_form_class

    def get_permissions_to_register(self):
        # Rights come from officer roles (cms.organisations.permissions), not model permissions.
        return Permission.objects.none()

    def get_extra_urlpatterns(self) -> list:
        return []

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
            *self.get_extra_urlpatterns(),
        ]


class OrganisationViewSet(ScopedModelViewSet):
    model = Organisation
    name = "organisation"
    url_prefix = "organisations"
    icon = "sitemap"
    menu_label = _("Organisations")
    menu_order = 100
    index_view_class = views.OrganisationIndexView
    add_view_class = views.OrganisationCreateView
    edit_view_class = views.OrganisationEditView
    add_form_class = forms.OrganisationCreateForm
    edit_form_class = forms.OrganisationEditForm
    list_filter = ["level", "status"]
    list_per_page = 50

    def get_extra_urlpatterns(self):
        return [
            path("move/<int:pk>/", self.construct_view(views.ReparentView), name="reparent"),
            path("merge/<int:pk>/", self.construct_view(views.MergeView), name="merge"),
            path("dissolve/<int:pk>/", self.construct_view(views.DissolveView), name="dissolve"),
        ]


class OrganisationChangeViewSet(ScopedModelViewSet):
    """The tree's history: read-only, except cancelling a change still scheduled."""

    model = OrganisationChange
    name = "organisationchange"
    url_prefix = "organisation-changes"
    icon = "history"
    menu_label = _("Organisation history")
    menu_order = 110
    index_view_class = views.OrganisationChangeIndexView
    filterset_class = views.OrganisationChangeFilterSet
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("cancel/<int:pk>/", self.construct_view(views.CancelChangeView), name="cancel"),
        ]

    def register_admin_url_finder(self):
        pass  # no edit view to point at


class OfficerViewSet(ScopedModelViewSet):
    model = Officer
    name = "officer"
    url_prefix = "officers"
    icon = "user"
    menu_label = _("Officer roles")
    menu_order = 120
    index_view_class = views.OfficerIndexView
    add_view_class = views.OfficerCreateView
    edit_view_class = views.OfficerEditView
    add_form_class = forms.OfficerAssignForm
    edit_form_class = forms.OfficerEditForm
    filterset_class = views.OfficerFilterSet


class UnionViewSetGroup(ModelViewSetGroup):
    items = (OrganisationViewSet, OrganisationChangeViewSet, OfficerViewSet)
    menu_label = _("Union")
    menu_icon = "sitemap"
    menu_order = 250
