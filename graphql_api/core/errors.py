"""Errors as the frontend sees them.

Two kinds, as the contract says:

- **Expected failures of a mutation are data.** A domain service raises ``ServiceError`` with a
  member of its error-code enum (``cms/<domain>/errors.py``); the mutation returns it in its
  payload's ``errors`` list, typed by the domain: ``AccountError { field message code }`` with
  ``code: AccountErrorCode!``. A domain declares that type in one line with :func:`error_type`
  and fills it with :func:`user_errors`.
- **Top-level errors** (auth failures, bad arguments, query limits, bugs) carry
  ``extensions.code``, an :class:`ApiErrorCode`. Resolvers raise :class:`ApiError` on purpose;
  the :class:`ErrorCodes` extension gives every other error its code. Only errors raised on
  purpose are the user's fault: anything else is a bug, logged with its traceback and answered
  as ``INTERNAL_SERVER_ERROR`` with its message masked (unless ``DEBUG``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from enum import StrEnum
from functools import cache

import strawberry
from django.conf import settings
from django.utils.translation import gettext_lazy
from graphql import GraphQLError, GraphQLSyntaxError
from graphql.validation.validate import ValidationAbortedError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension

from cms.core.database import database_unavailable, statement_cancelled
from cms.core.errors import ErrorCode, ServiceError, ServiceErrors

logger = logging.getLogger("graphql_api")


class ApiErrorCode(StrEnum):
    """``extensions.code`` of a top-level error. Part of the frontend contract: never rename one."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    # The HTTP request as a whole is unreadable (not JSON, nested too deeply): answered with HTTP 400.
    BAD_REQUEST = "BAD_REQUEST"
    PAGE_SIZE_TOO_LARGE = "PAGE_SIZE_TOO_LARGE"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    # The operation ran past GRAPHQL_TIMEOUT_SECONDS and was stopped (graphql_api.core.limits).
    TIMEOUT = "TIMEOUT"
    # No database connection could be had in time (pool exhausted, PostgreSQL refusing
    # connections): nothing is wrong with the request, retry after a few seconds (cms.core.database).
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    NOT_FOUND = "NOT_FOUND"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class ApiError(GraphQLError):
    """A top-level error raised on purpose, with the code a frontend acts on."""

    def __init__(self, code: ApiErrorCode, message: str):
        if not isinstance(code, ApiErrorCode):
            raise TypeError(f"ApiError codes are ApiErrorCode members, not {code!r}.")
        super().__init__(message, extensions={"code": code.value})
        self.code = code


# -- Mutation errors: typed per domain ------------------------------------------------------


# The enum each type made by error_type carries, so user_errors can check what it is given.
_ERROR_CODES: dict[type, type[ErrorCode]] = {}


@cache
def _graphql_enum(codes: type[ErrorCode]) -> type[ErrorCode]:
    # Once per enum: two error types may share a domain's codes.
    return strawberry.enum(codes, name=codes.__name__, description=(codes.__doc__ or "").strip() or None)


def error_type(name: str, codes: type[ErrorCode]) -> type:
    """The GraphQL type of one domain's mutation errors: ``name { field message code: <codes>! }``.

    ``AccountError = error_type("AccountError", AccountErrorCode)`` declares Saleor's
    ``AccountError`` with ``code: AccountErrorCode!``; payloads list it as
    ``errors: list[AccountError]``.
    """
    if not (isinstance(codes, type) and issubclass(codes, ErrorCode)):
        raise TypeError(f"{name} needs a domain's ErrorCode enum, not {codes!r}.")
    namespace = {
        "__module__": __name__,
        "__annotations__": {"field": str | None, "message": str, "code": _graphql_enum(codes)},
        "field": strawberry.field(description="The input field at fault (camelCase), or null."),
        "message": strawberry.field(description="What went wrong, in the request's language: show it."),
        "code": strawberry.field(description="What went wrong, for the app to act on. Stable."),
    }
    description = f"An expected failure of a mutation: show `message`, act on `code` ({codes.__name__})."
    error_class = strawberry.type(type(name, (), namespace), name=name, description=description)
    _ERROR_CODES[error_class] = codes
    return error_class


def _camel(name: str | None) -> str | None:
    if not name:
        return None
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def user_errors(exc: ServiceError | ServiceErrors, error_class: type) -> list:
    """The failures in ``exc`` as instances of ``error_class`` (made by :func:`error_type`).

    A code from another domain's enum is a bug in the mutation, not a user error: TypeError.
    Codes and fields are logged, messages not (they may quote personal data).
    """
    codes = _ERROR_CODES.get(error_class)
    if codes is None:
        raise TypeError(f"{error_class!r} was not made by error_type().")
    errors = exc.errors if isinstance(exc, ServiceErrors) else [exc]
    result = []
    for error in errors:
        if not isinstance(error.code, codes):
            raise TypeError(f"{error_class.__name__} carries {codes.__name__} codes, not {error.code!r}.")
        logger.info("Mutation error %s (field %s)", error.code.value, error.field)
        result.append(error_class(field=_camel(error.field), message=str(error.message), code=error.code))
    return result


# -- Top-level errors: a code for each, bugs masked and logged ------------------------------

# graphql-core refusing a document too long or nested too deeply: the parser (the token cap,
# nesting) and validate() (fragments nested too deeply), recognised by the error's type and its
# whole message, since a plain syntax error may well mention a field called `tokens`. The depth,
# alias and cost rules (graphql_api.core.limits) put their code on their errors themselves.
_PARSER_LIMIT = re.compile(
    r"Syntax Error: (Document contains more than \d+ tokens|Document is nested too deeply"
    r"|Source contains more than \d+ code points)\. Parsing aborted\."
)
_VALIDATION_ABORTED = "Validation aborted."


def _is_limit_refusal(error: GraphQLError) -> bool:
    if isinstance(error, GraphQLSyntaxError):
        return _PARSER_LIMIT.fullmatch(error.message) is not None
    return isinstance(error, ValidationAbortedError) and error.message == _VALIDATION_ABORTED


def error_code(error: GraphQLError) -> str:
    """The ``extensions.code`` an error leaves with; ``INTERNAL_SERVER_ERROR`` means a bug."""
    for extensions in (error.extensions, getattr(error.original_error, "extensions", None)):
        if isinstance(extensions, dict) and "code" in extensions:
            return str(extensions["code"])  # raised on purpose (ApiError, RejectInvalidToken)
    original = error.original_error
    if original is None:
        # The request was refused before anything ran: it failed to parse or validate.
        if _is_limit_refusal(error):
            return ApiErrorCode.QUERY_TOO_COMPLEX
        return ApiErrorCode.GRAPHQL_VALIDATION_FAILED
    if isinstance(original, StrawberryInputCoercionError):
        # An argument strawberry cannot convert, e.g. a global ID that does not decode.
        return ApiErrorCode.BAD_USER_INPUT
    if isinstance(original, GraphQLError) and not error.path:
        # A variable whose value does not fit its type (an unknown enum value, a bad date).
        return ApiErrorCode.BAD_USER_INPUT
    if database_unavailable(original):
        return ApiErrorCode.SERVICE_UNAVAILABLE
    if statement_cancelled(original):
        # PostgreSQL's statement_timeout: the request's time ran out in the database.
        return ApiErrorCode.TIMEOUT
    return ApiErrorCode.INTERNAL_SERVER_ERROR


def _where(error: GraphQLError) -> str:
    return ".".join(str(key) for key in error.path) if error.path else "-"


# The errors of an operation already logged, kept on its execution context by id (with the error,
# so the id stays its own): strawberry hands the schema's process_errors the errors of parsing,
# validation and execution, but not those of a result an extension set itself (RejectInvalidToken
# refusing a bad token); ErrorCodes logs those at the end of the operation, and nothing twice.
_LOGGED = "_graphql_api_logged_errors"


def _logged(execution_context) -> dict[int, GraphQLError]:
    if execution_context is None:
        return {}
    logged = getattr(execution_context, _LOGGED, None)
    if logged is None:
        logged = {}
        setattr(execution_context, _LOGGED, logged)
    return logged


def log_errors(errors: Iterable[GraphQLError], execution_context=None) -> None:
    """Log a bug with its traceback; an expected error in one line, without one. Once each."""
    logged = _logged(execution_context)
    for error in errors:
        if id(error) in logged:
            continue
        logged[id(error)] = error
        code = error_code(error)
        if code == ApiErrorCode.INTERNAL_SERVER_ERROR:
            logger.error("GraphQL bug at %s: %s", _where(error), error.message, exc_info=error.original_error)
        elif code == ApiErrorCode.SERVICE_UNAVAILABLE:
            # Not the request's fault, but an operator should see the database running short.
            logger.warning("GraphQL %s at %s: %s", code, _where(error), error.message)
        else:
            logger.info("GraphQL %s at %s: %s", code, _where(error), error.message)


_DATABASE_MESSAGES = {
    ApiErrorCode.SERVICE_UNAVAILABLE: gettext_lazy("The service is busy. Try again in a few seconds."),
    ApiErrorCode.TIMEOUT: gettext_lazy(
        "The operation took too long and was stopped: ask for less, or try again later."
    ),
}


class ErrorCodes(SchemaExtension):
    """Give every top-level error its code and keep bug details out of responses in production.

    Logging happens earlier, in the schema's ``process_errors`` (:func:`log_errors`), which
    strawberry calls with the errors as they were raised; errors it does not hand over (a result
    an extension set) are logged here, before any is masked.
    """

    def on_operation(self):
        yield
        result = self.execution_context.result
        if not result or not result.errors:
            return
        log_errors(result.errors, self.execution_context)  # those strawberry did not hand over
        result.errors = [with_code(error) for error in result.errors]


def with_code(error: GraphQLError) -> GraphQLError:
    """``error`` as the client receives it: with its ``extensions.code``, a bug's message masked
    (unless ``DEBUG``), a database failure's words replaced by what to do."""
    code = error_code(error)
    if code == ApiErrorCode.INTERNAL_SERVER_ERROR and not settings.DEBUG:
        return GraphQLError(
            "Internal server error", path=error.path, nodes=error.nodes, extensions={"code": code}
        )
    if code in _DATABASE_MESSAGES and not isinstance(error.original_error, GraphQLError):
        # The driver's words name hosts and limits: the client gets what to do instead.
        return GraphQLError(
            str(_DATABASE_MESSAGES[code]), path=error.path, nodes=error.nodes, extensions={"code": code}
        )
    error.extensions = {**(error.extensions or {}), "code": code}
    return error
