"""Admin views for members: list and search, create, edit, deactivate, import.

An officer sees and manages only the members of their subtrees (``cms.organisations.permissions``);
a direct URL to anyone else's member answers 404.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permissions import policy_registry

from cms.core.admin_views import (
    AdminFormView,
    ScopedIndexMixin,
    ScopedObjectMixin,
    ServiceFormMixin,
    date_column,
)
from cms.members import importer, services
from cms.members.forms import DeactivateMemberForm, MemberImportForm
from cms.members.models import Member, MemberStatus
from cms.members.queries import search_members
from cms.organisations import permissions
from cms.organisations.models import Organisation


def _member_organisations(request):
    if request is None:
        return Organisation.objects.none()
    return permissions.organisations_managed_by(request.user, permissions.MEMBER_ROLES)


class MemberFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Organisation"),
        queryset=_member_organisations,
        method="filter_organisation",
        help_text=gettext_lazy("Members of this organisation and of those below it."),
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=MemberStatus.choices)

    class Meta:
        model = Member
        fields = ["organisation", "status"]

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(organisation__path__startswith=value.path)


class MemberIndexView(ScopedIndexMixin, generic.IndexView):
    search_fields = ["search_name", "phone"]
    default_ordering = "search_name"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")

    def get_ordering(self):
        # A search lists the closest names first (no column shows as sorted) until the officer
        # sorts by a column.
        if self.is_searching and not self.is_explicitly_ordered:
            return None
        return super().get_ordering()

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or "search_name", "pk")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_members(queryset, self.search_query, rank=self.ordering is None)

    @cached_property
    def columns(self):
        title = self._get_title_column("full_name")
        title.sort_key = "search_name"  # the folded name sorts Vietnamese names alphabetically
        return [
            title,
            Column("phone", label=gettext_lazy("Phone number")),
            Column("organisation", label=gettext_lazy("Grassroots union")),
            Column("card_number", label=gettext_lazy("Union card number")),
            Column("get_status_display", label=gettext_lazy("Status")),
            date_column("joined_on", gettext_lazy("Joined on")),
        ]

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.user_has_permission("add"):
            buttons.append(HeaderButton(_("Import"), url=reverse("member:import"), icon_name="upload"))
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_active:
            buttons.append(
                Button(
                    _("Deactivate"),
                    url=reverse("member:deactivate", args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class MemberCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        data = dict(self.form.cleaned_data)
        return services.create_member(
            by=self.request.user,
            full_name=data.pop("full_name"),
            phone=data.pop("phone"),
            organisation=data.pop("organisation"),
            password=data.pop("password") or None,
            **data,
        )


class MemberEditView(ServiceFormMixin, ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        data = dict(self.form.cleaned_data)
        stored = Member.objects.get(pk=self.object.pk)
        return services.update_member(
            stored, by=self.request.user, organisation=data.pop("organisation"), **data
        )

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.object.is_active:
            buttons.append(
                Button(
                    _("Deactivate"),
                    url=reverse("member:deactivate", args=[self.object.pk]),
                    icon_name="cross",
                )
            )
        return buttons


class MemberDeactivateView(AdminFormView):
    form_class = DeactivateMemberForm
    page_title = gettext_lazy("Deactivate member")
    submit_button_label = gettext_lazy("Deactivate")
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        scoped = policy_registry.get_by_type(Member).instances_user_has_any_permission_for(
            request.user, ["change"]
        )
        self.member = get_object_or_404(scoped, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.member)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("member:index"), "label": _("Members")},
            {"url": reverse("member:edit", args=[self.member.pk]), "label": str(self.member)},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        services.deactivate_member(self.member, by=self.request.user, status=form.cleaned_data["status"])
        messages.success(
            self.request,
            _("%(member)s is now “%(status)s”.")
            % {"member": self.member, "status": self.member.get_status_display()},
        )
        return redirect("member:index")


class MemberImportView(AdminFormView):
    form_class = MemberImportForm
    template_name = "members/admin/import.html"
    page_title = gettext_lazy("Import members")
    submit_button_label = gettext_lazy("Import")
    submit_button_active_label = gettext_lazy("Importing…")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not policy_registry.get_by_type(Member).user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("member:index"), "label": _("Members")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_xlsx_url"] = reverse("member:import_template") + "?format=xlsx"
        context["template_csv_url"] = reverse("member:import_template") + "?format=csv"
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        report = importer.import_members(
            upload.file,  # read lazily, row by row: never whole
            upload.name,
            by=self.request.user,
            default_organisation=form.cleaned_data["organisation"],
            update_existing=form.cleaned_data["update_existing"],
        )
        if report.ok:
            messages.success(
                self.request,
                _("Imported %(created)d new members and updated %(updated)d existing members.")
                % {"created": report.created, "updated": report.updated},
            )
        else:
            messages.error(self.request, _("Nothing was imported: correct the file and upload it again."))
        return self.render_to_response(self.get_context_data(form=form, report=report))


class MemberImportTemplateView(View):
    def get(self, request):
        if not policy_registry.get_by_type(Member).user_has_permission(request.user, "add"):
            raise PermissionDenied
        if request.GET.get("format") == "csv":
            response = HttpResponse(importer.template_csv(), content_type="text/csv; charset=utf-8")
            filename = "mau-danh-sach-doan-vien.csv"
        else:
            response = HttpResponse(
                importer.template_xlsx(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            filename = "mau-danh-sach-doan-vien.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
