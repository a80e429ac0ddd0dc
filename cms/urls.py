from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.core.views import healthz, media, signed_document, signed_file
from graphql_api.views import graphql_view

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/signed/<str:token>/<str:filename>", signed_document, name="signed_document"),
    path("files/signed/<str:token>/<str:filename>", signed_file, name="signed_file"),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", graphql_view, name="graphql"),
    # Wagtail's file views send a browser without a session to "wagtailcore_login"; with no
    # front-end site here, that is the admin's sign-in (WAGTAIL_FRONTEND_LOGIN_URL).
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="wagtailadmin_login", query_string=True),
        name="wagtailcore_login",
    ),
]

if settings.DEBUG and not settings.AWS_STORAGE_BUCKET_NAME:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Images and renditions only: documents go through Wagtail's serve view (cms.core.views.media).
    urlpatterns += static(settings.MEDIA_URL, view=media, document_root=settings.MEDIA_ROOT)

if settings.ENABLE_REST_API_V2:
    from cms.core.rest_api import api_router

    urlpatterns += [path("api/v2/", api_router.urls)]

# No page is served as HTML: this server is headless, and the apps read pages through
# /graphql/. Wagtail's page routes are not mounted, so every other path is the same 404,
# and nothing tells a live page from a draft or a slug that does not exist.

handler500 = "cms.core.views.server_error"
