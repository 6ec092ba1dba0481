"""The one exception type readers raise for input they cannot use."""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """A file could not be read as a report; the message names the file and the reason: `reason`
    in English (the command line, logs), `zh` in Chinese for the people the batch outputs and the
    workbench are for (the English one when no Chinese is given)."""

    def __init__(self, path: str | Path, reason: str, *, zh: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.zh = zh or reason
        super().__init__(f"{self.path}: {reason}")
