from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from tests import factories

pytest_plugins = ["tests.s3_server"]


@pytest.fixture(autouse=True)
def _clean_cache_and_layers():
    # Redis outlives a test run: counters (e.g. failed sign-ins) must not leak between tests.
    cache.clear()
    from channels.layers import channel_layers

    # pytest-asyncio gives every test its own loop; a layer bound to an old loop hangs.
    channel_layers.backends = {}
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    return factories.make_tree()


@pytest.fixture
def member(tree):
    return factories.make_member(tree["vsip"], phone="0912345678", full_name="Nguyễn Văn An")


class GraphQLClient:
    """Posts operations to /graphql/ the way an app does: JSON body, optional bearer token."""

    def __init__(self, client):
        self.client = client
        self.token: str | None = None

    def execute(self, query: str, variables: dict | None = None, token: str | None = None, **headers) -> dict:
        token = token if token is not None else self.token
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def gql(client):
    return GraphQLClient(client)


LOGIN = """
mutation Login($identifier: String!, $password: String!) {
  login(input: {identifier: $identifier, password: $password}) {
    tokens { accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt }
    me { username displayName member { fullName phone organisation { code } } }
    errors { field message code }
  }
}
"""


@pytest.fixture
def login(gql):
    def _login(identifier: str, password: str) -> dict:
        return gql.execute(LOGIN, {"identifier": identifier, "password": password})["data"]["login"]

    return _login
