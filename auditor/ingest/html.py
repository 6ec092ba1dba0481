"""HTML pages saved from government portals: text blocks and tables (rowspan/colspan resolved).

Scripts, styles and site furniture (navigation, headers, footers, share bars) are dropped. When the
page marks its article body (common content containers on government portals), only that is read.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from auditor.errors import ReadError
from auditor.ingest.text import decode
from auditor.model import Block, Document, GridCell, Paragraph, TableGrid

_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
              "button", "select", "svg", "canvas", "template", "head", "title", "meta", "link"}
_FURNITURE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumb|crumb|footer|foot|header|head|topbar|sidebar|share|"
    r"copyright|skip|toolbar|search|login|banner|position|location|weizhi|daohang|dibu|toubu)"
    r"($|[\s_-]|\d)", re.I)
_BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
          "h6", "pre", "blockquote", "dd", "dt", "dl", "center", "body", "html", "tr", "caption",
          "figure", "figcaption", "hr"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def read_html(path: Path, data: bytes) -> Document:
    text = _decode_html(path, data)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(path, f"not readable as HTML ({exc})", zh="无法按网页（HTML）读取") from None
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # comments, processing instructions
            if element.getparent() is not None:
                element.drop_tree()
            continue
        if element.tag in _DROP_TAGS or _is_furniture(element):
            if element.getparent() is not None:
                element.drop_tree()
    blocks: list[Block] = []
    buffer: list[str] = []
    _walk(root.find("body") if root.find("body") is not None else root, blocks, buffer)
    _flush(blocks, buffer)
    if not any(isinstance(b, TableGrid) or b.text.strip() for b in blocks):
        raise ReadError(path, "no text in the page", zh="网页中没有文字")
    return Document(str(path), "html", tuple(blocks))


def _decode_html(path: Path, data: bytes) -> str:
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        if name in ("gb2312", "gbk", "gb18030"):
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(path, data)


def _is_furniture(element) -> bool:
    if element.tag in ("body", "html", "table", "tr", "td", "th", "tbody"):
        return False
    marks = f"{element.get('id', '')} {element.get('class', '')}"
    return bool(marks.strip()) and bool(_FURNITURE.search(marks))


def _flush(blocks: list[Block], buffer: list[str]) -> None:
    text = "".join(buffer)
    buffer.clear()
    for line in text.split("\n"):
        if line.strip():
            blocks.append(Paragraph(line.strip()))


def _walk(element, blocks: list[Block], buffer: list[str]) -> None:
    tag = element.tag
    if tag == "table":
        _flush(blocks, buffer)
        grid = _grid(element)
        if grid is None:  # a layout table: read its cells as running text
            for cell in element.iter("td", "th"):
                _walk_children(cell, blocks, buffer)
                _flush(blocks, buffer)
        else:
            blocks.append(grid)
        if element.tail:
            buffer.append(element.tail)
        return
    if tag == "br":
        buffer.append("\n")
        if element.tail:
            buffer.append(element.tail)
        return
    block = tag in _BLOCK
    if block:
        _flush(blocks, buffer)
    _walk_children(element, blocks, buffer)
    if block:
        _flush(blocks, buffer)
    if element.tail:
        buffer.append(element.tail)


def _walk_children(element, blocks: list[Block], buffer: list[str]) -> None:
    if element.text:
        buffer.append(element.text)
    for child in element:
        _walk(child, blocks, buffer)


def _cell_text(cell) -> str:
    parts: list[str] = []
    for node in cell.iter():
        if node.tag == "br":
            parts.append("\n")
        elif node.tag in ("p", "div") and parts:
            parts.append("\n")
        if node.text and node.tag not in ("br",):
            parts.append(node.text)
        if node is not cell and node.tail:
            parts.append(node.tail)
    return re.sub(r"[ \t\r\f\v]+", " ", "".join(parts)).strip()


def _grid(table) -> TableGrid | None:
    """Resolve rowspan/colspan into a grid; None for a layout table that holds other tables."""
    if table.find(".//table") is not None:
        return None
    rows = [tr for tr in table.iter("tr") if _own_table(tr, table)]
    grid: list[list[GridCell]] = []
    pending: dict[int, tuple[int, GridCell]] = {}  # column → (rows still spanned, continuation)
    for tr in rows:
        row: list[GridCell] = []
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        col = 0
        queue = list(cells)
        while queue or any(c >= col for c in pending):
            if col in pending:
                left, cont = pending[col]
                row.append(cont)
                pending[col] = (left - 1, cont)
                if left - 1 == 0:
                    del pending[col]
                col += 1
                continue
            if not queue:
                break
            cell = queue.pop(0)
            text = _cell_text(cell)
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            for k in range(colspan):
                origin = k == 0
                row.append(GridCell(text, origin))
                if rowspan > 1:
                    pending[col] = (rowspan - 1, GridCell(text, False))
                col += 1
        grid.append(row)
    if not grid:
        return None
    return TableGrid(tuple(tuple(r) for r in grid))


def _own_table(tr, table) -> bool:
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent is table


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1
