"""Who may handle feedback, and who may read it as an officer: the one place that says so.

- **handle** (acknowledge, reply, note, assign, forward, reject, close): an active superuser,
  or an officer holding a current ``feedback_handler`` or ``editor`` role at an active
  organisation whose subtree holds the organisation the feedback is routed to *now*. Nobody
  handles their own feedback: an officer who submits one is its member.
- **read as an officer**: the same, plus the officers of every organisation the feedback was
  forwarded up from (the lower level keeps read access; it no longer acts).
- **set response deadlines**: superusers and editors at the federation (a root organisation).

The admin and the services ask here; ``cms.feedback.models`` applies the same rule as a
queryset filter (the access policy) for the API.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cms.organisations.models import OfficerRole, OrganisationLevel
from cms.organisations.permissions import current_roles, is_superuser, role_root_paths

HANDLING_ROLES: frozenset[str] = frozenset({OfficerRole.FEEDBACK_HANDLER, OfficerRole.EDITOR})


def handling_roots(user) -> list[str]:
    """Tree paths of the organisations where ``user`` holds a handling role today."""
    return role_root_paths(user, HANDLING_ROLES)


def can_handle(user, feedback, *, roots: list[str] | None = None) -> bool:
    """Whether ``user`` may act on ``feedback`` as an officer (``roots``: handling_roots, once)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk == feedback.submitter_id:
        return False
    if is_superuser(user):
        return True
    roots = handling_roots(user) if roots is None else roots
    path = feedback.organisation.path
    return any(path.startswith(root) for root in roots)


def can_view(user, feedback) -> bool:
    """Whether ``user`` may read ``feedback`` as an officer (handling it, or forwarded from below)."""
    return feedback_for_officer(user).filter(pk=feedback.pk).exists()


def feedback_for_officer(user) -> QuerySet:
    """Feedback ``user`` may read as an officer: routed into, or forwarded up from, their subtrees."""
    from cms.feedback.models import Feedback, subtree_q

    if user is None or not getattr(user, "is_authenticated", False):
        return Feedback.objects.none()
    if is_superuser(user):
        return Feedback.objects.all()
    condition = subtree_q(handling_roots(user))
    assert condition is not None
    return Feedback.objects.filter(condition)


def can_set_deadlines(user) -> bool:
    """Response deadlines are the federation's: its editors, and superusers."""
    if is_superuser(user):
        return True
    return (
        current_roles(user, OfficerRole.EDITOR)
        .filter(organisation__level=OrganisationLevel.FEDERATION, organisation__depth=1)
        .exists()
    )
