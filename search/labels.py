"""Display labels of the searchable kinds, in the request's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

KIND_LABELS = {
    "news": pgettext_lazy("search kind", "News"),
    "announcement": pgettext_lazy("search kind", "Announcements"),
    "document": pgettext_lazy("search kind", "Documents"),
    "legal": pgettext_lazy("search kind", "Legal advice"),
    "benefit": pgettext_lazy("search kind", "Member benefits"),
    "job": pgettext_lazy("search kind", "Jobs"),
    "contest": pgettext_lazy("search kind", "Contests"),
    "congress": pgettext_lazy("search kind", "Congress"),
    "organisation": _("Organisations"),
    "member": _("Members"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
