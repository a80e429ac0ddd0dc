"""S3 for the test suite: moto's server, started by the suite itself (a pytest plugin).

- When the environment configures S3 on a loopback endpoint (``AWS_STORAGE_BUCKET_NAME``
  and ``AWS_S3_ENDPOINT_URL=http://127.0.0.1:<port>``, as in CI's second configuration),
  a session fixture makes sure something answers there (a ``ThreadedMotoServer`` if the
  port is free) and that the bucket exists: the whole suite then runs on S3.
- ``s3_storage`` makes S3 the default storage for one test, on a fresh bucket, in any
  configuration (also the embedded default with local files), so S3 tests always run.

Requests go over HTTP to a real server thread through the real boto3 client; nothing is
mocked in-process. Beware ``moto.mock_aws`` elsewhere: it resets moto's in-process backends,
which this server shares.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.test import override_settings
from moto.server import ThreadedMotoServer

# moto accepts any credentials; these are the conventional fake ones.
FAKE_ACCESS_KEY = "testing"
FAKE_SECRET_KEY = "testing"


@dataclass(frozen=True)
class S3Endpoint:
    url: str
    region_name: str
    access_key: str
    secret_key: str

    def client(self) -> Any:
        """A boto3 S3 client configured like the project's storage (path style, SigV4)."""
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=self.region_name,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )


@dataclass(frozen=True)
class S3Sandbox:
    """What ``s3_storage`` gives a test: where the bucket is, and a client to inspect it."""

    endpoint: S3Endpoint
    bucket_name: str
    client: Any

    @property
    def storage(self) -> Any:
        return storages["default"]


def storage_options(endpoint: S3Endpoint, bucket_name: str, **overrides: Any) -> dict[str, Any]:
    """S3Storage OPTIONS shaped as cms/settings.py builds them."""
    return {
        "bucket_name": bucket_name,
        "endpoint_url": endpoint.url,
        "region_name": endpoint.region_name,
        "access_key": endpoint.access_key,
        "secret_key": endpoint.secret_key,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": settings.PRIVATE_FILE_URL_TTL,
        "file_overwrite": False,
        "custom_domain": None,
        **overrides,
    }


@contextlib.contextmanager
def use_s3_storage(endpoint: S3Endpoint, bucket_name: str, **overrides: Any) -> Iterator[Any]:
    """Make S3 (this bucket) the default storage while the block runs, then restore.

    Wagtail's image, rendition and document file fields hold Django's lazy
    ``default_storage`` (bound when the model classes were created), which resolves through
    ``storages["default"]``. Changing ``STORAGES`` with override_settings fires
    ``setting_changed``, whose receiver in django.test.signals drops the handler's cached
    backends and storages and empties ``default_storage``; it does the same on the way out.
    The checks below make a broken reset fail here rather than write to the wrong place.
    """
    stores = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": storage_options(endpoint, bucket_name, **overrides),
        },
    }
    with override_settings(STORAGES=stores, WAGTAILDOCS_SERVE_METHOD="redirect"):
        storage = storages["default"]
        assert storage.bucket_name == bucket_name, "storages['default'] kept a stale backend"
        assert default_storage.bucket_name == bucket_name, "default_storage kept a stale backend"
        yield storage
    assert storages["default"] is not storage, "the S3 override outlived its block"


def _loopback_http_endpoint(url: str | None) -> tuple[str, int] | None:
    """(host, port) when ``url`` is plain HTTP on this machine, where a moto server can run."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        return None
    if parts.hostname != "localhost":
        try:
            if not ipaddress.ip_address(parts.hostname).is_loopback:
                return None
        except ValueError:
            return None
    return parts.hostname, parts.port or 80


def _listening(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def _start_moto(host: str, port: int) -> ThreadedMotoServer:
    # One log line per request to stderr is noise in test output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
    server.start()
    return server


def ensure_bucket(client: Any, bucket_name: str, region_name: str) -> None:
    try:
        client.head_bucket(Bucket=bucket_name)
        return
    except ClientError as error:
        if error.response["Error"]["Code"] not in {"404", "NoSuchBucket"}:
            raise
    location = (
        {}
        if region_name == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region_name}}
    )
    client.create_bucket(Bucket=bucket_name, **location)


def _empty_and_delete_bucket(client: Any, bucket_name: str) -> None:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket_name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=bucket_name, Key=item["Key"])
    client.delete_bucket(Bucket=bucket_name)


def environment_s3_endpoint() -> S3Endpoint | None:
    """The S3 the environment configures, when it is on loopback HTTP (a moto server's place)."""
    if not settings.AWS_STORAGE_BUCKET_NAME or not _loopback_http_endpoint(settings.AWS_S3_ENDPOINT_URL):
        return None
    return S3Endpoint(
        url=settings.AWS_S3_ENDPOINT_URL,
        region_name=settings.AWS_S3_REGION_NAME,
        access_key=settings.AWS_ACCESS_KEY_ID or FAKE_ACCESS_KEY,
        secret_key=settings.AWS_SECRET_ACCESS_KEY or FAKE_SECRET_KEY,
    )


@pytest.fixture(scope="session", autouse=True)
def _s3_from_environment() -> Iterator[S3Endpoint | None]:
    """Serve the environment's S3 with moto, when it is configured on a loopback address."""
    endpoint = environment_s3_endpoint()
    if endpoint is None:
        yield None
        return
    host, port = _loopback_http_endpoint(endpoint.url)  # type: ignore[misc]
    # Something already listening (a moto_server started by hand, another run) is used as is.
    server = None if _listening(host, port) else _start_moto(host, port)
    try:
        ensure_bucket(endpoint.client(), settings.AWS_STORAGE_BUCKET_NAME, endpoint.region_name)
        yield endpoint
    finally:
        if server is not None:
            server.stop()


@pytest.fixture(scope="session")
def moto_s3_endpoint(_s3_from_environment: S3Endpoint | None) -> Iterator[S3Endpoint]:
    """A moto S3 server for this session: the environment's one, or one on a free port."""
    if _s3_from_environment is not None:
        yield _s3_from_environment
        return
    server = _start_moto("127.0.0.1", 0)
    host, port = server.get_host_and_port()
    try:
        yield S3Endpoint(
            url=f"http://{host}:{port}",
            region_name=settings.AWS_S3_REGION_NAME,
            access_key=FAKE_ACCESS_KEY,
            secret_key=FAKE_SECRET_KEY,
        )
    finally:
        server.stop()


@pytest.fixture
def s3_storage(moto_s3_endpoint: S3Endpoint) -> Iterator[S3Sandbox]:
    """S3 as the default storage for this test, on a fresh private bucket of its own."""
    bucket_name = f"test-{uuid.uuid4().hex[:24]}"
    client = moto_s3_endpoint.client()
    ensure_bucket(client, bucket_name, moto_s3_endpoint.region_name)
    try:
        with use_s3_storage(moto_s3_endpoint, bucket_name):
            yield S3Sandbox(endpoint=moto_s3_endpoint, bucket_name=bucket_name, client=client)
    finally:
        _empty_and_delete_bucket(client, bucket_name)
