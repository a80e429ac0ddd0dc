"""The member's job application actions: thin, each calls a service of cms.jobs and maps its errors."""

from __future__ import annotations

import strawberry

from cms.core.errors import ServiceError
from cms.jobs import services
from graphql_api.core.context import Info
from graphql_api.core.errors import user_errors
from graphql_api.core.filters import node_pk
from graphql_api.core.permissions import IsAuthenticated
from graphql_api.jobs.types import (
    ApplyForJobInput,
    JobApplicationPayload,
    JobError,
    WithdrawApplicationInput,
)


def _errors(exc: ServiceError) -> list:
    return user_errors(exc, JobError)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="Apply for a job posting, with a message to the union and a CV if you have one. "
        "One application per posting: a withdrawn one counts too.",
    )
    def apply_for_job(self, info: Info, input: ApplyForJobInput) -> JobApplicationPayload:
        # An id of another type is a malformed request; a JobPage id you may not see is NOT_FOUND.
        job = node_pk(input.job_id, "JobPage", "jobId")
        try:
            application = services.apply_for_job(
                info.context.user,
                job,
                message=input.message,
                cv=input.cv,
                idempotency_key=input.idempotency_key or "",
            )
        except ServiceError as exc:
            return JobApplicationPayload(errors=_errors(exc))
        return JobApplicationPayload(application=application)  # type: ignore[arg-type]

    @strawberry.mutation(
        extensions=[IsAuthenticated()],
        description="Withdraw your application (until it is hired or not selected). Final: you cannot "
        "apply for the same posting again.",
    )
    def withdraw_application(self, info: Info, input: WithdrawApplicationInput) -> JobApplicationPayload:
        pk = node_pk(input.application_id, "JobApplication", "applicationId")
        try:
            application = services.withdraw_application(info.context.user, pk)  # type: ignore[arg-type]
        except ServiceError as exc:
            return JobApplicationPayload(errors=_errors(exc))
        return JobApplicationPayload(application=application)  # type: ignore[arg-type]
