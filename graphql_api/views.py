"""The /graphql/ endpoint over HTTP: bearer-token auth, typed context, GraphiQL switch."""

from __future__ import annotations

import json
import logging
import secrets
from functools import cached_property

from cross_web import DjangoHTTPRequestAdapter, HTTPException
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from cms.core.database import RETRY_AFTER_SECONDS, database_unavailable
from cms.members.tokens import authenticate_access_token, bearer_token
from graphql_api.core.context import Context
from graphql_api.core.errors import ApiErrorCode
from graphql_api.schema import schema

logger = logging.getLogger("graphql_api")


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


class _RequestAdapter(DjangoHTTPRequestAdapter):
    """Strawberry's view of the request, with the body decoded once (and refused if not UTF-8)."""

    @cached_property
    def body(self) -> str:
        try:
            return self.request.body.decode()
        except UnicodeDecodeError as exc:
            raise HTTPException(400, "Unable to parse request body as JSON") from exc


class BearerGraphQLView(GraphQLView):
    request_adapter_class = _RequestAdapter

    def get_context(self, request, response) -> Context:
        # The admin's session cookie is deliberately ignored: the API trusts bearer tokens only,
        # so a logged-in editor's browser cannot be used for cross-site requests.
        return authenticated_context(request, response, request.headers.get("Authorization"))

    # -- GraphiQL (GET with Accept: text/html, when GRAPHQL_GRAPHIQL is on) --

    def render_graphql_ide(self, request) -> HttpResponse:
        # Served from this project's static files (built by graphql_api/graphiql_build), under a
        # CSP of its own: no CDN, no inline script. The nonce is only for the <style> elements
        # that GraphiQL's dialogs add while open (the bundle reads it from its <script> tag).
        nonce = secrets.token_urlsafe(18)
        websocket_origin = f"{'wss' if request.is_secure() else 'ws'}://{request.get_host()}"
        context = {
            "csp_nonce": nonce,
            "endpoint": request.path,
            "subscription_url": websocket_origin + request.path,
        }
        response = render(request, "graphql_api/graphiql.html", context)
        response["Content-Security-Policy"] = graphiql_content_security_policy(nonce, websocket_origin)
        return response

    # -- A request the server cannot read is refused as a whole: HTTP 400, JSON, BAD_REQUEST --

    def decode_json(self, data: str | bytes) -> object:
        # Strawberry turns only JSONDecodeError into a 400: a body nested deeper than the
        # recursion limit or an integer of thousands of digits would escape as an HTML 500.
        # Used for the JSON body, GET's `variables` and `extensions`, and a multipart body's
        # `operations` and `map`.
        parsed_body = getattr(self, "_parsed_body", None)
        if parsed_body is not None and data is parsed_body[0]:
            return parsed_body[1]
        try:
            return json.loads(data)
        except RecursionError as exc:
            raise HTTPException(400, "The request body is nested too deeply.") from exc
        except ValueError as exc:
            raise HTTPException(400, "Unable to parse request body as JSON") from exc

    def parse_http_body(self, request: _RequestAdapter):
        if request.method == "POST" and "application/json" in (request.content_type or ""):
            # JSON that is not an object or a list (`1`, `"{}"`, `null`) is no request: strawberry
            # would call `.get` on it. Parsed once: decode_json hands strawberry this result for
            # the same body (Django makes a view instance per request).
            body = request.body
            parsed = self.parse_json(body)
            if not isinstance(parsed, dict | list):
                raise HTTPException(400, "The request body must be a JSON object.")
            self._parsed_body = (body, parsed)
        return super().parse_http_body(request)

    def dispatch(self, request, *args, **kwargs) -> HttpResponse:
        # A request refused as a whole gets the error shape of every other answer, with a code,
        # instead of strawberry's text/plain reason. (404 and 405 concern browsers: left as text.)
        try:
            return self.run(request=request)
        except HTTPException as exc:
            if exc.status_code != 400:
                return HttpResponse(exc.reason, status=exc.status_code, content_type="text/plain")
            logger.info("GraphQL %s: %s", ApiErrorCode.BAD_REQUEST.value, exc.reason)
            return _refusal(ApiErrorCode.BAD_REQUEST, exc.reason, status=400)
        except Exception as exc:
            # Outside execution (reading the token, before any field ran): the same JSON shape,
            # logged once here (log_response marks it, so Django does not log it again).
            if not database_unavailable(exc):
                response = _refusal(ApiErrorCode.INTERNAL_SERVER_ERROR, "Internal server error", status=500)
                log_response(
                    "GraphQL request failed outside execution: %s", request.path,
                    response=response, request=request, logger=logger, exception=exc,
                )  # fmt: skip
                return response
            response = _refusal(
                ApiErrorCode.SERVICE_UNAVAILABLE,
                _("The service is busy. Try again in a few seconds."),
                status=503,
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            log_response(
                "GraphQL %s: %s", ApiErrorCode.SERVICE_UNAVAILABLE.value, exc,
                response=response, request=request, logger=logger, level="warning",
            )  # fmt: skip
            return response


def graphiql_content_security_policy(nonce: str, websocket_origin: str) -> str:
    """The CSP of the GraphiQL page only (API responses carry none): same-origin files, no inline
    script or eval; fonts and a few icons are data: URLs inside graphiql.css."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            f"connect-src 'self' {websocket_origin}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


def _refusal(code: ApiErrorCode, message: str, status: int) -> JsonResponse:
    """A request refused as a whole: ``{"errors": [{message, extensions: {code}}]}``."""
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code.value}}]}, status=status)


graphql_view = csrf_exempt(
    BearerGraphQLView.as_view(
        schema=schema,
        graphql_ide="graphiql" if settings.GRAPHQL_GRAPHIQL else None,
        # Files (feedback attachments, document reports) as the GraphQL multipart request spec
        # sends them. No CSRF risk: the API authenticates by bearer token only, never a cookie.
        multipart_uploads_enabled=True,
    )
)
