"""Job postings and employers as the apps see them; ``jsonLd`` gives the web its JobPosting markup.

A member's applications (``JobApplication``) are ``AccessControlled``: narrowed by the model's
access policy wherever they are read, so a member never sees another's application; their
history carries statuses and times, never the officers' notes.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
import strawberry_django
from django.db.models import Prefetch
from strawberry import relay
from strawberry.file_uploads import Upload

from cms.core.files import file_url
from cms.jobs import models
from cms.jobs.errors import JobErrorCode
from cms.jobs.jsonld import job_posting_json
from cms.jobs.services import TRANSITIONS
from graphql_api.core.caching import PERSONAL
from graphql_api.core.errors import error_type
from graphql_api.core.labels import choice_label
from graphql_api.core.media import ImageType
from graphql_api.core.nodes import ModelNode
from graphql_api.core.pages import ContentPageInterface, section_page_type
from graphql_api.core.richtext import rich_text_html
from graphql_api.core.visibility import AccessControlled, through_type
from graphql_api.organisations.types import OrganisationType

EmploymentType = strawberry.enum(models.EmploymentType, name="EmploymentType")
JobApplicationStatus = strawberry.enum(
    models.ApplicationStatus,
    name="JobApplicationStatus",
    description="Where a job application stands: RECEIVED by the union, FORWARDED to the employer, "
    "INTERVIEW, then HIRED or NOT_SELECTED; WITHDRAWN by the member. The last three are final.",
)
JobError = error_type("JobError", JobErrorCode)


@strawberry_django.type(models.Employer, name="Employer", description="A company that posts jobs.")
class EmployerType(ModelNode, relay.Node):
    name: str
    slug: str
    tax_code: str
    industry: str
    address: str
    locality: str
    website: str
    description: str
    logo: ImageType | None
    organisation: OrganisationType | None = strawberry_django.field(
        description="The employer's grassroots union, if any."
    )


@strawberry_django.type(models.JobPage, name="JobPage")
class JobPageType(ContentPageInterface):
    employer: EmployerType
    street_address: str
    locality: str
    salary_min: int | None = strawberry_django.field(description="VND per month.")
    salary_max: int | None = strawberry_django.field(description="VND per month.")
    salary_negotiable: bool
    openings: int
    employment_type: EmploymentType
    working_hours: str
    contact: str
    valid_through: date | None = strawberry_django.field(
        description="Application deadline (last day, inclusive)."
    )

    @strawberry_django.field(
        only=["employment_type"], description="The employment type's name in the request's language."
    )
    def employment_type_label(self) -> str:
        return choice_label(self, "employment_type")

    @strawberry_django.field(
        only=["valid_through"], description="Whether applications are still taken today."
    )
    def is_open(self) -> bool:
        return self.is_open()

    @strawberry_django.field(only=["requirements"], description="Requirements as HTML.")
    def requirements(self, info: strawberry.Info) -> str:
        return rich_text_html(self.requirements, info.context)

    @strawberry_django.field(only=["benefits"], description="Benefits as HTML.")
    def benefits(self, info: strawberry.Info) -> str:
        return rich_text_html(self.benefits, info.context)

    @strawberry_django.field(only=["how_to_apply"], description="How to apply, as HTML.")
    def how_to_apply(self, info: strawberry.Info) -> str:
        return rich_text_html(self.how_to_apply, info.context)

    @strawberry_django.field(
        prefetch_related=[lambda info: _my_applications(info)],
        description="The signed-in member's application for this posting, or null (also for guests).",
        metadata={PERSONAL: True},
    )
    def my_application(self, info: strawberry.Info) -> JobApplicationType | None:
        prefetched = getattr(self, "my_applications", None)
        if prefetched is None:
            prefetched = list(_my_applications_queryset(info).filter(job=self))
        return prefetched[0] if prefetched else None

    @strawberry_django.field(
        only=[
            "title",
            "summary",
            "first_published_at",
            "employment_type",
            "street_address",
            "locality",
            "openings",
            "valid_through",
            "salary_min",
            "salary_max",
            "working_hours",
            "requirements",
            "benefits",
            "how_to_apply",
            "employer__name",
            "employer__website",
            "employer__logo__file",
        ],
        select_related=["employer", "employer__logo"],
        description='schema.org JobPosting as a JSON-LD string, for <script type="application/ld+json"> on the web.',
    )
    def json_ld(self, info: strawberry.Info) -> str:
        logo = self.employer.logo
        return job_posting_json(
            self,
            logo_url=file_url(logo.file, private=False) if logo else None,
            rich_text=info.context.rich_text.render,
        )


@strawberry_django.type(
    models.JobApplicationEvent,
    name="JobApplicationEvent",
    description="One step of an application's history: the status it took and when.",
)
class JobApplicationEventType(AccessControlled):
    status: JobApplicationStatus
    at: datetime

    @strawberry_django.field(only=["status"], description="The status's name in the request's language.")
    def status_label(self) -> str:
        return choice_label(self, "status")


@strawberry_django.type(
    models.JobApplication,
    name="JobApplication",
    description="The member's application for a job posting, and where it stands.",
)
class JobApplicationType(ModelNode, AccessControlled, relay.Node):
    status: JobApplicationStatus
    message: str = strawberry_django.field(description="What the member wrote to the union.")
    created_at: datetime = strawberry_django.field(description="When the member applied.")
    updated_at: datetime
    forwarded_at: datetime | None = strawberry_django.field(
        description="When the union forwarded it to the employer, if it did."
    )
    job: JobPageType | None = strawberry_django.field(
        description="The posting; null once it is no longer visible (unpublished, expired)."
    )
    history: list[JobApplicationEventType] = strawberry_django.field(
        field_name="events", description="Every status it took, oldest first."
    )

    @strawberry_django.field(only=["status"], description="The status's name in the request's language.")
    def status_label(self) -> str:
        return choice_label(self, "status")

    @strawberry_django.field(only=["cv_name"], description="The CV's file name as sent, or null without one.")
    def cv_name(self) -> str | None:
        return self.cv_name or None

    @strawberry_django.field(only=["status"], description="Whether the member may withdraw it now.")
    def can_withdraw(self) -> bool:
        return models.ApplicationStatus.WITHDRAWN in TRANSITIONS[self.status]


def _my_applications_queryset(info: strawberry.Info):
    user = info.context.user
    if not getattr(user, "is_authenticated", False):
        return models.JobApplication.objects.none()
    return through_type(models.JobApplication.objects.filter(applicant=user), JobApplicationType, info)


def _my_applications(info: strawberry.Info) -> Prefetch:
    # strawberry-django does not see a hint's Prefetch: read it through the application type.
    return Prefetch("applications", queryset=_my_applications_queryset(info), to_attr="my_applications")


# --- Mutations' inputs and payloads ----------------------------------------------------------------


@strawberry.input(
    description="An application for a job posting. Send the CV as the GraphQL multipart request spec says."
)
class ApplyForJobInput:
    job_id: relay.GlobalID = strawberry.field(description="A JobPage id.")
    message: str = strawberry.field(
        description="To the union: who you are, why this job. 1 to 1000 characters."
    )
    cv: Upload | None = strawberry.field(
        default=None,
        description="Optional: a PDF or a photo (JPEG, PNG, WebP), checked by content; 10 MB at most.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="A key the app makes once per application (a UUID): sending again with it returns the first.",
    )


@strawberry.input
class WithdrawApplicationInput:
    application_id: relay.GlobalID = strawberry.field(description="A JobApplication id of yours.")


@strawberry.type
class JobApplicationPayload:
    application: JobApplicationType | None = None
    errors: list[JobError] = strawberry.field(default_factory=list)


PAGE_TYPES = [JobPageType, section_page_type(models.JobIndexPage)]
