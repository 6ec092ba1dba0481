"""Tables from DOCX (gridSpan/vMerge) and HTML (rowspan/colspan) become rectangular grids."""

from __future__ import annotations

from auditor.ingest import read_document
from auditor.model import TableGrid
from auditor.parse import parse_file
from tests.conftest import SAMPLES


def test_blank_2021_template_tables_and_merges():
    document = read_document(SAMPLES / "blank_template_2021.docx")
    grids = [b for b in document.blocks if isinstance(b, TableGrid)]
    assert [(len(g.rows), {len(r) for r in g.rows}) for g in grids] == [(14, {4}), (28, {10}), (4, {15})]
    t3 = grids[1]
    note = t3.rows[0][0]
    assert note.text.startswith("（本列数据的勾稽关系为") and note.origin
    assert [c.origin for c in t3.rows[1][:3]] == [False, False, False]  # vertically merged note
    assert t3.rows[1][4].text == "法人或其他组织" and not t3.rows[1][5].origin  # gridSpan 5


def test_blank_template_reads_as_blank_cells_not_zeros():
    report = parse_file(SAMPLES / "blank_template_2021.docx")
    assert report.format == "2021" and [p.id for p in report.parts] == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert len(report.cells) == 200
    assert all(c.value is None and c.raw == "" for c in report.cells.values())
    assert report.anomalies == []


HTML = """<html><head><meta charset="utf-8"><title>网站标题</title><script>var x = "三、收到";</script>
<style>p {color: red}</style></head><body>
<div class="nav-menu"><a>首页</a><a>政务公开</a></div>
<div class="article"><p>一、总体情况</p><p>本年度<b>主动公开</b>信息12条。</p>
<table border="1">
<tr><td rowspan="2">信息内容</td><td colspan="2">处理决定</td></tr>
<tr><td>甲</td><td>乙</td></tr>
<tr><td>行政许可</td><td>3</td><td></td></tr>
</table><p>结尾</p></div><div class="footer">版权所有</div></body></html>"""


def test_html_grid_resolves_rowspan_colspan_and_drops_furniture(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    document = read_document(path)
    texts = [b.text for b in document.blocks if not isinstance(b, TableGrid)]
    assert texts == ["一、总体情况", "本年度主动公开信息12条。", "结尾"]
    [grid] = [b for b in document.blocks if isinstance(b, TableGrid)]
    assert [[c.text for c in row] for row in grid.rows] == [
        ["信息内容", "处理决定", "处理决定"], ["信息内容", "甲", "乙"], ["行政许可", "3", ""]]
    assert [[c.origin for c in row] for row in grid.rows] == [
        [True, True, False], [False, True, True], [True, True, True]]


def test_html_gbk_page(tmp_path):
    path = tmp_path / "gbk.htm"
    path.write_bytes(HTML.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030"))
    document = read_document(path)
    assert any(getattr(b, "text", "") == "本年度主动公开信息12条。" for b in document.blocks)
