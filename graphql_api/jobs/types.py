"""Job postings and employers as the apps see them; ``jsonLd`` gives the web its JobPosting markup."""

from __future__ import annotations

from datetime import date

import strawberry
import strawberry_django
from strawberry import relay

from cms.core.files import file_url
from cms.jobs import models
from cms.jobs.jsonld import job_posting_json
from graphql_api.core.media import ImageType
from graphql_api.core.pages import ContentPageInterface, section_page_type
from graphql_api.core.richtext import rich_text_html
from graphql_api.organisations.types import OrganisationType

EmploymentType = strawberry.enum(models.EmploymentType, name="EmploymentType")


@strawberry_django.type(models.Employer, name="Employer", description="A company that posts jobs.")
class EmployerType(relay.Node):
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

    @classmethod
    def resolve_id_attr(cls) -> str:
        # Identified by the primary key. Without this, strawberry's relay default re-reads every
        # type annotation of the class hierarchy for each id it resolves (graphql_api.core.pages).
        return "pk"


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
        return str(self.get_employment_type_display())

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


PAGE_TYPES = [JobPageType, section_page_type(models.JobIndexPage)]
