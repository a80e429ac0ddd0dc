"""Remove events older than REALTIME_EVENT_RETENTION_DAYS from the event log (run daily by cron).

A client resuming from a cursor older than what is kept gets one RESYNC and reloads its lists.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from realtime.models import Event


class Command(BaseCommand):
    help = "Remove realtime events older than REALTIME_EVENT_RETENTION_DAYS."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(days=settings.REALTIME_EVENT_RETENTION_DAYS)
        deleted, _ = Event.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"{deleted} rows removed (events before {cutoff:%Y-%m-%d %H:%M}).")
