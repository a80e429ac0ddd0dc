"""ASGI routing: websockets at /graphql/ speak graphql-transport-ws; all HTTP goes to Django."""

from __future__ import annotations

from channels.routing import ProtocolTypeRouter, URLRouter
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import re_path
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET

from graphql_api.core.context import Context
from graphql_api.core.errors import ApiErrorCode
from realtime.auth import authenticate_connection


class GraphQLSubscriptionConsumer(GraphQLWSConsumer):
    async def get_context(self, request, response) -> Context:
        return Context(request=request, ws=request, user=AnonymousUser())

    async def on_ws_connect(self, context: Context):
        found = await authenticate_connection(context.connection_params)
        if found is False:
            raise ConnectionRejectionError({"code": ApiErrorCode.UNAUTHENTICATED.value})
        if found:
            context.user, context.session = found
        return UNSET


def build_application(django_asgi_app):
    from graphql_api.schema import schema

    consumer = GraphQLSubscriptionConsumer.as_asgi(
        schema=schema,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        allowed_origins=settings.CORS_ALLOWED_ORIGINS,
    )
    return ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": URLRouter([re_path(r"^graphql/?$", consumer)]),
        }
    )
