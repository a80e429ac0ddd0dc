"""Fixtures shared by the core tests."""

from __future__ import annotations

import pytest

from cms.core.editor_rights import grant_editor_permissions
from cms.organisations.services import grant_admin_access
from tests.factories import make_officer


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


@pytest.fixture
def editors(tree):
    """Two editors in the admin: of the KCN subtree and of the education union."""
    kcn = make_officer(tree["kcn"], role="editor", username="bientap.kcn")
    gd = make_officer(tree["gd"], role="editor", username="bientap.gd")
    for officer in (kcn, gd):
        grant_admin_access(officer.user)
        grant_editor_permissions(officer.user)
    return {"kcn": kcn.user, "gd": gd.user}
