import logging
import posixpath
import sys

from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.static import serve
from wagtail.documents.models import document_served

from cms.core.database import RETRY_AFTER_SECONDS, database_unavailable
from cms.core.files import PRIVATE_FOLDER, load_signed_document, load_signed_file

logger = logging.getLogger("cms")


def healthz(request):
    """Liveness and database reachability, for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request):
    """handler500: a request that failed with an exception nothing else answered.

    A database that cannot give a connection (cms.core.database) is a 503 with Retry-After, not
    a bug. (The API answers its own failures in JSON: graphql_api.views.)
    """
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        message = _("The service is busy. Try again in a few seconds.")
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # A warning without traceback, once (Django would log the 503 as an error with one).
        log_response(
            "Database unavailable for %s: %s",
            request.path,
            exc,
            response=response,
            request=request,
            level="warning",
        )
        return response
    return defaults.server_error(request)


def signed_document(request, token: str, filename: str):
    """Serve a local document to whoever holds an unexpired signed link (cms.core.files).

    Who may have the document was decided when the link was given out, as with S3 presigned
    URLs. A forged, expired or outdated link is a 404: it reveals nothing about the file.
    """
    document = load_signed_document(token)
    if document is None or document.filename != filename:
        raise Http404("This download link is invalid or has expired.")
    document_served.send(sender=type(document), instance=document, request=request)
    response = FileResponse(document.file.open("rb"), filename=document.filename)
    add_never_cache_headers(response)
    return response


def signed_file(request, token: str, filename: str):
    """Serve a local uploaded file (cms.core.uploads) to whoever holds an unexpired signed link.

    As with documents, who may have it was decided when the link was given out."""
    name = load_signed_file(token)
    if name is None or name.rsplit("/", 1)[-1] != filename or not default_storage.exists(name):
        raise Http404("This download link is invalid or has expired.")
    response = FileResponse(default_storage.open(name, "rb"), filename=filename)
    add_never_cache_headers(response)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _documents_folder() -> str:
    from wagtail.documents import get_document_model

    upload_to = get_document_model()._meta.get_field("file").upload_to
    return upload_to.strip("/") if isinstance(upload_to, str) else "documents"


def media(request, path: str, document_root=None):
    """Local media files (images, renditions) for the development server: never documents.

    A Wagtail document is served by Wagtail's serve view, which asks who may have it
    (collection restrictions, the pages that use it: cms.core.document_access), or by a signed
    link. Under ``MEDIA_URL`` its file would reach anyone who knows its name.
    """
    normalised = posixpath.normpath(path).lstrip("/")
    top = normalised.split("/", 1)[0]
    # Compared without case: on a case-insensitive file system "Documents/" is the same folder.
    if top.casefold() == _documents_folder().casefold():
        raise Http404("Documents are not served from the media folder.")
    if top.casefold() == PRIVATE_FOLDER:
        raise Http404("Uploaded files are served only through signed links.")
    return serve(request, path, document_root=document_root, show_indexes=False)
