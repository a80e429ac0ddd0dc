"""The feedback inbox: what is routed into the officer's subtrees (or forwarded up from them),
filtered, searched without accents, sorted by dates, and exported without the member's identity.

The listing never shows who sent a feedback: only its thread does, to those who may handle it.
"""

from __future__ import annotations

import datetime

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets import BooleanRadioSelect

from cms.feedback import services
from cms.feedback.admin.search import search_feedback
from cms.feedback.models import Feedback, FeedbackCategory, FeedbackStatus
from cms.feedback.permissions import HANDLING_ROLES, feedback_for_officer
from cms.organisations.forms import OrganisationChoiceField
from cms.organisations.models import Organisation
from cms.organisations.permissions import organisations_managed_by


def _handling_organisations(request):
    if request is None:
        return Organisation.objects.none()
    return organisations_managed_by(request.user, HANDLING_ROLES)


class OrganisationFilter(django_filters.ModelChoiceFilter):
    field_class = OrganisationChoiceField  # tree order, indented by depth


class FeedbackFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FeedbackStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=FeedbackCategory.choices)
    organisation = OrganisationFilter(
        label=_("Organisation"),
        queryset=_handling_organisations,
        method="filter_organisation",
        help_text=_("Feedback routed to this organisation or to those below it."),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=BooleanRadioSelect
    )
    mine = django_filters.BooleanFilter(
        label=_("Assigned to me"), method="filter_mine", widget=BooleanRadioSelect
    )

    class Meta:
        model = Feedback
        fields = ["status", "category", "organisation", "overdue", "mine"]

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(organisation__path__startswith=value.path)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Feedback.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_mine(self, queryset, name, value):
        if value is None or self.request is None:
            return queryset
        mine = {"handler_id": self.request.user.pk}
        return queryset.filter(**mine) if value else queryset.exclude(**mine)


def local_datetime(value: datetime.datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


def handler_name(feedback: Feedback) -> str:
    handler = feedback.handler
    return (handler.get_full_name() or handler.get_username()) if handler else ""


class StatusColumn(Column):
    """The status as a tag, and an "overdue" flag beside it."""

    cell_template_name = "feedback/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue
        return context


class DueColumn(Column):
    cell_template_name = "feedback/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue
        return context


def _yes_no(value) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: the time as officers read it, in the site's zone."""
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class FeedbackIndexView(generic.IndexView):
    search_fields = ["reference", "title", "description"]  # see search_queryset
    default_ordering = "-submitted_at"
    page_title = _("Feedback")
    header_icon = "mail"
    # Exports are services.export_rows: no submitter, member, name, phone, nor description.
    list_export = [name for name, _heading in services.EXPORT_FIELDS]
    export_headings = dict(services.EXPORT_FIELDS)
    export_filename = "phan-anh-kien-nghi"
    custom_field_preprocess = {"overdue": {"csv": _yes_no, "xlsx": _yes_no}}
    custom_value_preprocess = {
        datetime.datetime: {"csv": local_datetime, "xlsx": _local_naive},
        list: {"csv": str, "xlsx": str},
    }

    def get_base_queryset(self):
        # What the officer may read: routed into their subtrees, or forwarded up from them.
        return feedback_for_officer(self.request.user).select_related("organisation", "handler")

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or self.default_ordering, "-pk")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_feedback(queryset, self.search_query)

    def get_edit_url(self, instance):
        return reverse("feedback:detail", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []  # the reference opens the thread, where every action is

    @cached_property
    def columns(self):
        reference = self._get_title_column("reference", classname="w-whitespace-nowrap")
        reference.label, reference.sort_key = _("Reference"), None
        return [
            reference,
            Column("title", label=_("Title"), width="25%"),
            Column("get_category_display", label=_("Category")),
            Column("organisation", label=_("Routed to")),
            StatusColumn("get_status_display", label=_("Status"), width="12%"),
            Column("handler", label=_("Handler"), accessor=handler_name),
            Column(
                "submitted_at",
                label=_("Submitted at"),
                sort_key="submitted_at",
                accessor=lambda f: local_datetime(f.submitted_at),
            ),
            DueColumn(
                "due_at",
                label=_("Answer due by"),
                sort_key="due_at",
                accessor=lambda f: local_datetime(f.due_at),
            ),
        ]

    # --- export: the service's rows, never the listing's objects --------------------------

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(services.export_rows(queryset), spreadsheet_format)

    def to_row_dict(self, item):
        return {name: item[name] for name in self.list_export}
