"""Error codes of the jobs domain: members' applications and the officers who follow them up.

Codes are part of the frontend contract (``JobErrorCode`` is a GraphQL enum): never rename one.
Each value is its name.
"""

from __future__ import annotations

from cms.core.errors import ErrorCode


class JobErrorCode(ErrorCode):
    """Why a job application action (apply, withdraw, change status) was refused."""

    # No such posting or application the user may see, or not the member's own: answered alike,
    # so ids cannot be probed.
    NOT_FOUND = "NOT_FOUND"
    # An officer who may not manage this application (outside their subtree, or not an editor).
    NOT_ALLOWED = "NOT_ALLOWED"
    # Only an active union member may apply.
    NOT_A_MEMBER = "NOT_A_MEMBER"
    # The posting's application deadline has passed.
    JOB_CLOSED = "JOB_CLOSED"
    # One application per member and posting, ever: a withdrawn one counts too.
    ALREADY_APPLIED = "ALREADY_APPLIED"
    # Text: the member's message missing or too long, the officer's note too long, control characters.
    MESSAGE_REQUIRED = "MESSAGE_REQUIRED"
    MESSAGE_TOO_LONG = "MESSAGE_TOO_LONG"
    NOTE_TOO_LONG = "NOTE_TOO_LONG"
    INVALID_CHARACTERS = "INVALID_CHARACTERS"
    INVALID_IDEMPOTENCY_KEY = "INVALID_IDEMPOTENCY_KEY"
    # The workflow: withdrawing an application that is already hired, not selected or withdrawn...
    CANNOT_WITHDRAW = "CANNOT_WITHDRAW"
    # ...or a status change the workflow does not allow from the current status.
    INVALID_TRANSITION = "INVALID_TRANSITION"
    # The CV (checked by content, cms.core.uploads).
    FILE_EMPTY = "FILE_EMPTY"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
