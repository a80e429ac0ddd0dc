"""The `gql` client and `login` fixtures live in tests/conftest.py; LOGIN is re-exported for old imports."""

from tests.conftest import LOGIN  # noqa: F401
