"""Flatten a Document into rows: running-text lines and table rows, whatever the source layout.

Text sources carry their tables inside lines (tab rows, pipe rows, one cell per line separated by
blank lines, space-separated numbers, or cells run together with no separator at all); grid sources
(DOCX, HTML, PDF) carry them as grids. Everything downstream sees the same `Row`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from auditor.model import Document, Paragraph, TableGrid

_MD_NOISE = re.compile(r"\*\*|__|<u>|</u>")
_BULLET = re.compile(r"^\s*(?:[-*+•·]\s+|#{1,6}\s+|>\s*)")
_SENTENCE = re.compile(r"[。；;，,：:！？]")
_NUMBER_TOKEN = re.compile(r"^[+\-−－]?\d+(?:\.\d+)?$")
_MARKUP_CHARS = frozenset("*_<-+•·#>")  # every match of _MD_NOISE and _BULLET has one of these


@dataclass(slots=True)
class Row:
    """One line of running text, or one table row."""

    block: int  # index of the first block it came from
    kind: Literal["text", "row", "packed"]  # packed: label and digits run together, no separator
    cells: list[str]  # table cells ('' = blank); for text, the one cleaned line
    text: str  # the whole line, cleaned (markdown noise removed)
    grid: bool = False  # came from a real table grid (DOCX/HTML/PDF)

    @property
    def label(self) -> str:
        return self.cells[0] if self.cells else ""


def clean_line(text: str) -> str:
    """Drop markdown artefacts that pasted reports carry (`**bold**`, bullets) and edge space."""
    if _MARKUP_CHARS.isdisjoint(text):  # the usual line: nothing to drop (and no regex to run)
        return text.strip()
    text = _MD_NOISE.sub("", text)
    return _BULLET.sub("", text).strip()


def document_rows(document: Document) -> list[Row]:
    rows: list[Row] = []
    for index, block in enumerate(document.blocks):
        if isinstance(block, TableGrid):
            for grid_row in block.rows:
                cells = [(c.text or "").strip() for c in grid_row if c.origin]
                if any(cells) or len(cells) > 1:  # a row of blank cells is still a table row
                    rows.append(Row(index, "row", cells, "\t".join(cells), grid=True))
        else:
            rows.append(_line_row(index, block))
    return _group_cell_per_line(rows)


def _line_row(index: int, block: Paragraph) -> Row:
    raw = block.text.replace("\u3000", " ").rstrip("\n")
    if "\t" in raw:
        cells = [clean_line(c) for c in raw.split("\t")]
        return Row(index, "row", cells, clean_line(raw.replace("\t", " ")))
    if raw.count("|") >= 2:
        body = raw.strip()
        if body.startswith("|"):
            body = body[1:]
        if body.endswith("|"):
            body = body[:-1]
        cells = [clean_line(c) for c in body.split("|")]
        return Row(index, "row", cells, clean_line(" ".join(cells)))
    text = clean_line(raw)
    if text and len(text) <= 90 and (re.fullmatch(r"\d{5,}", text) or (
            not text.endswith("。") and re.search(r"[^\d\s.,]\d{2,}$", text))):
        return Row(index, "packed", [text], text)
    if text and not _SENTENCE.search(text):
        tokens = text.split()
        numbers = 0
        while numbers < len(tokens) and _NUMBER_TOKEN.match(tokens[len(tokens) - 1 - numbers]):
            numbers += 1
        if numbers >= 2 or (numbers >= 1 and len(tokens) == numbers):
            label = " ".join(tokens[: len(tokens) - numbers])
            cells = ([label] if label else []) + tokens[len(tokens) - numbers:]
            return Row(index, "row", cells, text)
    return Row(index, "text", [text], text)


def _group_cell_per_line(rows: list[Row]) -> list[Row]:
    """Word exports put one cell per line (`\\tcell`), a row per blank-line-separated group."""
    single = sum(1 for r in rows if r.kind == "row" and not r.grid and _one_cell(r))
    multi = sum(1 for r in rows if r.kind == "row" and not r.grid and not _one_cell(r))
    if single < 10 or single < 3 * multi:
        return rows
    out: list[Row] = []
    group: list[Row] = []

    def flush() -> None:
        if group:
            cells = [next((c for c in r.cells if c), "") for r in group]
            out.append(Row(group[0].block, "row", cells, " ".join(c for c in cells if c)))
            group.clear()

    for row in rows:
        if row.kind == "row" and not row.grid and _one_cell(row):
            group.append(row)
        else:
            flush()
            out.append(row)  # blank lines too: they end groups
    flush()
    return out


def _one_cell(row: Row) -> bool:
    return sum(1 for c in row.cells if c) <= 1
