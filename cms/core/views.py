from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.utils.cache import add_never_cache_headers
from wagtail.documents.models import document_served

from cms.core.files import load_signed_document


def healthz(request):
    """Liveness and database reachability, for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
