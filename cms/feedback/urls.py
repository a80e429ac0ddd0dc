"""Where a feedback is in the admin: the link e-mails and the dashboard give officers.

The admin registers its views at ``/admin/feedback/`` with the URL name ``feedback:detail``
(taking the feedback's pk); until that name exists the path is built by hand, the same one.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def admin_path(feedback) -> str:
    """The admin page of ``feedback`` (a Feedback or its pk), as a path."""
    pk = getattr(feedback, "pk", feedback)
    try:
        return reverse("feedback:detail", args=[pk])
    except NoReverseMatch:
        return f"/admin/feedback/{pk}/"


def admin_url(feedback) -> str:
    """The same page as an absolute URL, for e-mails (``WAGTAILADMIN_BASE_URL``)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + admin_path(feedback)
