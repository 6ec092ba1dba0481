"""Readable terminal summary of a parsed report."""

from __future__ import annotations

from auditor.model import Report, number_json

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
    lines.append(f"统计期限: {' 至 '.join(period) if period else '（未写明）'}   落款日期: {meta.get('date_line') or '（无）'}")
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
