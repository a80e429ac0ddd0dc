"""The admin's permission policy for job applications: who sees the menu, and which rows it lists.

The rows are ``cms.jobs.permissions.applications_for_officer``: applications to the postings
their organisations (and those below) published, never the officer's own.
"""

from __future__ import annotations

from cms.jobs.models import JobApplication
from cms.jobs.permissions import MANAGING_ROLES, applications_for_officer
from cms.organisations.permissions import SubtreePermissionPolicy


class JobApplicationPermissionPolicy(SubtreePermissionPolicy):
    """Superusers and editors see the menu; each sees the applications of their subtree."""

    def __init__(self):
        super().__init__(
            JobApplication,
            roles=MANAGING_ROLES,
            path_lookups=("job__organisation__path",),
            actions=("change", "view"),
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self._allowed(actions):
            return JobApplication.objects.none()
        return applications_for_officer(user)


job_application_permission_policy = JobApplicationPermissionPolicy()
