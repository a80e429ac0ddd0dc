"""The one visibility rule, used by every channel (GraphQL, search, subscriptions, files).

A page reaches a viewer only if it is live, its go-live time has come, it has not expired,
it sits in no view-restricted (private) section, and the viewer is in its audience. The
audience is a set of organisations; each one's whole subtree receives the page, and an
empty audience means everyone, anonymous users included. Members see what is addressed to
any ancestor of their own union (or to it); anonymous users see only what is for everyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value
from django.db.models.lookups import StartsWith
from django.utils import timezone
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from cms.core.prepared import PreparedQuery

# Read for every viewer of content (once per request), so prepared.
_RESTRICTED_PATHS = PreparedQuery(lambda: PageViewRestriction.objects.values_list("page__path", flat=True))


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the paths of their union and its ancestors decide their audience."""

    organisation_paths: tuple[str, ...] = field(default_factory=tuple)
    is_authenticated: bool = False
    # The signed-in user, for what members own (their profile, feedback, attempts...).
    user_id: int | None = None

    @classmethod
    def anonymous(cls) -> Viewer:
        return cls()

    @classmethod
    def for_user(cls, user, member=None) -> Viewer:
        """``member``: the user's active member profile with its organisation, when the caller
        has already read it (saves the query)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return cls.anonymous()
        from cms.members.membership import active_member

        member = member or active_member(user)
        paths = tuple(member.organisation.ancestor_paths()) if member else ()
        return cls(organisation_paths=paths, is_authenticated=True, user_id=user.pk)

    @cached_property
    def restricted_paths(self) -> tuple[str, ...]:
        """Paths of the view-restricted (private) sections, read once per viewer.

        A request that lists several kinds of content (the home screen) checks restrictions
        once instead of once per list.
        """
        return tuple(_RESTRICTED_PATHS.all())

    @cached_property
    def private_q(self) -> Q:
        """Pages in view-restricted sections: Wagtail's ``private_q``."""
        q = Q(pk__in=[])
        for path in self.restricted_paths:
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


def _audience_rows(model, page) -> tuple[QuerySet, str]:
    """The audience rows of ``page`` (a value or an ``OuterRef``) of ``model``, and the name of
    their organisation field."""
    through = model.audience.through
    source = model.audience.field.m2m_field_name()
    return through.objects.filter(**{source: page}), model.audience.field.m2m_reverse_field_name()


@cache
def _audience_paths(model) -> PreparedQuery:
    """The paths of a page's audience (of ``model``): read at each contest start, so prepared."""

    def build(page_id: int) -> QuerySet:
        rows, target = _audience_rows(model, page_id)
        return rows.values_list(f"{target}__path", flat=True)

    return PreparedQuery(build, page_id=int)


def audience_q(model, viewer: Viewer) -> Q:
    """Rows whose audience is empty or contains the viewer's union or one of its ancestors."""
    any_audience, target = _audience_rows(model, OuterRef("pk"))
    q = Q(~Exists(any_audience))
    if viewer.organisation_paths:
        q |= Q(Exists(any_audience.filter(**{f"{target}__path__in": viewer.organisation_paths})))
    return q


def visible_pages(queryset: QuerySet, viewer: Viewer) -> QuerySet:
    """Pages of ``queryset`` that ``viewer`` may see. Use this for every read of content."""
    queryset = queryset.filter(published_q()).exclude(viewer.private_q)
    if hasattr(queryset.model, "audience"):
        queryset = queryset.filter(audience_q(queryset.model, viewer))
    return queryset


def is_loaded_page_visible(
    page, viewer: Viewer, now=None, *, in_private_section: bool | None = None, in_audience: bool | None = None
) -> bool:
    """The rule for one page already loaded as its specific type, in memory: no query but the
    restricted sections' paths (once per viewer) and the page's audience, and none at all when the
    read that loaded the page annotated both (:func:`loaded_page_checks`: pass its two values).

    For a hot path that loads the page anyway (a contest's round at each start of an attempt),
    where compiling the rule's query cost more than the rest of the work.
    ``tests/cms/core/test_visibility_twin.py`` holds it equal to :func:`visible_pages` over
    every state a page and a viewer can be in, both ways.
    """
    now = now or timezone.now()
    if not page.live or page.expired:
        return False
    if (page.go_live_at is not None and page.go_live_at > now) or (
        page.expire_at is not None and page.expire_at <= now
    ):
        return False
    if in_private_section is None:
        in_private_section = any(page.path.startswith(path) for path in viewer.restricted_paths)
    if in_private_section:
        return False
    model = type(page)
    if not hasattr(model, "audience"):
        return True
    if in_audience is None:
        in_audience = viewer.in_audience(_audience_paths(model).all(page_id=page.pk))
    return in_audience


def viewer_union_path(viewer: Viewer) -> str:
    """The path of the viewer's own union ("" for a viewer who is no member): its ancestors'
    paths are exactly its prefixes (materialised paths)."""
    return viewer.organisation_paths[-1] if viewer.organisation_paths else ""


def loaded_page_checks(model, page: str, union_path) -> dict[str, Any]:
    """Annotations for a read that loads a page of ``model`` through the relation ``page`` (e.g.
    ``"page"`` for a contest round's contest): ``in_private_section``, whether the page sits in a
    view-restricted section, and ``in_audience``, whether a member of the union whose path is
    ``union_path`` ("" for no union) is in its audience. Hand both to
    :func:`is_loaded_page_visible`: the rule then needs no query of its own.

    The audience holds the member when one of its unions' paths begins their union's path, as
    :meth:`Viewer.in_audience` finds among the ancestors' paths.
    """
    private = Exists(
        PageViewRestriction.objects.filter(StartsWith(OuterRef(f"{page}__path"), F("page__path")))
    )
    annotations: dict[str, Any] = {"in_private_section": private}
    if hasattr(model, "audience"):
        any_audience, target = _audience_rows(model, OuterRef(f"{page}_id"))
        holds_union = any_audience.filter(StartsWith(Value(union_path), F(f"{target}__path")))
        annotations["in_audience"] = ExpressionWrapper(
            ~Exists(any_audience) | Exists(holds_union), output_field=BooleanField()
        )
    return annotations


def is_page_visible(page, viewer: Viewer) -> bool:
    """The same rule for one page (a subscription payload, a thread, a file's users).

    ``page`` may be a plain ``Page``: the rule of its specific type (audience included) applies.
    """
    return page.pk in visible_page_ids([page], viewer)


def visible_page_querysets(pages: Iterable[tuple[int, int]], viewer: Viewer) -> list[QuerySet]:
    """The pages of ``pages`` ((primary key, content type id) pairs, of any type) that ``viewer``
    may see, as one queryset per group.

    Pages are grouped by their specific type, so each type's own rule applies (its audience,
    if it has one); types without an audience (sections, the home page) share one check on
    Wagtail's page table. A page whose type no longer exists is in no group: never visible.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    by_model: dict[type, list[int]] = defaultdict(list)
    for pk, content_type_id in pages:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            by_model[model if hasattr(model, "audience") else Page].append(pk)
    return [
        visible_pages(model._default_manager.filter(pk__in=ids), viewer) for model, ids in by_model.items()
    ]


def visible_page_ids(pages: Iterable, viewer: Viewer) -> set[int]:
    """The primary keys of ``pages`` (``Page`` rows of any type) that ``viewer`` may see: one
    query per group of :func:`visible_page_querysets`, whatever the number of pages."""
    visible: set[int] = set()
    for queryset in visible_page_querysets(((page.pk, page.content_type_id) for page in pages), viewer):
        visible.update(queryset.values_list("pk", flat=True))
    return visible


class AccessPolicy:
    """Who may read rows of one model: a queryset filter and its one-object twin.

    A model declares its policy as ``access_policy`` (a class attribute) and gets
    ``Model.objects.visible_to(viewer)`` through :class:`PolicyQuerySet`; the API's base types
    apply the same policy to any queryset of the model (root lists, relay nodes, the
    optimizer's prefetches of nested relations), so no resolver calls it by hand.
    Member-owned objects (feedback, applications, attempts) declare their own policy.
    """

    def visible(self, queryset: QuerySet, viewer: Viewer) -> QuerySet:
        raise NotImplementedError

    def is_visible(self, obj, viewer: Viewer) -> bool:
        raise NotImplementedError


class PagePolicy(AccessPolicy):
    """The visibility rule above, for page types."""

    def visible(self, queryset: QuerySet, viewer: Viewer) -> QuerySet:
        return visible_pages(queryset, viewer)

    def is_visible(self, obj, viewer: Viewer) -> bool:
        return is_page_visible(obj, viewer)


def restrict(queryset: QuerySet, viewer: Viewer) -> QuerySet:
    """``queryset`` narrowed by its model's access policy, whatever manager it came from.

    A model without a policy is an error, not a public model: saying "everyone may read this"
    is a decision (``PUBLIC``), never a default.
    """
    policy = getattr(queryset.model, "access_policy", None)
    if policy is None:
        raise TypeError(f"{queryset.model.__name__} declares no access_policy.")
    return policy.visible(queryset, viewer)


class PublicPolicy(AccessPolicy):
    """Reference data anyone may read (organisations' public directory, categories...)."""

    def visible(self, queryset: QuerySet, viewer: Viewer) -> QuerySet:
        return queryset

    def is_visible(self, obj, viewer: Viewer) -> bool:
        return True


class OwnerPolicy(AccessPolicy):
    """Rows a signed-in user owns, through the user foreign key ``owner_field`` (e.g. "user", or
    "entrant__user" for a row owned through another)."""

    def __init__(self, owner_field: str = "user") -> None:
        self.owner_field = owner_field

    def visible(self, queryset: QuerySet, viewer: Viewer) -> QuerySet:
        if viewer.user_id is None:
            return queryset.none()
        return queryset.filter(**{f"{self.owner_field}_id": viewer.user_id})

    def is_visible(self, obj, viewer: Viewer) -> bool:
        *through, owner = self.owner_field.split("__")
        for name in through:
            obj = getattr(obj, name)
        return viewer.user_id is not None and getattr(obj, f"{owner}_id") == viewer.user_id


class PagePartPolicy(AccessPolicy):
    """Rows that belong to a page (a contest's rankings): readable by whoever may see that page."""

    def __init__(self, page_field: str) -> None:
        self.page_field = page_field

    def _page_model(self, model) -> type:
        return model._meta.get_field(self.page_field).related_model

    def visible(self, queryset: QuerySet, viewer: Viewer) -> QuerySet:
        pages = visible_pages(self._page_model(queryset.model)._default_manager.all(), viewer)
        return queryset.filter(**{f"{self.page_field}__in": pages.values("pk")})

    def is_visible(self, obj, viewer: Viewer) -> bool:
        return is_page_visible(getattr(obj, self.page_field), viewer)


PUBLIC = PublicPolicy()
PAGES = PagePolicy()
OWNER = OwnerPolicy("user")


class PolicyQuerySet(QuerySet):
    """``Model.objects.visible_to(viewer)``: the model's access policy as a queryset method."""

    def visible_to(self, viewer: Viewer):
        return restrict(self, viewer)


class VisibleQuerySet(PolicyQuerySet, PageQuerySet):
    """Page querysets with ``visible_to`` (every page type the API returns: cms.core.pages.ReadablePage)."""


VisiblePageManager = PageManager.from_queryset(VisibleQuerySet)


class DocumentAccess:
    """Which documents one user may have, and the URL each gets: Wagtail's collection rule.

    A view restriction on a collection covers its descendants. Restrictions, the paths of the
    collections and the user's groups are read once and reused for every document, so a
    request that lists many files costs the same few queries as one file. Keep one instance
    per request (the GraphQL context has one); restrictions changed meanwhile apply from the
    next request.
    """

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def _restrictions(self) -> list[tuple[str, Any]]:
        from wagtail.models import CollectionViewRestriction

        rows = (
            CollectionViewRestriction.objects.exclude(restriction_type=CollectionViewRestriction.NONE)
            .select_related("collection")
            .prefetch_related("groups")
        )
        return [(row.collection.path, row) for row in rows]

    @cached_property
    def _collection_paths(self) -> dict[int, str]:
        from wagtail.models import Collection

        return dict(Collection.objects.values_list("pk", "path"))

    @cached_property
    def _group_ids(self) -> set[int]:
        return set(self.user.groups.values_list("pk", flat=True))

    def restrictions_for(self, document) -> list:
        """The restrictions that apply to ``document`` (its collection and its ancestors')."""
        if not self._restrictions:
            return []
        path = self._collection_paths.get(document.collection_id, "")
        return [row for prefix, row in self._restrictions if path.startswith(prefix)]

    def _passes(self, restrictions: list) -> bool:
        """Mirrors Wagtail's check in the document serve view.

        Login restrictions need a signed-in user, group restrictions membership of a listed
        group (superusers pass); password restrictions are only ever unlocked in the serve
        view, never through the API.
        """
        from wagtail.models import CollectionViewRestriction

        authenticated = bool(getattr(self.user, "is_authenticated", False))
        for restriction in restrictions:
            kind = restriction.restriction_type
            if kind == CollectionViewRestriction.PASSWORD or not authenticated:
                return False
            if kind == CollectionViewRestriction.GROUPS and not self._in_listed_group(restriction):
                return False
        return True

    def _in_listed_group(self, restriction) -> bool:
        return self.user.is_superuser or bool({g.pk for g in restriction.groups.all()} & self._group_ids)

    def url_for(self, document) -> str | None:
        """The URL the user gets for ``document``: None if they may not have it at all."""
        from cms.core.files import file_url

        if document is None:
            return None
        # The same restrictions decide access and whether the URL must be signed.
        restrictions = self.restrictions_for(document)
        if not self._passes(restrictions):
            return None
        # A signed-in reader opens the link without their credentials (apps send their token to
        # the API only), and the serve view answers such a request as it would a guest: only for
        # files of pages everyone may see (cms.core.document_access). So their links are signed.
        signed = bool(restrictions) or bool(getattr(self.user, "is_authenticated", False))
        return file_url(document.file, private=signed)


class Reader:
    """Who reads, as the visibility rule and file access need it, worked out once per reader.

    Mixed into the API's request context and the admin's preview reader (both have ``user``), so
    the API's renderers ask either the same way.
    """

    user: Any

    @cached_property
    def viewer(self) -> Viewer:
        """Who is reading, for the visibility rule."""
        return Viewer.for_user(self.user)

    @cached_property
    def document_access(self) -> DocumentAccess:
        """Which files the reader may have, read once."""
        return DocumentAccess(self.user)
