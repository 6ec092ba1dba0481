"""A Report written back as a document in the national standard layout: DOCX, HTML or PDF.

Each standard table is described once, as an abstract grid of cells with row and column spans
(`TableLayout`); the three writers only translate that grid and the text lines into their format.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any, Literal

from auditor.model import Report, ReportParagraph
from auditor.structure.parts import PART_IDS
from auditor.structure.schema import table_version as schema_table_version, tables_spec

# Header words of the official template that tables.json does not carry (it holds cell ids and
# row/column labels only).
_INFO_CONTENT = "信息内容"
_APPLICANT = "申请人情况"
_LEGAL_PERSON = "法人或其他组织"
_NATURAL_PERSON_COLS = 1  # columns of 自然人 before the 法人或其他组织 group
_T3_LABEL_COLS = 3  # group cell, sub-group cell, item label
_OUTCOME_ROW = re.compile(r"^r\d")  # rows inside the 三、本年度办理结果 group
_TABLE_OF_PART = {"P2": "T2", "P3": "T3", "P4": "T4"}

# ---------------------------------------------------------------------------- abstract layout

CellKind = Literal["caption", "header", "label", "value"]
LineRole = Literal["title", "body", "part", "closing"]


@dataclass(frozen=True, slots=True)
class LayoutCell:
    """The top-left cell of a (possibly merged) table cell."""

    row: int
    col: int
    text: str
    kind: CellKind
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class TableLayout:
    """A table as the template draws it: cells with spans on a rectangular grid."""

    name: str  # "T2", "T3", "T4"
    widths: tuple[float, ...]  # relative column widths
    cells: tuple[LayoutCell, ...]  # in row-major order
    header_rows: int  # rows to repeat when the table breaks across pages

    @property
    def n_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    @property
    def n_cols(self) -> int:
        return len(self.widths)

    def rows(self) -> list[list[LayoutCell]]:
        """The cells that start on each grid row (a row fully covered by spans is empty)."""
        by_row: list[list[LayoutCell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            by_row[cell.row].append(cell)
        return by_row


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    role: LineRole


Block = TextLine | TableLayout


def format_value(value: Decimal | None) -> str:
    """A cell value as printed: blank for None, integers without decimals, other values with the
    digits they carry (8.0056, 7730.2800), never with an exponent."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f")


def table_version(report: Report) -> str:
    """Which template's tables to draw: the same rule the reader read them by."""
    return schema_table_version(report.format, report.year)


def _spread(row: int, first_col: int, width: int, texts: Sequence[str], kind: CellKind) -> list[LayoutCell]:
    """Cells left to right from `first_col`; the last one spans what is left of the row."""
    cells = [LayoutCell(row, first_col + k, text, kind) for k, text in enumerate(texts[:-1])]
    last = first_col + len(texts) - 1
    cells.append(LayoutCell(row, last, texts[-1], kind, colspan=width - last))
    return cells


def t2_layout(values: Mapping[str, Mapping[str, Decimal | None]], version: str) -> TableLayout:
    """表二: one table, a caption row and a 信息内容 header row per 第二十条 item."""
    blocks = tables_spec()[f"T2v{version[2:]}"]
    width = 1 + max(len(block["cols"]) for block in blocks)
    cells: list[LayoutCell] = []
    row = 0
    for block in blocks:
        cols = block["cols"]
        cells.append(LayoutCell(row, 0, block["caption"], "caption", colspan=width))
        cells.extend(_spread(row + 1, 0, width, [_INFO_CONTENT, *(label for _, label in cols)], "header"))
        row += 2
        for row_id, label in block["rows"]:
            row_values = values.get(row_id, {})
            cells.append(LayoutCell(row, 0, label, "label"))
            cells.extend(_spread(row, 1, width, [format_value(row_values.get(c)) for c, _ in cols], "value"))
            row += 1
    return TableLayout("T2", (1.6, *([1.0] * (width - 1))), tuple(cells), header_rows=0)


def _t3_header(cols: Sequence[Sequence[str]], note: str) -> list[LayoutCell]:
    """The three header rows: note cell, 申请人情况, 自然人 / 法人或其他组织 (five columns) / 总计."""
    first, last = _T3_LABEL_COLS, _T3_LABEL_COLS + len(cols) - 1
    legal = cols[_NATURAL_PERSON_COLS:-1]
    cells = [
        LayoutCell(0, 0, note, "header", rowspan=3, colspan=_T3_LABEL_COLS),
        LayoutCell(0, first, _APPLICANT, "header", colspan=len(cols)),
    ]
    cells.extend(LayoutCell(1, first + k, label, "header", rowspan=2)
                 for k, (_, label) in enumerate(cols[:_NATURAL_PERSON_COLS]))
    cells.append(LayoutCell(1, first + _NATURAL_PERSON_COLS, _LEGAL_PERSON, "header", colspan=len(legal)))
    cells.extend(LayoutCell(2, first + _NATURAL_PERSON_COLS + k, label, "header")
                 for k, (_, label) in enumerate(legal))
    cells.append(LayoutCell(1, last, cols[-1][1], "header", rowspan=2))
    return cells


def _t3_group(row_id: str, groups: Mapping[str, str]) -> str | None:
    group = row_id.rpartition("_")[0]
    return group if group in groups else None


def t3_layout(values: Mapping[str, Mapping[str, Decimal | None]], version: str) -> TableLayout:
    """表三: merged header, the 三、本年度办理结果 group cell and the （三）–（六） group cells."""
    spec = tables_spec()["T3"]
    cols, groups = spec["cols"], spec["groups"]
    rows = [(rid, label) for rid, label, scope in spec["rows"] if scope in ("both", version)]
    cells = _t3_header(cols, spec["note"])
    first_row = 3
    outcome_rows = [k for k, (rid, _) in enumerate(rows) if _OUTCOME_ROW.match(rid)]
    cells.append(LayoutCell(first_row + outcome_rows[0], 0, groups["outcomes"], "label",
                            rowspan=len(outcome_rows)))
    group_sizes = {g: sum(1 for rid, _ in rows if _t3_group(rid, groups) == g) for g in groups}
    seen: set[str] = set()
    for k, (rid, label) in enumerate(rows):
        row = first_row + k
        group = _t3_group(rid, groups)
        if group is not None:
            if group not in seen:
                seen.add(group)
                cells.append(LayoutCell(row, 1, groups[group], "label", rowspan=group_sizes[group]))
            cells.append(LayoutCell(row, 2, label, "label"))
        elif _OUTCOME_ROW.match(rid):
            cells.append(LayoutCell(row, 1, label, "label", colspan=_T3_LABEL_COLS - 1))
        else:
            cells.append(LayoutCell(row, 0, label, "label", colspan=_T3_LABEL_COLS))
        row_values = values.get(rid, {})
        cells.extend(LayoutCell(row, _T3_LABEL_COLS + j, format_value(row_values.get(c)), "value")
                     for j, (c, _) in enumerate(cols))
    cells.sort(key=lambda c: (c.row, c.col))
    return TableLayout("T3", (1.1, 1.35, 4.8, *([1.0] * len(cols))), tuple(cells), header_rows=first_row)


def t4_layout(values: Mapping[str, Decimal | None]) -> TableLayout:
    """表四: 行政复议 and 行政诉讼 (未经复议直接起诉 / 复议后起诉) headers over five columns each.

    tables.json names a sub-group as `parent·child`; consecutive groups of one parent share its cell.
    """
    spec = tables_spec()["T4"]
    cols = spec["cols"]
    n = len(cols)
    cells: list[LayoutCell] = []
    start = 0
    for parent, grouped in groupby(spec["groups"], key=lambda g: g[1].split("·")[0]):
        members = list(grouped)
        cells.append(LayoutCell(0, start, parent, "header", colspan=n * len(members)))
        for group_id, label in members:
            nested = "·" in label
            if nested:
                cells.append(LayoutCell(1, start, label.split("·", 1)[1], "header", colspan=n))
            cells.extend(LayoutCell(2 if nested else 1, start + k, col_label, "header",
                                    rowspan=1 if nested else 2) for k, (_, col_label) in enumerate(cols))
            cells.extend(LayoutCell(3, start + k, format_value(values.get(f"{group_id}_{col_id}")), "value")
                         for k, (col_id, _) in enumerate(cols))
            start += n
    cells.sort(key=lambda c: (c.row, c.col))
    return TableLayout("T4", tuple([1.0] * start), tuple(cells), header_rows=3)


def table_layout(report: Report, name: str) -> TableLayout:
    values = report.tables[name]
    if name == "T2":
        return t2_layout(values, table_version(report))
    if name == "T3":
        return t3_layout(values, table_version(report))
    return t4_layout(values)


def _spells(paragraphs: Sequence[ReportParagraph], text: str) -> bool:
    """Whether the paragraphs already carry `text` (the title is often the preamble's first lines)."""
    joined = "".join("".join(p.text.split()) for p in paragraphs)
    return "".join(text.split()) in joined


def document_blocks(report: Report) -> Iterator[Block]:
    """The document in reading order: title, preamble, parts (title, table, paragraphs), closing.

    A table whose part title is missing still goes where that part would have been."""
    title = report.metadata.get("title")
    if title and not _spells(report.preamble, title):
        yield TextLine(title, "title")
    yield from (TextLine(p.text, "body") for p in report.preamble)
    for pid in PART_IDS:
        part = report.part(pid)
        if part is not None:
            yield TextLine(part.title, "part")
        table = _TABLE_OF_PART.get(pid)
        if table in report.tables:
            yield table_layout(report, table)
        if part is not None:
            yield from (TextLine(p.text, "body") for p in part.paragraphs)
    yield from (TextLine(p.text, "closing") for p in report.closing)


# ---------------------------------------------------------------------------- DOCX


_DOCX_FONT = "宋体"
_DOCX_BODY_PT = 12
_DOCX_CELL_PT = {"T2": 10.0, "T3": 10.0, "T4": 9.0}


def write_docx(report: Report, path: str | Path) -> None:
    """Write the report as a Word document with the template's merged-cell tables."""
    import docx

    document = docx.Document()
    _docx_font(document)
    for block in document_blocks(report):
        if isinstance(block, TableLayout):
            _docx_table(document, block)
        else:
            _docx_line(document, block)
    document.save(str(path))


def _docx_font(document: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = _DOCX_FONT
    style.font.size = Pt(_DOCX_BODY_PT)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _DOCX_FONT)


def _docx_line(document: Any, line: TextLine) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    run = paragraph.add_run(line.text)
    if line.role == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run.bold = True
        run.font.size = Pt(16)
    elif line.role == "part":
        run.bold = True
    elif line.role == "closing":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        paragraph.paragraph_format.first_line_indent = Pt(2 * _DOCX_BODY_PT)


def _docx_table(document: Any, layout: TableLayout) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = document.add_table(rows=layout.n_rows, cols=layout.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(layout.widths)
    for row in table.rows:
        for cell, weight in zip(row.cells, layout.widths):
            cell.width = int(usable * weight / total)
    for spec in layout.cells:
        cell = table.cell(spec.row, spec.col)
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(table.cell(spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        if spec.kind != "label":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(spec.text)
        run.font.size = Pt(_DOCX_CELL_PT[layout.name])
        run.bold = spec.kind == "caption"
    document.add_paragraph()  # Word joins two tables that touch; keep them apart


# ---------------------------------------------------------------------------- HTML

_HTML_STYLE = """
body { font-family: "SimSun", "Songti SC", serif; max-width: 60em; margin: 0 auto; line-height: 1.8; }
h1 { text-align: center; font-size: 1.5em; }
p.body { text-indent: 2em; }
p.part { font-weight: bold; }
p.closing { text-align: right; }
table { border-collapse: collapse; margin: 1em auto; font-size: 0.85em; }
td, th { border: 1px solid #000; padding: 2px 4px; text-align: center; }
td.label { text-align: left; }
"""
# Site furniture of a portal page: the reader must strip it, and the tests exercise that.
_HTML_NAV = ('<nav class="site-nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | '
             '<a href="/zwgk/ndbg/">政府信息公开年度报告</a></nav>')
_HTML_SCRIPT = "<script>window.pageStats = {views: 1024, source: '政府网站'};</script>"
_HTML_CELL_TAG = {"caption": "th", "header": "th", "label": "td", "value": "td"}


def write_html(report: Report, path: str | Path) -> None:
    """Write the report as a UTF-8 portal-style page: navigation and a script around the text."""
    title = html.escape(report.metadata.get("title") or "政府信息公开工作年度报告")
    body = "\n".join(_html_block(block) for block in document_blocks(report))
    page = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f"<style>{_HTML_STYLE}</style>\n{_HTML_SCRIPT}\n</head>\n<body>\n{_HTML_NAV}\n"
            f'<div class="article">\n{body}\n</div>\n{_HTML_SCRIPT}\n</body>\n</html>\n')
    Path(path).write_text(page, encoding="utf-8")


def _html_block(block: Block) -> str:
    if isinstance(block, TableLayout):
        return _html_table(block)
    if block.role == "title":
        return f"<h1>{html.escape(block.text)}</h1>"
    return f'<p class="{block.role}">{html.escape(block.text)}</p>'


def _html_table(layout: TableLayout) -> str:
    lines = [f'<table class="{layout.name}">']
    for row in layout.rows():
        lines.append("<tr>" + "".join(_html_cell(cell) for cell in row) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _html_cell(cell: LayoutCell) -> str:
    tag = _HTML_CELL_TAG[cell.kind]
    spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan))
                    if n > 1)
    return f'<{tag} class="{cell.kind}"{spans}>{html.escape(cell.text)}</{tag}>'


# ---------------------------------------------------------------------------- PDF

_PDF_FONT = "STSong-Light"
_PDF_BODY_PT = 11
_PDF_CELL_PT = {"T2": 9.0, "T3": 7.5, "T4": 7.0}


def write_pdf(report: Report, path: str | Path) -> None:
    """Write the report as an A4 PDF with ruled tables (a full grid, merged cells spanned)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _pdf_register_font()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=25 * mm, bottomMargin=25 * mm,
                            title=report.metadata.get("title") or "")
    doc.build(_pdf_flowables(document_blocks(report), doc.width))


def _pdf_flowables(blocks: Iterable[Block], width: float) -> list[Any]:
    """Flowables in reading order. A table and the part title just before it are kept together:
    they start a new page rather than break a table that fits on one."""
    from reportlab.platypus import KeepTogether

    flowables: list[Any] = []
    previous: Block | None = None
    for block in blocks:
        flowable = _pdf_block(block, width)
        if isinstance(block, TableLayout):
            titled = isinstance(previous, TextLine) and previous.role == "part"
            flowable = KeepTogether([flowables.pop(), flowable] if titled else [flowable])
        flowables.append(flowable)
        previous = block
    return flowables


def _pdf_register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if _PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))


@cache
def _pdf_style(role: str, size: float = _PDF_BODY_PT) -> Any:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    alignment = {"title": TA_CENTER, "closing": TA_RIGHT, "caption": TA_CENTER, "header": TA_CENTER,
                 "value": TA_CENTER, "body": TA_JUSTIFY}.get(role, TA_LEFT)
    if role == "title":
        size = 16
    return ParagraphStyle(role, fontName=_PDF_FONT, fontSize=size, leading=size * 1.45,
                          alignment=alignment, wordWrap="CJK",
                          firstLineIndent=2 * size if role == "body" else 0,
                          spaceAfter=size * 0.6 if role == "title" else 0)


def _pdf_block(block: Block, width: float) -> Any:
    from reportlab.platypus import Paragraph

    if isinstance(block, TableLayout):
        return _pdf_table(block, width)
    return Paragraph(html.escape(block.text, quote=False), _pdf_style(block.role))


def _pdf_table(layout: TableLayout, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    size = _PDF_CELL_PT[layout.name]
    grid: list[list[Any]] = [[""] * layout.n_cols for _ in range(layout.n_rows)]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for cell in layout.cells:
        grid[cell.row][cell.col] = Paragraph(html.escape(cell.text, quote=False), _pdf_style(cell.kind, size))
        if cell.rowspan > 1 or cell.colspan > 1:
            commands.append(("SPAN", (cell.col, cell.row),
                             (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)))
    total = sum(layout.widths)
    table = Table(grid, colWidths=[width * w / total for w in layout.widths],
                  repeatRows=layout.header_rows, spaceBefore=6, spaceAfter=8)
    table.setStyle(TableStyle(commands))
    return table
