"""Feedback (phản ánh, kiến nghị): a member's complaint or request to the competent union body.

A member submits a ``Feedback`` routed to their grassroots union or a higher level they choose;
the union's officers answer it in a thread of ``FeedbackMessage`` rows (the member's messages,
replies, requests for information, and internal notes the member never sees), may forward it
upward (``FeedbackForward``), and work to a deadline per category (``ResponseDeadline``).

Every write goes through ``cms.feedback.services``: the status workflow, routing, deadlines,
idempotent retries and the audit log live there, not here.

Who may read what (the access policies below):
- the submitter reads their own feedback and its thread, internal notes excepted;
- officers holding a handling role (``feedback_handler``, ``editor``), and superusers, read the
  feedback routed into their subtree, and the feedback forwarded upward from it (the lower level
  keeps read access). Who may *act* on it is ``cms.feedback.permissions.can_handle``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from cms.core.visibility import AccessPolicy, PolicyQuerySet, Viewer

# When a category has no ResponseDeadline row. A general default, not a legal rule of ours.
DEFAULT_RESPONSE_DAYS = 15
MAX_RESPONSE_DAYS = 365


class FeedbackCategory(models.TextChoices):
    WAGES = "wages", _("Wages and bonuses")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    CONTRACT = "contract", _("Labour contract")
    WORKING_HOURS = "working_hours", _("Working hours and rest")
    SAFETY = "safety", _("Occupational safety and health")
    SHIFT_MEALS = "shift_meals", _("Shift meals")
    DISCIPLINE = "discipline", _("Labour discipline")
    WORK_STOPPAGE = "work_stoppage", _("Collective work stoppage")
    OTHER = "other", pgettext_lazy("feedback category", "Other")


class FeedbackStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("feedback status", "Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    NEEDS_INFORMATION = "needs_information", _("Needs information")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("feedback status", "Closed")
    REJECTED = "rejected", pgettext_lazy("feedback status", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses nothing leaves (the workflow itself is cms.feedback.services.TRANSITIONS).
FINAL_STATUSES: frozenset[str] = frozenset(
    {FeedbackStatus.CLOSED, FeedbackStatus.REJECTED, FeedbackStatus.WITHDRAWN}
)
# Statuses in which the union no longer owes an answer, so no deadline runs.
NOT_DUE_STATUSES: frozenset[str] = FINAL_STATUSES | {FeedbackStatus.ANSWERED}


class MessageKind(models.TextChoices):
    MEMBER = "member", _("Member's message")
    REPLY = "reply", _("Reply")
    INTERNAL_NOTE = "internal_note", _("Internal note")
    INFORMATION_REQUEST = "information_request", _("Request for information")


# Kinds the member reads, and those that count as unread replies until they open the thread.
MEMBER_VISIBLE_KINDS: frozenset[str] = frozenset(
    {MessageKind.MEMBER, MessageKind.REPLY, MessageKind.INFORMATION_REQUEST}
)
REPLY_KINDS: frozenset[str] = frozenset({MessageKind.REPLY, MessageKind.INFORMATION_REQUEST})


# --- Access policies ----------------------------------------------------------------------------


def officer_roots(viewer: Viewer) -> list[str] | None:
    """The tree paths under which ``viewer`` reads feedback as an officer; ``None`` for an active
    superuser (everything). Read once per viewer (one viewer per request)."""
    from cms.feedback.permissions import HANDLING_ROLES
    from cms.organisations.permissions import viewer_role_roots

    return viewer_role_roots(viewer, HANDLING_ROLES)


def subtree_q(roots, prefix: str = "") -> Q | None:
    """Feedback routed into, or forwarded up from, the subtrees at ``roots`` (paths); ``None``
    when ``roots`` is ``None`` (a superuser). ``prefix`` reaches the feedback from a related model."""
    if roots is None:
        return None
    condition = Q(pk__in=[])
    if not roots:
        return condition
    forwarded_from = Q(pk__in=[])
    for path in roots:
        condition |= Q(**{f"{prefix}organisation__path__startswith": path})
        forwarded_from |= Q(from_organisation__path__startswith=path)
    outer = f"{prefix.removesuffix('__')}_id" if prefix else "pk"
    return condition | Q(Exists(FeedbackForward.objects.filter(forwarded_from, feedback=OuterRef(outer))))


def _feedback_q(viewer: Viewer, prefix: str = "") -> Q | None:
    """Feedback the viewer may read: their own, and what their officer roles cover."""
    officer = subtree_q(officer_roots(viewer), prefix)
    if officer is None:
        return None
    return Q(**{f"{prefix}submitter_id": viewer.user_id}) | officer


class FeedbackPolicy(AccessPolicy):
    def visible(self, queryset, viewer: Viewer):
        if viewer.user_id is None:
            return queryset.none()
        condition = _feedback_q(viewer)
        return queryset if condition is None else queryset.filter(condition)

    def is_visible(self, obj, viewer: Viewer) -> bool:
        return self.visible(type(obj)._default_manager.filter(pk=obj.pk), viewer).exists()


class ThreadPolicy(AccessPolicy):
    """Messages and attachments: what the feedback policy allows, internal notes only to officers.

    A row hangs off a feedback (``feedback``) and, for attachments, maybe off a message; an
    internal note, and a file attached to one, is hidden from the submitter (who is not an
    officer of that feedback: an officer who submits feedback is its member, not its handler).
    """

    def __init__(self, kind_field: str):
        self.kind_field = kind_field

    def visible(self, queryset, viewer: Viewer):
        if viewer.user_id is None:
            return queryset.none()
        own = Q(feedback__submitter_id=viewer.user_id)
        not_a_note = ~Q(**{self.kind_field: MessageKind.INTERNAL_NOTE})
        if self.kind_field.startswith("message__"):
            not_a_note |= Q(message__isnull=True)
        officer = subtree_q(officer_roots(viewer), "feedback__")
        as_officer = ~own if officer is None else officer & ~own
        return queryset.filter(as_officer | (own & not_a_note))

    def is_visible(self, obj, viewer: Viewer) -> bool:
        return self.visible(type(obj)._default_manager.filter(pk=obj.pk), viewer).exists()


# --- Feedback ----------------------------------------------------------------------------------


class FeedbackQuerySet(PolicyQuerySet):
    def open(self):
        """Feedback the union still owes an answer on (not answered, not final)."""
        return self.exclude(status__in=NOT_DUE_STATUSES)

    def overdue(self, now=None):
        """Open feedback past its deadline."""
        return self.open().filter(due_at__lt=now or timezone.now())

    def of_submitter(self, user):
        return self.filter(submitter=user)

    def with_unread_replies(self):
        """Each row annotated with ``unread_replies`` (see :func:`unread_replies_count`)."""
        return self.annotate(unread_replies=unread_replies_count())


def unread_replies(queryset=None):
    """Replies and questions to the member newer than the last time they opened the thread."""
    messages = FeedbackMessage.objects.all() if queryset is None else queryset
    return messages.filter(kind__in=REPLY_KINDS).filter(
        Q(feedback__member_read_at__isnull=True) | Q(created_at__gt=F("feedback__member_read_at"))
    )


def unread_replies_count():
    """An expression: how many unread replies a feedback row has (a correlated subquery)."""
    counted = (
        unread_replies(FeedbackMessage.objects.filter(feedback=OuterRef("pk")))
        .order_by()
        .values("feedback")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class Feedback(models.Model):
    """One feedback (phản ánh, kiến nghị) of a member, and where it stands."""

    reference = models.CharField(
        _("reference"), max_length=24, unique=True, null=True, blank=True, editable=False
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("submitter"),
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("member"),
    )
    category = models.CharField(_("category"), max_length=24, choices=FeedbackCategory.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("routed to"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_feedback",
        verbose_name=_("handler"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=FeedbackStatus.choices, default=FeedbackStatus.SUBMITTED
    )
    due_at = models.DateTimeField(_("answer due by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # When it reached a final status: closed, rejected or withdrawn.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # The last time the member opened the thread: later replies are unread.
    member_read_at = models.DateTimeField(_("read by the member at"), null=True, blank=True)
    # The day handlers were last e-mailed that it is overdue (notify_overdue_feedback: once a day).
    overdue_notified_on = models.DateField(null=True, blank=True, editable=False)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = FeedbackQuerySet.as_manager()
    access_policy = FeedbackPolicy()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitter", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="feedback_one_per_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["submitter", "-submitted_at"], name="feedback_submitter_idx"),
            models.Index(fields=["organisation", "status"], name="feedback_org_status_idx"),
            models.Index(fields=["status", "due_at"], name="feedback_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or '—'}: {self.title}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_overdue(self) -> bool:
        return (
            self.status not in NOT_DUE_STATUSES and self.due_at is not None and self.due_at < timezone.now()
        )


class FeedbackMessage(models.Model):
    """One message of a feedback thread: the member's, a reply, a question, or an internal note."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="messages", verbose_name=_("feedback")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=MessageKind.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = PolicyQuerySet.as_manager()
    access_policy = ThreadPolicy("kind")

    class Meta:
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "author", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="feedback_message_one_per_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["feedback", "created_at"], name="feedback_message_thread_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.created_at:%d/%m/%Y %H:%M}"


def _keep_name(instance, filename: str) -> str:
    # The services name every file (cms.core.uploads.private_name): nothing a client sent.
    return filename


class FeedbackAttachment(models.Model):
    """A file (an image or a PDF, checked by content) attached to a feedback or one of its messages."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("feedback")
    )
    message = models.ForeignKey(
        FeedbackMessage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file = models.FileField(_("file"), upload_to=_keep_name, max_length=255)
    display_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = PolicyQuerySet.as_manager()
    access_policy = ThreadPolicy("message__kind")

    class Meta:
        verbose_name = _("feedback attachment")
        verbose_name_plural = _("feedback attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.display_name


class FeedbackForward(models.Model):
    """Feedback sent up the tree: from the organisation it was routed to, to an ancestor."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="forwards", verbose_name=_("feedback")
    )
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("reason"))
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("forwarded by")
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback forward")
        verbose_name_plural = _("feedback forwards")
        ordering = ["forwarded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation}"


class ResponseDeadline(models.Model):
    """How many days the union has to answer feedback of one category (set by the federation)."""

    category = models.CharField(_("category"), max_length=24, choices=FeedbackCategory.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days to answer"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response deadline")
        verbose_name_plural = _("response deadlines")
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=MAX_RESPONSE_DAYS), name="response_deadline_days_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.days}"

    @classmethod
    def days_for(cls, category: str) -> int:
        days = cls.objects.filter(category=category).values_list("days", flat=True).first()
        return days or DEFAULT_RESPONSE_DAYS

    @classmethod
    def all_days(cls) -> dict[str, int]:
        """Days per category, the default filled in where no row is set."""
        rows = dict(cls.objects.values_list("category", "days"))
        return {value: rows.get(value, DEFAULT_RESPONSE_DAYS) for value in FeedbackCategory.values}

    @staticmethod
    def due_from(start, days: int):
        return start + timedelta(days=days)


class FeedbackLogEntry(BaseLogEntry):
    """The feedback domain's audit log (every change the services make: ``feedback.*`` actions).

    Its own table rather than Wagtail's model log: the public API's caches key on the newest
    entry of Wagtail's logs (graphql_api.core.caching), and members' feedback changes nothing
    a guest reads. The admin's history and Wagtail's site history read it like any log.
    """

    object_id = models.CharField(max_length=255, db_index=True)

    objects = ModelLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("feedback log entry")
        verbose_name_plural = _("feedback log entries")

    def __str__(self) -> str:
        return f"{self.action} on {self.object_id}"
