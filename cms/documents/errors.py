"""Error codes of the documents domain (receipts of official documents). Stable: never rename one."""

from __future__ import annotations

from cms.core.errors import ErrorCode


class DocumentErrorCode(ErrorCode):
    """What may go wrong opening, acknowledging or reporting on a delivered document."""

    # No delivery with that id was sent to a union the user acts for (absent or another union's).
    NOT_FOUND = "NOT_FOUND"
    NOT_ALLOWED = "NOT_ALLOWED"
    ACKNOWLEDGEMENT_NOT_REQUIRED = "ACKNOWLEDGEMENT_NOT_REQUIRED"
    REPORT_NOT_REQUIRED = "REPORT_NOT_REQUIRED"
    # The report's due date has passed and the document accepts no late reports.
    REPORT_LATE = "REPORT_LATE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
    FILE_EMPTY = "FILE_EMPTY"
    NOTE_TOO_LONG = "NOTE_TOO_LONG"
    # Numbering (Decree 30/2020/NĐ-CP), shown on the admin form.
    NUMBER_TAKEN = "NUMBER_TAKEN"
    SYMBOL_INVALID = "SYMBOL_INVALID"
