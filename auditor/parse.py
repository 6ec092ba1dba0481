"""The reading pipeline in one call: file → Document → Report."""

from __future__ import annotations

from pathlib import Path

from auditor.ingest import DEFAULT_MAX_BYTES, read_document
from auditor.model import Report
from auditor.structure.report import build_report


def parse_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """Read a report file of any supported format into a Report (raises ReadError)."""
    return build_report(read_document(path, max_bytes=max_bytes))
