"""The jobs part of ``me``: the signed-in member's own job applications."""

from __future__ import annotations

import strawberry
import strawberry_django

from cms.jobs.models import JobApplication
from graphql_api.core.context import Info
from graphql_api.core.pagination import Connection
from graphql_api.jobs.types import JobApplicationStatus, JobApplicationType


@strawberry.type
class MeJobs:
    """Mixed into ``Me``: the signed-in user's own applications (nobody else's, officers' included)."""

    @strawberry_django.connection(
        Connection[JobApplicationType],
        description="Your job applications, newest first; `status` keeps those in any of the given statuses.",
    )
    def job_applications(
        self, info: Info, status: list[JobApplicationStatus] | None = None
    ) -> list[JobApplicationType]:
        queryset = JobApplication.objects.filter(applicant=info.context.user).order_by("-created_at", "-pk")
        if status:
            queryset = queryset.filter(status__in=[s.value for s in status])
        return queryset  # type: ignore[return-value]
