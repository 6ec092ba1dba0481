"""Readable terminal summary of a parsed report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.model import Report, number_json

if TYPE_CHECKING:
    from auditor.audit import Audit

_SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}

_PART_NAMES = {"P1": "一、总体情况", "P2": "二、主动公开", "P3": "三、依申请公开", "P4": "四、复议诉讼",
               "P5": "五、问题及改进", "P6": "六、其他事项"}


def summary(report: Report) -> str:
    lines = [f"== {report.source}"]
    meta = report.metadata
    lines.append(f"单位: {report.body or '（未识别）'}  层级: {report.level or '?'}  年度: {report.year or '?'}"
                 f"  格式: {report.format}")
    if meta.get("title"):
        lines.append(f"标题: {meta['title']}")
    period = meta.get("statistical_period")
    period_text = " 至 ".join(period) if period else "（未写明）"
    lines.append(f"统计期限: {period_text}   落款日期: {meta.get('date_line') or '（无）'}")
    contact = meta.get("contact") or {}
    lines.append("联系方式: " + ("，".join(f"{k}={v}" for k, v in contact.items()) if contact else "（无）"))
    found = {p.id: p for p in report.parts}
    lines.append("六个部分: " + "  ".join(
        f"{name}{'✓' if pid in found else '✗'}({len(found[pid].paragraphs) if pid in found else 0}段)"
        for pid, name in _PART_NAMES.items()))
    t3 = report.tables.get("T3", {})
    t4 = report.tables.get("T4", {})

    def v(row: str, col: str = "total") -> str:
        value = number_json(t3.get(row, {}).get(col))
        return "空" if value is None else str(value)

    lines.append(f"表三: 新收 {v('new')}  上年结转 {v('carry_in')}  办理总计 {v('r7')}  结转下年 {v('carry_out')}")
    rv = number_json(t4.get("rv_total"))
    lit = [number_json(t4.get(k)) for k in ("ld_total", "lr_total")]
    lines.append(f"表四: 行政复议总计 {'空' if rv is None else rv}  行政诉讼总计 "
                 f"{'空' if None in lit else sum(lit)}")  # type: ignore[arg-type]
    t2 = report.tables.get("T2", {})
    read = sum(1 for row in t2.values() for val in row.values() if val is not None)
    total = sum(len(row) for row in t2.values())
    lines.append(f"表二: 读出 {read}/{total} 格")
    blanks = sum(1 for c in report.cells.values() if c.value is None)
    inferred = sum(1 for c in report.cells.values() if c.inferred)
    lines.append(f"单元格: 共 {len(report.cells)}，空白或未读出 {blanks}，按勾稽关系推断 {inferred}")
    if report.anomalies:
        lines.append(f"读取异常 ({len(report.anomalies)}):")
        for a in report.anomalies:
            where = f"[{a.part}] " if a.part else ""
            lines.append(f"  - {a.severity:7s} {a.code}: {where}{a.message}")
    return "\n".join(lines)


def _where(finding) -> str:
    loc = finding.location
    parts = []
    if loc.part:
        parts.append(loc.part + (f"第{loc.paragraph + 1}段" if loc.paragraph is not None else ""))
    if loc.cells:
        parts.append(",".join(loc.cells[:4]) + ("…" if len(loc.cells) > 4 else ""))
    return " ".join(parts) or "全文"


def findings_text(audit: Audit) -> str:
    """Findings grouped by severity, each with where it is and its evidence."""
    report = audit.report
    lines = [f"== {report.source}  （{report.body or '单位未识别'} {report.year or ''}年度，{report.format}格式）"]
    if not audit.findings:
        lines.append("未发现问题。")
    for severity in ("error", "warning", "info"):
        group = [f for f in audit.findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{_SEVERITY_NAMES[severity]}（{len(group)}）")
        for f in group:
            lines.append(f"  [{f.rule}] {f.message}")
            lines.append(f"      位置: {_where(f)}")
            if f.quote:
                lines.append(f"      原文: “{f.quote}”")
            if f.cells:
                shown = "，".join(f"{c.id}={c.shown()}" for c in f.cells[:8])
                lines.append(f"      表格: {shown}{'…' if len(f.cells) > 8 else ''}")
            if f.expected is not None or f.found is not None:
                lines.append(f"      应为: {f.expected or '—'}   实为: {f.found or '—'}")
    reading = [a for a in report.anomalies if a.severity != "info"]
    if reading:
        lines.append(f"读取异常（不是对报告的判断，{len(reading)}）")
        for a in reading:
            lines.append(f"  - {a.message}")
    return "\n".join(lines)


_TAG_NAMES = {"problem": "问题", "measure": "措施", "channel": "渠道", "proactive": "主动公开",
              "on_request": "依申请公开", "info_management": "信息管理", "platform": "平台建设",
              "supervision": "监督保障", "other": "其他"}


def tags_text(audit: Audit) -> str:
    """Every narrative paragraph with its tags; then channels, and the specificity of problems and measures."""
    report = audit.report
    lines = [f"== {report.source}  （{report.body or '单位未识别'} {report.year or ''}年度）"]
    placed = False
    for t in audit.tags:
        text = report.paragraph(t.part, t.index).text
        names = "、".join(_TAG_NAMES[label] + ("*" if label in t.by_guideline else "") for label in t.labels)
        withheld = "；不计" + "、".join(_TAG_NAMES[label] for label in t.withheld) + "*" if t.withheld else ""
        placed = placed or bool(t.by_guideline or t.withheld)
        lines.append(f"  {t.part}第{t.index + 1}段 [{names}{withheld}] {text[:60]}{'…' if len(text) > 60 else ''}")
    if placed:
        lines.append("  （*：按标注规则由段落位置、标题或措辞判定，如“下步打算”下的各条为措施）")
    if audit.channels:
        lines.append("公开渠道:")
        for c in audit.channels:
            count = f" {number_json(c.count)}{c.unit or ''}" if c.count is not None else ""
            lines.append(f"  - {c.channel}: “{c.text}”{count}（{c.part}第{c.paragraph + 1}段）")
    if audit.specificity:
        lines.append("问题与措施的具体程度（0–1）:")
        for s in audit.specificity:
            kinds = "、".join(_TAG_NAMES[k] for k in s.kinds)
            concrete = "，".join(t for _, t in s.specificity.concrete) or "无"
            generic = "，".join(s.specificity.generic) or "无"
            lines.append(f"  {s.part}第{s.index + 1}段 [{kinds}] {s.specificity.score:.2f}  "
                         f"具体: {concrete}  通用: {generic}")
    return "\n".join(lines)
