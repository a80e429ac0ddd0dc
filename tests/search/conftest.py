"""Fixtures of the search tests."""

from __future__ import annotations

import pytest

from search.backends import database


@pytest.fixture
def caps(monkeypatch):
    """Make the caps small: ``caps(total, facet)``."""

    def set_caps(total: int, facet: int) -> None:
        monkeypatch.setattr(database, "TOTAL_CAP", total)
        monkeypatch.setattr(database, "FACET_CAP", facet)

    return set_caps
