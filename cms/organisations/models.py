"""The union hierarchy: organisations in a tree, their history, and officers' roles.

Organisations are never deleted: a dissolved or merged union keeps its row so that what was
sent to it, and who belonged to it, stays answerable. Every structural change is recorded
as an ``OrganisationChange`` with its effective date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from cms.core.visibility import OWNER, PUBLIC
from cms.organisations.tree import TreeChildren, TreeParent
from search.normalize import fold


class OrganisationLevel(models.TextChoices):
    FEDERATION = "federation", _("Provincial federation of labour")
    UPPER = "upper", _("Upper-level union")
    GRASSROOTS = "grassroots", _("Grassroots union")
    UNIT = "unit", _("Departmental union or union group")


# Which levels may sit directly under which: grassroots unions may report to an upper-level
# union or straight to the federation; departmental units nest inside a grassroots union.
ALLOWED_PARENT_LEVELS: dict[str, set[str]] = {
    OrganisationLevel.FEDERATION: set(),
    OrganisationLevel.UPPER: {OrganisationLevel.FEDERATION},
    OrganisationLevel.GRASSROOTS: {OrganisationLevel.FEDERATION, OrganisationLevel.UPPER},
    OrganisationLevel.UNIT: {OrganisationLevel.GRASSROOTS, OrganisationLevel.UNIT},
}


class OrganisationKind(models.TextChoices):
    FEDERATION = "federation", _("Federation")
    COMMUNE = "commune", _("Commune or ward union")
    INDUSTRIAL_ZONE = "industrial_zone", _("Industrial-zone union")
    SECTOR = "sector", _("Sector union")
    CORPORATION = "corporation", _("Corporation union")
    ENTERPRISE = "enterprise", _("Enterprise")
    PUBLIC_AGENCY = "public_agency", _("Public agency or service unit")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital or health unit")
    COOPERATIVE = "cooperative", _("Cooperative")
    TRADE = "trade", _("Trade union of self-employed workers")
    DEPARTMENT = "department", _("Department or union group")


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("organisation status", "Active")
    MERGED = "merged", _("Merged")
    DISSOLVED = "dissolved", _("Dissolved")


class OrganisationQuerySet(MP_NodeQuerySet):
    def active(self) -> OrganisationQuerySet:
        return self.filter(status=OrganisationStatus.ACTIVE)

    def subtree_of(self, organisations) -> OrganisationQuerySet:
        """Organisations in the subtrees of the given ones (each included)."""
        condition = Q(pk__in=[])
        for organisation in organisations:
            condition |= Q(path__startswith=organisation.path)
        return self.filter(condition)

    def ancestors_and_self(self, organisation: Organisation) -> OrganisationQuerySet:
        paths = [
            organisation.path[:i]
            for i in range(Organisation.steplen, len(organisation.path) + 1, Organisation.steplen)
        ]
        return self.filter(path__in=paths)


class OrganisationManager(MP_NodeManager.from_queryset(OrganisationQuerySet)):
    def get_queryset(self):
        return OrganisationQuerySet(self.model, using=self._db).order_by("path")


class Organisation(MP_Node):
    """A trade union organisation (tổ chức công đoàn) at any level of the hierarchy."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    code = models.SlugField(
        _("code"), max_length=64, unique=True, help_text=_("Stable identifier, e.g. cdcs-vsip.")
    )
    level = models.CharField(_("level"), max_length=16, choices=OrganisationLevel.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    # Accent-folded name and short name, so "kcn nam cam" finds "KCN Nam Cấm".
    search_name = models.CharField(max_length=400, editable=False, db_index=True, default="")

    # Siblings sort by folded name: Vietnamese alphabetical order, not byte order.
    node_order_by = ["search_name"]
    objects = OrganisationManager()
    # The directory of unions is public: every channel may show any organisation.
    access_policy = PUBLIC
    # Prefetchable parent and children (cms.organisations.tree): constant queries for a list.
    tree_parent = TreeParent()
    tree_children = TreeChildren()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["level", "status"])]

    def __str__(self) -> str:
        return self.name

    def refresh_search_name(self) -> None:
        self.search_name = fold(f"{self.name} {self.short_name}")

    def save(self, *args, **kwargs):
        self.refresh_search_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "short_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE

    def ancestor_paths(self) -> list[str]:
        """Paths of this organisation and all its ancestors, root first (no query needed)."""
        return [self.path[:i] for i in range(self.steplen, len(self.path) + 1, self.steplen)]

    def is_in_subtree_of(self, other: Organisation) -> bool:
        return self.path.startswith(other.path)


class ChangeKind(models.TextChoices):
    CREATED = "created", pgettext_lazy("organisation change", "Created")
    REPARENTED = "reparented", _("Moved to another parent")
    MERGED = "merged", _("Merged into another organisation")
    DISSOLVED = "dissolved", _("Dissolved")
    RENAMED = "renamed", _("Renamed")


class OrganisationChangeQuerySet(models.QuerySet):
    def due(self, on=None):
        on = on or timezone.localdate()
        return self.filter(applied_at__isnull=True, cancelled_at__isnull=True, effective_on__lte=on)


class OrganisationChange(models.Model):
    """One structural change of the tree, as it happened or as scheduled for a future date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind.choices)
    effective_on = models.DateField(_("effective on"))
    old_parent = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("old parent"),
    )
    new_parent = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new parent"),
    )
    merged_into = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merged into"),
    )
    old_name = models.CharField(_("old name"), max_length=255, blank=True)
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Decision number and reason, e.g. 123/QĐ-LĐLĐ.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = OrganisationChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation change")
        verbose_name_plural = _("organisation changes")
        ordering = ["-effective_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_kind_display()} ({self.effective_on:%d/%m/%Y})"

    @property
    def is_scheduled(self) -> bool:
        return self.applied_at is None and self.cancelled_at is None


class OfficerRole(models.TextChoices):
    EDITOR = "editor", _("Editor")
    FEEDBACK_HANDLER = "feedback_handler", _("Feedback handler")
    DOCUMENT_CLERK = "document_clerk", _("Document clerk")
    MEMBERSHIP_CLERK = "membership_clerk", _("Membership clerk")


class OfficerQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gt=on))


class Officer(models.Model):
    """A role held by a user at an organisation; the rights cover that organisation's subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_roles",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="officers", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=24, choices=OfficerRole.choices)
    title = models.CharField(
        pgettext_lazy("officer", "title"),
        max_length=120,
        blank=True,
        help_text=_("e.g. Phó Chủ tịch, Chánh Văn phòng"),
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = OfficerQuerySet.as_manager()

    access_policy = OWNER  # an officer reads only their own roles

    class Meta:
        verbose_name = _("officer role")
        verbose_name_plural = _("officer roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(ended_on__isnull=True),
                name="one_open_role_per_user_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


def _fill_search_name(sender, instance: Organisation, **kwargs) -> None:
    # treebeard places a new node among its siblings by ``node_order_by`` before saving it,
    # so the sort key must exist from construction. Rows loaded from the database have it.
    loaded = instance.__dict__
    if not loaded.get("search_name") and "name" in loaded and "short_name" in loaded:
        instance.refresh_search_name()


models.signals.post_init.connect(_fill_search_name, sender=Organisation)
