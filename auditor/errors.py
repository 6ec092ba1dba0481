"""The one exception type readers raise for input they cannot use."""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """A file could not be read as a report; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
