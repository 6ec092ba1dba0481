"""Typed data passed between stages: Document (ingest) and Report (structure)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

TABLE_PARTS = {"T2": "P2", "T3": "P3", "T4": "P4"}  # each standard table and the part it stands in
TABLE_MISSING = "table_missing"  # the anomaly of a standard table the reader did not find


# ---------------------------------------------------------------------------- ingest → Document


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line or paragraph of running text, as the source gives it (tabs kept)."""

    text: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class GridCell:
    """A cell of a table grid; `origin` is False on the cells a merged cell spans beyond its first."""

    text: str | None
    origin: bool = True


@dataclass(frozen=True, slots=True)
class TableGrid:
    """A table whose merged cells are already resolved into a rectangular-ish grid."""

    rows: tuple[tuple[GridCell, ...], ...]
    page: int | None = None


Block = Paragraph | TableGrid


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader makes of a file: blocks in reading order."""

    source: str
    kind: Literal["txt", "md", "docx", "pdf", "html"]
    blocks: tuple[Block, ...]


# ---------------------------------------------------------------------------- structure → Report

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Anomaly:
    """Something the reader noticed about the *reading* (not a verdict on the report)."""

    code: str
    severity: Severity
    message: str
    part: str | None = None
    cells: tuple[str, ...] = ()
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "part": self.part,
            "cells": list(self.cells),
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class Cell:
    """One table cell: its id, the raw text as printed, and the number read from it."""

    id: str  # e.g. "T3.new.total", "T4.rv_keep", "T2.cg.proc_amount"
    raw: str | None  # None: the cell was not there at all
    value: Decimal | None  # None: blank, "/", "—", unreadable or undecidable
    unit: str | None = None  # unit printed in the cell or its header ("元", "万元", "个" …)
    block: int | None = None  # index of the row's block (line, paragraph or table) in the Document
    column: int | None = None  # cell index within that row
    inferred: bool = False  # value decided from the table's arithmetic, not read directly
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "raw": self.raw,
            "value": number_json(self.value),
            "unit": self.unit,
            "position": {"block": self.block, "column": self.column},
            "inferred": self.inferred,
            "note": self.note,
        }


@dataclass(slots=True)
class ReportParagraph:
    index: int  # running index within the part
    text: str
    block: int  # block index in the Document

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "block": self.block}


@dataclass(slots=True)
class Part:
    id: str  # "P1" … "P6"
    title: str
    block: int
    paragraphs: list[ReportParagraph] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "block": self.block,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }


FormatVersion = Literal["2019", "2021", "pre2019", "unknown"]


@dataclass(slots=True)
class Report:
    source: str
    kind: str
    body: str | None
    level: str | None
    year: int | None
    format: FormatVersion
    metadata: dict[str, Any]
    parts: list[Part]
    preamble: list[ReportParagraph]
    closing: list[ReportParagraph]
    tables: dict[str, dict[str, Any]]  # "T2": {row: {col: Decimal|None}}, "T3": …, "T4": {cell: …}
    cells: dict[str, Cell]
    anomalies: list[Anomaly]

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id), None)

    def tables_read(self) -> list[str]:
        """The standard tables the reader found (a `table_missing` anomaly says which it did not)."""
        missing = {a.part for a in self.anomalies if a.code == TABLE_MISSING}
        return [t for t, part in TABLE_PARTS.items() if t in self.tables and part not in missing]

    def narrative(self) -> Iterator[tuple[str, ReportParagraph]]:
        """(part id, paragraph) over the preamble ("preamble") and the parts, in reading order."""
        for p in self.preamble:
            yield "preamble", p
        for part in self.parts:
            for p in part.paragraphs:
                yield part.id, p

    def paragraph(self, part_id: str, index: int) -> ReportParagraph:
        """A paragraph by the (part, index) that findings, claims and matches use as location."""
        if part_id == "preamble":
            return self.preamble[index]
        if part_id == "closing":
            return self.closing[index]
        part = self.part(part_id)
        if part is None:
            raise KeyError(part_id)
        return part.paragraphs[index]

    def value(self, cell_id: str) -> Decimal | None:
        cell = self.cells.get(cell_id)
        return None if cell is None else cell.value

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "body": self.body,
            "level": self.level,
            "year": self.year,
            "format": self.format,
            "metadata": self.metadata,
            "parts": [p.to_dict() for p in self.parts],
            "tables": {name: tables_json(t) for name, t in self.tables.items()},
            "cells": {cid: c.to_dict() for cid, c in self.cells.items()},
            "anomalies": [a.to_dict() for a in self.anomalies],
        }


def number_json(value: Decimal | None) -> int | float | None:
    """A Decimal as the plainest JSON number: int when integral."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def tables_json(table: dict[str, Any]) -> dict[str, Any]:
    return {
        key: tables_json(val) if isinstance(val, dict) else number_json(val)
        for key, val in table.items()
    }
