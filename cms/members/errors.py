"""Error codes of the members domain: sign-in and tokens, and member profiles.

Codes are part of the frontend contract (``AccountErrorCode`` is a GraphQL enum): never rename
one. Each value is its name.
"""

from __future__ import annotations

from cms.core.errors import ErrorCode


class AccountErrorCode(ErrorCode):
    """Why signing in or exchanging a refresh token failed."""

    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    INVALID_TOKEN = "INVALID_TOKEN"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"


class MemberErrorCode(ErrorCode):
    """Why a member's profile could not be created, changed or imported."""

    INVALID_PHONE = "INVALID_PHONE"
    PHONE_TAKEN = "PHONE_TAKEN"
    CARD_TAKEN = "CARD_TAKEN"
    NAME_REQUIRED = "NAME_REQUIRED"
    ORGANISATION_INACTIVE = "ORGANISATION_INACTIVE"
    ORGANISATION_NOT_MEMBER_LEVEL = "ORGANISATION_NOT_MEMBER_LEVEL"
    INVALID_GENDER = "INVALID_GENDER"
    INVALID_STATUS = "INVALID_STATUS"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
