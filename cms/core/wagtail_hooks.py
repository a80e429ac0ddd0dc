from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.documents.models import AbstractDocument, document_served

from cms.core.document_access import refuse_unless_published_to_requester
from cms.core.files import file_url, is_s3_storage

# A file is served only to who may see a live page that uses it, or to its editors. After
# Wagtail's collection check (order 0), before the redirect to S3 below (order 100).
hooks.register("before_serve_document", refuse_unless_published_to_requester, order=50)


# Runs after Wagtail's own check_view_restrictions (order 0), so only a request that passed
# the collection's login/group/password restriction gets here.
@hooks.register("before_serve_document", order=100)
def redirect_document_to_signed_url(document: AbstractDocument, request: HttpRequest) -> HttpResponse | None:
    """Send a reader of a document on S3 to a short-lived signed URL of the object.

    The ``documents/`` prefix stays private for public and restricted documents alike, so
    document bytes are only ever reached through a signature. Wagtail's own redirect would
    use ``document.file.url``, which is unsigned when a custom domain is configured;
    cms.core.files decides instead.
    """
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) == "serve_view":
        return None  # Proxying through Django was chosen explicitly: leave it to Wagtail.
    if not is_s3_storage(document.file.storage):
        return None
    # Returning a response skips the rest of Wagtail's serve view, including this signal.
    document_served.send(sender=type(document), instance=document, request=request)
    response = redirect(file_url(document.file, private=True))
    # The signed URL expires: no cache may hand this redirect to someone else, or later.
    add_never_cache_headers(response)
    return response


# --- Editors act only on the content of their own organisations ------------------------------
# The rule itself is the pages' permission tester (cms.core.editor_rights), which every admin
# view, menu and bulk action asks. What remains here are messages and the publishing rights.


@hooks.register("before_move_page")
def refuse_moves_the_tester_refuses(request: HttpRequest, page, destination) -> None:
    """Wagtail's move confirmation screen asks no permission before showing itself (the move
    itself is checked): ask the page's tester, so the screen is not shown either."""
    from django.core.exceptions import PermissionDenied

    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("before_copy_page")
def explain_pages_that_cannot_be_copied(request: HttpRequest, page) -> HttpResponse | None:
    """Page types whose copies cannot be valid say why in ``copy_refused_reason`` (an official
    document's number is unique for its issuer); the editor is told instead of getting an error."""
    from django.contrib import messages

    reason = getattr(page.specific_class, "copy_refused_reason", None)
    if reason:
        messages.error(request, reason)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_beyond_publishing_rights(request: HttpRequest, action_type, objects, action):
    """Bulk publish obeys cms.core.publishing like the page form does.

    It publishes each page's latest revision as it was saved, perhaps by someone with wider
    rights (a federation editor who opened a union's news to everyone): the publishing
    editor's own rights must cover that revision's organisation and audience.
    """
    if action_type != "publish":
        return None
    from django.contrib import messages
    from wagtail.models import Page

    from cms.core.errors import ServiceError, ServiceErrors
    from cms.core.pages import ContentPage
    from cms.core.publishing import check_page_publication

    refused = False
    for page in objects:
        if not isinstance(page, Page):
            continue
        latest = page.specific.get_latest_revision_as_object()
        if not isinstance(latest, ContentPage):
            continue  # section and home pages: only federation editors edit them
        try:
            check_page_publication(request.user, latest)
        except (ServiceError, ServiceErrors) as error:
            refused = True
            for item in error.errors if isinstance(error, ServiceErrors) else [error]:
                messages.error(request, f"{latest.get_admin_display_title()}: {item.message}")
    return redirect(action.next_url) if refused else None


# --- "Preview in the app": a signed, expiring link to the draft in the frontend -------------


@hooks.register("register_admin_urls")
def preview_in_app_urls():
    from django.urls import path

    from cms.core.admin_views import preview_in_app

    return [path("app-preview/<int:page_id>/", preview_in_app, name="core_preview_in_app")]


@hooks.register("register_page_header_buttons")
def preview_in_app_button(page, user, view_name, next_url=None):
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.widgets import Button

    from cms.core.pages import ContentPage

    if isinstance(page.specific_deferred, ContentPage):
        yield Button(
            _("Preview in the app"),
            reverse("core_preview_in_app", args=[page.pk]),
            icon_name="mobile-alt",
            priority=12,
            attrs={"target": "_blank", "rel": "noopener"},
        )
