"""Audit record → what the report page draws: paragraphs cut into marked segments, tables as
grids of cells with their ids, and the findings with the anchors they link to. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from auditor.structure.schema import table_version, tables_spec

_TABLE_OF_PART = {"P2": "T2", "P3": "T3", "P4": "T4"}


@dataclass(slots=True)
class Segment:
    text: str
    findings: list[int] = field(default_factory=list)  # indexes into the findings list
    anchors: list[str] = field(default_factory=list)  # ids of findings whose quote starts here
    severity: str | None = None  # the worst severity among `findings`
    copied_from: list[str] = field(default_factory=list)  # source labels of copied-text findings here


@dataclass(slots=True)
class ParagraphView:
    anchor: str  # "P3-2"
    segments: list[Segment]
    labels: list[str]  # paragraph tags, when the tagger gave them
    findings: list[int]  # findings located at this paragraph (marked in the text or not)


@dataclass(slots=True)
class GridCell:
    id: str | None  # the cell id for value cells; None for labels
    text: str
    flagged: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Grid:
    name: str
    header: list[str]
    rows: list[list[GridCell]]


@dataclass(slots=True)
class PartView:
    id: str
    title: str
    paragraphs: list[ParagraphView]
    table: Grid | None


@dataclass(slots=True)
class FindingView:
    index: int
    finding: dict[str, Any]
    target: str | None  # the anchor the finding links to: its quote, its paragraph or its first cell
    paragraph: str | None
    copied_from: str | None


_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def copied_source(finding: dict[str, Any]) -> str | None:
    """For a copied-text finding: who it seems copied from (R1 names the source report in `found`;
    S1 names the word that belongs to another kind of body)."""
    if finding.get("category") != "copied_text":
        return None
    return finding.get("found") or finding.get("message")


def _segments(text: str, marks: list[tuple[int, int, int, dict[str, Any]]]) -> list[Segment]:
    """Cut `text` at every mark boundary; each piece knows which findings cover it."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in marks), *(e for _, e, _, _ in marks)})
    segments: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [(i, f) for s, e, i, f in marks if s <= start and end <= e]
        seg = Segment(text[start:end], [i for i, _ in covering], [f"q{i}" for s, _, i, _ in marks if s == start])
        if covering:
            seg.severity = min((f["severity"] for _, f in covering), key=lambda s: _SEVERITY_RANK.get(s, 9))
            seg.copied_from = [src for _, f in covering if (src := copied_source(f))]
        segments.append(seg)
    return segments


def _quote_span(text: str, quote: str | None) -> tuple[int, int] | None:
    if not quote:
        return None
    start = text.find(quote)
    if start < 0:
        # quotes are sentences of the paragraph; a quote clipped at a sentence mark may lack it
        start = text.find(quote.rstrip("。；;，,"))
        quote = quote.rstrip("。；;，,")
    return (start, start + len(quote)) if start >= 0 else None


def _cell_text(cell: dict[str, Any] | None) -> str:
    """As printed; a blank cell stays blank, a cell not found is a dash, an inferred value is starred."""
    if cell is None:
        return "—"
    value = "" if cell["value"] is None else str(cell["value"])
    if cell["raw"] is None:
        return value or "—"
    if cell["raw"] == "":
        return f"{value}*" if value else ""
    return cell["raw"]


def _grid(report: dict[str, Any], name: str, flagged: dict[str, list[int]]) -> Grid | None:
    cells = report.get("cells", {})
    if not any(cid.startswith(name + ".") for cid in cells):
        return None
    spec = tables_spec()

    def cell(cid: str) -> GridCell:
        return GridCell(cid, _cell_text(cells.get(cid)), flagged.get(cid, []))

    if name == "T3":
        shown_headings: set[str] = set()
        cols = spec["T3"]["cols"]
        version = table_version(report.get("format", "unknown"), report.get("year"))
        groups = spec["T3"]["groups"]
        rows = []
        for rid, label, scope in spec["T3"]["rows"]:
            if scope not in ("both", version):
                continue
            # heading rows as the template has them: 三、本年度办理结果, then （三）不予公开 …
            for heading in ("outcomes" if re.match(r"r\d", rid) else None, rid.rpartition("_")[0] or None):
                if heading in groups and groups[heading] not in shown_headings:
                    shown_headings.add(groups[heading])
                    rows.append([GridCell(None, groups[heading])])
            rows.append([GridCell(None, label), *(cell(f"T3.{rid}.{c}") for c, _ in cols)])
        return Grid(name, ["", *(label for _, label in cols)], rows)
    if name == "T4":
        cols = spec["T4"]["cols"]
        rows = [[GridCell(None, label), *(cell(f"T4.{g}_{c}") for c, _ in cols)] for g, label in spec["T4"]["groups"]]
        return Grid(name, ["", *(label for _, label in cols)], rows)
    version = table_version(report.get("format", "unknown"), report.get("year"))
    rows = []
    for block in spec[f"T2v{version[2:]}"]:
        labels = [label for _, label in block["cols"]]
        rows.append([GridCell(None, block["caption"]), *(GridCell(None, label) for label in labels)])
        rows.extend([GridCell(None, label), *(cell(f"T2.{rid}.{c}") for c, _ in block["cols"])]
                    for rid, label in block["rows"])
    return Grid(name, [], rows)  # table 二's headers are the caption rows of its blocks


def report_view(record: dict[str, Any], report: dict[str, Any]) -> tuple[list[PartView], list[FindingView]]:
    """Parts of the structured `report` with marked paragraphs and tables, and the findings of the
    audit `record` with their link targets."""
    findings: list[dict[str, Any]] = record.get("findings", [])
    tags = {(t["part"], t["index"]): list(t.get("labels", ())) for t in record.get("tags") or []}
    by_paragraph: dict[tuple[str, int], list[int]] = {}
    by_cell: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        loc = f.get("location") or {}
        if loc.get("part") is not None and loc.get("paragraph") is not None:
            by_paragraph.setdefault((loc["part"], loc["paragraph"]), []).append(i)
        for cid in loc.get("cells") or ():
            by_cell.setdefault(cid, []).append(i)

    targets: dict[int, str] = {}
    parts: list[PartView] = []
    for part in report.get("parts", []):
        paragraphs = []
        for p in part.get("paragraphs", []):
            key = (part["id"], p["index"])
            anchor = f"{part['id']}-{p['index']}"
            here = by_paragraph.get(key, [])
            marks = []
            for i in here:
                span = _quote_span(p["text"], (findings[i].get("evidence") or {}).get("quote"))
                if span is not None:
                    marks.append((span[0], span[1], i, findings[i]))
                    targets[i] = f"q{i}"
                else:
                    targets.setdefault(i, anchor)
            paragraphs.append(ParagraphView(anchor, _segments(p["text"], marks), tags.get(key, []), here))
        name = _TABLE_OF_PART.get(part["id"])
        parts.append(PartView(part["id"], part.get("title", ""), paragraphs,
                              _grid(report, name, by_cell) if name else None))
    shown = {p.id for p in parts}
    for part_id, name in _TABLE_OF_PART.items():  # a table whose part title was not found still shows
        if part_id not in shown and (grid := _grid(report, name, by_cell)) is not None:
            parts.append(PartView(part_id, "", [], grid))
            shown.add(part_id)
    for cid, indexes in by_cell.items():
        for i in indexes:
            targets.setdefault(i, cid)
    views = []
    for i, f in enumerate(findings):
        loc = f.get("location") or {}
        paragraph = f"{loc['part']}-{loc['paragraph']}" if loc.get("part") and loc.get("paragraph") is not None else None
        views.append(FindingView(i, f, targets.get(i) or (f"part-{loc['part']}" if loc.get("part") in shown else None),
                                 paragraph, copied_source(f)))
    return parts, views
