"""summary.html: one self-contained page (inline CSS, inline SVG charts, no scripts) for a batch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

from auditor.render.ranking import ranking_table
from auditor.render.templating import template
from auditor.score import RankedRow, ScoreConfig

_COLOURS = {"error": "#c0392b", "warning": "#e67e22", "info": "#7f8c8d"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def summary_html(rows: Sequence[RankedRow], records: Sequence[dict[str, Any]], *,
                 score_labels: ScoreConfig | None = None) -> str:
    """The page: figures, three charts (score distribution, findings by how many reports have them,
    findings per rule by severity), the ranking table, and the files that could not be audited."""
    from auditor.checks.registry import load_rules

    rules = load_rules()
    audited = [r for r in records if "error" not in r]
    reports_with: Counter[str] = Counter()
    per_rule: dict[str, Counter[str]] = {}
    for r in audited:
        seen = set()
        for f in r["findings"]:
            per_rule.setdefault(f["rule"], Counter())[f["severity"]] += 1
            seen.add(f["rule"])
        reports_with.update(seen)

    def title(rule_id: str) -> str:
        return f"{rule_id} {rules[rule_id].title}" if rule_id in rules else rule_id

    totals = [r["score"]["total"] for r in audited]
    frequent = [(title(rule), [(n, "#2e86c1", f"{n}份")]) for rule, n in reports_with.most_common(12)]
    by_rule = [(title(rule), [(c[s], _COLOURS[s], f"{_SEVERITY[s]}{c[s]}") for s in ("error", "warning", "info") if c[s]])
               for rule, c in sorted(per_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]
    table = ranking_table(rows, score_labels)
    links = {r["source"]: r.get("feedback") for r in audited}
    return template("summary.html.j2").render(
        day=date.today().isoformat(),
        n_files=len(records), n_audited=len(audited), n_failed=len(records) - len(audited),
        mean=f"{sum(totals) / len(totals):.1f}" if totals else "—",
        n_errors=sum(row.errors for row in rows), n_warnings=sum(row.warnings for row in rows),
        histogram=Markup(histogram_svg(totals)),
        frequent=Markup(bars_svg(frequent)) if frequent else None,
        by_rule=Markup(bars_svg(by_rule)) if by_rule else None,
        header=table[0], table=[(row, links.get(ranked.source)) for row, ranked in zip(table[1:], rows)],
        failed=[r for r in records if "error" in r],
        severity_colours=_COLOURS,
    )


def histogram_svg(totals: Sequence[float], *, width: int = 560, height: int = 220) -> str:
    """Reports per 10-point band of the total score, as columns."""
    bands = [0] * 10
    for t in totals:
        bands[min(9, max(0, int(t // 10)))] += 1
    top = max(bands) or 1
    left, bottom, plot_h = 36, 28, height - 48
    col_w = (width - left - 10) / 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="总分分布">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 6}" y2="{height - bottom}" stroke="#555"/>']
    for i, n in enumerate(bands):
        h = plot_h * n / top
        x = left + i * col_w
        y = height - bottom - h
        parts.append(f'<rect x="{x + 3:.1f}" y="{y:.1f}" width="{col_w - 6:.1f}" height="{h:.1f}" fill="#2e86c1">'
                     f'<title>{i * 10}–{i * 10 + 10}分：{n}份</title></rect>')
        if n:
            parts.append(f'<text x="{x + col_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="12">{n}</text>')
        parts.append(f'<text x="{x + col_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'font-size="11">{i * 10}–{i * 10 + 10 if i < 9 else 100}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(items: Sequence[tuple[str, Sequence[tuple[int, str, str]]]], *, width: int = 720) -> str:
    """Horizontal bars, one per label; each bar is stacked from (value, colour, tooltip) segments."""
    row_h, label_w = 22, 230
    height = row_h * len(items) + 10
    top = max((sum(v for v, _, _ in segs) for _, segs in items), default=1) or 1
    scale = (width - label_w - 60) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for i, (label, segs) in enumerate(items):
        y = 5 + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>')
        x = float(label_w)
        for value, colour, tip in segs:
            w = value * scale
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}">'
                         f'<title>{escape(tip)}</title></rect>')
            x += w
        total = sum(v for v, _, _ in segs)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)
