"""ASGI entry: HTTP goes to Django (admin, GraphQL over HTTP), websockets to GraphQL subscriptions."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

from cms.core.asgi import get_asgi_application  # noqa: E402

# Django must be set up before models or the schema are imported. Django's own ASGI handler,
# with each request's synchronous code on a reused thread (cms.core.asgi).
django_asgi_app = get_asgi_application()

from realtime.routing import build_application  # noqa: E402

application = build_application(django_asgi_app)
