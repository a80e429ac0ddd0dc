"""Create the Meilisearch index if needed and apply its settings (search.settings_meilisearch)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Create the Meilisearch index if needed and apply its settings, waiting for Meilisearch."

    def handle(self, *args, **options):
        if not settings.MEILISEARCH_URL:
            raise CommandError(_("MEILISEARCH_URL is not set: there is no Meilisearch to configure."))
        from search.backends.meilisearch import ERRORS, TaskFailed, configure

        try:
            name = configure()
        except TaskFailed as error:
            raise CommandError(
                _("Meilisearch refused the index settings: %(error)s") % {"error": error}
            ) from error
        except ERRORS as error:
            raise CommandError(
                _("Meilisearch at %(url)s did not answer: %(error)s")
                % {"url": settings.MEILISEARCH_URL, "error": error}
            ) from error
        self.stdout.write(_("Meilisearch index %(index)s is configured.") % {"index": name})
