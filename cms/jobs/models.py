"""Jobs (việc làm): employers as snippets, job postings as pages with schema.org JobPosting fields."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.core.pages import ContentPage, SectionPage
from cms.core.visibility import PUBLIC
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
