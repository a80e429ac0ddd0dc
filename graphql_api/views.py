"""The /graphql/ endpoint over HTTP: bearer-token auth, typed context, GraphiQL switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from cms.members.tokens import authenticate_access_token, bearer_token
from graphql_api.core.context import Context
from graphql_api.schema import schema


def authenticated_context(request, response=None, header: str | None = None, **extra) -> Context:
    """Context for a request carrying ``Authorization: Bearer <token>`` (or none)."""
    context = Context(request=request, response=response, user=AnonymousUser(), **extra)
    if header is None:
        return context
    token = bearer_token(header)
    found = authenticate_access_token(token) if token else None
    if found is None:
        context.auth_error = _("The access token is invalid, expired or revoked.")
    else:
        context.user, context.session = found
    return context


class BearerGraphQLView(GraphQLView):
    def get_context(self, request, response) -> Context:
        # The admin's session cookie is deliberately ignored: the API trusts bearer tokens only,
        # so a logged-in editor's browser cannot be used for cross-site requests.
        return authenticated_context(request, response, request.headers.get("Authorization"))


graphql_view = csrf_exempt(
    BearerGraphQLView.as_view(schema=schema, graphql_ide="graphiql" if settings.GRAPHQL_GRAPHIQL else None)
)
