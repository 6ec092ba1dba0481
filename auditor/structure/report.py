"""Build a Report from a Document: parts, paragraphs, metadata, format version and tables."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from auditor.errors import ReadError
from auditor.model import Anomaly, Document, FormatVersion, Part, Report, ReportParagraph
from auditor.normalize import squeeze
from auditor.structure import metadata as meta_mod
from auditor.structure.parts import FORMAT_DIR, PART_IDS, find_parts, part_titles
from auditor.structure.rows import Row, document_rows
from auditor.structure.schema import table_version
from auditor.structure.tables import recognize_t2, recognize_t3, recognize_t4

_PROSE = re.compile(r"[。；;，,：:！？]")
_CLOSING_LINE = re.compile(
    r"(人民政府|政府|办事处|街道|办公室|党政办|管委会|委员会|局|镇|乡|此件主动公开|此件公开发布|公开方式)")
_TABLE_PARTS = {"P2": "T2", "P3": "T3", "P4": "T4"}
_ENDS_SENTENCE = ("。", "！", "？", "；", ";", "：", ":", "!", "?", "”", "\"", "）", ")")
_STARTS_ITEM = re.compile(
    r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]|^[一二三四五六七八九十]+是|^第[一二三四五六七八九十]+")


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[str, ...]]:
    data = json.loads((FORMAT_DIR / "markers.json").read_text(encoding="utf-8"))
    return {v: tuple(squeeze(m) for m in data[v]) for v in ("2019", "2021")}


def detect_format(text: str, year: int | None) -> tuple[FormatVersion, dict[str, int]]:
    """Vote of the version markers of DOMAIN §3.6 (two or more needed)."""
    squeezed = squeeze(text)
    votes = {v: sum(1 for m in marks if m in squeezed) for v, marks in _markers().items()}
    if votes["2021"] >= 2 and votes["2021"] > votes["2019"]:
        return "2021", votes
    if votes["2019"] >= 2 and votes["2019"] >= votes["2021"]:
        return "2019", votes
    if year is not None and year < 2019:
        return "pre2019", votes
    return "unknown", votes


def build_report(document: Document) -> Report:
    rows = document_rows(document)
    titles = find_parts(rows)
    anomalies: list[Anomaly] = []
    starts = [(t.part, t.row) for t in titles]
    first = starts[0][1] if starts else len(rows)
    spans: dict[str, tuple[int, int]] = {}
    for k, (pid, start) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(rows)
        spans[pid] = (start + 1, end)

    # closing: signature, date and publication marks at the very end
    closing_start = len(rows)
    if starts:
        last_start = spans[starts[-1][0]][0]
        k = len(rows) - 1
        while k >= last_start:
            text = rows[k].text
            if not text:
                k -= 1
                continue
            folded = squeeze(text)
            if len(folded) <= 40 and (meta_mod.find_date(text) or (
                    _CLOSING_LINE.search(folded) and not _PROSE.search(folded.strip("（）()")))):
                closing_start = k
                k -= 1
                continue
            break
        pid = starts[-1][0]
        spans[pid] = (spans[pid][0], min(spans[pid][1], closing_start))

    preamble_rows = [r for r in rows[:first] if r.text]
    closing_rows = [r for r in rows[closing_start:] if r.text]
    all_text = [r.text for r in rows if r.text]
    meta = meta_mod.extract([r.text for r in preamble_rows], [r.text for r in closing_rows], all_text)
    version, votes = detect_format("\n".join(all_text), meta.year)
    if votes["2019"] >= 2 and votes["2021"] >= 2:
        anomalies.append(Anomaly("mixed_template", "warning",
                                 f"同时出现2019年格式（{votes['2019']}处）与2021年格式（{votes['2021']}处）的表头用语",
                                 None))
    tables_as = table_version(version, meta.year)

    tables: dict = {}
    cells: dict = {}
    consumed: dict[str, set[int]] = {}
    found_tables: list[bool] = []
    for pid, name in _TABLE_PARTS.items():
        lo, hi = _region(pid, spans, starts, len(rows))
        part_rows = rows[lo:hi]
        if name == "T2":
            result = recognize_t2(part_rows, tables_as)
        elif name == "T3":
            result = recognize_t3(part_rows, tables_as)
        else:
            result = recognize_t4(part_rows)
        tables.update(result.values)
        cells.update(result.cells)
        anomalies.extend(result.anomalies)
        consumed[pid] = {lo + i for i in result.consumed}
        found_tables.append(result.found)
    used = set().union(*consumed.values()) if consumed else set()

    parts: list[Part] = []
    if not titles and not any(_found for _found in found_tables):
        raise ReadError(document.source, "not a government information disclosure annual report "
                                         "(no part titles and no standard tables found)",
                        zh="不是政府信息公开工作年度报告（既未找到各部分标题，也未找到标准表格）")
    for t in titles:
        lo, hi = spans[t.part]
        part = Part(t.part, rows[t.row].text, rows[t.row].block)
        for k in range(lo, hi):
            row = rows[k]
            if not row.text or k in used:
                continue
            if t.part in _TABLE_PARTS and (
                    (row.kind == "row" and sum(1 for c in row.cells if c) > 1)
                    or (not _PROSE.search(row.text) and len(row.text) <= 40)):
                continue  # captions, headers and label fragments of a table
            _add_paragraph(part, row)
        parts.append(part)
        if t.old:
            anomalies.append(Anomaly("old_title", "info", f"部分标题使用2019年以前的格式：{rows[t.row].text}", t.part))
    found = {p.id for p in parts}
    for pid in PART_IDS:
        if pid not in found:
            anomalies.append(Anomaly("part_missing", "warning",
                                     f"未找到第{part_titles()[pid].numeral}部分的标题", pid))

    metadata = meta.to_dict()
    metadata["format_votes"] = votes
    return Report(
        source=document.source, kind=document.kind, body=meta.body, level=meta.level, year=meta.year,
        format=version, metadata=metadata, parts=parts,
        preamble=[ReportParagraph(i, r.text, r.block) for i, r in enumerate(preamble_rows)],
        closing=[ReportParagraph(i, r.text, r.block) for i, r in enumerate(closing_rows)],
        tables=tables, cells=cells, anomalies=anomalies)


def _region(pid: str, spans: dict[str, tuple[int, int]], starts: list[tuple[str, int]],
            total: int) -> tuple[int, int]:
    """Rows of a part; for a part whose title is missing, the gap where it should have been."""
    if pid in spans:
        return spans[pid]
    index = PART_IDS.index(pid)
    before = [spans[p] for p in PART_IDS[:index] if p in spans]
    after = [spans[p] for p in PART_IDS[index + 1:] if p in spans]
    lo = before[-1][0] if before else 0
    hi = after[0][0] - 1 if after else total
    return lo, max(lo, hi)


def _add_paragraph(part: Part, row: Row) -> None:
    """Append a paragraph, re-joining one that a page break cut in two: the previous paragraph
    stops mid-sentence and this one does not start a new item."""
    if part.paragraphs:
        prev = part.paragraphs[-1]
        if (len(prev.text) > 25 and not prev.text.endswith(_ENDS_SENTENCE)
                and not _STARTS_ITEM.match(row.text)):
            prev.text += row.text
            return
    part.paragraphs.append(ReportParagraph(len(part.paragraphs), row.text, row.block))
