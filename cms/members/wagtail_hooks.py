"""Admin wiring for members: the permission policy first, then the viewset."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.members.models import Member
from cms.members.viewsets import MemberViewSet
from cms.organisations.permissions import policy_for

# Registered before any viewset asks for it (Wagtail 8 refuses a late registration).
register_permission_policy(Member, policy_for(Member))


@hooks.register("register_admin_viewset")
def register_member_viewset():
    return MemberViewSet()
