"""Preview of drafts in the frontend through a signed, expiring token, for editors only.

An editor who may edit a page gets a token for its latest revision from the admin; the
frontend passes it to the ``preview`` query. The token names the editor (Django's signing,
keyed by ``SECRET_KEY``) and holds only while that editor may still edit the page: a token
of someone since deactivated, stripped of the editor role, or whose organisation no longer
owns the page shows nothing. Nothing unpublished is returned without such a token, and a
token only ever shows the one revision it was made for.

These tokens are used rather than wagtail-headless-preview's: that package's token looks up a
stored copy of the form and names no editor, so it goes on showing the draft to whoever holds
the link, for as long as the copy is kept, after its editor has lost the right to see it (and
its frontend reads the copy through Wagtail's REST API, which this project refuses in
production). The admin's own preview (the preview panel, "View draft") is cms.core.page_preview.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from wagtail.models import Page, Revision

from cms.core.editor_rights import can_edit_page

SALT = "cms.core.preview"


def may_preview(user: Any, page: Page) -> bool:
    """Whether ``user`` may preview drafts of ``page``: exactly when they may edit it.

    Editing is answered where the admin answers it: Wagtail's page permissions (which also
    refuse inactive users) and the organisation rule of cms.core.editor_rights, the check of
    the admin's edit, delete, move and publish hooks.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    page = page.specific_deferred
    return page.permissions_for_user(user).can_edit() and can_edit_page(user, page)


def make_preview_token(page: Page, user: Any) -> str:
    """A token for the latest revision of ``page``, naming ``user``; PermissionDenied unless
    they may edit the page."""
    if not may_preview(user, page):
        raise PermissionDenied
    revision = page.latest_revision or page.save_revision(user=user)
    payload = {"page": page.pk, "revision": revision.pk, "user": user.pk}
    return signing.dumps(payload, salt=SALT, compress=True)


def load_preview(token: str):
    """The page as of the token's revision, or None.

    None when the token is forged, altered or expired, when its editor no longer exists, is
    inactive or may no longer edit the page as it is now, or when the revision is gone.
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_TOKEN_TTL)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), int) for k in ("page", "revision", "user")
    ):
        return None  # signed by us, but not a token of this shape (an old one without its editor)
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    page = Page.objects.filter(pk=data["page"]).first()
    if user is None or page is None or not may_preview(user, page):
        return None
    revision = Revision.page_revisions.filter(pk=data["revision"], object_id=str(page.pk)).first()
    if revision is None:
        return None
    return revision.as_object()


def preview_url(page: Page, user: Any) -> str:
    """The frontend's preview screen (``FRONTEND_PREVIEW_URL``) for the latest revision of
    ``page``, with a fresh token naming ``user``; PermissionDenied unless they may edit it."""
    base = settings.FRONTEND_PREVIEW_URL
    if not base:
        raise ImproperlyConfigured("FRONTEND_PREVIEW_URL is not set: there is no preview screen to link to.")
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}{urlencode({'token': make_preview_token(page, user)})}"
