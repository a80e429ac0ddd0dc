from __future__ import annotations

import pytest

from tests.cms.feedback.helpers import make_people


@pytest.fixture
def people(tree):
    return make_people(tree)
