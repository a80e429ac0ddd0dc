"""Factories for tests: real rows through the real models, no mocks."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from cms.members.models import Member
from cms.organisations.models import Officer, Organisation, OrganisationKind, OrganisationLevel

_seq = itertools.count(1)
PASSWORD = "Mat-khau-2026!"


def make_federation(
    name: str = "Liên đoàn Lao động tỉnh Nghệ An", code: str = "ldld-nghe-an"
) -> Organisation:
    return Organisation.add_root(
        name=name,
        short_name="LĐLĐ Nghệ An",
        code=code,
        level=OrganisationLevel.FEDERATION,
        kind=OrganisationKind.FEDERATION,
    )


def make_child(
    parent: Organisation, name: str, level: str, code: str | None = None, kind: str = ""
) -> Organisation:
    parent.refresh_from_db()
    return parent.add_child(name=name, code=code or f"org-{next(_seq)}", level=level, kind=kind)


def make_tree() -> dict[str, Organisation]:
    """A small tree: federation → two upper unions → two grassroots unions each."""
    root = make_federation()
    kcn = make_child(
        root,
        "Công đoàn các Khu công nghiệp Nghệ An",
        OrganisationLevel.UPPER,
        "cd-kcn",
        OrganisationKind.INDUSTRIAL_ZONE,
    )
    gd = make_child(
        root, "Công đoàn Giáo dục tỉnh", OrganisationLevel.UPPER, "cd-giao-duc", OrganisationKind.SECTOR
    )
    return {
        "root": root,
        "kcn": kcn,
        "gd": gd,
        "vsip": make_child(
            kcn,
            "Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An",
            OrganisationLevel.GRASSROOTS,
            "cdcs-luxshare",
            OrganisationKind.ENTERPRISE,
        ),
        "hoa_sen": make_child(
            kcn,
            "Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An",
            OrganisationLevel.GRASSROOTS,
            "cdcs-hoa-sen",
            OrganisationKind.ENTERPRISE,
        ),
        "thpt": make_child(
            gd,
            "Công đoàn Trường THPT Huỳnh Thúc Kháng",
            OrganisationLevel.GRASSROOTS,
            "cdcs-thpt-htk",
            OrganisationKind.SCHOOL,
        ),
        "mn": make_child(
            gd,
            "Công đoàn Trường Mầm non Hoa Hồng",
            OrganisationLevel.GRASSROOTS,
            "cdcs-mn-hoa-hong",
            OrganisationKind.SCHOOL,
        ),
    }


def make_user(username: str | None = None, password: str = PASSWORD, **extra):
    username = username or f"user{next(_seq)}"
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def make_member(
    organisation: Organisation,
    phone: str | None = None,
    full_name: str = "Nguyễn Thị Hoa",
    password: str = PASSWORD,
    **extra,
) -> Member:
    n = next(_seq)
    phone = phone or f"09{n:08d}"
    user = make_user(username=f"member-{phone}", password=password)
    return Member.objects.create(
        user=user, full_name=full_name, phone=phone, organisation=organisation, **extra
    )


def make_officer(
    organisation: Organisation, role: str = "editor", username: str | None = None, **extra
) -> Officer:
    user = make_user(username=username, is_staff=True)
    return Officer.objects.create(user=user, organisation=organisation, role=role, **extra)
