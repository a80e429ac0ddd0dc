"""Who listens where: the channel-layer groups events are sent to and sockets listen on.

- ``everyone``: announcements for everyone (an empty audience), guests included;
- ``org.<id>``: announcements whose audience names that organisation; a member listens on the
  groups of their union and every union above it (an audience covers its subtree);
- ``officers.<id>``: documents delivered to that organisation, for its document clerks and
  editors;
- ``user.<id>``: what belongs to one user (their feedback).

Groups only route: every event is checked against the access policies for the listener when it
is delivered (realtime.delivery), so a stale group costs a query, never a leak.
"""

from __future__ import annotations

from dataclasses import dataclass

from cms.core.visibility import Viewer

EVERYONE = "everyone"


def organisation_group(organisation_id: int) -> str:
    return f"org.{organisation_id}"


def officers_group(organisation_id: int) -> str:
    return f"officers.{organisation_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


@dataclass(frozen=True)
class Listening:
    """A socket's reader as they are now: their viewer (for the access checks) and groups."""

    user: object | None
    viewer: Viewer
    groups: frozenset[str]


def listening(user) -> Listening:
    """The viewer and groups of ``user`` (None or anonymous: a guest), read from the database."""
    from cms.documents.access import RECIPIENT_ROLES
    from cms.organisations.models import Organisation
    from cms.organisations.permissions import current_roles

    viewer = Viewer.for_user(user)
    groups = {EVERYONE}
    if viewer.organisation_paths:
        ids = Organisation.objects.filter(path__in=viewer.organisation_paths).values_list("pk", flat=True)
        groups.update(organisation_group(pk) for pk in ids)
    if viewer.user_id is not None:
        groups.add(user_group(viewer.user_id))
        roles = current_roles(user, RECIPIENT_ROLES).values_list("organisation_id", flat=True)
        groups.update(officers_group(pk) for pk in roles)
    return Listening(
        user=user if viewer.user_id is not None else None, viewer=viewer, groups=frozenset(groups)
    )
