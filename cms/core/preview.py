"""Preview of drafts in the frontend through a signed, expiring token.

An editor who may edit a page gets a token for its latest revision from the admin; the
frontend passes it to the ``preview`` query. Nothing unpublished is returned without a
valid token, and a token only ever shows the one revision it was made for.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from wagtail.models import Page, Revision

SALT = "cms.core.preview"


def make_preview_token(page: Page) -> str:
    revision = page.latest_revision or page.save_revision()
    return signing.dumps({"page": page.pk, "revision": revision.pk}, salt=SALT, compress=True)


def load_preview(token: str):
    """The page as of the token's revision, or None if the token is invalid or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_TTL)
    except signing.BadSignature:
        return None
    revision = Revision.page_revisions.filter(
        pk=data.get("revision"), object_id=str(data.get("page"))
    ).first()
    if revision is None:
        return None
    return revision.as_object()


def preview_url(page: Page) -> str:
    base = settings.FRONTEND_PREVIEW_URL
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}{urlencode({'token': make_preview_token(page)})}"
