"""Error codes of the contests domain (see cms.core.errors). Part of the frontend contract."""

from __future__ import annotations

from cms.core.errors import ErrorCode


class ContestErrorCode(ErrorCode):
    WRONG_CHOICE_COUNT = "WRONG_CHOICE_COUNT"
    NOT_ONE_CORRECT_CHOICE = "NOT_ONE_CORRECT_CHOICE"
    POOL_TOO_SMALL = "POOL_TOO_SMALL"
