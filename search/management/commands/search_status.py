"""How far Meilisearch is behind the stored search documents, and whether it answers."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from search.models import SearchDocument


class Command(BaseCommand):
    help = "Per kind: documents, pending, failed and tombstones; the backend in use and its health."

    # What "now" is for the age of the oldest pending document (replaced in tests).
    clock = staticmethod(timezone.now)

    def handle(self, *args, **options):
        now = self.clock()
        rows = (
            SearchDocument.objects.values("kind")
            .annotate(
                documents=Count("pk", filter=Q(deleted=False)),
                pending=Count("pk", filter=Q(needs_sync=True)),
                failed=Count("pk", filter=Q(needs_sync=True, sync_failures__gt=0)),
                tombstones=Count("pk", filter=Q(deleted=True)),
                oldest=Min("updated_at", filter=Q(needs_sync=True)),
            )
            .order_by("kind")
        )
        header = [
            pgettext("search status", "kind"),
            pgettext("search status", "documents"),
            pgettext("search status", "pending"),
            pgettext("search status", "failed"),
            pgettext("search status", "tombstones"),
            pgettext("search status", "oldest pending"),
        ]
        self.stdout.write("{:<14}{:>11}{:>9}{:>8}{:>12}  {}".format(*header))
        for row in rows:
            oldest = _age(now - row["oldest"]) if row["oldest"] else "-"
            self.stdout.write(
                "{:<14}{:>11}{:>9}{:>8}{:>12}  {}".format(
                    row["kind"], row["documents"], row["pending"], row["failed"], row["tombstones"], oldest
                )
            )
        if not settings.MEILISEARCH_URL:
            self.stdout.write(_("Backend: database"))
            return
        self.stdout.write(_("Backend: meilisearch (%(url)s)") % {"url": settings.MEILISEARCH_URL})
        from search.backends.meilisearch import ERRORS, client, index_name

        self.stdout.write(_("Index: %(index)s") % {"index": index_name()})
        try:
            health = client().health()
        except ERRORS as error:
            self.stdout.write(_("Meilisearch answers: no (%(error)s)") % {"error": error})
        else:
            self.stdout.write(
                _("Meilisearch answers: yes (%(status)s)") % {"status": health.get("status", "")}
            )


def _age(delta) -> str:
    seconds = max(int(delta.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{seconds:02d}s" if hours else f"{minutes}m{seconds:02d}s"
