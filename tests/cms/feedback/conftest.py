from __future__ import annotations

import pytest

from tests.cms.feedback.helpers import make_people


@pytest.fixture
def people(tree):
    return make_people(tree)


@pytest.fixture
def media(settings, tmp_path):
    """Local files in a fresh folder, unless the run stores files on S3 (CI's second run)."""
    if "S3Storage" not in settings.STORAGES["default"]["BACKEND"]:
        settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path
