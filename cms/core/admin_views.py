"""Admin views of the core app."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from wagtail.models import Page

from cms.core.editor_rights import can_edit_page
from cms.core.preview import preview_url


def preview_in_app(request, page_id: int):
    """Send an editor to the frontend's preview screen with a signed token for the latest draft."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit() or not can_edit_page(request.user, page):
        raise PermissionDenied
    return redirect(preview_url(page))
