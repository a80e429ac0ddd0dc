"""WSGI entry, for benchmarks comparing server topologies: production serves cms.asgi (README)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
application = get_wsgi_application()
