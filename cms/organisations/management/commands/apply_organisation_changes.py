"""Apply the union tree's scheduled changes that are due. Run daily by cron:

    15 0 * * *  manage.py apply_organisation_changes

A change that no longer fits the tree stays scheduled, is listed, and makes the command exit
with an error so cron reports it; the other due changes are applied regardless.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from cms.organisations.services import apply_due_changes, revoke_lapsed_admin_access


class Command(BaseCommand):
    help = "Apply the scheduled re-parentings, mergers, dissolutions and renamings that are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Apply what is due on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, date=None, **options):
        report = apply_due_changes(date)
        for change in report.applied:
            self.stdout.write(f"applied: {change}")
        revoked = revoke_lapsed_admin_access()
        if revoked:
            self.stdout.write(f"admin access removed from {revoked} officers whose roles have ended")
        for change, error in report.failed:
            self.stderr.write(f"not applied: {change}: {error.message} [{error.code}]")
        self.stdout.write(f"{len(report.applied)} applied, {len(report.failed)} not applied")
        if report.failed:
            raise CommandError(f"{len(report.failed)} scheduled changes could not be applied")
