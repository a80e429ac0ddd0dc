"""The event log behind subscriptions: what was announced, to which groups, in order.

Every event a socket may receive is first written here, in the transaction of the change that
caused it, and broadcast only after that transaction commits (realtime.broadcast). Its id is the
cursor a client resumes from: a socket that reconnects with the last cursor it saw is sent the
events it missed from this table, then live ones. Rows hold ids and group names only, never
content: what a listener receives is read, and checked against the access policies, when it is
delivered. Old rows are removed by ``purge_realtime_events``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    ANNOUNCEMENT_PUBLISHED = "announcement_published", _("Announcement published")
    ANNOUNCEMENT_WITHDRAWN = "announcement_withdrawn", _("Announcement withdrawn")
    DOCUMENT_RECEIVED = "document_received", _("Document received")
    FEEDBACK_UPDATED = "feedback_updated", _("Feedback updated")


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    # The announcement page, document delivery or feedback the event is about.
    object_id = models.BigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("realtime event")
        verbose_name_plural = _("realtime events")
        indexes = [models.Index(fields=["kind", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} ({self.pk})"


class EventGroup(models.Model):
    """One group an event is sent to (``everyone``, ``org.<id>``, ``user.<id>``...)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "event"], name="realtime_one_row_per_group")]

    def __str__(self) -> str:
        return f"{self.name} ← {self.event_id}"
