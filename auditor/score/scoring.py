"""Findings → a quality score: sub-scores that start at their maximum and lose points per finding.

Every lost point is a `LostPoints` naming the finding (its index in the audit, rule, severity,
location); a finding whose evidence cells could not be read costs nothing and says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from auditor.checks.findings import Finding
from auditor.model import TABLE_PARTS, Report
from auditor.score.config import ScoreConfig, SubScoreSpec, load_score_config

if TYPE_CHECKING:
    from auditor.audit import Audit

_TABLE_NAMES = {"T2": "表二", "T3": "表三", "T4": "表四"}


@dataclass(frozen=True, slots=True)
class LostPoints:
    finding: int  # index of the finding in the audit's findings
    rule: str
    severity: str
    location: dict[str, Any]  # Location.to_dict()
    message: str
    points: float  # points actually lost (after caps; 0 when waived)
    waived: str | None = None  # why nothing was lost (the evidence could not be read)
    capped: bool = False  # the rule's cap took some or all of its points

    def to_dict(self) -> dict[str, Any]:
        return {"finding": self.finding, "rule": self.rule, "severity": self.severity, "location": self.location,
                "message": self.message, "points": self.points, "waived": self.waived, "capped": self.capped}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LostPoints:
        return cls(d["finding"], d["rule"], d["severity"], d["location"], d["message"], d["points"],
                   d.get("waived"), d.get("capped", False))


@dataclass(slots=True)
class SubScore:
    key: str
    name: str  # Chinese label
    max: float
    score: float
    lost: list[LostPoints] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be assessed, in Chinese

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "max": self.max, "score": self.score,
                "lost": [lp.to_dict() for lp in self.lost], "notes": list(self.notes)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SubScore:
        return cls(d["key"], d["name"], d["max"], d["score"], [LostPoints.from_dict(x) for x in d["lost"]],
                   list(d.get("notes", ())))

    @property
    def perfect(self) -> bool:
        """Nothing lost and nothing left unassessed."""
        return self.score >= self.max and not self.notes


@dataclass(slots=True)
class ReportScore:
    source: str
    body: str | None
    year: int | None
    total: float
    max: float
    subscores: dict[str, SubScore]
    errors: int
    warnings: int
    infos: int

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "body": self.body, "year": self.year, "total": self.total, "max": self.max,
                "subscores": {k: s.to_dict() for k, s in self.subscores.items()},
                "errors": self.errors, "warnings": self.warnings, "infos": self.infos}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReportScore:
        return cls(d["source"], d.get("body"), d.get("year"), d["total"], d["max"],
                   {k: SubScore.from_dict(s) for k, s in d["subscores"].items()},
                   d["errors"], d["warnings"], d["infos"])

    def main_problems(self, n: int = 3) -> list[str]:
        """Rules that cost the most points, most costly first (rule ids)."""
        cost: Counter[str] = Counter()
        for sub in self.subscores.values():
            for lp in sub.lost:
                cost[lp.rule] += lp.points
        return [rule for rule, points in cost.most_common() if points > 0][:n]

    def explanation(self) -> list[str]:
        """Where every lost point went, one line per sub-score and one per finding (Chinese)."""
        lines = [f"总分{fmt_points(self.total)}分（满分{fmt_points(self.max)}分）"]
        for sub in self.subscores.values():
            lines.append(f"{sub.name}：{fmt_points(sub.score)}/{fmt_points(sub.max)}")
            for lp in sub.lost:
                if lp.waived:
                    lines.append(f"  [{lp.rule}] 未扣分：{lp.waived}（{lp.message}）")
                elif lp.points > 0:
                    capped = "（已达该规则扣分上限）" if lp.capped else ""
                    lines.append(f"  [{lp.rule}] 扣{fmt_points(lp.points)}分{capped}：{lp.message}")
            lines.extend(f"  说明：{note}" for note in sub.notes)
        return lines


def fmt_points(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=1)
def _default_score_config() -> ScoreConfig:
    return load_score_config()


def score_audit(audit: Audit, config: ScoreConfig | None = None) -> ReportScore:
    """The report's quality score from its audit's findings (see docs/scoring.md)."""
    config = config or _default_score_config()
    return score_findings(audit.report, audit.findings, config, not_run=audit.not_run)


_NOT_RUN = {"corpus_index": "未与其他单位的报告比对（审核时未提供语料索引 --index）",
            "previous_year": "未与本单位上年报告比对（审核时未提供上年报告）"}


def score_findings(report: Report, findings: list[Finding], config: ScoreConfig, *,
                   not_run: tuple[str, ...] = ()) -> ReportScore:
    uncertain = _uncertain_cells(report, config)
    missing_tables = {a.part for a in report.anomalies if a.code in config.missing_table_anomalies}
    subs = {s.key: SubScore(s.key, s.label, s.max, s.max) for s in config.subscores}
    spent: Counter[tuple[str, str]] = Counter()  # (sub-score, rule) → points so far, for caps
    for index, finding in enumerate(findings):
        for spec, points in _costs(finding, config):
            sub = subs[spec.key]
            waived = _waiver(finding, uncertain)
            capped = False
            if waived:
                points = 0.0
            else:
                rule_cap = config.rule(finding.rule).cap
                cap = rule_cap if rule_cap is not None else config.rule_cap
                room = max(0.0, cap - spent[spec.key, finding.rule])
                if points > room:
                    points, capped = room, True
                spent[spec.key, finding.rule] += points
            if points == 0 and not waived and finding.severity == "info":
                continue  # info findings cost nothing and are not listed as lost points
            sub.lost.append(LostPoints(index, finding.rule, finding.severity, finding.location.to_dict(),
                                       finding.message, round(points, 2), waived, capped))
    for spec in config.subscores:
        sub = subs[spec.key]
        sub.score = round(max(0.0, spec.max - sum(lp.points for lp in sub.lost)), 1)
        for table in spec.tables:
            if TABLE_PARTS[table] in missing_tables:
                sub.notes.append(f"未能读出{_TABLE_NAMES[table]}，本项未能完整评价（不因此扣分）")
        sub.notes.extend(f"{_NOT_RUN[check]}，本项未能完整评价" for check in spec.needs if check in not_run)
        waived = sum(1 for lp in sub.lost if lp.waived)
        if waived:
            sub.notes.append(f"{waived}项发现涉及未能读出的表格单元格，未扣分，请人工核对")
    severities = Counter(f.severity for f in findings)
    total = round(sum(s.score for s in subs.values()), 1)
    return ReportScore(report.source, report.body, report.year, total, sum(s.max for s in config.subscores), subs,
                       severities["error"], severities["warning"], severities["info"])


def _costs(finding: Finding, config: ScoreConfig) -> list[tuple[SubScoreSpec, float]]:
    """(sub-score, points before caps) for every sub-score the finding costs."""
    setting = config.rule(finding.rule)
    points = setting.points if setting.points is not None else config.severity_points.get(finding.severity, 0.0)
    if setting.scale_by:
        try:
            points *= max(1.0, float(finding.params.get(setting.scale_by, 0)) / setting.unit)
        except (TypeError, ValueError):
            pass
    out = []
    home = config.subscore_for(finding.rule, finding.category)
    for spec in config.subscores:
        if spec.key == home:
            out.append((spec, float(points)))
        for also in spec.also:
            if also.rule == finding.rule and (also.part is None or also.part == finding.location.part):
                out.append((spec, also.points))
    return out


def _uncertain_cells(report: Report, config: ScoreConfig) -> set[str]:
    """Cells whose value the reader could not settle: named by an uncertain reading anomaly (a
    whole row when the anomaly names its total), absent from the text, or printed as a non-number."""
    cells: set[str] = set()
    for anomaly in report.anomalies:
        if anomaly.code not in config.uncertain_anomalies:
            continue
        for cid in anomaly.cells:
            cells.add(cid)
            table, _, rest = cid.partition(".")
            row = rest.rpartition(".")[0]
            if row:
                cells.update(c for c in report.cells if c.startswith(f"{table}.{row}."))
    for cid, cell in report.cells.items():
        if cell.value is None and cell.raw is not None and cell.raw.strip() not in ("", "/", "-", "—", "——", "无", "\\"):
            cells.add(cid)  # printed, but not as a number
    return cells


def _waiver(finding: Finding, uncertain: set[str]) -> str | None:
    unread = [c.id for c in finding.cells if c.id in uncertain or (c.raw is None and c.value is None)]
    if not unread:
        return None
    return f"所涉单元格未能可靠读出（{'、'.join(unread[:4])}{'…' if len(unread) > 4 else ''}），无法判断报告本身是否有误"
