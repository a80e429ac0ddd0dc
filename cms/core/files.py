"""How a file's URL is given out: the one place that decides.

Every channel that hands a file to a client (GraphQL fields, rich text, search hits, the
document serve view) asks here, so that a restricted document can never leak through a
URL that works for anyone:

- a **public** file gets its plain URL: the ``MEDIA_URL`` path with local files, the S3
  object URL without a signature (or the custom domain's URL) on S3. On S3 such a URL only
  works where the bucket policy or the CDN grants anonymous reads for that prefix: the
  image prefixes (``original_images/``, ``images/``), never ``documents/``;
- a **public Wagtail document** is the exception, on any storage: it gets Wagtail's serve
  URL, a stable link that serves the file (local storage) or redirects to a fresh signed URL
  (S3), and only to who may see a page that uses it (cms.core.document_access). Its bytes
  are never under ``MEDIA_URL``: public and restricted documents share the ``documents/``
  folder or prefix, which cannot be opened for one without the other;
- a **private** file on S3 gets a presigned URL that expires after ``ttl`` seconds;
- a **private** file on local storage never gets its bare ``MEDIA_URL`` path: a Wagtail
  document gets a signed link to :func:`cms.core.views.signed_document`, which expires after
  ``ttl`` seconds like an S3 presigned URL (an app holding only a bearer token can open it;
  Wagtail's serve view would want a browser session). Files people upload through the API
  (``private/...``, cms.core.uploads) get a signed link to :func:`cms.core.views.signed_file`
  in the same way. Other private files have no safe URL and raise
  :class:`PrivateFileURLUnavailable`.

Deciding *whether* the user may see the file at all is the caller's job (the visibility
rule); this module only decides what kind of URL the file gets.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name
from wagtail.documents.models import AbstractDocument

# SigV4 presigned URLs cannot be valid for longer than seven days.
MAX_PRESIGNED_URL_TTL = 7 * 24 * 3600


class PrivateFileURLUnavailable(Exception):
    """There is no URL for this private file that would not also serve it to anyone."""


def is_s3_storage(storage: Any) -> bool:
    """Whether ``storage`` (a storage, or the lazy ``default_storage``) stores on S3."""
    # isinstance() sees through Django's LazyObject, which FileField.storage usually is.
    return isinstance(storage, S3Storage)


def file_url(file: FieldFile, *, private: bool, ttl: int | None = None) -> str:
    """The URL to give out for ``file`` (a model's ``FieldFile``, e.g. ``document.file``).

    ``private`` says whether the file is restricted (for a Wagtail document:
    :func:`is_document_private`). ``ttl`` is the lifetime in seconds of a presigned URL,
    ``settings.PRIVATE_FILE_URL_TTL`` when omitted (read at call time, not import time).
    Returns an absolute URL for S3 objects and a site-relative path otherwise (local
    files, Wagtail's document serve view).
    """
    if not file:
        raise ValueError("The file field is empty: there is no file to give a URL for.")
    storage = file.storage
    name = str(file.name)
    document = file.instance if isinstance(file.instance, AbstractDocument) else None
    if is_s3_storage(storage):
        if private:
            return _presigned_s3_url(storage, name, _checked_ttl(ttl))
        if document is not None:
            return _serve_url(document)
        return _plain_s3_url(storage, name)
    if not private:
        # Never a document's MEDIA_URL path (cms.core.views.media refuses it): the serve view
        # asks who may have the file (cms.core.document_access).
        return _serve_url(document) if document is not None else file.url
    if document is not None:
        return signed_document_url(document, _checked_ttl(ttl))
    if name.startswith(PRIVATE_FOLDER + "/"):
        return signed_file_url(name, _checked_ttl(ttl))
    raise PrivateFileURLUnavailable(
        # __class__, not type(): the storage is usually Django's lazy default_storage.
        f"{type(file.instance).__name__}.{file.field.name} is private and stored on "
        f"{storage.__class__.__name__}, which has no access-checked URL for it."
    )


def is_document_private(document: AbstractDocument) -> bool:
    """Whether a view restriction (login, groups, password) applies to ``document``.

    Wagtail restricts documents by collection, and a restriction on a collection covers
    its descendants. A row of type "none" (public) restricts nothing, as in Wagtail's own
    check. The rule itself is :class:`cms.core.visibility.DocumentAccess`'s; for many documents
    in one request use that, which reads the restrictions once.
    """
    from cms.core.visibility import DocumentAccess

    return bool(DocumentAccess(None).restrictions_for(document))


_SIGNED_DOCUMENT_SALT = "cms.core.files.signed_document"


def signed_document_url(document: AbstractDocument, ttl: int) -> str:
    """A link to a local document that works for anyone holding it, for ``ttl`` seconds.

    It names the document and its current file: replacing the file ends old links.
    """
    token = signing.Signer(salt=_SIGNED_DOCUMENT_SALT).sign_object(
        {"id": document.pk, "file": document.file.name, "expires": int(time.time()) + ttl}
    )
    return reverse("signed_document", args=(token, document.filename))


def load_signed_document(token: str) -> AbstractDocument | None:
    """The document a signed link names; None when forged, expired or its file was replaced."""
    from wagtail.documents import get_document_model

    try:
        claims = signing.Signer(salt=_SIGNED_DOCUMENT_SALT).unsign_object(token)
        expired = claims["expires"] < time.time()
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if expired:
        return None
    document = get_document_model().objects.filter(pk=claims["id"]).first()
    if document is None or document.file.name != claims["file"]:
        return None
    return document


# Uploaded files (cms.core.uploads): never under MEDIA_URL, only through signed links.
PRIVATE_FOLDER = "private"
_SIGNED_FILE_SALT = "cms.core.files.signed_file"


def signed_file_url(name: str, ttl: int) -> str:
    """A link to a local uploaded file (``private/...``) that works for ``ttl`` seconds."""
    token = signing.Signer(salt=_SIGNED_FILE_SALT).sign_object(
        {"name": name, "expires": int(time.time()) + ttl}
    )
    return reverse("signed_file", args=(token, name.rsplit("/", 1)[-1]))


def load_signed_file(token: str) -> str | None:
    """The storage name a signed file link names; None when forged or expired."""
    try:
        claims = signing.Signer(salt=_SIGNED_FILE_SALT).unsign_object(token)
        name, expired = claims["name"], claims["expires"] < time.time()
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if expired or not isinstance(name, str) or not name.startswith(PRIVATE_FOLDER + "/"):
        return None
    return name


def _serve_url(document: AbstractDocument) -> str:
    return reverse("wagtaildocs_serve", args=(document.id, document.filename))


def _checked_ttl(ttl: int | None) -> int:
    ttl = settings.PRIVATE_FILE_URL_TTL if ttl is None else ttl
    if not 1 <= ttl <= MAX_PRESIGNED_URL_TTL:
        raise ValueError(f"A presigned URL lives between 1 and {MAX_PRESIGNED_URL_TTL} seconds, not {ttl}.")
    return ttl


def _object_key(storage: S3Storage, name: str) -> str:
    # The same normalisation S3Storage applies when it saves and serves (location prefix).
    return storage._normalize_name(clean_name(name))


def _presigned_s3_url(storage: S3Storage, name: str, ttl: int) -> str:
    # Signed by the storage's own client, never through the custom domain: a CDN in front
    # of the bucket would not check an S3 signature, and storage.url() on a custom domain
    # returns an unsigned URL.
    return storage.connection.meta.client.generate_presigned_url(
        "get_object",
        Params={"Bucket": storage.bucket_name, "Key": _object_key(storage, name)},
        ExpiresIn=ttl,
    )


def _plain_s3_url(storage: S3Storage, name: str) -> str:
    key = _object_key(storage, name)
    if storage.custom_domain:
        return f"{storage.url_protocol}//{storage.custom_domain}/{filepath_to_uri(key)}"
    # An unsigned client yields the bare object URL, honouring endpoint and addressing style.
    return storage.unsigned_connection.meta.client.generate_presigned_url(
        "get_object", Params={"Bucket": storage.bucket_name, "Key": key}
    )
