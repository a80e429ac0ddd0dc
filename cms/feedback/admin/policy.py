"""The admin's permission policy for feedback: who sees the inbox, and which rows it lists.

The rows are ``cms.feedback.permissions.feedback_for_officer``: what is routed into the user's
subtrees and what was forwarded up from them (read only there). Whether an officer may *act*
on one is ``permissions.can_handle``, asked by the thread view and by every service.
"""

from __future__ import annotations

from cms.feedback.models import Feedback
from cms.feedback.permissions import HANDLING_ROLES, feedback_for_officer
from cms.organisations.permissions import SubtreePermissionPolicy


class FeedbackPermissionPolicy(SubtreePermissionPolicy):
    """Superusers and officers holding a handling role (feedback handler, editor) see the inbox."""

    def __init__(self):
        super().__init__(
            Feedback, roles=HANDLING_ROLES, path_lookups=("organisation__path",), actions=("change", "view")
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self._allowed(actions):
            return Feedback.objects.none()
        return feedback_for_officer(user)


feedback_permission_policy = FeedbackPermissionPolicy()
