"""ASGI routing: websockets at /graphql/ speak graphql-transport-ws; all HTTP goes to Django."""

from __future__ import annotations

from channels.routing import ProtocolTypeRouter, URLRouter
from django.conf import settings
from django.urls import re_path
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from realtime.consumer import MAX_OPERATIONS_PER_SOCKET, GraphQLSubscriptionConsumer


def build_application(django_asgi_app):
    from graphql_api.schema import schema

    consumer = GraphQLSubscriptionConsumer.as_asgi(
        schema=schema,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        allowed_origins=settings.CORS_ALLOWED_ORIGINS,
        max_subscriptions_per_connection=MAX_OPERATIONS_PER_SOCKET,
    )
    return ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": URLRouter([re_path(r"^graphql/?$", consumer)]),
        }
    )
