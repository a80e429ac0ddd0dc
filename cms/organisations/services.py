"""Every write to the union tree, used alike by the admin, the API and management commands.

Each structural change is recorded as an ``OrganisationChange``. A change dated today or
earlier is applied at once; one dated in the future is recorded as scheduled
(``applied_at`` empty) and applied by ``apply_due_changes`` (the daily
``apply_organisation_changes`` command). Scheduled changes are checked when recorded and
checked again when applied: the tree may have changed in between.

Organisations are never deleted. Merging moves the current members (with a
``MemberTransfer`` each) and the active child organisations (with a ``reparented`` change
each) to the surviving organisation, so who was where, and what was sent to whom, stays
answerable.

These functions do not check the caller's rights: callers ask ``cms.organisations.permissions``
first. They raise ``ServiceError`` with an ``OrganisationErrorCode`` (``cms.organisations.errors``)
for every expected failure.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.core.errors import ServiceError
from cms.organisations.errors import OrganisationErrorCode
from cms.organisations.models import (
    ALLOWED_PARENT_LEVELS,
    ChangeKind,
    Officer,
    OfficerRole,
    OrganisationChange,
    OrganisationLevel,
    OrganisationStatus,
)
from cms.organisations.models import Organisation as Org
from cms.organisations.signals import tree_changed

OFFICER_GROUP_NAME = "Union officers"

# Fields an ordinary edit may change; the name changes through ``rename`` (it is history),
# the level and the place in the tree through the structural actions.
EDITABLE_FIELDS = frozenset({"short_name", "kind", "address", "phone", "email", "established_on"})


def _today() -> datetime.date:
    return timezone.localdate()


def _fresh(organisation: Org) -> Org:
    # Tree operations rewrite paths: always work on the row as it is now.
    return Org.objects.get(pk=organisation.pk)


def _parent_of(organisation: Org) -> Org | None:
    if organisation.depth <= 1:
        return None
    return Org.objects.get(path=organisation.path[: -Org.steplen])


def _require_active(organisation: Org, field_name: str | None = None) -> None:
    if not organisation.is_active:
        raise ServiceError(
            OrganisationErrorCode.ORGANISATION_INACTIVE,
            _("“%(name)s” is %(status)s.")
            % {"name": organisation.name, "status": organisation.get_status_display().lower()},
            field_name,
        )


def _check_parent_level(level: str, parent: Org, field_name: str = "parent") -> None:
    if parent.level not in ALLOWED_PARENT_LEVELS[level]:
        raise ServiceError(
            OrganisationErrorCode.LEVEL_NOT_ALLOWED,
            _("A %(level)s cannot be placed directly under a %(parent_level)s.")
            % {
                "level": OrganisationLevel(level).label.lower(),
                "parent_level": OrganisationLevel(parent.level).label.lower(),
            },
            field_name,
        )


def _check_not_in_subtree(organisation: Org, target: Org, field_name: str) -> None:
    if target.is_in_subtree_of(organisation):
        raise ServiceError(
            OrganisationErrorCode.MOVE_INTO_OWN_SUBTREE,
            _("“%(target)s” lies inside “%(name)s”: an organisation cannot be moved under itself.")
            % {"target": target.name, "name": organisation.name},
            field_name,
        )


# --- Creating and editing ----------------------------------------------------------------


@transaction.atomic
def create_organisation(parent: Org | None, *, by=None, note: str = "", **fields) -> Org:
    """Add an organisation under ``parent`` (``None``: a new root, which must be a federation)."""
    level = fields.get("level")
    if level not in OrganisationLevel.values:
        raise ServiceError(OrganisationErrorCode.LEVEL_NOT_ALLOWED, _("Choose a valid level."), "level")
    if not (fields.get("name") or "").strip():
        raise ServiceError(OrganisationErrorCode.NAME_REQUIRED, _("Enter the organisation's name."), "name")
    code = fields.get("code") or ""
    if Org.objects.filter(code__iexact=code).exists():
        raise ServiceError(
            OrganisationErrorCode.CODE_TAKEN,
            _("The code “%(code)s” is already used.") % {"code": code},
            "code",
        )
    fields.pop("status", None)  # a new organisation is active
    if parent is None:
        if ALLOWED_PARENT_LEVELS[level]:
            raise ServiceError(
                OrganisationErrorCode.PARENT_REQUIRED, _("Choose the organisation directly above."), "parent"
            )
        organisation = Org.add_root(**fields)
    else:
        parent = _fresh(parent)
        _require_active(parent, "parent")
        _check_parent_level(level, parent)
        organisation = parent.add_child(**fields)
    OrganisationChange.objects.create(
        organisation=organisation,
        kind=ChangeKind.CREATED,
        effective_on=organisation.established_on or _today(),
        new_parent=parent,
        new_name=organisation.name,
        note=note,
        recorded_by=by,
        applied_at=timezone.now(),
    )
    return organisation


def update_organisation(organisation: Org, *, by=None, **fields) -> Org:
    """Change an organisation's contact details and other non-structural fields."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(
            OrganisationErrorCode.UNKNOWN_FIELD,
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
        )
    organisation = _fresh(organisation)
    changed = sorted(name for name, value in fields.items() if getattr(organisation, name) != value)
    for name in changed:
        setattr(organisation, name, fields[name])
    if changed:
        organisation.save(update_fields=changed)
        # Logged as an edit made in the admin is: the audit trail says who changed a union's
        # phone, and the content version that the API's kept answers depend on
        # (graphql_api.core.caching) moves with it.
        log(instance=organisation, action="wagtail.edit", user=by, data={"fields": changed})
    return organisation


# --- Structural changes -------------------------------------------------------------------


def _record(organisation: Org, kind: str, effective_on: datetime.date | None, by, note: str, **values):
    return OrganisationChange.objects.create(
        organisation=organisation,
        kind=kind,
        effective_on=effective_on or _today(),
        note=note,
        recorded_by=by,
        **values,
    )


def _apply_now_or_schedule(change: OrganisationChange) -> OrganisationChange:
    if change.effective_on <= _today():
        _apply(change)
    return change


@transaction.atomic
def reparent(
    organisation: Org, new_parent: Org, effective_on: datetime.date | None = None, *, by=None, note: str = ""
) -> OrganisationChange:
    """Move ``organisation`` (with its subtree) under ``new_parent``."""
    organisation, new_parent = _fresh(organisation), _fresh(new_parent)
    _check_reparent(organisation, new_parent)
    change = _record(
        organisation,
        ChangeKind.REPARENTED,
        effective_on,
        by,
        note,
        old_parent=_parent_of(organisation),
        new_parent=new_parent,
    )
    return _apply_now_or_schedule(change)


def _check_reparent(organisation: Org, new_parent: Org) -> None:
    _require_active(organisation)
    _require_active(new_parent, "new_parent")
    _check_not_in_subtree(organisation, new_parent, "new_parent")
    if organisation.path[: -Org.steplen] == new_parent.path:
        raise ServiceError(
            OrganisationErrorCode.SAME_PARENT,
            _("“%(name)s” is already directly under “%(parent)s”.")
            % {"name": organisation.name, "parent": new_parent.name},
            "new_parent",
        )
    _check_parent_level(organisation.level, new_parent, "new_parent")


@transaction.atomic
def merge(
    organisation: Org, into: Org, effective_on: datetime.date | None = None, *, by=None, note: str = ""
) -> OrganisationChange:
    """Merge ``organisation`` into ``into``, an organisation of the same level.

    On the effective date the current members and the active child organisations move to
    ``into``, the officer roles at ``organisation`` end, and it is marked merged.
    """
    organisation, into = _fresh(organisation), _fresh(into)
    _check_merge(organisation, into)
    change = _record(organisation, ChangeKind.MERGED, effective_on, by, note, merged_into=into)
    return _apply_now_or_schedule(change)


def _check_merge(organisation: Org, into: Org) -> None:
    if organisation.pk == into.pk:
        raise ServiceError(
            OrganisationErrorCode.SAME_ORGANISATION,
            _("An organisation cannot be merged into itself."),
            "into",
        )
    _require_active(organisation)
    _require_active(into, "into")
    _check_not_in_subtree(organisation, into, "into")
    if organisation.level != into.level:
        raise ServiceError(
            OrganisationErrorCode.MERGE_LEVEL_MISMATCH,
            _("Only organisations of the same level can be merged: “%(into)s” is a %(level)s.")
            % {"into": into.name, "level": into.get_level_display().lower()},
            "into",
        )


@transaction.atomic
def dissolve(
    organisation: Org, effective_on: datetime.date | None = None, *, by=None, note: str = ""
) -> OrganisationChange:
    """Dissolve an organisation that no longer has current members or active children.

    A dissolution dated in the future is only checked for members and children on that date,
    so the members can be transferred in the meantime.
    """
    organisation = _fresh(organisation)
    _require_active(organisation)
    change = _record(organisation, ChangeKind.DISSOLVED, effective_on, by, note)
    return _apply_now_or_schedule(change)


def _check_dissolve(organisation: Org) -> None:
    from cms.members.services import CURRENT_MEMBER_STATUSES

    _require_active(organisation)
    members = organisation.members.filter(status__in=CURRENT_MEMBER_STATUSES).count()
    if members:
        raise ServiceError(
            OrganisationErrorCode.HAS_ACTIVE_MEMBERS,
            _("“%(name)s” still has %(count)d current members: transfer them first.")
            % {"name": organisation.name, "count": members},
        )
    children = organisation.get_children().filter(status=OrganisationStatus.ACTIVE).count()
    if children:
        raise ServiceError(
            OrganisationErrorCode.HAS_ACTIVE_CHILDREN,
            _("“%(name)s” still has %(count)d active organisations under it: move or dissolve them first.")
            % {"name": organisation.name, "count": children},
        )


@transaction.atomic
def rename(
    organisation: Org, new_name: str, effective_on: datetime.date | None = None, *, by=None, note: str = ""
) -> OrganisationChange:
    organisation = _fresh(organisation)
    new_name = (new_name or "").strip()
    _check_rename(organisation, new_name)
    change = _record(
        organisation,
        ChangeKind.RENAMED,
        effective_on,
        by,
        note,
        old_name=organisation.name,
        new_name=new_name,
    )
    return _apply_now_or_schedule(change)


def _check_rename(organisation: Org, new_name: str) -> None:
    _require_active(organisation)
    if not new_name:
        raise ServiceError(OrganisationErrorCode.NAME_REQUIRED, _("Enter the new name."), "new_name")
    if new_name == organisation.name:
        raise ServiceError(
            OrganisationErrorCode.SAME_NAME, _("The new name is the current name."), "new_name"
        )


@transaction.atomic
def cancel_change(change: OrganisationChange, *, by=None) -> OrganisationChange:
    change = OrganisationChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_scheduled:
        raise ServiceError(
            OrganisationErrorCode.CHANGE_NOT_SCHEDULED, _("Only a scheduled change can be cancelled.")
        )
    change.cancelled_at = timezone.now()
    change.note = "\n".join(filter(None, [change.note, _("Cancelled by %(user)s.") % {"user": by or "-"}]))
    change.save(update_fields=["cancelled_at", "note"])
    return change


# --- Applying ----------------------------------------------------------------------------


def _apply(change: OrganisationChange) -> None:
    """Apply one recorded change, checking it against the tree as it is now."""
    organisation = _fresh(change.organisation)
    if change.kind == ChangeKind.REPARENTED:
        assert change.new_parent is not None  # a reparenting always records its new parent
        new_parent = _fresh(change.new_parent)
        _check_reparent(organisation, new_parent)
        change.old_parent = _parent_of(organisation)
        organisation.move(new_parent, pos="sorted-child")
    elif change.kind == ChangeKind.MERGED:
        assert change.merged_into is not None  # a merge always records its target
        into = _fresh(change.merged_into)
        _check_merge(organisation, into)
        _apply_merge(change, organisation, into)
    elif change.kind == ChangeKind.DISSOLVED:
        _check_dissolve(organisation)
        _end_roles_at(organisation, change.effective_on)
        organisation.status = OrganisationStatus.DISSOLVED
        organisation.dissolved_on = change.effective_on
        organisation.save(update_fields=["status", "dissolved_on"])
    elif change.kind == ChangeKind.RENAMED:
        _check_rename(organisation, change.new_name)
        change.old_name = organisation.name
        organisation.name = change.new_name
        organisation.save(update_fields=["name"])
        parent = _parent_of(organisation)
        if parent is not None:
            # Siblings are kept in alphabetical order: take the new name's place among them.
            _fresh(organisation).move(parent, pos="sorted-child")
    change.applied_at = timezone.now()
    change.save(update_fields=["old_parent", "old_name", "applied_at"])
    tree_changed.send(sender=Org, change=change)


def _apply_merge(change: OrganisationChange, organisation: Org, into: Org) -> None:
    from cms.members.services import CURRENT_MEMBER_STATUSES, transfer_members

    members = organisation.members.filter(status__in=CURRENT_MEMBER_STATUSES)
    transfer_members(
        members,
        into,
        change.effective_on,
        by=change.recorded_by,
        reason="merge",
        organisation_change=change,
    )
    for child in organisation.get_children().filter(status=OrganisationStatus.ACTIVE):
        _record(
            child,
            ChangeKind.REPARENTED,
            change.effective_on,
            change.recorded_by,
            _("Moved with the merger of “%(name)s” into “%(into)s”.")
            % {"name": organisation.name, "into": into.name},
            old_parent=organisation,
            new_parent=into,
            applied_at=timezone.now(),
        )
        _fresh(child).move(_fresh(into), pos="sorted-child")
    _end_roles_at(organisation, change.effective_on)
    organisation = _fresh(organisation)
    organisation.status = OrganisationStatus.MERGED
    organisation.merged_into = into
    organisation.dissolved_on = change.effective_on
    organisation.save(update_fields=["status", "merged_into", "dissolved_on"])


def _end_roles_at(organisation: Org, on: datetime.date) -> None:
    open_roles = Officer.objects.filter(organisation=organisation).exclude(ended_on__lte=on)
    users = set()
    for role in open_roles:
        role.ended_on = max(on, role.started_on)
        role.save(update_fields=["ended_on"])
        users.add(role.user)
    for user in users:
        _revoke_admin_access_if_idle(user)


@dataclass
class ApplyReport:
    applied: list[OrganisationChange] = field(default_factory=list)
    failed: list[tuple[OrganisationChange, ServiceError]] = field(default_factory=list)


def apply_due_changes(today: datetime.date | None = None) -> ApplyReport:
    """Apply the scheduled changes due on ``today``, oldest first.

    A change that no longer fits the tree stays scheduled and is reported, so an officer can
    fix the tree or cancel the change; the others are applied regardless.
    """
    report = ApplyReport()
    due = OrganisationChange.objects.due(today or _today()).order_by("effective_on", "recorded_at", "pk")
    for change in due.select_related("organisation"):
        try:
            with transaction.atomic():
                _apply(change)
        except ServiceError as error:
            change.refresh_from_db()
            report.failed.append((change, error))
        else:
            report.applied.append(change)
    return report


# --- Officers -----------------------------------------------------------------------------


def _officer_group() -> Group:
    group, _created = Group.objects.get_or_create(name=OFFICER_GROUP_NAME)
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(permission)
    return group


def grant_admin_access(user) -> None:
    """Let an officer sign in to the Wagtail admin: staff, and in the ``Union officers`` group."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(_officer_group())


def revoke_admin_access(user) -> None:
    user.groups.remove(*Group.objects.filter(name=OFFICER_GROUP_NAME))
    if user.is_staff and not user.is_superuser and not user.groups.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def sync_editor_permissions(user) -> None:
    """Wagtail's page and media permissions follow whether the user holds a current editor role."""
    from cms.core.editor_rights import grant_editor_permissions, revoke_editor_permissions

    if Officer.objects.current().filter(user=user, role=OfficerRole.EDITOR).exists():
        grant_editor_permissions(user)
    else:
        revoke_editor_permissions(user)


def _revoke_admin_access_if_idle(user) -> None:
    if not Officer.objects.current().filter(user=user).exists():
        revoke_admin_access(user)


@transaction.atomic
def assign_officer_role(
    user,
    organisation: Org,
    role: str,
    *,
    by=None,
    title: str = "",
    started_on: datetime.date | None = None,
) -> Officer:
    organisation = _fresh(organisation)
    _require_active(organisation, "organisation")
    if Officer.objects.filter(
        user=user, organisation=organisation, role=role, ended_on__isnull=True
    ).exists():
        raise ServiceError(
            OrganisationErrorCode.ROLE_ALREADY_HELD,
            _("%(user)s already holds this role at “%(name)s”.") % {"user": user, "name": organisation.name},
            "role",
        )
    officer = Officer.objects.create(
        user=user, organisation=organisation, role=role, title=title, started_on=started_on or _today()
    )
    grant_admin_access(user)
    sync_editor_permissions(user)
    return officer


@transaction.atomic
def end_officer_role(officer: Officer, ended_on: datetime.date | None = None, *, by=None) -> Officer:
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    ended_on = ended_on or _today()
    if officer.ended_on is not None and officer.ended_on <= _today():
        raise ServiceError(
            OrganisationErrorCode.ROLE_ALREADY_ENDED, _("This role has already ended."), "ended_on"
        )
    if ended_on < officer.started_on:
        raise ServiceError(
            OrganisationErrorCode.INVALID_DATE, _("A role cannot end before it started."), "ended_on"
        )
    officer.ended_on = ended_on
    officer.save(update_fields=["ended_on"])
    # Editor rights go first: admin access stays while the user is still in any group.
    sync_editor_permissions(officer.user)
    _revoke_admin_access_if_idle(officer.user)
    return officer


def update_officer_role(officer: Officer, *, title: str, by=None) -> Officer:
    officer.title = title
    officer.save(update_fields=["title"])
    return officer


def revoke_lapsed_admin_access() -> int:
    """Take admin access from officers whose roles have all ended; returns how many lost it."""
    group = Group.objects.filter(name=OFFICER_GROUP_NAME).first()
    if group is None:
        return 0
    idle = group.user_set.exclude(pk__in=Officer.objects.current().values("user"))
    count = 0
    for user in idle:
        sync_editor_permissions(user)
        revoke_admin_access(user)
        count += 1
    return count
