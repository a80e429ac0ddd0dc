"""Demo accounts: the superuser, officers at three levels of the tree, and a known member.

Every demo account signs in with the demo password (``SeedContext.password``); running the
seeder again resets a demo account's password to it, so the printed credentials always work.
Officers get the Wagtail admin (and editors the page tree) through the groups that
cms.organisations.services manages; what they may do there is scoped by their Officer rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from cms.core.demo.base import Credential, SeedContext, Tally, upsert
from cms.core.demo.members import MemberSpec, save_members
from cms.core.demo.organisations import ROOT_CODE
from cms.members.models import Gender
from cms.organisations.models import Officer, OfficerRole, Organisation
from cms.organisations.services import grant_admin_access, sync_editor_permissions

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class OfficerSpec:
    username: str
    first_name: str  # family and middle names, so that "first last" reads in Vietnamese order
    last_name: str  # given name
    organisation: str
    role: str
    title: str
    started_on: date


OFFICERS = (
    OfficerSpec(
        "bientap.ldld",
        "Trần Thị Thu",
        "Hà",
        ROOT_CODE,
        OfficerRole.EDITOR,
        "Phó Trưởng ban Tuyên giáo",
        date(2023, 1, 3),
    ),
    OfficerSpec(
        "bientap.kcn",
        "Lê Văn",
        "Hùng",
        "cd-kkt-kcn",
        OfficerRole.EDITOR,
        "Phó Chủ tịch Công đoàn các KKT, KCN",
        date(2023, 8, 1),
    ),
    OfficerSpec(
        "bientap.luxshare",
        "Phạm Thị",
        "Lan",
        "cdcs-luxshare",
        OfficerRole.EDITOR,
        "Chủ tịch Công đoàn cơ sở",
        date(2024, 3, 15),
    ),
    OfficerSpec(
        "phananh.ldld",
        "Hoàng Minh",
        "Đức",
        ROOT_CODE,
        OfficerRole.FEEDBACK_HANDLER,
        "Trưởng ban Chính sách - Pháp luật",
        date(2022, 6, 1),
    ),
    OfficerSpec(
        "vanthu.ldld",
        "Nguyễn Thị",
        "Mai",
        ROOT_CODE,
        OfficerRole.DOCUMENT_CLERK,
        "Văn thư Văn phòng LĐLĐ tỉnh",
        date(2021, 9, 6),
    ),
)

# The member frontend developers sign in with (phone number and the demo password).
DEMO_MEMBER = MemberSpec(
    phone="0912345678",
    full_name="Nguyễn Văn An",
    gender=Gender.MALE,
    date_of_birth=date(1996, 8, 19),
    card_number="4000000001",
    organisation="cdcs-luxshare",
    joined_on=date(2018, 7, 28),
    job_title="Kỹ thuật viên SMT",
)


def seed(ctx: SeedContext) -> None:
    users = Tally()
    _, created, changed = upsert(
        get_user_model(),
        {"username": ADMIN_USERNAME},
        {
            "password": ctx.password_hash,
            "first_name": "Quản trị",
            "last_name": "hệ thống",
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
        },
    )
    users.count(created, changed)

    organisations = Organisation.objects.in_bulk({spec.organisation for spec in OFFICERS}, field_name="code")
    roles = Tally()
    for spec in OFFICERS:
        user, created, changed = upsert(
            get_user_model(),
            {"username": spec.username},
            {
                "password": ctx.password_hash,
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_staff": True,
                "is_superuser": False,
                "is_active": True,
            },
        )
        users.count(created, changed)
        _, created, changed = upsert(
            Officer,
            {
                "user": user,
                "organisation": organisations[spec.organisation],
                "role": spec.role,
                "ended_on": None,
            },
            {"title": spec.title, "started_on": spec.started_on},
        )
        roles.count(created, changed)
        grant_admin_access(user)
        sync_editor_permissions(user)

    member = save_members([DEMO_MEMBER], ctx.password_hash)
    ctx.report(
        f"{users.describe('staff accounts')}; {roles.describe('officer roles')}; {member.describe('demo member')}"
    )

    ctx.credentials.append(Credential("superuser", ADMIN_USERNAME, ctx.password, "Wagtail admin"))
    for spec in OFFICERS:
        ctx.credentials.append(
            Credential(spec.role, spec.username, ctx.password, f"officer at {spec.organisation}")
        )
    ctx.credentials.append(
        Credential("member", DEMO_MEMBER.phone, ctx.password, f"{DEMO_MEMBER.full_name}, GraphQL login")
    )
