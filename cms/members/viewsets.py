"""The Wagtail viewset for members (registered in wagtail_hooks)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cms.members import forms, views
from cms.members.models import Member
from cms.organisations.viewsets import ScopedModelViewSet


class MemberViewSet(ScopedModelViewSet):
    model = Member
    name = "member"
    url_prefix = "members"
    icon = "group"
    menu_label = _("Members")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = views.MemberIndexView
    add_view_class = views.MemberCreateView
    edit_view_class = views.MemberEditView
    add_form_class = forms.MemberCreateForm
    edit_form_class = forms.MemberEditForm
    filterset_class = views.MemberFilterSet
    list_per_page = 50

    def get_extra_urlpatterns(self):
        return [
            path("deactivate/<int:pk>/", self.construct_view(views.MemberDeactivateView), name="deactivate"),
            path("import/", self.construct_view(views.MemberImportView), name="import"),
            path("import/template/", views.MemberImportTemplateView.as_view(), name="import_template"),
        ]
