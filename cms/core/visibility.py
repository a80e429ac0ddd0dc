"""The one visibility rule, used by every channel (GraphQL, search, subscriptions, files).

A page reaches a viewer only if it is live, its go-live time has come, it has not expired,
it sits in no view-restricted (private) section, and the viewer is in its audience. The
audience is a set of organisations; each one's whole subtree receives the page, and an
empty audience means everyone, anonymous users included. Members see what is addressed to
any ancestor of their own union (or to it); anonymous users see only what is for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the paths of their union and its ancestors decide their audience."""

    organisation_paths: tuple[str, ...] = field(default_factory=tuple)
    is_authenticated: bool = False

    @classmethod
    def anonymous(cls) -> Viewer:
        return cls()

    @classmethod
    def for_user(cls, user) -> Viewer:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls.anonymous()
        from cms.members.models import Member, MemberStatus

        member = (
            Member.objects.select_related("organisation")
            .filter(user=user, status=MemberStatus.ACTIVE)
            .only("organisation__path")
            .first()
        )
        paths = tuple(member.organisation.ancestor_paths()) if member else ()
        return cls(organisation_paths=paths, is_authenticated=True)

    @cached_property
    def private_q(self) -> Q:
        """Pages in view-restricted sections: Wagtail's ``private_q``, read once per viewer.

        A request that lists several kinds of content (the home screen) checks restrictions
        once instead of once per list.
        """
        from wagtail.models import PageViewRestriction

        paths = PageViewRestriction.objects.values_list("page__path", flat=True)
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(path__startswith=path)
        return q

    def in_audience(self, audience_paths: list[str]) -> bool:
        """In-memory twin of the audience filter, for one object already loaded."""
        return not audience_paths or bool(set(audience_paths) & set(self.organisation_paths))


def published_q(now=None) -> Q:
    now = now or timezone.now()
    return (
        Q(live=True, expired=False)
        & (Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        & (Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )


def audience_q(model, viewer: Viewer) -> Q:
    """Rows whose audience is empty or contains the viewer's union or one of its ancestors."""
    through = model.audience.through
    source = model.audience.field.m2m_field_name()
    target = model.audience.field.m2m_reverse_field_name()
    any_audience = through.objects.filter(**{source: OuterRef("pk")})
    q = ~Exists(any_audience)
    if viewer.organisation_paths:
        q |= Exists(any_audience.filter(**{f"{target}__path__in": viewer.organisation_paths}))
    return q


def visible_pages(queryset: QuerySet, viewer: Viewer) -> QuerySet:
    """Pages of ``queryset`` that ``viewer`` may see. Use this for every read of content."""
    queryset = queryset.filter(published_q()).exclude(viewer.private_q)
    if hasattr(queryset.model, "audience"):
        queryset = queryset.filter(audience_q(queryset.model, viewer))
    return queryset


def is_page_visible(page, viewer: Viewer) -> bool:
    """The same rule for one page (a preview check, a subscription payload, a file)."""
    model = type(page)
    return visible_pages(model.objects.filter(pk=page.pk), viewer).exists()


def _document_restrictions(document) -> list:
    """The view restrictions that apply to a document (its collection and ancestors), one query."""
    from wagtail.models import CollectionViewRestriction

    return [
        r
        for r in document.collection.get_view_restrictions()
        if r.restriction_type != CollectionViewRestriction.NONE
    ]


def _passes(restrictions: list, user) -> bool:
    """Whether ``user`` passes these collection view restrictions.

    Mirrors Wagtail's own check for the document serve view: login restrictions need a
    signed-in user, group restrictions membership of a listed group (superusers pass),
    and password restrictions are only ever unlocked in the serve view, never via the API.
    """
    from wagtail.models import CollectionViewRestriction

    authenticated = bool(getattr(user, "is_authenticated", False))
    for restriction in restrictions:
        kind = restriction.restriction_type
        if kind == CollectionViewRestriction.PASSWORD:
            return False
        if not authenticated:
            return False
        if kind == CollectionViewRestriction.GROUPS and not user.is_superuser:
            allowed = {g.pk for g in restriction.groups.all()}
            if not allowed & set(user.groups.values_list("pk", flat=True)):
                return False
    return True


def document_url_for(document, user) -> str | None:
    """The URL ``user`` gets for ``document``: None if they may not have it at all."""
    from cms.core.files import file_url

    if document is None:
        return None
    # Read the restrictions once: they decide both access and whether the URL must be signed.
    restrictions = _document_restrictions(document)
    if not _passes(restrictions, user):
        return None
    return file_url(document.file, private=bool(restrictions))
