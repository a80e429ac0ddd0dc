from __future__ import annotations

from datetime import date, datetime

import strawberry
import strawberry_django
from strawberry import relay

from cms.members import models
from cms.members.errors import AccountErrorCode
from cms.organisations.models import Officer
from cms.organisations.models import OfficerRole as OfficerRoleChoices
from graphql_api.core.errors import error_type
from graphql_api.core.labels import choice_label
from graphql_api.core.nodes import ModelNode
from graphql_api.core.visibility import AccessControlled
from graphql_api.documents.me import MeDocuments
from graphql_api.feedback.me import MeFeedback
from graphql_api.jobs.me import MeJobs
from graphql_api.organisations.types import OrganisationType

Gender = strawberry.enum(models.Gender, name="Gender")
MemberStatus = strawberry.enum(models.MemberStatus, name="MemberStatus")
OfficerRoleEnum = strawberry.enum(OfficerRoleChoices, name="OfficerRole")
AccountError = error_type("AccountError", AccountErrorCode)


def _gender(root: models.Member) -> Gender | None:
    # Stored blank when not given, which no Gender value stands for: null, not an error.
    return models.Gender(root.gender) if root.gender else None


@strawberry_django.type(
    models.Member, name="MemberProfile", description="The signed-in member's own profile."
)
class MemberProfileType(ModelNode, AccessControlled, relay.Node):
    full_name: str
    phone: str
    date_of_birth: date | None
    gender: Gender | None = strawberry_django.field(resolver=_gender, only=["gender"])
    card_number: str | None
    organisation: OrganisationType
    joined_on: date | None
    status: MemberStatus
    job_title: str

    @strawberry_django.field(only=["status"])
    def status_label(self) -> str:
        return choice_label(self, "status")


@strawberry_django.type(
    Officer, name="OfficerAssignment", description="A role the user holds at an organisation."
)
class OfficerAssignmentType(AccessControlled):
    role: OfficerRoleEnum
    title: str
    organisation: OrganisationType
    started_on: date

    @strawberry_django.field(only=["role"])
    def role_label(self) -> str:
        return choice_label(self, "role")


@strawberry.type(name="Me", description="Who is signed in, and what is theirs.")
class MeType(MeDocuments, MeFeedback, MeJobs):
    username: str
    display_name: str
    member: MemberProfileType | None
    officer_roles: list[OfficerAssignmentType]


@strawberry.type(
    description="A fresh pair of tokens. Send the access token as `Authorization: Bearer <token>`."
)
class AuthTokens:
    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    refresh_token_expires_at: datetime


@strawberry.type
class LoginPayload:
    tokens: AuthTokens | None = None
    me: MeType | None = None
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class RefreshTokenPayload:
    tokens: AuthTokens | None = None
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class LogoutPayload:
    ok: bool = False
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.input
class LoginInput:
    identifier: str = strawberry.field(description="Phone number (members) or username (officers).")
    password: str


@strawberry.input
class RefreshTokenInput:
    refresh_token: str
