from __future__ import annotations

from enum import Enum

import strawberry
import strawberry_django
from django.db.models import F, Q
from strawberry import relay

from cms.jobs.models import Employer, JobPage, open_q
from graphql_api.core.errors import ApiError, ApiErrorCode
from graphql_api.core.filters import node_pk
from graphql_api.core.pagination import Connection
from graphql_api.jobs.types import EmployerType, EmploymentType, JobPageType
from search.normalize import fold


@strawberry.enum(description="How job postings are ordered.")
class JobOrder(Enum):
    NEWEST = "NEWEST"
    DEADLINE = "DEADLINE"
    SALARY = "SALARY"


def employer_pk(employer: relay.GlobalID | None) -> int | None:
    return node_pk(employer, "Employer", "employer")


def _ordering(order: JobOrder) -> tuple:
    if order == JobOrder.DEADLINE:
        return (F("valid_through").asc(nulls_last=True), "-first_published_at", "-pk")
    if order == JobOrder.SALARY:
        return (F("salary_max").desc(nulls_last=True), F("salary_min").desc(nulls_last=True), "-pk")
    return (F("first_published_at").desc(nulls_last=True), "-pk")


@strawberry.type
class Query:
    @strawberry_django.connection(
        Connection[JobPageType],
        description="Job postings the requesting user may see, newest first by default.",
    )
    def jobs(
        self,
        info: strawberry.Info,
        location: str | None = None,
        salary_min: int | None = None,
        employer: relay.GlobalID | None = None,
        employment_type: EmploymentType | None = None,
        open_only: bool = True,
        order: JobOrder = JobOrder.NEWEST,
    ) -> list[JobPageType]:
        queryset = JobPage.objects.all()
        if location is not None:
            folded = fold(location)
            if not folded:
                raise ApiError(ApiErrorCode.BAD_USER_INPUT, "`location` must not be blank.")
            queryset = queryset.filter(location_search__contains=folded)
        if salary_min is not None:
            if salary_min < 0:
                raise ApiError(ApiErrorCode.BAD_USER_INPUT, "`salaryMin` must not be negative.")
            queryset = queryset.filter(
                Q(salary_negotiable=True)
                | Q(salary_max__gte=salary_min)
                | Q(salary_max__isnull=True, salary_min__gte=salary_min)
            )
        if (pk := employer_pk(employer)) is not None:
            queryset = queryset.filter(employer_id=pk)
        if employment_type is not None:
            queryset = queryset.filter(employment_type=employment_type.value)
        if open_only:
            queryset = queryset.filter(open_q())
        return queryset.order_by(*_ordering(order))

    @strawberry_django.field(description="Employers, by name.")
    def employers(self) -> list[EmployerType]:
        return Employer.objects.all()
