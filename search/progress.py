"""A progress bar for long commands, on one line of a terminal (a plain line otherwise)."""

from __future__ import annotations

import time


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, label: str, total: int) -> None:
        self.stream = stream
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self.started = time.monotonic()
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())

    def advance(self, count: int) -> None:
        self.done += count
        if self.tty:
            self._draw("\r")

    def _draw(self, prefix: str, suffix: str = "") -> None:
        share = self.done / self.total if self.total else 1.0
        filled = int(self.WIDTH * min(share, 1.0))
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        line = (
            f"{prefix}{self.label:<14} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
            f"{self.done}/{self.total} {rate:,.0f}/s{suffix}"
        )
        self.stream.write(line, ending="" if not suffix else "\n")
        self.stream.flush()

    def finish(self, note: str = "") -> None:
        if self.stream is None:
            return
        self._draw("\r" if self.tty else "", f"  {note}" if note else " ")
