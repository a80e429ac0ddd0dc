"""Error codes of the organisations domain: the union tree, its changes and officer roles.

Codes are part of the frontend contract: never rename one. Each value is its name.
"""

from __future__ import annotations

from cms.core.errors import ErrorCode


class OrganisationErrorCode(ErrorCode):
    """Why a change to the union tree or to an officer's role was refused."""

    ORGANISATION_INACTIVE = "ORGANISATION_INACTIVE"
    PARENT_REQUIRED = "PARENT_REQUIRED"
    LEVEL_NOT_ALLOWED = "LEVEL_NOT_ALLOWED"
    MOVE_INTO_OWN_SUBTREE = "MOVE_INTO_OWN_SUBTREE"
    SAME_PARENT = "SAME_PARENT"
    SAME_ORGANISATION = "SAME_ORGANISATION"
    MERGE_LEVEL_MISMATCH = "MERGE_LEVEL_MISMATCH"
    HAS_ACTIVE_MEMBERS = "HAS_ACTIVE_MEMBERS"
    HAS_ACTIVE_CHILDREN = "HAS_ACTIVE_CHILDREN"
    CODE_TAKEN = "CODE_TAKEN"
    NAME_REQUIRED = "NAME_REQUIRED"
    SAME_NAME = "SAME_NAME"
    CHANGE_NOT_SCHEDULED = "CHANGE_NOT_SCHEDULED"
    ROLE_ALREADY_HELD = "ROLE_ALREADY_HELD"
    ROLE_ALREADY_ENDED = "ROLE_ALREADY_ENDED"
    INVALID_DATE = "INVALID_DATE"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
