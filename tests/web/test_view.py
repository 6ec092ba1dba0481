"""The report page's view model: marks cut at every quote boundary, link targets, copied spans
with their source, tags shading only when the tagger gave them."""

from __future__ import annotations

from auditor.web.view import report_view

TEXT = "甲句说了一件事。乙句又说了一件事。"


def finding(rule: str, severity: str, quote: str | None, *, part: str | None = "P1", paragraph: int | None = 0,
            cells: tuple[str, ...] = (), category: str = "narrative_vs_table", found: str | None = None) -> dict:
    return {"rule": rule, "severity": severity, "category": category, "message": rule, "found": found,
            "location": {"part": part, "paragraph": paragraph, "cells": list(cells)},
            "evidence": {"quote": quote, "cells": []}}


def document(**extra) -> dict:
    return {"format": "2021", "year": 2022, "cells": {"T3.new.total": {"raw": "0", "value": 0}},
            "parts": [{"id": "P1", "title": "一、总体情况", "paragraphs": [{"index": 0, "text": TEXT}]},
                      {"id": "P3", "title": "三、收到和处理政府信息公开申请情况", "paragraphs": []}], **extra}


def test_overlapping_quotes_are_cut_into_segments_with_the_worst_severity():
    record = {"findings": [finding("T1", "error", "甲句说了一件事。", cells=("T3.new.total",)),
                           finding("T2", "warning", "甲句说了一件事。乙句又说了一件事。")]}
    parts, findings = report_view(record, document())
    segments = parts[0].paragraphs[0].segments
    assert [(s.text, s.findings, s.severity) for s in segments] == [
        ("甲句说了一件事。", [0, 1], "error"), ("乙句又说了一件事。", [1], "warning")]
    assert segments[0].anchors == ["q0", "q1"]
    assert [f.target for f in findings] == ["q0", "q1"]
    t3 = parts[1].table
    flagged = [c for row in t3.rows for c in row if c.id == "T3.new.total"]
    assert flagged[0].flagged == [0] and flagged[0].text == "0"


def test_targets_fall_back_to_paragraph_cell_or_part():
    record = {"findings": [finding("X", "info", "不在段落里的句子"),
                           finding("M1", "warning", None, part="P4", paragraph=None, cells=("T4.rv_keep",)),
                           finding("Q10b", "warning", None, part="P3", paragraph=None),
                           finding("P6", "warning", None, part="P6", paragraph=None)]}
    _, findings = report_view(record, document())
    assert [f.target for f in findings] == ["P1-0", "T4.rv_keep", "part-P3", None]


def test_copied_text_is_marked_with_its_source():
    r1 = finding("R1", "warning", "乙句又说了一件事。", category="copied_text", found="某某乡 2021年度报告：“乙句……”")
    parts, findings = report_view({"findings": [r1]}, document())
    copied = [s for s in parts[0].paragraphs[0].segments if s.copied_from]
    assert copied[0].text == "乙句又说了一件事。" and copied[0].copied_from == ["某某乡 2021年度报告：“乙句……”"]
    assert findings[0].copied_from.startswith("某某乡")


def test_tags_shade_paragraphs_only_when_present():
    parts, _ = report_view({"findings": []}, document())
    assert parts[0].paragraphs[0].labels == []
    tagged = {"findings": [], "tags": [{"part": "P1", "index": 0, "labels": ["problem", "measure"]}]}
    parts, _ = report_view(tagged, document())
    assert parts[0].paragraphs[0].labels == ["problem", "measure"]


def test_a_table_whose_part_title_is_missing_still_shows():
    doc = document()
    doc["parts"] = doc["parts"][:1]
    parts, _ = report_view({"findings": []}, doc)
    assert [p.id for p in parts] == ["P1", "P3"] and parts[1].table is not None
