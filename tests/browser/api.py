"""What the member app sees: GraphQL at /graphql/ on the browser tests' server, as an app calls it.

The scenarios check what an editor's publishing did from the reader's side: an anonymous client
(what anyone on the internet gets) and the demo member (phone 0912345678, Công đoàn cơ sở Công ty
TNHH Luxshare-ICT Nghệ An, under the industrial-zone union, under the federation).
"""

from __future__ import annotations

import json
import urllib.request

from tests.browser.server import DEMO_PASSWORD, DemoServer

DEMO_MEMBER_PHONE = "0912345678"

LOGIN = """
mutation Login($identifier: String!, $password: String!) {
  login(input: {identifier: $identifier, password: $password}) {
    tokens { accessToken }
    errors { field message code }
  }
}
"""

DOCUMENTS = """
query Documents($search: String) {
  documents(first: 20, search: $search) {
    totalCount
    edges { node { title numberSymbol recipients { code name } attachments { title url } } }
  }
}
"""

ANNOUNCEMENTS = """
query Announcements {
  announcements(first: 100) { edges { node { title organisation { code } } } }
}
"""

NEWS = """
query News {
  news(first: 100) { edges { node { title organisation { code } } } }
}
"""


def graphql(server: DemoServer, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json", "Accept-Language": "vi"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        server.url("/graphql/"),
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers=headers,
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    assert not body.get("errors"), body["errors"]
    return body["data"]


def member_token(server: DemoServer) -> str:
    """The demo member's access token, from the app's own sign-in mutation."""
    data = graphql(server, LOGIN, {"identifier": DEMO_MEMBER_PHONE, "password": DEMO_PASSWORD})["login"]
    assert not data["errors"], data["errors"]
    return data["tokens"]["accessToken"]


def documents(server: DemoServer, search: str, token: str | None = None) -> list[dict]:
    return [
        edge["node"] for edge in graphql(server, DOCUMENTS, {"search": search}, token)["documents"]["edges"]
    ]


def announcement_titles(server: DemoServer, token: str | None = None) -> list[str]:
    return [
        edge["node"]["title"]
        for edge in graphql(server, ANNOUNCEMENTS, token=token)["announcements"]["edges"]
    ]


def news_titles(server: DemoServer, token: str | None = None) -> list[str]:
    return [edge["node"]["title"] for edge in graphql(server, NEWS, token=token)["news"]["edges"]]


def reaches_members_only(server: DemoServer, title: str) -> bool:
    """Whether the announcement ``title`` reaches the demo member and not an anonymous reader."""
    return title in announcement_titles(server, member_token(server)) and title not in announcement_titles(
        server
    )
