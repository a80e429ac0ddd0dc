"""E-mail handlers the feedback past its deadline. Run daily (or hourly) by cron:

    0 7 * * *  manage.py notify_overdue_feedback

An item is e-mailed at most once a day, however often the command runs.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cms.feedback.notifications import notify_overdue


class Command(BaseCommand):
    help = "E-mail feedback handlers the overdue feedback of their union (once a day per item)."

    def handle(self, *args, **options):
        items, emails = notify_overdue()
        self.stdout.write(f"{items} overdue feedback notified in {emails} e-mails")
