"""The typed context every resolver receives, over HTTP and over websockets alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from strawberry.types import Info as StrawberryInfo

from cms.core.visibility import Reader


@dataclass
class Context(Reader):
    request: HttpRequest | Any
    response: HttpResponse | None = None
    user: Any = field(default_factory=AnonymousUser)
    session: Any = None  # cms.members.models.AuthSession of the bearer token, if any
    # Set when a request carried a token that is unknown, expired or revoked.
    auth_error: str | None = None
    ws: Any = None
    connection_params: dict | None = None
    # Over a websocket: who the socket speaks for (realtime.auth.SignIn), re-checked per operation.
    sign_in: Any = None
    # Pages already checked against the visibility rule in this request, by id (menu links).
    page_visibility: dict[int, bool] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        # strawberry's channels integration reads context["ws"] / context["request"].
        return getattr(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        setattr(self, key, value)

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @cached_property
    def rich_text(self):
        """Renders rich text for this reader: links through the visibility rule, lookups in bulk
        and remembered for the request (graphql_api.core.richtext)."""
        from graphql_api.core.richtext import RichTextRenderer

        return RichTextRenderer(self)

    @cached_property
    def site_root_path(self) -> str:
        """The default site's root ``url_path``, that page paths are relative to."""
        from graphql_api.core.pages import site_root_path

        return site_root_path()


Info = StrawberryInfo[Context, None]
