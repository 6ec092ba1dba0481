"""Feedback notes (审核意见): one formal note per report, in Markdown and Word, from a batch record.

The note's text comes from the Jinja2 template `templates/feedback.md.j2` and the wording in
`corpora/format/feedback.toml`; every sentence is filled from a finding, a score or a fact the
audit read (channels, contact details). The .docx is laid out from the same Markdown.
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from auditor.render.labels import TABLE_NAMES, location_text
from auditor.render.templating import template
from auditor.score.scoring import fmt_points
from auditor.structure.cells import cell_name
from auditor.structure.parts import FORMAT_DIR

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_QUOTE_CHARS = 160


@lru_cache(maxsize=1)
def _wording() -> dict[str, Any]:
    return tomllib.loads((FORMAT_DIR / "feedback.toml").read_text(encoding="utf-8"))


def chinese_date(day: str | date) -> str:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.year}年{d.month}月{d.day}日"


def report_title(record: dict[str, Any]) -> str:
    report = record["report"]
    title = (report.get("metadata") or {}).get("title")
    if title:
        return title
    year = f"{report['year']}年" if report.get("year") else ""
    return f"{report.get('body') or Path(record['source']).stem}{year}政府信息公开工作年度报告"


def _correction(finding: dict[str, Any]) -> str:
    words = _wording()
    text = words["corrections"].get(finding["rule"]) or words["categories"].get(finding["category"], "请核实。")
    return text.format(expected=finding.get("expected") or "", found=finding.get("found") or "")


def _clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS] + "……"


def note_context(record: dict[str, Any], *, day: str | date | None = None) -> dict[str, Any]:
    """Everything the note says, as values: the template only lays them out."""
    score = record["score"]
    subs = list(score["subscores"].values())
    cost: dict[int, float] = {}
    where: dict[int, list[str]] = {}
    waived: dict[int, str] = {}
    for sub in subs:
        for lp in sub["lost"]:
            cost[lp["finding"]] = cost.get(lp["finding"], 0.0) + lp["points"]
            if lp["points"] > 0:
                where.setdefault(lp["finding"], []).append(sub["name"])
            if lp.get("waived"):
                waived[lp["finding"]] = lp["waived"]
    problems = []
    number_of: dict[int, int] = {}
    for i, f in enumerate(record["findings"]):
        number_of[i] = len(problems) + 1
        problems.append({
            "n": number_of[i], "severity": _SEVERITY.get(f["severity"], f["severity"]),
            "message": f["message"].rstrip("。"), "location": location_text(f["location"]),
            "quote": _clip(f["evidence"]["quote"]) if f["evidence"].get("quote") else None,
            "cells": [{"name": cell_name(c["id"]), "shown": _shown(c)} for c in f["evidence"].get("cells", [])[:6]],
            "correction": _correction(f), "points": fmt_points(cost[i]) if cost.get(i) else None,
            "subscores": "、".join(where.get(i, [])), "waived": waived.get(i),
        })
    advice = []
    for sub in sorted(subs, key=lambda s: s["max"] - s["score"], reverse=True):
        lost = [lp for lp in sub["lost"] if lp["points"] > 0]
        if lost and sub["key"] in _wording()["advice"]:
            items = sorted({number_of[lp["finding"]] for lp in lost})
            advice.append({"name": sub["name"], "lost": fmt_points(sum(lp["points"] for lp in lost)),
                           "refs": "、".join(str(n) for n in items), "text": _wording()["advice"][sub["key"]]})
    counts = {s: sum(1 for f in record["findings"] if f["severity"] == s) for s in ("error", "warning", "info")}
    counts["total"] = len(record["findings"])
    return {
        "title": f"关于《{report_title(record)}》的审核意见",
        "report_title": report_title(record),
        "body": record["report"].get("body") or Path(record["source"]).stem,
        "total": fmt_points(score["total"]), "max": fmt_points(score["max"]), "rank": record.get("rank"),
        "counts": counts,
        "subscores": [{"name": s["name"], "score": fmt_points(s["score"]), "max": fmt_points(s["max"]),
                       "lost_points": fmt_points(s["max"] - s["score"]) if s["score"] < s["max"] else None,
                       "notes": s.get("notes", [])} for s in subs],
        "problems": problems,
        "highlights": highlights(record),
        "advice": advice,
        "day": chinese_date(day or date.today()),
    }


def _shown(cell: dict[str, Any]) -> str:
    if cell.get("raw") not in (None, ""):
        return str(cell["raw"])
    if cell.get("value") is not None:
        return f"{cell['value']}（据勾稽关系推断）" if cell.get("inferred") else str(cell["value"])
    return "空"


_CONFIDENT = 0.8  # praise rests on tags the tagger is sure of, not just above its decision threshold


def _specific_part_five(record: dict[str, Any]) -> bool:
    """Praise needs evidence: part 五 has a problem paragraph and a measure paragraph that the tagger
    is confident of, each with at least one concrete item (figure, date, named document or system,
    responsible unit)."""
    scores = {(t["part"], t["index"]): t.get("scores", {}) for t in record.get("tags", [])}
    scored = [s for s in record.get("specificity", []) if s["part"] == "P5" and s["concrete"]]
    return all(any(kind in s["kinds"] and scores.get((s["part"], s["index"]), {}).get(kind, 0) >= _CONFIDENT
                   for s in scored) for kind in ("problem", "measure"))


def highlights(record: dict[str, Any]) -> list[str]:
    """What the audit shows the report did well: sub-scores with nothing lost, facts it read."""
    words = _wording()["highlights"]
    report = record["report"]
    out = []
    tables_read = report.get("tables_read", [])
    for sub in record["score"]["subscores"].values():
        if sub["score"] < sub["max"] or sub.get("notes") or sub["key"] not in words:
            continue
        if any(lp.get("waived") for lp in sub["lost"]):
            continue
        if sub["key"] == "tables" and len(tables_read) < 3:
            continue
        if sub["key"] == "specificity" and not _specific_part_five(record):
            continue
        out.append(words[sub["key"]].format(tables="、".join(TABLE_NAMES[t] for t in tables_read)))
    channels = list(dict.fromkeys(c["text"] for c in record.get("channels", [])))
    if channels:
        more = "等" if len(channels) > 8 else ""
        out.append(f"报告说明了通过{'、'.join(channels[:8])}{more}渠道公开信息。")
    meta = report.get("metadata") or {}
    contact = meta.get("contact") or {}
    kinds = [name for key, name in (("phone", "电话"), ("address", "地址"), ("postcode", "邮编"), ("web", "网址"))
             if contact.get(key)]
    if len(kinds) >= 2:
        out.append(f"报告载明了联系{'、'.join(kinds)}，便于公众咨询。")
    period = meta.get("statistical_period")
    if period and not any(f["rule"] == "Q08" for f in record["findings"]):
        out.append(f"报告写明了统计期限（{chinese_date(period[0])}至{chinese_date(period[1])}）。")
    return out


def feedback_markdown(record: dict[str, Any], *, day: str | date | None = None) -> str:
    """The note as Markdown."""
    text = template("feedback.md.j2").render(**note_context(record, day=day))
    return re.sub(r"\n{3,}", "\n\n", text)


def note_name(record: dict[str, Any], taken: set[str]) -> str:
    """`<单位>_<年度>` made safe as a file name, unique within `taken` (which it extends)."""
    report = record.get("report", {})
    body = report.get("body") or Path(record["source"]).stem
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", f"{body}_{report.get('year') or '未知年度'}").strip("._")
    name, n = stem, 2
    while name in taken:
        name, n = f"{stem}_{n}", n + 1
    taken.add(name)
    return name


# ---------------------------------------------------------------------------- Word


_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_FIELD = re.compile(r"^(位置|原文|表格|整改要求|扣分|说明)：")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_feedback_docx(record: dict[str, Any], path: str | Path, *, day: str | date | None = None,
                        markdown: str | None = None) -> None:
    """The note as a .docx: the Markdown's blocks (`markdown`, else `feedback_markdown(record)`) as
    paragraphs of the note's styles (title centred, headings 黑体, body 宋体 with East Asian font
    names set so Word and WPS agree, date right-aligned).

    The package (styles, settings, fonts) is made once per process with python-docx; each note
    only writes its own word/document.xml, which is ~40× faster than python-docx's per-run API."""
    paragraphs = []
    after_rule = False
    markdown = markdown if markdown is not None else feedback_markdown(record, day=day)
    for line in (ln.strip() for ln in markdown.splitlines()):
        if not line:
            continue
        if line == "---":
            after_rule = True
        elif line.startswith("# "):
            paragraphs.append(_para("NoteTitle", line[2:]))
        elif line.startswith("## "):
            paragraphs.append(_para("NoteHeading", line[3:]))
        else:
            paragraphs.append(_body_para(line[2:] if line.startswith("- ") else line, after_rule))
    package, head, tail = _package()
    buf = io.BytesIO(package)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as out:  # the other parts stay compressed as they are
        out.writestr("word/document.xml", head + "".join(paragraphs) + tail)
    Path(path).write_bytes(buf.getvalue())


def _text(text: str) -> str:
    return xml_escape(_NOT_XML.sub("", text))


def _run(text: str, char_style: str | None = None) -> str:
    props = f'<w:rPr><w:rStyle w:val="{char_style}"/></w:rPr>' if char_style else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'


def _para(style: str, text: str, runs: str | None = None) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs if runs is not None else _run(text)}</w:p>'


def _body_para(line: str, closing: bool) -> str:
    """Numbered items keep their number in bold; labelled lines (原文：…) are indented."""
    if closing:
        return _para("NoteDate", line)
    m = _NUMBERED.match(line)
    if m:
        return _para("NoteItem", "", _run(f"{m.group(1)}. ", "NoteLabel") + _run(m.group(2)))
    if _FIELD.match(line):
        label, _, rest = line.partition("：")
        return _para("NoteField", "", _run(label + "：", "NoteLabel") + _run(rest))
    return _para("NoteBody", line)


@lru_cache(maxsize=1)
def _package() -> tuple[bytes, str, str]:
    """A python-docx package carrying the note's styles, without word/document.xml, and that part's
    XML split around where the paragraphs go."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()

    def fonts(style: Any, font: str, size: float, bold: bool = False) -> None:
        style.font.name, style.font.size, style.font.bold = font, Pt(size), bold
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    fonts(doc.styles["Normal"], "宋体", 12)
    paragraph_styles = {  # name: (font, size, bold, alignment, first-line indent, left indent)
        "NoteTitle": ("黑体", 18, True, WD_ALIGN_PARAGRAPH.CENTER, None, None),
        "NoteHeading": ("黑体", 14, True, None, None, None),
        "NoteBody": ("宋体", 12, False, None, 24, None),
        "NoteItem": ("宋体", 12, False, None, None, None),
        "NoteField": ("宋体", 12, False, None, None, 24),
        "NoteDate": ("宋体", 12, False, WD_ALIGN_PARAGRAPH.RIGHT, None, None),
    }
    for name, (font, size, bold, align, first, left) in paragraph_styles.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        fonts(style, font, size, bold)
        fmt = style.paragraph_format
        fmt.space_after = Pt(6 if name in ("NoteTitle", "NoteHeading") else 4)
        if align is not None:
            fmt.alignment = align
        if first:
            fmt.first_line_indent = Pt(first)
        if left:
            fmt.left_indent = Pt(left)
    label = doc.styles.add_style("NoteLabel", WD_STYLE_TYPE.CHARACTER)
    label.font.bold = True
    marker = doc.add_paragraph("@@NOTE@@")
    buf = io.BytesIO()
    doc.save(buf)
    del marker
    rest = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as package, \
            zipfile.ZipFile(rest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in package.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, package.read(info), zipfile.ZIP_DEFLATED)
        xml = package.read("word/document.xml").decode("utf-8")
    start = xml.index("<w:p>" if "<w:p>" in xml else "<w:p ")
    end = xml.index("</w:p>", xml.index("@@NOTE@@")) + len("</w:p>")
    return rest.getvalue(), xml[:start], xml[end:]
