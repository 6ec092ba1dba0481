"""PDF with a text layer: running text rebuilt into paragraphs, ruled tables as grids, page order.

pdfplumber finds ruled tables. Real reports often draw a frame round the whole page, which it also
reports as a (one-column) table; only runs of rows with two or more cells are kept as tables, and
everything else on the page is read as text lines and joined back into paragraphs by layout (a line
that stops short of the right margin, or a next line that is indented or starts a heading, ends a
paragraph).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import ReadError
from auditor.model import Block, Document, GridCell, Paragraph, TableGrid

_PAGE_NUMBER = re.compile(r"^[-—–_\s]*(第\s*)?\d{1,3}(\s*页)?(\s*共\s*\d+\s*页)?[-—–_\s]*$")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|"
                      r"第[一二三四五六七八九十]+[条项部分])")
_END = "。！？；：!?;:"


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float


def read_pdf(path: Path, data: bytes) -> Document:
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise ReadError(path, f"corrupt or not a PDF ({type(exc).__name__})") from None
    blocks: list[Block] = []
    any_text = False
    try:
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if not page.chars:
                    continue
                any_text = True
                blocks.extend(_page_blocks(page, number))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from None
    if not any_text:
        raise ReadError(path, "no text layer (a scanned PDF? run OCR first)")
    return Document(str(path), "pdf", tuple(_join_pages(blocks)))


def _join_pages(blocks: list[Block]) -> list[Block]:
    """Join a paragraph cut by a page break: it ends without closing punctuation and the next
    page's first block is running text that does not start a heading."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (isinstance(block, Paragraph) and isinstance(prev, Paragraph)
                and block.page != prev.page and not prev.text.endswith(tuple(_END))
                and not _HEADING.match(block.text) and len(prev.text) > 30):
            out[-1] = Paragraph(prev.text + block.text, prev.page)
        else:
            out.append(block)
    return out


def _page_blocks(page, number: int) -> list[Block]:
    segments: list[tuple[float, tuple[float, float, float, float], list[list[str | None]]]] = []
    for table in page.find_tables():
        texts = table.extract()
        current: list[list[str | None]] = []
        bbox: list[float] | None = None
        for row, cells in zip(table.rows, texts):
            if sum(c is not None for c in cells) >= 2:
                current.append(cells)
                x0, top, x1, bottom = row.bbox
                bbox = [x0, top, x1, bottom] if bbox is None else [
                    min(bbox[0], x0), min(bbox[1], top), max(bbox[2], x1), max(bbox[3], bottom)]
            elif current:
                segments.append((bbox[1], tuple(bbox), current))  # type: ignore[index, arg-type]
                current, bbox = [], None
        if current:
            segments.append((bbox[1], tuple(bbox), current))  # type: ignore[index, arg-type]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for _, b, _ in segments)

    text_page = page.filter(outside) if segments else page
    lines = [
        _Line(ln["text"].strip(), ln["x0"], ln["x1"], ln["top"],
              (ln["chars"][0]["size"] if ln.get("chars") else 10.0))
        for ln in text_page.extract_text_lines(return_chars=True)
        if ln["text"].strip() and not _PAGE_NUMBER.match(ln["text"])
    ]
    items: list[tuple[float, Block]] = [(top, _grid(rows, number)) for top, _, rows in segments]
    items.extend(_paragraphs(lines, number))
    items.sort(key=lambda item: item[0])
    return [block for _, block in items]


def _grid(rows: list[list[str | None]], page: int) -> TableGrid:
    return TableGrid(
        tuple(tuple(GridCell(c.strip() if c is not None else None, c is not None) for c in row)
              for row in rows),
        page,
    )


def _paragraphs(lines: list[_Line], page: int) -> list[tuple[float, Block]]:
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    out: list[tuple[float, Block]] = []
    start, text = lines[0].top, lines[0].text
    for prev, line in zip(lines, lines[1:]):
        width = prev.size or 10.0
        reaches_margin = prev.x1 >= right - 1.5 * width
        indented = line.x0 > left + 1.5 * width
        if reaches_margin and not indented and not _HEADING.match(line.text):
            text += line.text
        else:
            out.append((start, Paragraph(text, page)))
            start, text = line.top, line.text
    out.append((start, Paragraph(text, page)))
    return out
