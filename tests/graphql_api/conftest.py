from __future__ import annotations

import json

import pytest


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
