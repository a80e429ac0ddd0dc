"""Who may work on a contest's question bank: whoever may edit the contest page.

The bank is the contest's secret until its rounds close, so an editor sees and changes the
questions of the contests of their organisations (and those below) only; superusers all of them.
The snippet admin asks :data:`question_permission_policy` for its menu, its listing, each row and
each action, and the question form offers only those contests.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cms.contests.models import ContestPage, ContestQuestion
from cms.core.publishing import editable_organisations
from cms.organisations.models import OfficerRole
from cms.organisations.permissions import SubtreePermissionPolicy, is_superuser


def editable_contests(user) -> QuerySet[ContestPage]:
    """The contests ``user`` may edit (Wagtail's page rule for contest pages: their organisation's)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ContestPage.objects.none()
    if is_superuser(user):
        return ContestPage.objects.all()
    return ContestPage.objects.filter(organisation__in=editable_organisations(user))


class QuestionPermissionPolicy(SubtreePermissionPolicy):
    def __init__(self):
        super().__init__(
            ContestQuestion,
            roles={OfficerRole.EDITOR},
            path_lookups=("contest__organisation__path",),
            actions=("add", "change", "delete", "view"),
        )

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if not self._allowed(actions):
            return ContestQuestion.objects.none()
        return ContestQuestion.objects.filter(contest__in=editable_contests(user))

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        if not self.user_has_any_permission(user, actions):
            return False
        return editable_contests(user).filter(pk=instance.contest_id).exists()


question_permission_policy = QuestionPermissionPolicy()
