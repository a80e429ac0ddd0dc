"""Job applications in the admin: the listing (filter by posting and status), one application
with its status form, and the export for the employer.

An officer reads who applied (name, union, message) as soon as the application arrives, and its
phone number and CV, which they need to follow it up. The **employer** receives only the export,
and the export carries the phone number and the CV link only for applications forwarded to it
(``services.export_rows``): the listing and the application's page say so beside each one.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.errors import ServiceError
from cms.core.files import file_url
from cms.core.forms import add_service_errors
from cms.jobs import services
from cms.jobs.models import ApplicationStatus, JobApplication, JobPage
from cms.jobs.permissions import applications_for_officer


def _managed_jobs(request) -> QuerySet[JobPage]:
    """The postings that have applications the officer manages (the job filter's choices)."""
    if request is None:
        return JobPage.objects.none()
    managed = applications_for_officer(request.user).values("job_id")
    return JobPage.objects.filter(pk__in=managed).order_by("title", "pk")


class JobApplicationFilterSet(WagtailFilterSet):
    job = django_filters.ModelChoiceFilter(label=_("Job posting"), queryset=_managed_jobs)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ApplicationStatus.choices)

    class Meta:
        model = JobApplication
        fields = ["job", "status"]


def local_datetime(value: datetime.datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: the time as officers read it, in the site's zone."""
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def _yes_no(value) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def employer_sees(application: JobApplication) -> str:
    """What the employer's export holds of this application, in words."""
    if application.shared_with_employer:
        return gettext("Name, phone number and CV")
    return gettext("Not forwarded: no phone number or CV")


class JobApplicationIndexView(generic.IndexView):
    search_fields = None
    default_ordering = "-created_at"
    page_title = _("Job applications")
    header_icon = "user"
    # The export is services.export_rows: phone and CV only for what the employer holds.
    list_export = [name for name, _heading in services.EXPORT_FIELDS]
    export_headings = dict(services.EXPORT_FIELDS)
    export_filename = "don-ung-tuyen"
    custom_field_preprocess = {"forwarded": {"csv": _yes_no, "xlsx": _yes_no}}
    custom_value_preprocess = {
        datetime.datetime: {"csv": local_datetime, "xlsx": _local_naive},
    }

    def get_base_queryset(self):
        return applications_for_officer(self.request.user).select_related("job__employer", "member")

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or self.default_ordering, "-pk")

    def get_edit_url(self, instance):
        return reverse("job_applications:detail", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []  # the name opens the application, where its status is changed

    @cached_property
    def columns(self):
        name = self._get_title_column("member", accessor=lambda a: a.member.full_name)
        name.label, name.sort_key = _("Applicant"), None
        return [
            name,
            Column("job", label=_("Job posting"), accessor=lambda a: a.job.title, width="25%"),
            Column("employer", label=_("Employer"), accessor=lambda a: a.job.employer.name),
            Column("status", label=_("Status"), accessor=lambda a: a.get_status_display()),
            Column("employer_sees", label=_("In the export for the employer"), accessor=employer_sees),
            Column(
                "created_at",
                label=_("Applied at"),
                sort_key="created_at",
                accessor=lambda a: local_datetime(a.created_at),
            ),
        ]

    # --- export: the service's rows, never the listing's objects --------------------------

    def cv_link(self, application: JobApplication) -> str:
        url = file_url(application.cv, private=True, ttl=services.EXPORT_CV_LINK_TTL)
        return self.request.build_absolute_uri(url)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = services.export_rows(queryset, cv_link=self.cv_link)
        return super().as_spreadsheet(rows, spreadsheet_format)

    def to_row_dict(self, item):
        return {name: item[name] for name in self.list_export}


class StatusForm(forms.Form):
    """The next status (only those the workflow allows from here) and a note for the officers."""

    status = forms.ChoiceField(label=_("New status"), choices=())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the officers only: the member does not see it."),
    )

    def __init__(self, *args, application: JobApplication, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, ApplicationStatus(status).label)
            for status in services.allowed_officer_statuses(application)
        ]


class JobApplicationDetailView(WagtailAdminTemplateMixin, TemplateView):
    """One application: the member, the message, the CV, its history, and the status form."""

    template_name = "jobs/admin/application.html"
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        managed = applications_for_officer(request.user).select_related(
            "job__employer", "job__organisation", "member__organisation"
        )
        self.application = get_object_or_404(managed, pk=kwargs["pk"])

    def get_page_title(self):
        return self.application.member.full_name

    def get_page_subtitle(self):
        return self.application.job.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("job_applications:index"), "label": _("Job applications")},
            {"url": "", "label": self.get_page_title()},
        ]

    def history(self) -> list[dict]:
        events = self.application.events.select_related("actor").order_by("at", "pk")
        return [
            {
                "status": event.get_status_display(),
                "at": event.at,
                "by": (
                    gettext("Member")
                    if event.actor_id == self.application.applicant_id
                    else (event.actor.get_full_name() or event.actor.get_username())
                    if event.actor
                    else ""
                ),
                "note": event.note,
            }
            for event in events
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        if form is None and services.allowed_officer_statuses(application):
            form = StatusForm(application=application)
        context.update(
            application=application,
            member=application.member,
            cv_url=file_url(application.cv, private=True) if application.cv else None,
            history=self.history(),
            form=form,
            media=form.media if form else forms.Media(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = StatusForm(request.POST, application=self.application)
        if form.is_valid():
            try:
                services.change_application_status(
                    request.user, self.application, form.cleaned_data["status"], form.cleaned_data["note"]
                )
            except ServiceError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, gettext("The application's status was changed."))
                return HttpResponseRedirect(reverse("job_applications:detail", args=[self.application.pk]))
        messages.error(request, gettext("Correct the errors below and try again."))
        self.application.refresh_from_db()
        return self.render_to_response(self.get_context_data(form=form))
