"""Who may read official documents and their deliveries (cms.core.visibility's policies).

- A **document** follows the pages' rule (published, not in a private section, the reader in its
  audience), and besides reaches the officers who act for a union it was delivered to (a letter
  sent to a union is that union's to read, whatever audience its editor chose), the editors of
  the issuing organisation's side and superusers.
- A **delivery** is read by the officers who act for its union (``RECIPIENT_ROLES`` held at the
  delivery's organisation itself, not above it) while its document is published; read-only, by
  the editors whose subtree holds the issuing organisation (the report on who received what), and
  by superusers; always of published documents. Only the first may act on it (``services.actionable``): superusers never act for
  a union.

Each policy is one query's filter (subqueries on the viewer's roles), whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils import timezone

from cms.core.visibility import AccessPolicy, PagePolicy, Viewer, audience_q

# The roles that receive documents for their union.
RECIPIENT_ROLES = ("document_clerk", "editor")
# The role that sees the receipts of documents issued in its subtree.
ISSUER_ROLES = ("editor",)


def _current_roles(user_id: int, roles) -> QuerySet:
    from cms.organisations.models import Officer, OrganisationStatus

    return Officer.objects.current().filter(
        user_id=user_id,
        user__is_active=True,
        role__in=roles,
        organisation__status=OrganisationStatus.ACTIVE,
    )


def published_q(prefix: str, now=None) -> Q:
    """``cms.core.visibility.published_q`` through a relation (``document__``)."""
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}live": True, f"{prefix}expired": False})
        & (Q(**{f"{prefix}go_live_at__isnull": True}) | Q(**{f"{prefix}go_live_at__lte": now}))
        & (Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now}))
    )


def recipient_q(user_id: int | None, organisation_ref: str = "organisation_id") -> Q:
    """Rows whose organisation (``organisation_ref``) the user acts for as recipient."""
    if user_id is None:
        return Q(pk__in=[])
    roles = _current_roles(user_id, RECIPIENT_ROLES).filter(organisation_id=OuterRef(organisation_ref))
    return Q(Exists(roles))


def issuer_q(user_id: int | None) -> Q:
    """Deliveries of documents issued in the subtree of one of the user's editor roles."""
    if user_id is None:
        return Q(pk__in=[])
    return Q(Exists(_issuing_roles(user_id, "document__organisation__path")))


def _issuing_roles(user_id: int, issuer_path_ref: str) -> QuerySet:
    """The user's editor roles whose subtree holds the organisation at ``issuer_path_ref``."""
    issuer_path = ExpressionWrapper(OuterRef(issuer_path_ref), output_field=CharField())
    return _current_roles(user_id, ISSUER_ROLES).filter(StartsWith(issuer_path, F("organisation__path")))


def superuser_q(user_id: int | None) -> Q:
    from django.contrib.auth import get_user_model

    if user_id is None:
        return Q(pk__in=[])
    return Q(Exists(get_user_model().objects.filter(pk=user_id, is_superuser=True, is_active=True)))


def private_document_q(viewer: Viewer) -> Q:
    """Deliveries whose document sits in a view-restricted section."""
    from wagtail.models import PageViewRestriction

    q = Q(pk__in=[])
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        q |= Q(document__path__startswith=path)
    return q


def reader_kinds(viewer: Viewer) -> tuple[bool, bool, bool]:
    """Whether the signed-in viewer holds a recipient role, an issuer role, or is a superuser:
    one query, remembered on the viewer (one per request)."""
    from django.contrib.auth import get_user_model

    cached = viewer.__dict__.get("_document_reader_kinds")
    if cached is None:
        uid = viewer.user_id
        row = (
            get_user_model()
            .objects.filter(pk=uid, is_active=True)
            .annotate(
                recipient=Exists(_current_roles(uid, RECIPIENT_ROLES)),
                issuer=Exists(_current_roles(uid, ISSUER_ROLES)),
            )
            .values_list("recipient", "issuer", "is_superuser")
            .first()
        )
        cached = tuple(bool(value) for value in row) if row else (False, False, False)
        viewer.__dict__["_document_reader_kinds"] = cached
    return cached


class DeliveryPolicy(AccessPolicy):
    """Deliveries a viewer may read (see the module's docstring), of published documents only:
    whoever reads a delivery may read its document (``DocumentPolicy``)."""

    def visible(self, queryset: QuerySet, viewer: Viewer) -> QuerySet:
        if viewer.user_id is None:
            return queryset.none()
        uid = viewer.user_id
        readers = recipient_q(uid) | issuer_q(uid) | superuser_q(uid)
        return queryset.filter(published_q("document__") & readers).exclude(private_document_q(viewer))

    def is_visible(self, obj, viewer: Viewer) -> bool:
        return self.visible(type(obj)._default_manager.filter(pk=obj.pk), viewer).exists()


class DocumentPolicy(PagePolicy):
    """The pages' rule, widened to the officers of the unions a document was delivered to."""

    def visible(self, queryset: QuerySet, viewer: Viewer) -> QuerySet:
        from cms.documents.models import DocumentDelivery

        queryset = queryset.filter(published_q("")).exclude(viewer.private_q)
        readers = audience_q(queryset.model, viewer)
        if viewer.user_id is not None:
            # Only the clauses that can hold for this viewer: for a member without roles (most
            # readers) the list is the pages' rule alone, not three subqueries per row.
            uid = viewer.user_id
            recipient, issuer, superuser = reader_kinds(viewer)
            if superuser:
                return queryset
            if recipient:
                delivered = DocumentDelivery.objects.filter(document_id=OuterRef("pk")).filter(
                    recipient_q(uid)
                )
                readers |= Q(Exists(delivered))
            if issuer:
                readers |= Q(Exists(_issuing_roles(uid, "organisation__path")))
        return queryset.filter(readers)

    def is_visible(self, obj, viewer: Viewer) -> bool:
        return self.visible(type(obj)._default_manager.filter(pk=obj.pk), viewer).exists()


DELIVERIES = DeliveryPolicy()
DOCUMENTS = DocumentPolicy()
