"""Members (đoàn viên) and the sessions and tokens they sign in with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.visibility import OWNER
from cms.organisations.models import Organisation
from search.normalize import fold


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left the union")


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MemberStatus.ACTIVE, user__is_active=True)

    def in_subtree_of(self, organisations):
        return self.filter(organisation__in=Organisation.objects.subtree_of(organisations))

    def in_organisation_on(self, organisation: Organisation, on):
        """Members who belonged to ``organisation`` on the date ``on``, read from the transfer history.

        A member's organisation on a past date is the origin of their first transfer after that
        date, or their current organisation if they have not moved since.
        """
        first_later_origin = (
            MemberTransfer.objects.filter(member=models.OuterRef("pk"), effective_on__gt=on)
            .order_by("effective_on", "pk")
            .values("from_organisation")[:1]
        )
        return (
            self.annotate(_origin_then=models.Subquery(first_later_origin))
            .filter(
                models.Q(_origin_then=organisation.pk)
                | models.Q(_origin_then__isnull=True, organisation=organisation)
            )
            .filter(models.Q(joined_on__isnull=True) | models.Q(joined_on__lte=on))
        )


class Member(models.Model):
    """A union member's profile. Sign-in is through the linked Django user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member", verbose_name=_("user")
    )
    full_name = models.CharField(_("full name"), max_length=120)
    phone = models.CharField(
        _("phone number"),
        max_length=16,
        unique=True,
        help_text=_("Vietnamese mobile number, e.g. 0912345678."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    card_number = models.CharField(_("union card number"), max_length=32, unique=True, null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", verbose_name=_("grassroots union")
    )
    joined_on = models.DateField(_("joined the union on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    # Accent-folded name, so "nguyen van an" finds "Nguyễn Văn An" in the admin.
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    access_policy = OWNER  # a member reads only their own profile

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["search_name", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.phone})"

    def save(self, *args, **kwargs):
        self.refresh_search_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def refresh_search_name(self) -> None:
        self.search_name = fold(self.full_name)

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE


class TransferReason(models.TextChoices):
    TRANSFER = "transfer", _("Transferred by an officer")
    MERGE = "merge", _("Organisation merged")
    IMPORT = "import", _("Updated by a member import")


class MemberTransfer(models.Model):
    """A member moving from one organisation to another: who was where stays answerable."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("member")
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from organisation")
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to organisation")
    )
    effective_on = models.DateField(_("effective on"))
    reason = models.CharField(_("reason"), max_length=16, choices=TransferReason.choices)
    organisation_change = models.ForeignKey(
        "organisations.OrganisationChange",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_transfers",
        verbose_name=_("organisation change"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member transfer")
        verbose_name_plural = _("member transfers")
        ordering = ["-effective_on", "-pk"]
        indexes = [models.Index(fields=["member", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.member} — {self.from_organisation} → {self.to_organisation} ({self.effective_on:%d/%m/%Y})"


class AuthSession(models.Model):
    """One sign-in on one device. Logging out or detecting refresh-token reuse revokes it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="auth_sessions")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=32, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("sign-in session")
        verbose_name_plural = _("sign-in sessions")

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class TokenKind(models.TextChoices):
    ACCESS = "access", _("Access")
    REFRESH = "refresh", _("Refresh")


class AuthToken(models.Model):
    """A bearer token. Only the SHA-256 digest of the random token is stored."""

    session = models.ForeignKey(AuthSession, on_delete=models.CASCADE, related_name="tokens")
    kind = models.CharField(max_length=8, choices=TokenKind.choices)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # A refresh token is single-use: set when it is exchanged for a new pair.
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} token of session {self.session_id}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
