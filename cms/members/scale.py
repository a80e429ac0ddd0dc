"""Members at the size of the province: 300,000 in the scale's grassroots unions (``seed_demo --scale``).

Each union of ``cms.organisations.scale`` gets the members its size says, with jobs, genders and
ages of its kind (``cms.members.demo.PROFILES``), Vietnamese names, a Vietnamese mobile number
(canonical form, ``cms.members.phone``) used by no other member or account, a union card number
and a join date after the union was founded. They are written by the importer's service
(``services.create_members_in_bulk``): users named by their phone number with no usable
password yet, members with their folded ``search_name``, as an import leaves them.

Rows are keyed on the card number: the scale's cards are twelve digits starting ``401``, apart
from the demo's ten-digit ones, so a second run finds every member and adds nothing. Phones are
drawn by a seeded generator, skipping any held by a member outside the scale or an account.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from cms.core.demo.bulk import batches
from cms.core.demo.scale import ScaleContext, register_scale_seeder
from cms.members.demo import MOBILE_PREFIXES, PROFILES, _full_name, _pick
from cms.members.models import Gender, Member, MemberStatus
from cms.members.phone import normalize_phone
from cms.members.services import create_members_in_bulk
from cms.organisations.models import Organisation
from cms.organisations.scale import plan

CARD_PREFIX = "401"
CARD_DIGITS = 12
JOINED_UNTIL = date(2026, 10, 31)
LEFT_SHARE = 0.012
SUSPENDED_SHARE = 0.004
WRITE_BATCH = 5_000


@dataclass(frozen=True)
class ScaleMember:
    card_number: str
    organisation: str  # code
    full_name: str
    gender: str
    date_of_birth: date
    joined_on: date
    job_title: str
    status: str


def card_number(index: int) -> str:
    return f"{CARD_PREFIX}{index:0{CARD_DIGITS - len(CARD_PREFIX)}d}"


def is_scale_card(card: str | None) -> bool:
    return card is not None and len(card) == CARD_DIGITS and card.startswith(CARD_PREFIX)


def build(ctx: ScaleContext) -> list[ScaleMember]:
    """Every scale member, union by union (units included), the same on every run."""
    rng = ctx.rng("members")
    members: list[ScaleMember] = []
    for union in plan(ctx):
        for spec in [union, *union.units]:
            profile = PROFILES[spec.profile]
            founded = spec.established_on
            for _ in range(spec.members):
                gender = Gender.FEMALE if rng.random() < profile.female_share else Gender.MALE
                born = date(rng.randint(*profile.born), rng.randint(1, 12), rng.randint(1, 28))
                start = max(date(born.year + 18, born.month, born.day), founded, date(1990, 1, 1))
                joined = start + timedelta(days=rng.randint(0, max((JOINED_UNTIL - start).days, 0)))
                draw = rng.random()
                status = (
                    MemberStatus.LEFT
                    if draw < LEFT_SHARE
                    else MemberStatus.SUSPENDED
                    if draw < LEFT_SHARE + SUSPENDED_SHARE
                    else MemberStatus.ACTIVE
                )
                members.append(
                    ScaleMember(
                        card_number=card_number(len(members) + 1),
                        organisation=spec.code,
                        full_name=_full_name(rng, gender),
                        gender=gender,
                        date_of_birth=born,
                        joined_on=min(joined, JOINED_UNTIL),
                        job_title=_pick(rng, profile.jobs),
                        status=status,
                    )
                )
    return members


def taken_phones() -> set[str]:
    """Phones the scale must not use: members outside the scale, and accounts named by a phone
    that belong to none of the scale's members (``services._check_unique``)."""
    scale_phones: set[str] = set()
    taken: set[str] = set()
    for phone, card in Member.objects.values_list("phone", "card_number").iterator(chunk_size=20_000):
        (scale_phones if is_scale_card(card) else taken).add(phone)
    usernames = (
        get_user_model().objects.filter(username__regex=r"^0[0-9]{9}$").values_list("username", flat=True)
    )
    taken.update(name for name in usernames.iterator(chunk_size=20_000) if name not in scale_phones)
    return taken


def phones(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    drawn: list[str] = []
    used = set(taken)
    while len(drawn) < count:
        phone = _pick(rng, MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
        if phone not in used:
            used.add(phone)
            drawn.append(phone)
    return drawn


def seed(ctx: ScaleContext) -> None:
    members = build(ctx)
    numbers = phones(ctx.rng("phones"), len(members), taken_phones())
    assert all(normalize_phone(phone) == phone for phone in numbers[:100])
    existing = set(
        Member.objects.filter(card_number__startswith=CARD_PREFIX).values_list("card_number", flat=True)
    )
    wanted = [
        (member, phone)
        for member, phone in zip(members, numbers, strict=True)
        if member.card_number not in existing
    ]
    organisations = Organisation.objects.in_bulk(
        {member.organisation for member, _ in wanted}, field_name="code"
    )
    with ctx.progress("members", len(wanted)) as bar:
        for batch in batches(wanted, WRITE_BATCH):
            create_members_in_bulk(
                [
                    {
                        "full_name": member.full_name,
                        "phone": phone,
                        "organisation": organisations[member.organisation],
                        "card_number": member.card_number,
                        "gender": member.gender,
                        "date_of_birth": member.date_of_birth,
                        "joined_on": member.joined_on,
                        "job_title": member.job_title,
                        "status": member.status,
                    }
                    for member, phone in batch
                ]
            )
            bar.advance(len(batch))
    ctx.report(f"{len(members)} scale members ({len(wanted)} created)")


register_scale_seeder("members", seed, after=("organisations",))
