"""Admin views for the union tree, its history and its officers.

Every view reads through the model's permission policy (``cms.organisations.permissions``):
listings show only the rows of the user's subtrees, and a direct URL to a row outside them
answers 404. Writes go through ``cms.organisations.services``.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry

from cms.core.admin_views import (
    AdminFormView,
    ScopedIndexMixin,
    ScopedObjectMixin,
    ServiceFormMixin,
    date_column,
)
from cms.core.errors import ServiceError, ServiceErrors
from cms.core.forms import add_service_errors
from cms.members.queries import active_member_counts
from cms.organisations import permissions, services
from cms.organisations.forms import DissolveForm, MergeForm, ReparentForm
from cms.organisations.models import (
    ChangeKind,
    Officer,
    OfficerRole,
    Organisation,
    OrganisationChange,
)
from search.query import matching_q

# --- Organisations ---------------------------------------------------------------------------


class TreeTitleColumn(TitleColumn):
    """The organisation's name, indented by its depth in the tree."""

    def get_value(self, instance):
        return format_html(
            '<span class="org-tree-name" data-depth="{}" style="padding-inline-start: {}em">{}</span>',
            instance.depth,
            f"{(instance.depth - 1) * 1.5:g}",
            instance.name,
        )


class OrganisationIndexView(ScopedIndexMixin, generic.IndexView):
    search_fields = ["search_name"]
    default_ordering = "path"
    paginate_by = 50

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        # The page's subtree counts in one query, whatever the number of rows.
        organisations = list(object_list)
        counts = active_member_counts(organisations)
        for organisation in organisations:
            organisation.active_members_in_subtree = counts[organisation.pk]
        page.object_list = organisations
        return paginator, page, organisations, is_paginated

    def order_queryset(self, queryset):
        # Tree order is the order: parents before children, siblings alphabetically.
        return queryset.order_by("path")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query
        return queryset.filter(matching_q("organisation", query) | Q(code__iexact=query.strip()))

    @cached_property
    def columns(self):
        return [
            self._get_title_column("name", column_class=TreeTitleColumn),
            Column("code", label=gettext_lazy("Code")),
            Column("get_level_display", label=gettext_lazy("Level")),
            Column("get_status_display", label=gettext_lazy("Status")),
            Column(
                "active_members_in_subtree",
                label=gettext_lazy("Active members (including the unions below)"),
                classname="org-active-members",
            ),
        ]

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        column = super()._get_custom_column(field_name, column_class, **kwargs)
        column.sort_key = None
        return column

    @cached_property
    def structure_roots(self):
        return permissions.role_root_paths(self.request.user, permissions.STRUCTURE_ROLES)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons += organisation_action_buttons(instance, self.request.user, self.structure_roots)
        return buttons


def organisation_action_buttons(organisation, user, roots=None) -> list[Button]:
    buttons = []
    if organisation.is_active and permissions.can_restructure(user, organisation, roots=roots):
        for name, label, icon in (
            ("reparent", pgettext_lazy("organisation", "Move"), "arrow-right-full"),
            ("merge", gettext_lazy("Merge"), "resubmit"),
            ("dissolve", gettext_lazy("Dissolve"), "cross"),
        ):
            buttons.append(
                Button(
                    label,
                    url=reverse(f"organisation:{name}", args=[organisation.pk]),
                    icon_name=icon,
                    priority=40,
                )
            )
    buttons.append(
        Button(
            gettext_lazy("History"),
            url=reverse("organisationchange:index") + f"?organisation={organisation.pk}",
            icon_name="history",
            priority=50,
        )
    )
    buttons.append(
        Button(
            gettext_lazy("Members"),
            url=reverse("member:index") + f"?organisation={organisation.pk}",
            icon_name="group",
            priority=60,
        )
    )
    return buttons


class OrganisationCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        data = dict(self.form.cleaned_data)
        parent = data.pop("parent")
        return services.create_organisation(parent, by=self.request.user, **data)


class OrganisationEditView(ServiceFormMixin, ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        data = dict(self.form.cleaned_data)
        name = data.pop("name")
        stored = Organisation.objects.get(pk=self.object.pk)
        if name != stored.name:
            services.rename(stored, name, by=self.request.user)
        return services.update_organisation(stored, by=self.request.user, **data)

    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + organisation_action_buttons(self.object, self.request.user)


class OrganisationChangeFormView(AdminFormView):
    """Move, merge or dissolve one organisation, through the service of the same name."""

    header_icon = "sitemap"
    service_name = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        policy = policy_registry.get_by_type(Organisation)
        scoped = policy.instances_user_has_any_permission_for(request.user, ["change"])
        self.organisation = get_object_or_404(scoped, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_restructure(request.user, self.organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation, "user": self.request.user}

    def get_page_subtitle(self):
        return self.organisation.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("organisation:index"), "label": _("Organisations")},
            {"url": "", "label": self.get_page_title()},
        ]

    def call_service(self, form) -> OrganisationChange:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            change = self.call_service(form)
        except (ServiceError, ServiceErrors) as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if change.is_scheduled:
            messages.success(
                self.request,
                _("Scheduled for %(date)s: %(change)s, “%(name)s”.")
                % {
                    "change": change.get_kind_display(),
                    "name": self.organisation.name,
                    "date": f"{change.effective_on:%d/%m/%Y}",
                },
            )
        else:
            messages.success(
                self.request,
                _("%(change)s: “%(name)s”.")
                % {"change": change.get_kind_display(), "name": self.organisation.name},
            )
        return redirect("organisation:index")

    def form_invalid(self, form):
        messages.validation_error(self.request, _("The change could not be made due to errors."), form)
        return super().form_invalid(form)


class ReparentView(OrganisationChangeFormView):
    form_class = ReparentForm
    page_title = gettext_lazy("Move organisation")
    submit_button_label = pgettext_lazy("organisation", "Move")

    def call_service(self, form):
        data = form.cleaned_data
        return services.reparent(
            self.organisation,
            data["new_parent"],
            data["effective_on"],
            by=self.request.user,
            note=data["note"],
        )


class MergeView(OrganisationChangeFormView):
    form_class = MergeForm
    page_title = gettext_lazy("Merge organisation")
    submit_button_label = gettext_lazy("Merge")

    def call_service(self, form):
        data = form.cleaned_data
        return services.merge(
            self.organisation, data["into"], data["effective_on"], by=self.request.user, note=data["note"]
        )


class DissolveView(OrganisationChangeFormView):
    form_class = DissolveForm
    page_title = gettext_lazy("Dissolve organisation")
    submit_button_label = gettext_lazy("Dissolve")

    def call_service(self, form):
        data = form.cleaned_data
        return services.dissolve(
            self.organisation, data["effective_on"], by=self.request.user, note=data["note"]
        )


# --- History ---------------------------------------------------------------------------------


def _structure_organisations(request):
    if request is None:
        return Organisation.objects.none()
    return permissions.organisations_managed_by(request.user, permissions.STRUCTURE_ROLES)


class ChangeState:
    SCHEDULED = "scheduled"
    APPLIED = "applied"
    CANCELLED = "cancelled"
    choices = [
        (SCHEDULED, gettext_lazy("Scheduled")),
        (APPLIED, gettext_lazy("Applied")),
        (CANCELLED, gettext_lazy("Cancelled")),
    ]


class OrganisationChangeFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Organisation"), queryset=_structure_organisations, method="filter_organisation"
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=ChangeKind.choices)
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=ChangeState.choices, method="filter_state"
    )

    class Meta:
        model = OrganisationChange
        fields = ["organisation", "kind", "state"]

    def filter_organisation(self, queryset, name, value):
        # The history of an organisation includes the moves into and out of it.
        return queryset.filter(
            Q(organisation=value) | Q(old_parent=value) | Q(new_parent=value) | Q(merged_into=value)
        )

    def filter_state(self, queryset, name, value):
        if value == ChangeState.SCHEDULED:
            return queryset.filter(applied_at__isnull=True, cancelled_at__isnull=True)
        if value == ChangeState.APPLIED:
            return queryset.filter(applied_at__isnull=False)
        return queryset.filter(cancelled_at__isnull=False)


def describe_change(change: OrganisationChange) -> str:
    if change.kind == ChangeKind.REPARENTED:
        return _("%(old)s → %(new)s") % {"old": change.old_parent or "—", "new": change.new_parent or "—"}
    if change.kind == ChangeKind.MERGED:
        return _("into %(into)s") % {"into": change.merged_into}
    if change.kind == ChangeKind.RENAMED:
        return _("“%(old)s” → “%(new)s”") % {"old": change.old_name, "new": change.new_name}
    if change.kind == ChangeKind.CREATED and change.new_parent:
        return _("under %(parent)s") % {"parent": change.new_parent}
    return ""


def change_state_label(change: OrganisationChange) -> str:
    if change.cancelled_at:
        return _("Cancelled")
    if change.applied_at:
        return _("Applied")
    return _("Scheduled")


class OrganisationChangeIndexView(ScopedIndexMixin, generic.IndexView):
    default_ordering = "-effective_on"
    paginate_by = 50

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("organisation", "old_parent", "new_parent", "merged_into", "recorded_by")
        )

    def order_queryset(self, queryset):
        return queryset.order_by("-effective_on", "-recorded_at", "-pk")

    @cached_property
    def columns(self):
        return [
            TitleColumn("organisation", label=gettext_lazy("Organisation"), get_url=lambda change: None),
            Column("get_kind_display", label=gettext_lazy("Change")),
            date_column("effective_on", gettext_lazy("Effective on")),
            Column("details", label=gettext_lazy("Details"), accessor=describe_change),
            Column("note", label=gettext_lazy("Note")),
            Column("recorded_by", label=gettext_lazy("Recorded by")),
            Column("state", label=gettext_lazy("State"), accessor=change_state_label),
            Column(
                "cancel",
                label="",
                accessor=lambda change: (
                    format_html(
                        '<a class="button button-small button-secondary" href="{}">{}</a>',
                        reverse("organisationchange:cancel", args=[change.pk]),
                        _("Cancel"),
                    )
                    if change.is_scheduled
                    else ""
                ),
            ),
        ]


class CancelChangeView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "organisations/admin/confirm_cancel_change.html"
    page_title = gettext_lazy("Cancel a scheduled change")
    header_icon = "history"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        policy = policy_registry.get_by_type(OrganisationChange)
        scoped = policy.instances_user_has_any_permission_for(request.user, ["change"])
        self.change = get_object_or_404(scoped, pk=kwargs["pk"])
        if not self.change.is_scheduled:
            raise Http404

    def get_page_subtitle(self):
        return str(self.change)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "change": self.change,
            "details": describe_change(self.change),
        }

    def post(self, request, *args, **kwargs):
        services.cancel_change(self.change, by=request.user)
        messages.success(request, _("The scheduled change was cancelled."))
        return redirect("organisationchange:index")


# --- Officers --------------------------------------------------------------------------------


class OfficerFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Organisation"), queryset=_structure_organisations
    )
    role = django_filters.ChoiceFilter(label=gettext_lazy("Role"), choices=OfficerRole.choices)
    current = django_filters.BooleanFilter(label=gettext_lazy("Current roles only"), method="filter_current")

    class Meta:
        model = Officer
        fields = ["organisation", "role", "current"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = Officer.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class OfficerIndexView(ScopedIndexMixin, generic.IndexView):
    search_fields = ["user__username"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "organisation")

    def order_queryset(self, queryset):
        return queryset.order_by("organisation__path", "role", "-started_on", "pk")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | matching_q("member", query, "user__member__pk")
        )

    @cached_property
    def columns(self):
        title = self._get_title_column("user")
        title.sort_key = None
        return [
            title,
            Column("get_role_display", label=gettext_lazy("Role")),
            Column("organisation", label=gettext_lazy("Organisation")),
            Column("title", label=pgettext_lazy("officer", "Title")),
            date_column("started_on", gettext_lazy("Started on")),
            date_column("ended_on", gettext_lazy("Ended on")),
        ]


class OfficerCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.assign_officer_role(
            data["user"],
            data["organisation"],
            data["role"],
            by=self.request.user,
            title=data["title"],
            started_on=data["started_on"],
        )


class OfficerEditView(ServiceFormMixin, ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        stored = Officer.objects.get(pk=self.object.pk)
        officer = services.update_officer_role(stored, title=data["title"], by=self.request.user)
        if data["ended_on"] and data["ended_on"] != stored.ended_on:
            officer = services.end_officer_role(officer, data["ended_on"], by=self.request.user)
        return officer
