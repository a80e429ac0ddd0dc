"""Rank the contests' rounds that have closed: run it every few minutes (cron or a systemd timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cms.contests.ranking import rank_closed


class Command(BaseCommand):
    help = "Rank every contest round that has closed and is not ranked yet, then those rounds' contests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rank every closed round again (after a correction)."
        )

    def handle(self, *args, force: bool = False, **options):
        rounds = rank_closed(force=force)
        for round_ in rounds:
            result = round_.result
            self.stdout.write(
                f"{round_.page.title} · {round_.name}: {result.entrants} entrants, "
                f"{result.attempts} attempts, {result.perfect_entrants} with every answer right"
            )
        if not rounds:
            self.stdout.write("No closed round to rank.")
