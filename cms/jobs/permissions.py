"""Who manages members' job applications as an officer: the one place that says so.

An application belongs to the posting it answers, and the posting to the organisation that
published it (``JobPage.organisation``). Superusers, and officers holding a current ``editor``
role at that organisation or at one above it, see the application in the admin, change its
status and export it for the employer. Nobody manages their own application: an officer who
applies is a member like any other. A posting without a publishing organisation is managed by
superusers only.

The admin and the services ask here; ``cms.jobs.models.ApplicationPolicy`` applies the same
rule as a queryset filter (the access policy) for the API.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cms.core.visibility import Viewer
from cms.organisations.models import OfficerRole
from cms.organisations.permissions import is_superuser, role_root_paths, viewer_role_roots

MANAGING_ROLES: frozenset[str] = frozenset({OfficerRole.EDITOR})


def managing_roots(user) -> list[str]:
    """Tree paths of the organisations where ``user`` holds a managing role today."""
    return role_root_paths(user, MANAGING_ROLES)


def subtree_q(roots: list[str], prefix: str = "") -> Q:
    """Applications to postings published by an organisation under one of ``roots`` (paths)."""
    condition = Q(pk__in=[])
    for path in roots:
        condition |= Q(**{f"{prefix}job__organisation__path__startswith": path})
    return condition


def officer_q(viewer: Viewer, prefix: str = "") -> Q | None:
    """The applications ``viewer`` manages as an officer (``None``: all of them, a superuser)."""
    roots = viewer_role_roots(viewer, MANAGING_ROLES)
    return None if roots is None else subtree_q(roots, prefix)


def applications_for_officer(user) -> QuerySet:
    """Applications ``user`` manages as an officer (never their own)."""
    from cms.jobs.models import JobApplication

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return JobApplication.objects.none()
    if is_superuser(user):
        return JobApplication.objects.exclude(applicant=user)
    return JobApplication.objects.filter(subtree_q(managing_roots(user))).exclude(applicant=user)


def can_manage(user, application) -> bool:
    """Whether ``user`` may change ``application``'s status and export it for the employer."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk == application.applicant_id:
        return False
    if is_superuser(user):
        return True
    organisation = application.job.organisation
    if organisation is None:
        return False
    return any(organisation.path.startswith(root) for root in managing_roots(user))
