from __future__ import annotations

import json

import pytest

from cms.members import tokens
from tests.cms.feedback.helpers import make_people
from tests.factories import PASSWORD


@pytest.fixture
def people(tree):
    return make_people(tree)


def token_for(member) -> str:
    return tokens.login(member.phone, PASSWORD).access_token


@pytest.fixture
def member_token(people):
    return token_for(people.member)


@pytest.fixture
def other_token(people):
    return token_for(people.other_member)


class MultipartClient:
    """Posts an operation with files as the GraphQL multipart request spec says (one request:
    ``operations``, ``map`` and the files), the way the app uploads."""

    def __init__(self, client):
        self.client = client

    def execute(self, query: str, variables: dict, files: dict, token: str | None = None) -> dict:
        """``files`` maps a variable path (``input.attachments.0``) to an uploaded file."""
        form = {
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps({str(i): [f"variables.{path}"] for i, path in enumerate(files)}),
        }
        form.update({str(i): upload for i, upload in enumerate(files.values())})
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        response = self.client.post("/graphql/", data=form, **headers)
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def multipart(client):
    return MultipartClient(client)
