"""Fixtures shared by the core tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def local_storage(settings, tmp_path):
    """Files on the local file system (the embedded default), in a fresh folder, served through
    Wagtail's serve view."""
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MEDIA_URL = "/media/"
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    return tmp_path
