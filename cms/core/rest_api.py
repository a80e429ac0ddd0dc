"""Wagtail's REST API v2, mounted only when ENABLE_REST_API_V2 is on: the benchmark's baseline."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
