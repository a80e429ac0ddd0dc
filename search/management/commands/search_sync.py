"""Push the search documents that wait to Meilisearch (search.sync), once or in a loop."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.sync import BATCH_SIZE, sync


class Command(BaseCommand):
    help = "Push the search documents waiting for Meilisearch, once or (--loop) every --interval seconds."

    # What the loop waits with between runs (replaced in tests).
    sleep = staticmethod(time.sleep)

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--loop", action="store_true", help="Run again every --interval seconds.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between runs with --loop.")
        parser.add_argument(
            "--runs", type=int, default=0, help="With --loop, stop after this many runs (0: never)."
        )

    def handle(self, *args, batch_size=BATCH_SIZE, loop=False, interval=10.0, runs=0, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not settings.MEILISEARCH_URL:
            raise CommandError(_("MEILISEARCH_URL is not set: search uses the database, nothing to sync."))
        done = 0
        while True:
            report = sync(batch_size=batch_size)
            self.stdout.write(
                _(
                    "Search sync: %(upserted)d documents sent, %(deleted)d deleted, %(failed)d failed, "
                    "%(unchanged)d changed meanwhile, %(skipped)d not listed."
                )
                % {
                    "upserted": report.upserted,
                    "deleted": report.deleted,
                    "failed": report.failed,
                    "unchanged": report.unchanged,
                    "skipped": report.skipped,
                }
            )
            for error in report.errors:
                self.stderr.write(_("Meilisearch error: %(error)s") % {"error": error})
            done += 1
            if not loop or (runs and done >= runs):
                return
            self.sleep(interval)
