"""schema.org JobPosting JSON-LD for a job page, for the web frontend's SEO."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, time

from django.utils import timezone
from django.utils.html import escape

from cms.jobs.models import SCHEMA_EMPLOYMENT_TYPES, JobPage

REGION = "Nghệ An"
COUNTRY = "VN"


def _deadline(job: JobPage) -> str | None:
    if job.valid_through is None:
        return None
    end_of_day = datetime.combine(job.valid_through, time(23, 59, 59))
    return timezone.make_aware(end_of_day).isoformat()


def _salary(job: JobPage) -> dict | None:
    if job.salary_min is None and job.salary_max is None:
        return None
    value: dict = {"@type": "QuantitativeValue", "unitText": "MONTH"}
    if job.salary_min is not None:
        value["minValue"] = job.salary_min
    if job.salary_max is not None:
        value["maxValue"] = job.salary_max
    return {"@type": "MonetaryAmount", "currency": "VND", "value": value}


def _description(job: JobPage, rich_text: Callable[[str], str]) -> str:
    parts = [job.summary and f"<p>{escape(job.summary)}</p>"]
    for value in (job.requirements, job.benefits, job.how_to_apply):
        if value:
            parts.append(rich_text(value))
    return "".join(p for p in parts if p)


def job_posting(job: JobPage, logo_url: str | None = None, *, rich_text: Callable[[str], str]) -> dict:
    """The JobPosting object; ``job.employer`` should be loaded with the job.

    ``rich_text`` turns the database HTML of the rich text fields into what the reader may see
    (links to pages and files they may not have become text): the caller knows the reader.
    """
    employer = job.employer
    hiring: dict = {"@type": "Organization", "name": employer.name}
    if employer.website:
        hiring["sameAs"] = employer.website
    if logo_url:
        hiring["logo"] = logo_url
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": _description(job, rich_text),
        "datePosted": (job.first_published_at or timezone.now()).date().isoformat(),
        "employmentType": SCHEMA_EMPLOYMENT_TYPES.get(job.employment_type, "OTHER"),
        "hiringOrganization": hiring,
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": job.street_address,
                "addressLocality": job.locality,
                "addressRegion": REGION,
                "addressCountry": COUNTRY,
            },
        },
        "totalJobOpenings": job.openings,
    }
    if (deadline := _deadline(job)) is not None:
        data["validThrough"] = deadline
    if (salary := _salary(job)) is not None:
        data["baseSalary"] = salary
    if job.working_hours:
        data["workHours"] = job.working_hours
    return data


def job_posting_json(job: JobPage, logo_url: str | None = None, *, rich_text: Callable[[str], str]) -> str:
    """Safe to put inside <script type="application/ld+json">: no "<" can close the tag."""
    return json.dumps(job_posting(job, logo_url, rich_text=rich_text), ensure_ascii=False).replace(
        "<", "\\u003c"
    )
