"""Jobs (việc làm): employers as snippets, job postings as pages with schema.org JobPosting fields,
and members' applications for them with their history."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.core.pages import ContentPage, SectionPage
from cms.core.visibility import PUBLIC, AccessPolicy, PolicyQuerySet, Viewer
from cms.jobs.forms import EmployerForm
from search.normalize import fold

JOB_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


@register_snippet
class Employer(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    industry = models.CharField(
        _("industry"), max_length=120, blank=True, help_text=_("e.g. Electronics, Garments, Dairy")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    locality = models.CharField(
        _("district / commune"),
        max_length=120,
        blank=True,
        help_text=_("In Nghệ An, e.g. Hưng Nguyên, Nghi Lộc, Vinh."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("grassroots union"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The employer's grassroots trade union, if it has one."),
    )

    base_form_class = EmployerForm  # the employer's union in the organisation tree chooser
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("tax_code"), FieldPanel("industry")]),
        FieldPanel("address"),
        FieldPanel("locality"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("organisation"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locality"),
    ]

    access_policy = PUBLIC  # the employers directory is public

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    SEASONAL = "seasonal", _("Seasonal")
    SHIFT_WORK = "shift_work", _("Shift work")


# schema.org JobPosting.employmentType values.
SCHEMA_EMPLOYMENT_TYPES = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.SEASONAL: "TEMPORARY",
    EmploymentType.SHIFT_WORK: "FULL_TIME",
}


class JobIndexPage(SectionPage):
    subpage_types = ["jobs.JobPage"]

    class Meta:
        verbose_name = _("jobs section")


def open_q(today: date | None = None) -> Q:
    """Postings still taking applications: no deadline, or a deadline not yet passed."""
    today = today or timezone.localdate()
    return Q(valid_through__isnull=True) | Q(valid_through__gte=today)


class JobPage(ContentPage):
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="jobs"
    )
    street_address = models.CharField(
        _("workplace address"), max_length=255, help_text=_("e.g. KCN VSIP Nghệ An")
    )
    locality = models.CharField(_("district / commune"), max_length=120, help_text=_("e.g. Hưng Nguyên"))
    location_search = models.CharField(max_length=400, editable=False, default="", db_index=True)
    salary_min = models.PositiveIntegerField(_("minimum salary (VND per month)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("maximum salary (VND per month)"), null=True, blank=True)
    salary_negotiable = models.BooleanField(_("salary negotiable"), default=False)
    openings = models.PositiveSmallIntegerField(_("openings"), default=1)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    working_hours = models.CharField(
        _("working hours"), max_length=255, blank=True, help_text=_("e.g. 3 shifts, 8 hours, Sunday off")
    )
    requirements = RichTextField(_("requirements"), features=JOB_TEXT_FEATURES, blank=True)
    benefits = RichTextField(_("benefits"), features=JOB_TEXT_FEATURES, blank=True)
    how_to_apply = RichTextField(_("how to apply"), features=JOB_TEXT_FEATURES, blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True, help_text=_("Person, phone, e-mail"))
    valid_through = models.DateField(
        _("application deadline"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Last day applications are taken."),
    )

    content_panels = ContentPage.content_panels + [
        FieldPanel("employer"),
        MultiFieldPanel([FieldPanel("street_address"), FieldPanel("locality")], heading=_("Workplace")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("salary_min"), FieldPanel("salary_max")]),
                FieldPanel("salary_negotiable"),
            ],
            heading=_("Salary"),
        ),
        FieldRowPanel([FieldPanel("openings"), FieldPanel("employment_type")]),
        FieldPanel("working_hours"),
        FieldPanel("requirements"),
        FieldPanel("benefits"),
        FieldPanel("how_to_apply"),
        FieldPanel("contact"),
        FieldPanel("valid_through"),
    ]
    settings_panels = ContentPage.publishing_panels + Page.settings_panels
    search_fields = ContentPage.search_fields + [
        index.SearchField("requirements"),
        index.SearchField("locality"),
        index.FilterField("valid_through"),
        index.FilterField("employment_type"),
        index.RelatedFields("employer", [index.SearchField("name")]),
    ]
    parent_page_types = ["jobs.JobIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")

    def clean(self) -> None:
        super().clean()
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            raise ValidationError({"salary_max": _("The maximum salary must not be below the minimum.")})
        if self.openings is not None and self.openings < 1:
            raise ValidationError({"openings": _("A posting has at least one opening.")})

    def save(self, *args, **kwargs):
        # Folded once here so "hung nguyen" finds "Hưng Nguyên" on any database.
        self.location_search = fold(f"{self.street_address} {self.locality}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ("street_address" in update_fields or "locality" in update_fields):
            kwargs["update_fields"] = list({*update_fields, "location_search"})
        return super().save(*args, **kwargs)

    def is_open(self, today: date | None = None) -> bool:
        return self.valid_through is None or self.valid_through >= (today or timezone.localdate())


# --- Applications ------------------------------------------------------------------------------
#
# A member applies for a posting in the app (cms.jobs.services.apply_for_job); the officers of the
# union that published the posting follow the application up in the admin. Every write is a
# service of cms.jobs.services; who may read what is the access policy below and
# cms.jobs.permissions.


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("job application status", "Received")
    FORWARDED = "forwarded", pgettext_lazy("job application status", "Forwarded to the employer")
    INTERVIEW = "interview", pgettext_lazy("job application status", "Interview")
    HIRED = "hired", pgettext_lazy("job application status", "Hired")
    NOT_SELECTED = "not_selected", pgettext_lazy("job application status", "Not selected")
    WITHDRAWN = "withdrawn", pgettext_lazy("job application status", "Withdrawn")


# Statuses nothing leaves (the workflow itself is cms.jobs.services.TRANSITIONS).
FINAL_APPLICATION_STATUSES: frozenset[str] = frozenset(
    {ApplicationStatus.HIRED, ApplicationStatus.NOT_SELECTED, ApplicationStatus.WITHDRAWN}
)
# Statuses in which the employer holds the application: only then do the member's phone number
# and CV go into the export for the employer (cms.jobs.services.export_rows).
SHARED_WITH_EMPLOYER_STATUSES: frozenset[str] = frozenset(
    {ApplicationStatus.FORWARDED, ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED}
)


class ApplicationPolicy(AccessPolicy):
    """Applications, and their history, for whom: the applicant, and the officers who manage them.

    ``prefix`` reaches the application from a related row (``application__`` for its events).
    Officers: superusers, and editors of the organisation that published the posting or one
    above it (cms.jobs.permissions), never for their own application.
    """

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def visible(self, queryset, viewer: Viewer):
        if viewer.user_id is None:
            return queryset.none()
        from cms.jobs.permissions import officer_q

        own = Q(**{f"{self.prefix}applicant_id": viewer.user_id})
        officer = officer_q(viewer, self.prefix)
        if officer is None:
            return queryset
        return queryset.filter(own | officer)

    def is_visible(self, obj, viewer: Viewer) -> bool:
        return self.visible(type(obj)._default_manager.filter(pk=obj.pk), viewer).exists()


def _keep_name(instance, filename: str) -> str:
    # The services name every file (cms.core.uploads.private_name): nothing a client sent.
    return filename


class JobApplication(models.Model):
    """A member's application for one job posting: one per member and posting, ever.

    A withdrawn application is final and still counts: the member cannot apply for the same
    posting again (the union has already seen it, and perhaps sent it to the employer).
    """

    job = models.ForeignKey(
        JobPage, on_delete=models.CASCADE, related_name="applications", verbose_name=_("job posting")
    )
    # An application is the member's own data: it goes when they do (the admin never deletes
    # members, it deactivates them; this is for a person's data being erased).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="job_applications",
        verbose_name=_("applicant"),
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="job_applications", verbose_name=_("member")
    )
    message = models.TextField(_("message to the union"), blank=True)
    cv = models.FileField(_("CV"), upload_to=_keep_name, max_length=255, blank=True)
    cv_name = models.CharField(_("CV file name"), max_length=120, blank=True)
    cv_content_type = models.CharField(_("CV content type"), max_length=64, blank=True)
    cv_size = models.PositiveIntegerField(_("CV size"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED
    )
    # The first time an officer forwarded it to the employer.
    forwarded_at = models.DateTimeField(_("forwarded to the employer at"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PolicyQuerySet.as_manager()
    access_policy = ApplicationPolicy()

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "applicant"], name="job_application_one_per_member"),
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="job_application_one_per_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="job_application_applicant_idx"),
            models.Index(fields=["job", "status"], name="job_application_job_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} — {self.job.title}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_APPLICATION_STATUSES

    @property
    def shared_with_employer(self) -> bool:
        return self.status in SHARED_WITH_EMPLOYER_STATUSES


class JobApplicationEvent(models.Model):
    """One step of an application's history: the status it took, who did it, when.

    ``note`` is the officer's, for the officers: the member's app never receives it.
    """

    application = models.ForeignKey(
        JobApplication, on_delete=models.CASCADE, related_name="events", verbose_name=_("job application")
    )
    status = models.CharField(_("status"), max_length=16, choices=ApplicationStatus.choices)
    note = models.TextField(_("officer's note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = PolicyQuerySet.as_manager()
    access_policy = ApplicationPolicy("application__")

    class Meta:
        verbose_name = _("job application event")
        verbose_name_plural = _("job application events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["application", "at"], name="job_application_event_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} — {self.at:%d/%m/%Y %H:%M}"
