"""Error codes of the feedback domain (phản ánh, kiến nghị): members' and officers' actions.

Codes are part of the frontend contract (``FeedbackErrorCode`` is a GraphQL enum): never rename
one. Each value is its name.
"""

from __future__ import annotations

from cms.core.errors import ErrorCode


class FeedbackErrorCode(ErrorCode):
    """Why a feedback action (submit, message, withdraw, rate, reply, forward...) was refused."""

    # No such feedback, or not the member's own: the two answer alike, so ids cannot be probed.
    NOT_FOUND = "NOT_FOUND"
    # An officer who may not handle this feedback (outside their subtree, or not a handling role).
    NOT_ALLOWED = "NOT_ALLOWED"
    # Only an active union member may submit feedback.
    NOT_A_MEMBER = "NOT_A_MEMBER"
    INVALID_CATEGORY = "INVALID_CATEGORY"
    # Text: missing, too short, too long, or holding control characters (NUL...).
    REQUIRED = "REQUIRED"
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    INVALID_CHARACTERS = "INVALID_CHARACTERS"
    # Routing: not the member's union or one of its ancestors; forwarding not upward.
    ORGANISATION_NOT_ALLOWED = "ORGANISATION_NOT_ALLOWED"
    # The workflow: a status change the workflow does not allow from the current status...
    INVALID_TRANSITION = "INVALID_TRANSITION"
    # ...or any action on feedback that is closed, rejected or withdrawn.
    FEEDBACK_FINAL = "FEEDBACK_FINAL"
    # Rating: only an answered feedback, only once, 1 to 5.
    NOT_ANSWERED = "NOT_ANSWERED"
    ALREADY_RATED = "ALREADY_RATED"
    INVALID_RATING = "INVALID_RATING"
    # Assignment: the chosen officer may not handle this feedback.
    HANDLER_NOT_ALLOWED = "HANDLER_NOT_ALLOWED"
    # Response deadlines: days out of range.
    INVALID_DEADLINE = "INVALID_DEADLINE"
    INVALID_IDEMPOTENCY_KEY = "INVALID_IDEMPOTENCY_KEY"
    # Attachments (checked by content, cms.core.uploads).
    FILE_EMPTY = "FILE_EMPTY"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
    TOO_MANY_FILES = "TOO_MANY_FILES"
