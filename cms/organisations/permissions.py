"""Officer rights: the one place that says who may manage what in the union tree.

An officer's rights come from their *current* ``Officer`` roles and cover the subtree of each
role's organisation (the organisation itself and everything below it). Active superusers
manage everything. Roles at merged or dissolved organisations grant nothing.

- ``editor`` manages the subtree: organisations (create, edit, restructure strictly below
  their own organisation), officer roles, members and member imports.
- ``membership_clerk`` manages the members of the subtree.
- the other roles (feedback handler, document clerk) grant rights in their own domains,
  which ask this module with ``role=...``.

Services do not check rights; the admin views, forms and the GraphQL layer ask here first.

Admin access: an officer signs in to the Wagtail admin when their user is staff and in the
``Union officers`` group, which holds Wagtail's ``access_admin`` permission. The services
``assign_officer_role`` / ``grant_admin_access`` in ``cms.organisations.services`` do both; the
group is created on first use, so no data migration is needed. What an officer then *sees*
in the admin is decided by the permission policies below, never by Django model permissions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from wagtail.permission_policies import BasePermissionPolicy

from cms.organisations.models import Officer, OfficerRole, Organisation, OrganisationStatus

# Roles that manage members (list, create, edit, deactivate, import).
MEMBER_ROLES: frozenset[str] = frozenset({OfficerRole.EDITOR, OfficerRole.MEMBERSHIP_CLERK})
# Roles that manage the tree itself and the officers in it.
STRUCTURE_ROLES: frozenset[str] = frozenset({OfficerRole.EDITOR})

RoleArg = str | Iterable[str] | None


def _roles(role: RoleArg) -> set[str] | None:
    if role is None:
        return None
    if isinstance(role, str):
        return {role}
    return set(role)


def is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def current_roles(user, role: RoleArg = None) -> QuerySet[Officer]:
    """The user's roles in force today at active organisations (optionally of the given roles)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Officer.objects.none()
    roles = Officer.objects.current().filter(user=user, organisation__status=OrganisationStatus.ACTIVE)
    wanted = _roles(role)
    if wanted is not None:
        roles = roles.filter(role__in=wanted)
    return roles


def role_root_paths(user, role: RoleArg = None) -> list[str]:
    """Tree paths of the organisations where the user holds a current role.

    Views that check many rows compute this once and pass it as ``roots`` to the checks below.
    """
    return list(current_roles(user, role).values_list("organisation__path", flat=True).distinct())


_root_paths = role_root_paths


def viewer_role_roots(viewer, roles: Iterable[str]) -> list[str] | None:
    """For the API's viewer (``cms.core.visibility.Viewer``): the tree paths of the active
    organisations where they hold one of ``roles`` today, or ``None`` for an active superuser (no
    restriction). Read once per viewer and set of roles: a viewer is made once per request."""
    key = "_role_roots:" + ",".join(sorted(roles))
    if key in viewer.__dict__:
        return viewer.__dict__[key]
    roots: list[str] | None = []
    if viewer.user_id is not None:
        superuser = (
            get_user_model()
            .objects.filter(pk=viewer.user_id, is_active=True)
            .values_list("is_superuser", flat=True)
            .first()
        )
        if superuser:
            roots = None
        elif superuser is not None:
            roots = list(
                Officer.objects.current()
                .filter(
                    user_id=viewer.user_id,
                    role__in=list(roles),
                    organisation__status=OrganisationStatus.ACTIVE,
                )
                .values_list("organisation__path", flat=True)
                .distinct()
            )
    # The viewer is a frozen dataclass: remember on it, as cached_property does.
    viewer.__dict__[key] = roots
    return roots


def scope_q(user, role: RoleArg = None, path_lookups: Sequence[str] = ("path",)) -> Q | None:
    """A filter for rows whose organisation (reached by any of ``path_lookups``) the user manages.

    ``None`` means no restriction (a superuser). A user without roles gets a filter matching nothing.
    """
    if is_superuser(user):
        return None
    condition = Q(pk__in=[])
    for path in _root_paths(user, role):
        for lookup in path_lookups:
            condition |= Q(**{f"{lookup}__startswith": path})
    return condition


def organisations_managed_by(user, role: RoleArg = None) -> QuerySet[Organisation]:
    """Organisations in the subtrees of the user's current roles (superusers: all), in tree order."""
    condition = scope_q(user, role)
    queryset = Organisation.objects.all()
    return queryset if condition is None else queryset.filter(condition)


def can_manage(
    user, organisation: Organisation | None, role: RoleArg = None, *, roots: list[str] | None = None
) -> bool:
    """Whether ``organisation`` lies in the subtree of one of the user's current roles."""
    if organisation is None:
        return False
    if is_superuser(user):
        return True
    roots = _root_paths(user, role) if roots is None else roots
    return any(organisation.path.startswith(path) for path in roots)


def can_restructure(user, organisation: Organisation, *, roots: list[str] | None = None) -> bool:
    """Whether the user may move, merge or dissolve ``organisation``.

    Officers restructure only *below* their own organisation: an editor cannot dissolve or
    move away the union that gives them their rights.
    """
    if is_superuser(user):
        return True
    roots = _root_paths(user, STRUCTURE_ROLES) if roots is None else roots
    return any(organisation.path.startswith(path) and organisation.path != path for path in roots)


def members_managed_by(user):
    """Members of the organisations the user manages as editor or membership clerk."""
    from cms.members.models import Member

    condition = scope_q(user, MEMBER_ROLES, ("organisation__path",))
    queryset = Member.objects.all()
    return queryset if condition is None else queryset.filter(condition)


def can_manage_member(user, member) -> bool:
    return can_manage(user, member.organisation, MEMBER_ROLES)


class SubtreePermissionPolicy(BasePermissionPolicy):
    """A Wagtail permission policy over rows that belong to an organisation of the tree.

    ``actions`` are the actions anybody may ever take (``delete`` is absent: organisations,
    members, roles and history are never deleted). Superusers may take them on every row,
    officers holding one of ``roles`` on the rows of their subtrees.
    """

    def __init__(
        self,
        model,
        *,
        roles: Iterable[str],
        path_lookups: Sequence[str],
        actions: Iterable[str] = ("add", "change", "view"),
    ):
        super().__init__(model)
        self.roles = frozenset(roles)
        self.path_lookups = tuple(path_lookups)
        self.actions = frozenset(actions)

    def _allowed(self, actions: Iterable[str]) -> bool:
        return bool(self.actions & set(actions))

    def user_has_permission(self, user, action: str) -> bool:
        return self.user_has_any_permission(user, [action])

    # The admin asks once per listed row; the user object lives for one request.
    permission_cache_name = "_officer_role_names_cache"

    def get_all_permissions_for_user(self, user) -> frozenset[str]:
        """The names of the user's current roles (what the model-level checks need)."""
        return frozenset(current_roles(user).values_list("role", flat=True))

    def user_has_any_permission(self, user, actions) -> bool:
        if not self._allowed(actions):
            return False
        if is_superuser(user):
            return True
        if user is None or not user.is_authenticated:
            return False
        return bool(self.roles & self.get_cached_permissions_for_user(user))

    def users_with_any_permission(self, actions):
        user_model = get_user_model()
        if not self._allowed(actions):
            return user_model.objects.none()
        officers = Officer.objects.current().filter(
            role__in=self.roles, organisation__status=OrganisationStatus.ACTIVE
        )
        return user_model.objects.filter(
            Q(is_superuser=True) | Q(pk__in=officers.values("user")), is_active=True
        ).distinct()

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        manager = self.model._default_manager
        if not self._allowed(actions):
            return manager.none()
        condition = scope_q(user, self.roles, self.path_lookups)
        if condition is None:
            return manager.all()
        # Several lookups may join to-many or nullable relations: keep rows unique.
        queryset = manager.filter(condition)
        return queryset.distinct() if len(self.path_lookups) > 1 else queryset

    def user_has_permission_for_instance(self, user, action: str, instance: Model) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance: Model) -> bool:
        if not self._allowed(actions):
            return False
        if is_superuser(user):
            return True
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()

    def users_with_any_permission_for_instance(self, actions, instance: Model):
        users = self.users_with_any_permission(actions)
        return [user for user in users if self.user_has_any_permission_for_instance(user, actions, instance)]


def _policies():
    from cms.members.models import Member
    from cms.organisations.models import OrganisationChange

    return {
        Organisation: SubtreePermissionPolicy(
            Organisation, roles=STRUCTURE_ROLES, path_lookups=("path",), actions=("add", "change", "view")
        ),
        Officer: SubtreePermissionPolicy(
            Officer,
            roles=STRUCTURE_ROLES,
            path_lookups=("organisation__path",),
            actions=("add", "change", "view"),
        ),
        # History is read-only; "change" is cancelling a scheduled change. A change is visible
        # to whoever manages the organisation or either end of the move.
        OrganisationChange: SubtreePermissionPolicy(
            OrganisationChange,
            roles=STRUCTURE_ROLES,
            path_lookups=("organisation__path", "old_parent__path", "new_parent__path", "merged_into__path"),
            actions=("change", "view"),
        ),
        Member: SubtreePermissionPolicy(
            Member,
            roles=MEMBER_ROLES,
            path_lookups=("organisation__path",),
            actions=("add", "change", "view"),
        ),
    }


POLICIES: dict = {}


def policy_for(model) -> SubtreePermissionPolicy:
    """The admin's permission policy for one of the tree's models (built once)."""
    if not POLICIES:
        POLICIES.update(_policies())
    return POLICIES[model]
