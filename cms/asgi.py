"""ASGI entry: HTTP goes to Django (admin, GraphQL over HTTP), websockets to GraphQL subscriptions."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
# Django must be set up before models or the schema are imported.
django_asgi_app = get_asgi_application()

from realtime.routing import build_application  # noqa: E402

application = build_application(django_asgi_app)
