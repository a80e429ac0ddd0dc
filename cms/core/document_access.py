"""Who may download a Wagtail document through its serve view (``/documents/<id>/<name>``).

A file is published by the pages that use it, so it is served only to who may see at least one
of them: a page that is live, whose go-live time has come, not expired, not private and
addressed to the reader (cms.core.visibility). Wagtail's reference index knows the users: it
records a page's body (document blocks, rich-text document links) and its inline children
(an official document's attachments, a congress's documents) against the page itself.
Collection view restrictions are Wagtail's own check, which runs before this one.

Editors who may choose or edit the document in the admin keep access, whatever uses it: they
attach files before publishing and look after the library.

A document no page uses is served to those editors only. Nothing published it: it was just
uploaded, is a recipient's report (``DocumentDelivery.report_file``), or was taken off the last
page that showed it. Serving it to anyone would turn the library into a public file host
reachable by guessing ids and names.

Signed links the API hands out (cms.core.files) do not come through here: who may have the
file was decided when the link was made, as with an S3 presigned URL.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest


def pages_using(document):
    """The pages that use ``document`` (any state: the visibility rule decides), as plain Pages."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in={int(pk) for pk in ids}).only("pk", "content_type")


def is_document_editor(user, document) -> bool:
    """Whether ``user`` may choose or edit ``document`` in the admin (Wagtail's permission policy)."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("wagtailadmin.access_admin"):
        return False
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], document)


def may_download(user, document) -> bool:
    """Whether the serve view may give ``document`` to ``user`` (collection restrictions aside)."""
    from cms.core.visibility import Viewer, visible_page_ids

    if is_document_editor(user, document):
        return True
    pages = list(pages_using(document))
    return bool(pages) and bool(visible_page_ids(pages, Viewer.for_user(user)))


def refuse_unless_published_to_requester(document, request: HttpRequest) -> None:
    """``before_serve_document`` hook: a 404, as for an unknown file, unless :func:`may_download`."""
    if not may_download(request.user, document):
        raise Http404("No document matches the given query.")
