"""Every write to a member's profile, used alike by the admin, the importer and the API.

A member signs in through a Django user whose username is their phone number. Moving a member
to another organisation records a ``MemberTransfer``, so who was where on a past date stays
answerable (``Member.objects.in_organisation_on``). Members are never deleted: they leave
(status ``left``) or are suspended.

These functions do not check the caller's rights: callers ask ``cms.organisations.permissions``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.errors import ServiceError, ServiceErrors
from cms.members.errors import MemberErrorCode
from cms.members.models import Gender, Member, MemberStatus, MemberTransfer, TransferReason
from cms.members.phone import InvalidPhone, normalize_phone
from cms.organisations.models import Organisation, OrganisationLevel
from search.indexing import index_objects

# A member who has not left still belongs to their organisation, even while suspended.
CURRENT_MEMBER_STATUSES = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)
# Members belong to grassroots unions or to the departmental units inside them.
MEMBER_LEVELS = frozenset({OrganisationLevel.GRASSROOTS, OrganisationLevel.UNIT})

PROFILE_FIELDS = frozenset(
    {"full_name", "phone", "date_of_birth", "gender", "card_number", "joined_on", "job_title", "status"}
)


def _today() -> datetime.date:
    return timezone.localdate()


def clean_phone(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        raise ServiceError(
            MemberErrorCode.INVALID_PHONE,
            _("“%(phone)s” is not a Vietnamese mobile number.") % {"phone": raw},
            "phone",
        ) from None


def check_member_organisation(organisation: Organisation) -> None:
    if not organisation.is_active:
        raise ServiceError(
            MemberErrorCode.ORGANISATION_INACTIVE,
            _("“%(name)s” is no longer active.") % {"name": organisation.name},
            "organisation",
        )
    if organisation.level not in MEMBER_LEVELS:
        raise ServiceError(
            MemberErrorCode.ORGANISATION_NOT_MEMBER_LEVEL,
            _("Members belong to a grassroots union or a unit inside one, not to “%(name)s”.")
            % {"name": organisation.name},
            "organisation",
        )


def _check_unique(
    phone: str | None, card_number: str | None, member: Member | None = None
) -> list[ServiceError]:
    errors = []
    others = Member.objects.exclude(pk=member.pk) if member else Member.objects.all()
    if phone is not None:
        user_model = get_user_model()
        users = user_model.objects.filter(username__iexact=phone)
        if member is not None:
            users = users.exclude(pk=member.user_id)
        if others.filter(phone=phone).exists() or users.exists():
            errors.append(
                ServiceError(
                    MemberErrorCode.PHONE_TAKEN,
                    _("The phone number %(phone)s is already registered.") % {"phone": phone},
                    "phone",
                )
            )
    if card_number and others.filter(card_number=card_number).exists():
        errors.append(
            ServiceError(
                MemberErrorCode.CARD_TAKEN,
                _("The union card number %(card)s is already registered.") % {"card": card_number},
                "card_number",
            )
        )
    return errors


def _check_choices(fields: dict) -> list[ServiceError]:
    errors = []
    if fields.get("gender") and fields["gender"] not in Gender.values:
        errors.append(ServiceError(MemberErrorCode.INVALID_GENDER, _("Choose a valid gender."), "gender"))
    if "status" in fields and fields["status"] not in MemberStatus.values:
        errors.append(ServiceError(MemberErrorCode.INVALID_STATUS, _("Choose a valid status."), "status"))
    return errors


def _raise(errors: list[ServiceError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ServiceErrors(errors)


@transaction.atomic
def create_member(
    *,
    full_name: str,
    phone: str,
    organisation: Organisation,
    by=None,
    password: str | None = None,
    **fields,
) -> Member:
    """Create a member and the user they sign in with (username: the phone number).

    Without a password the user gets an unusable one: the member sets theirs later.
    """
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ServiceError(MemberErrorCode.UNKNOWN_FIELD, ", ".join(sorted(unknown)))
    full_name = (full_name or "").strip()
    errors = []
    if not full_name:
        errors.append(
            ServiceError(MemberErrorCode.NAME_REQUIRED, _("Enter the member's full name."), "full_name")
        )
    try:
        phone = clean_phone(phone)
    except ServiceError as error:
        errors.append(error)
        phone_ok = None
    else:
        phone_ok = phone
    card_number = (fields.pop("card_number", None) or "").strip() or None
    try:
        check_member_organisation(organisation)
    except ServiceError as error:
        errors.append(error)
    errors += _check_choices(fields)
    errors += _check_unique(phone_ok, card_number)
    _raise(errors)

    user_model = get_user_model()
    user = user_model(username=phone)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return Member.objects.create(
        user=user,
        full_name=full_name,
        phone=phone,
        organisation=organisation,
        card_number=card_number,
        **fields,
    )


@transaction.atomic
def create_members_in_bulk(entries: list[dict], *, by=None) -> list[Member]:
    """Create many members at once from entries their caller has already checked (the importer).

    Each entry holds ``create_member``'s keyword arguments except ``password``: the users get
    unusable passwords. The database's unique constraints still guard phones, cards and
    usernames (an ``IntegrityError`` if someone registered one meanwhile).
    """
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [user_model(username=entry["phone"], password=make_password(None)) for entry in entries],
        batch_size=500,
    )
    members = []
    for user, entry in zip(users, entries, strict=True):
        member = Member(user=user, **entry)
        member.refresh_search_name()
        members.append(member)
    created = Member.objects.bulk_create(members, batch_size=500)
    index_objects("member", created)  # bulk_create sends no signal: the names are searchable now
    return created


@transaction.atomic
def update_member(
    member: Member,
    *,
    by=None,
    organisation: Organisation | None = None,
    transfer_on: datetime.date | None = None,
    transfer_note: str = "",
    transfer_reason: str = TransferReason.TRANSFER,
    **fields,
) -> Member:
    """Change a member's profile; a new ``organisation`` is a transfer, recorded as such."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ServiceError(MemberErrorCode.UNKNOWN_FIELD, ", ".join(sorted(unknown)))
    member = Member.objects.select_for_update().select_related("user").get(pk=member.pk)
    errors = []
    if "full_name" in fields:
        fields["full_name"] = (fields["full_name"] or "").strip()
        if not fields["full_name"]:
            errors.append(
                ServiceError(MemberErrorCode.NAME_REQUIRED, _("Enter the member's full name."), "full_name")
            )
    new_phone = None
    if "phone" in fields:
        try:
            fields["phone"] = clean_phone(fields["phone"])
        except ServiceError as error:
            errors.append(error)
        else:
            new_phone = fields["phone"] if fields["phone"] != member.phone else None
    if "card_number" in fields:
        fields["card_number"] = (fields["card_number"] or "").strip() or None
    new_card = fields.get("card_number") if fields.get("card_number") != member.card_number else None
    moving = organisation is not None and organisation.pk != member.organisation_id
    if organisation is not None and moving:
        try:
            check_member_organisation(organisation)
        except ServiceError as error:
            errors.append(error)
    errors += _check_choices(fields)
    errors += _check_unique(new_phone, new_card, member)
    _raise(errors)

    if new_phone and member.user.username == member.phone:
        member.user.username = new_phone
        member.user.save(update_fields=["username"])
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()
    if organisation is not None and moving:
        transfer_members(
            Member.objects.filter(pk=member.pk),
            organisation,
            transfer_on or _today(),
            by=by,
            reason=transfer_reason,
            note=transfer_note,
        )
        member.refresh_from_db()
    return member


def transfer_members(
    members: QuerySet[Member] | Iterable[Member],
    to: Organisation,
    effective_on: datetime.date,
    *,
    by=None,
    reason: str = TransferReason.TRANSFER,
    note: str = "",
    organisation_change=None,
) -> int:
    """Move members to ``to``, recording one ``MemberTransfer`` each; returns how many moved."""
    moving = [m for m in members if m.organisation_id != to.pk]
    if not moving:
        return 0
    MemberTransfer.objects.bulk_create(
        [
            MemberTransfer(
                member=m,
                from_organisation_id=m.organisation_id,
                to_organisation=to,
                effective_on=effective_on,
                reason=reason,
                note=note,
                organisation_change=organisation_change,
                recorded_by=by,
            )
            for m in moving
        ]
    )
    Member.objects.filter(pk__in=[m.pk for m in moving]).update(organisation=to, updated_at=timezone.now())
    return len(moving)


def deactivate_member(member: Member, *, by=None, status: str = MemberStatus.LEFT) -> Member:
    """A member leaves the union (or is suspended): the profile and its history stay."""
    if status not in (MemberStatus.LEFT, MemberStatus.SUSPENDED):
        raise ServiceError(
            MemberErrorCode.INVALID_STATUS, _("Choose “left the union” or “suspended”."), "status"
        )
    member.status = status
    member.save(update_fields=["status", "updated_at"])
    # What was theirs as a member (announcements for their union, feedback) stops at once:
    # their tokens end, and open sockets close at their next check.
    from cms.members.tokens import revoke_sessions

    revoke_sessions(member.user, reason="deactivated")
    return member
