"""PDF with a text layer: running text rebuilt into paragraphs, ruled tables as grids, page order.

Ruled tables are found with pdfplumber's table geometry. Real reports often draw a frame round the
whole page, which it also reports as a (one-column) table; only runs of rows with two or more cells
are kept as tables, and everything else on the page is read as text lines and joined back into
paragraphs by layout (a line that stops short of the right margin, or a next line that is indented or
starts a heading, ends a paragraph).

The characters and ruling lines come from pdfium (pypdfium2), boxed as pdfminer would box them
(to pdfium's single precision): interpreting content streams in pure Python was three quarters of
pdfplumber's cost. A page pdfium cannot report that way (rotated, a glyph it maps or splits
differently, a font pdfminer may measure by its own standard metrics) is read with pdfplumber, as is
a file pdfium cannot open. pdfium keeps glyph widths in whole thousandths of an em, so in files
that give fractional widths (TeX, reportlab's embedded TrueType) glyphs sit up to a few tenths of a
point from where pdfminer puts them.
"""

from __future__ import annotations

import ctypes
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber import utils as plumber_utils
from pdfplumber.table import (
    CellGroup,
    Table,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from auditor.errors import ReadError
from auditor.model import Block, Document, GridCell, Paragraph, TableGrid

_PAGE_NUMBER = re.compile(r"^[-—–_\s]*(第\s*)?\d{1,3}(\s*页)?(\s*共\s*\d+\s*页)?[-—–_\s]*$")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|"
                      r"第[一二三四五六七八九十]+[条项部分])")
_END = "。！？；：!?;:"

_Obj = dict[str, Any]  # a char or an edge as pdfplumber describes it (`top` measured from the page top)
_Bbox = tuple[float, float, float, float]  # x0, top, x1, bottom
_Matrix = tuple[float, float, float, float, float, float]

_TABLE_SETTINGS = TableSettings()  # the defaults page.find_tables() uses
_HYPHEN_MARK = 0x02  # pdfium's stand-in for a hyphen it takes to split a word across lines
_MAYBE_GENERATED = frozenset(map(ord, " \r\n"))  # pdfium inserts these between words and lines
_SAME_POINT = 0.01  # pdfium works in single precision
_SAME_UNIT = 0.5  # font metrics are whole thousandths of the font size
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SEGMENT_OPS = {pdfium_c.FPDF_SEGMENT_MOVETO: "m", pdfium_c.FPDF_SEGMENT_BEZIERTO: "c"}  # else "l"


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float


@dataclass(slots=True)
class _PageLayout:
    """What the reading needs from a page: its characters and its ruling-line edges."""

    chars: list[_Obj]
    edges: list[_Obj]


@dataclass(slots=True)
class _Placed:
    """A char and its centre, which decides the table cell it belongs to."""

    x: float
    y: float
    char: _Obj


@dataclass(slots=True)
class _Segment:
    """A run of table rows with two or more cells each."""

    bbox: _Bbox
    rows: list[list[str | None]]


def read_pdf(path: Path, data: bytes) -> Document:
    blocks: list[Block] = []
    any_text = False
    try:
        for number, layout in enumerate(_layouts(path, data), start=1):
            if not layout.chars:
                continue
            any_text = True
            blocks.extend(_page_blocks(layout, number))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(path, f"corrupt PDF ({type(exc).__name__}: {exc})",
                        zh=f"PDF 文件已损坏（{type(exc).__name__}）") from None
    if not any_text:
        raise ReadError(path, "no text layer (a scanned PDF? run OCR first)",
                        zh="PDF 没有文字层（可能是扫描件，请先做文字识别）")
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


# ---------------------------------------------------------------------------- page layouts


class _NotAsPdfminer(Exception):
    """pdfium cannot give this page's layout as pdfminer would; pdfplumber reads it instead."""


def _layouts(path: Path, data: bytes) -> list[_PageLayout]:
    """Every page's layout: from pdfium where it can give it as pdfminer would, else from pdfplumber."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:  # pdfminer still reads some files pdfium refuses
        with _open_plumber(path, data) as plumber:
            return [_plumber_layout(page) for page in plumber.pages]
    plumber = None
    layouts: list[_PageLayout] = []
    try:
        for index in range(len(pdf)):
            try:
                layouts.append(_pdfium_layout(pdf[index]))
            except (_NotAsPdfminer, pdfium.PdfiumError):
                plumber = plumber or _open_plumber(path, data)
                layouts.append(_plumber_layout(plumber.pages[index]))
    finally:
        pdf.close()
        if plumber is not None:
            plumber.close()
    return layouts


def _open_plumber(path: Path, data: bytes) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise ReadError(path, f"corrupt or not a PDF ({type(exc).__name__})", zh="文件已损坏，或不是 PDF 文件") from None


def _plumber_layout(page: pdfplumber.page.Page) -> _PageLayout:
    return _PageLayout(page.chars, page.edges)


def _pdfium_layout(page: pdfium.PdfPage) -> _PageLayout:
    """The page's chars and edges in pdfplumber's coordinates."""
    try:
        if page.get_rotation():
            raise _NotAsPdfminer("rotated page")  # pdfminer turns every coordinate
        # pdfplumber measures `top` down from the media box; pdfium's box getters miss an inherited
        # media box, but its bounding box (media box cut to the crop box) does not, and a different
        # height would only shift every `top` alike.
        box = page.get_mediabox(fallback_ok=False) or page.get_bbox()
        height = box[3] - box[1]
        textpage = page.get_textpage()
        try:
            chars = _pdfium_chars(textpage.raw, height)
        finally:
            textpage.close()
        return _PageLayout(chars, _pdfium_edges(page.raw, height))
    finally:
        page.close()


# ---------------------------------------------------------------------------- characters

# pdfium's own binding returns a typed pointer, which cannot serve as a dict key; this one returns
# the address.
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)


@dataclass(slots=True)
class _Font:
    handle: Any  # FPDF_FONT
    descent: float  # in thousandths of the font size, as pdfminer takes it
    standard_widths: dict[str, int] | None  # pdfminer's own, for a font named like a standard one
    widths: dict[int, float] = field(default_factory=dict)  # by Unicode value, as pdfium gives them

    def width(self, code: int) -> float:
        """Advance width in thousandths of the font size: the horizontal width, or for a vertical
        font the (negative) vertical advance."""
        width = self.widths.get(code)
        if width is None:
            out = ctypes.c_float()
            pdfium_c.FPDFFont_GetGlyphWidth(self.handle, code, 1000.0, out)
            width = self.widths[code] = out.value
            standard = self.standard_widths
            if standard is not None and abs(standard.get(chr(code), 0) - width) > _SAME_UNIT:
                raise _NotAsPdfminer("a standard font's widths")
        return width


@dataclass(slots=True)
class _TextObject:
    """What every character of one pdfium text object shares."""

    matrix: tuple[float, float, float, float]
    font_size: float
    font: _Font


def _pdfium_chars(textpage: Any, height: float) -> list[_Obj]:
    """pdfminer's chars for the page: text, box (from origin, advance width, font size and font
    descent) and size."""
    fonts: dict[int, _Font] = {}
    objects: dict[int, _TextObject] = {}
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    loose = pdfium_c.FS_RECTF()
    previous: tuple[int, float, float] | None = None
    chars: list[_Obj] = []
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if code in _MAYBE_GENERATED and pdfium_c.FPDFText_IsGenerated(textpage, index):
            continue  # a space or line break pdfium inserted
        if code == _HYPHEN_MARK:
            raise _NotAsPdfminer("a hyphen pdfium rewrote")
        if pdfium_c.FPDFText_HasUnicodeMapError(textpage, index):
            raise _NotAsPdfminer("an unmapped glyph")  # pdfminer writes "(cid:n)"
        address = _text_object_address(textpage, index)
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, origin_x, origin_y)
        origin = (address, origin_x.value, origin_y.value)
        if origin == previous:
            raise _NotAsPdfminer("one glyph split into several characters")  # a ligature; pdfminer keeps one
        previous = origin
        obj = objects.get(address) or objects.setdefault(address, _text_object(textpage, index, fonts))
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, loose)
        _, x, y = origin
        advance = obj.font.width(code) * obj.font_size / 1000
        chars.append(_char(chr(code), x, y, _checked_advance(textpage, index, advance, obj, x, loose.right),
                           obj, height))
    return chars


def _text_object(textpage: Any, index: int, fonts: dict[int, _Font]) -> _TextObject:
    text_object = pdfium_c.FPDFText_GetTextObject(textpage, index)
    if _has_actual_text(text_object):
        raise _NotAsPdfminer("marked-content ActualText")  # pdfium reads it instead of the glyphs
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
    handle = pdfium_c.FPDFTextObj_GetFont(text_object)
    key = ctypes.cast(handle, ctypes.c_void_p).value or 0
    font = fonts.get(key) or fonts.setdefault(key, _font(handle))
    return _TextObject((matrix.a, matrix.b, matrix.c, matrix.d),
                       pdfium_c.FPDFText_GetFontSize(textpage, index), font)


def _has_actual_text(page_object: Any) -> bool:
    return any(
        pdfium_c.FPDFPageObjMark_GetParamValueType(pdfium_c.FPDFPageObj_GetMark(page_object, i), b"ActualText")
        != pdfium_c.FPDF_OBJECT_UNKNOWN
        for i in range(pdfium_c.FPDFPageObj_CountMarks(page_object)))


def _font(handle: Any) -> _Font:
    """The font's descent, and for a font named like a standard one the widths to check: pdfminer
    then measures by its built-in metrics if the file names the font exactly so, which pdfium cannot
    tell (it reports "ArialMT" as "Helvetica"), so such a font is read here only where both agree."""
    descent = ctypes.c_float()
    pdfium_c.FPDFFont_GetDescent(handle, 1000.0, descent)
    size = pdfium_c.FPDFFont_GetBaseFontName(handle, None, 0)
    name = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(handle, name, size)
    standard = FONT_METRICS.get(name.value.decode("utf-8", "replace"))
    if standard is None:
        return _Font(handle, descent.value, None)
    metrics, widths = standard
    if abs(float(metrics.get("Descent", 0)) - descent.value) > _SAME_UNIT:
        raise _NotAsPdfminer("a standard font's descent")
    return _Font(handle, descent.value, widths)


def _checked_advance(textpage: Any, index: int, advance: float, obj: _TextObject, x: float,
                     loose_right: float) -> float:
    """The advance in text space. pdfium looks a glyph's width up by its Unicode value, which can
    miss (a glyph several codes share); its loose box spans the true advance unless the ink sticks
    out further, so on an upright line the box settles any disagreement."""
    a, b, c, _ = obj.matrix
    if advance < 0 or b or c or a <= 0 or abs(x + advance * a - loose_right) < _SAME_POINT:
        return advance
    ink_right = ctypes.c_double()
    ignored = ctypes.c_double()
    pdfium_c.FPDFText_GetCharBox(textpage, index, ignored, ink_right, ignored, ignored)
    if ink_right.value >= loose_right - _SAME_POINT:
        return advance
    return (loose_right - x) / a


def _char(text: str, x: float, y: float, advance: float, obj: _TextObject, height: float) -> _Obj:
    """pdfminer's LTChar box: a rectangle in text space around the origin pdfium reports, bounded
    on the page after the text matrix."""
    size = obj.font_size
    if advance < 0:  # vertical writing: the box hangs the advance from one font size above
        right, low, high = size, size + advance, size  # pdfium's origin (its vertical origin)
    else:
        low = obj.font.descent * size / 1000
        right, high = advance, low + size
    a, b, c, d = obj.matrix
    # The bound of a mapped rectangle splits by axis: each text-space side adds its own extremes
    # (the side along the baseline starts at the origin).
    ax, bx = a * right, b * right
    c0, c1, d0, d1 = c * low, c * high, d * low, d * high
    x0, x1 = x + min(ax, 0.0) + min(c0, c1), x + max(ax, 0.0) + max(c0, c1)
    y0, y1 = y + min(bx, 0.0) + min(d0, d1), y + max(bx, 0.0) + max(d0, d1)
    return {"text": text, "x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0,
            "doctop": height - y1, "size": x1 - x0 if advance < 0 else y1 - y0,
            "upright": a * d > 0 and b * c <= 0}


# ---------------------------------------------------------------------------- ruling lines


def _pdfium_edges(page: Any, height: float) -> list[_Obj]:
    """The edges pdfplumber derives from the page's painted paths, in its order: lines, then
    rectangles, then curves."""
    shapes: dict[str, list[_Obj]] = {"line": [], "rect": [], "curve": []}
    for path, matrix in _paths(page):
        for shape in _path_shapes(_path_ops(path, matrix), height):
            shapes[shape["object_type"]].append(shape)
    return [edge for kind in ("line", "rect", "curve") for shape in shapes[kind]
            for edge in plumber_utils.obj_to_edges(shape)]


def _paths(page: Any) -> Iterator[tuple[Any, _Matrix]]:
    """Every path object on the page, form XObjects included, with its matrix to page space."""
    count = pdfium_c.FPDFPage_CountObjects(page)
    yield from _path_objects([pdfium_c.FPDFPage_GetObject(page, i) for i in range(count)], _IDENTITY)


def _path_objects(objects: list[Any], outer: _Matrix) -> Iterator[tuple[Any, _Matrix]]:
    raw = pdfium_c.FS_MATRIX()
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, raw)
        matrix = _multiply((raw.a, raw.b, raw.c, raw.d, raw.e, raw.f), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, matrix
        else:
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            yield from _path_objects([pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)], matrix)


def _multiply(m: _Matrix, n: _Matrix) -> _Matrix:
    """m then n, as PDF concatenates matrices."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def _path_ops(path: Any, matrix: _Matrix) -> list[tuple[str, tuple[float, float]]]:
    """The path as pdfminer records it: m, l, c (end point only) and h, in page space."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[tuple[str, tuple[float, float]]] = []
    curve_points = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curve_points += 1
            if curve_points % 3:  # pdfium lists both control points before the end point
                continue
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        ops.append((_SEGMENT_OPS.get(kind, "l"), point))
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            ops.append(("h", point))
    return ops


def _path_shapes(ops: list[tuple[str, tuple[float, float]]], height: float) -> Iterator[_Obj]:
    """pdfminer's reading of a painted path (PDFLayoutAnalyzer.paint_path): each subpath is a
    line, a rectangle or a curve."""
    if not ops or ops[0][0] != "m":  # an invalid path, which pdfminer ignores
        return
    starts = [i for i, (op, _) in enumerate(ops) if op == "m"]
    for start, end in zip(starts, [*starts[1:], len(ops)]):
        subpath = ops[start:end]
        if len(subpath) < 2 and len(starts) > 1:  # pdfminer drops a bare "m" among several
            continue
        shape = "".join(op for op, _ in subpath)
        points = [subpath[0][1] if op == "h" else point for op, point in subpath]
        if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
            shape, points = shape[:-2] + "h", points[:-2] + points[-1:]
        yield _shape(_kind(shape, points), points, height)


def _kind(shape: str, points: list[tuple[float, float]]) -> str:
    if shape in ("mlh", "ml"):
        return "line"
    if shape in ("mlllh", "mllll") and points[0] == points[4]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
        if ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            return "rect"
    return "curve"


def _shape(kind: str, points: list[tuple[float, float]], height: float) -> _Obj:
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y0, y1 = min(p[1] for p in points), max(p[1] for p in points)
    shape = {"object_type": kind, "x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": x1 - x0,
             "height": y1 - y0, "top": height - y1, "bottom": height - y0, "doctop": height - y1}
    if kind == "curve":
        shape["pts"] = [(px, height - py) for px, py in points]
    return shape


# ---------------------------------------------------------------------------- blocks


def _page_blocks(layout: _PageLayout, number: int) -> list[Block]:
    placed = [_Placed((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in layout.chars]
    segments = [segment for cells in _table_cells(layout.edges) for segment in _segments(cells, placed)]
    outside = [p.char for p in placed if not any(_centre_within(p, s.bbox) for s in segments)]
    items: list[tuple[float, Block]] = [(s.bbox[1], _grid(s.rows, number)) for s in segments]
    items.extend(_paragraphs(_text_lines(outside), number))
    items.sort(key=lambda item: item[0])
    return [block for _, block in items]


def _table_cells(edges: list[_Obj]) -> list[list[_Bbox]]:
    """The cells of each ruled table, as page.find_tables() finds them (TableFinder, "lines")."""
    settings = _TABLE_SETTINGS
    prefilter = settings.edge_min_length_prefilter
    edges = merge_edges(
        plumber_utils.filter_edges(edges, "v", min_length=prefilter)
        + plumber_utils.filter_edges(edges, "h", min_length=prefilter),
        snap_x_tolerance=settings.snap_x_tolerance, snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance, join_y_tolerance=settings.join_y_tolerance)
    edges = plumber_utils.filter_edges(edges, min_length=settings.edge_min_length)
    intersections = edges_to_intersections(edges, settings.intersection_x_tolerance,
                                           settings.intersection_y_tolerance)
    return cells_to_tables(intersections_to_cells(intersections))


def _segments(cells: list[_Bbox], placed: list[_Placed]) -> list[_Segment]:
    """Split a table into runs of rows with two or more cells; a frame round the page is one column."""
    table = Table(None, cells)  # type: ignore[arg-type]  # its rows and bbox need no page
    table_bbox = table.bbox  # a property that scans every cell
    in_table = [p for p in placed if _centre_in(p, table_bbox)]
    runs: list[list[CellGroup]] = [[]]
    for row in table.rows:
        if sum(cell is not None for cell in row.cells) >= 2:
            runs[-1].append(row)
        elif runs[-1]:
            runs.append([])
    return [_segment(run, in_table) for run in runs if run]


def _segment(rows: list[CellGroup], placed: list[_Placed]) -> _Segment:
    bbox = (min(row.bbox[0] for row in rows), min(row.bbox[1] for row in rows),
            max(row.bbox[2] for row in rows), max(row.bbox[3] for row in rows))
    return _Segment(bbox, [_row_texts(row.cells, [p for p in placed if _centre_in(p, row.bbox)])
                           for row in rows])


def _row_texts(cells: list[_Bbox | None], placed: list[_Placed]) -> list[str | None]:
    """Table.extract's reading of one row: None where the row has no cell."""
    texts: list[str | None] = []
    for cell in cells:
        if cell is None:
            texts.append(None)
            continue
        inside = [p.char for p in placed if _centre_in(p, cell)]
        texts.append(plumber_utils.extract_text(inside) if inside else "")
    return texts


def _centre_in(placed: _Placed, bbox: _Bbox) -> bool:
    """Table.extract's test: the centre lies in the cell, its right and bottom edges excluded."""
    return bbox[0] <= placed.x < bbox[2] and bbox[1] <= placed.y < bbox[3]


def _centre_within(placed: _Placed, bbox: _Bbox) -> bool:
    """The centre lies in the box, edges included: such chars were read as table cells."""
    return bbox[0] <= placed.x <= bbox[2] and bbox[1] <= placed.y <= bbox[3]


def _text_lines(chars: list[_Obj]) -> list[_Line]:
    """page.extract_text_lines() on these chars, page numbers dropped."""
    if not chars:
        return []
    return [
        _Line(ln["text"].strip(), ln["x0"], ln["x1"], ln["top"], ln["chars"][0]["size"])
        for ln in plumber_utils.chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)
        if ln["text"].strip() and not _PAGE_NUMBER.match(ln["text"])
    ]


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
    for prev, line in itertools.pairwise(lines):
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
