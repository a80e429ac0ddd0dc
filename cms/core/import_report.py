"""What an import of a spreadsheet tells the officer: every row's reasons, or what it did."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RowError:
    row: int
    messages: list[str]

    @property
    def message(self) -> str:
        return "; ".join(self.messages)


@dataclass
class ImportReport:
    """Nothing is imported unless ``ok``: no file error and no row error."""

    total_rows: int = 0
    created: int = 0
    updated: int = 0
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.row_errors
