"""Rebuild the stored search documents from the content, then queue Meilisearch's sync."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import indexing
from search.documents import BUILDERS
from search.progress import ProgressBar


class Command(BaseCommand):
    help = "Rebuild the search documents of every kind (or of --kind), with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", action="append", choices=sorted(BUILDERS), help="Only this kind (repeatable)."
        )
        parser.add_argument("--batch-size", type=int, default=indexing.BATCH_SIZE)

    def handle(self, *args, kind=None, batch_size=indexing.BATCH_SIZE, verbosity=1, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        total = 0
        for name in kind or list(BUILDERS):
            count = BUILDERS[name].queryset().count()
            bar = ProgressBar(self.stdout if verbosity else None, name, count)
            written = indexing.rebuild(name, progress=bar.advance, batch_size=batch_size)
            bar.finish(_("%(count)d documents") % {"count": written})
            total += written
        if indexing.meilisearch_enabled():
            from search.sync import enqueue_sync

            enqueue_sync()
        self.stdout.write(_("Search rebuilt: %(count)d documents.") % {"count": total})
        sys.stdout.flush()
