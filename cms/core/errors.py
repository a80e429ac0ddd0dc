"""Expected failures of domain services: one base error, one error-code enum per domain.

Each domain declares its codes once, in ``cms/<domain>/errors.py``, as a subclass of
:class:`ErrorCode` (e.g. ``AccountErrorCode``); its services raise :class:`ServiceError` with
a member of that enum. The GraphQL layer turns the error into a typed mutation error whose
``code`` is that enum, the admin into a form error. Only errors raised on purpose are user
errors: anything else is a bug. Codes are part of the frontend contract: never rename one.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Base of every domain's error-code enum. Members are UPPER_CASE and their value is their name."""


class ServiceError(Exception):
    """One expected failure: a domain's ``code``, a message for people and the field at fault."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None):
        if not isinstance(code, ErrorCode):
            raise TypeError(f"ServiceError codes are members of a domain's ErrorCode enum, not {code!r}.")
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field


class ServiceErrors(Exception):
    """Several expected failures at once (a form with more than one bad field)."""

    def __init__(self, errors: list[ServiceError]):
        super().__init__("; ".join(str(e.message) for e in errors))
        self.errors = errors


class PublishingErrorCode(ErrorCode):
    """Who may publish for whom (cms.core.publishing): the content pages' shared rule."""

    ORGANISATION_NOT_ALLOWED = "ORGANISATION_NOT_ALLOWED"
    AUDIENCE_REQUIRED = "AUDIENCE_REQUIRED"
    AUDIENCE_NOT_ALLOWED = "AUDIENCE_NOT_ALLOWED"
