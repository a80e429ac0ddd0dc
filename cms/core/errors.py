"""Expected failures of domain services.

Services raise ``ServiceError`` with a stable ``code``; the GraphQL layer turns it into a
typed error (``field``, ``message``, ``code``) and the admin into a form error. Codes are
part of the frontend contract: never rename one.
"""

from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class ServiceErrors(Exception):
    """Several expected failures at once (a form with more than one bad field)."""

    def __init__(self, errors: list[ServiceError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
