"""Whose member profile a signed-in user is: the one place that answers "is this user an active
member, and of which union?" for the visibility rule and every service members use.

A user read with an access token (cms.members.tokens) carries their profile and its union, read
in the token's own statement, so a request asks the database nothing more. Any other user (the
admin's, a test's) is read here, with its union, at every call: an object kept longer than a
request (a test's, a member's ``.user``) may hold a union as it was, moved since.
"""

from __future__ import annotations

from cms.core.prepared import PreparedQuery
from cms.members.models import Member, MemberStatus

_MEMBER_OF_USER = PreparedQuery(
    lambda user_id: Member.objects.filter(user_id=user_id).select_related("organisation").order_by("pk")[:1],
    user_id=int,
)


_READ_WITH_TOKEN = "_member_read_with_token"


def remember_member(user, member: Member | None) -> None:
    """Keep on ``user``, read with its access token just now, its ``member`` profile (or None)."""
    setattr(user, _READ_WITH_TOKEN, (member,))


def member_of(user) -> Member | None:
    """``user``'s member profile with its union, whatever its status; None for a guest or a user
    without one (an officer who is no member)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    read = getattr(user, _READ_WITH_TOKEN, None)
    return read[0] if read is not None else _MEMBER_OF_USER.first(user_id=user.pk)


def active_member(user) -> Member | None:
    """``user``'s member profile with its union, if the member is active; None for a guest, an
    officer without a profile, or a member who left or is suspended."""
    member = member_of(user)
    return member if member is not None and member.status == MemberStatus.ACTIVE else None
