"""Scores from findings on the real seeds: every lost point names its finding; unreadable cells cost nothing."""

from __future__ import annotations

import dataclasses

import pytest

from auditor.audit import Audit
from auditor.model import Anomaly
from auditor.score import load_score_config, rank, score_audit
from auditor.score.scoring import ReportScore
from tests.conftest import SAMPLES

SEED_001 = "001_19cc13ecf0eb244d.txt"
SEED_004 = "004_2ddb75e6feefc9c5.txt"


@pytest.fixture(scope="module")
def audits():
    from auditor.audit import audit_file

    cache: dict[str, Audit] = {}

    def get(name: str) -> Audit:
        if name not in cache:
            cache[name] = audit_file(SAMPLES / name)
        return cache[name]

    return get


def test_every_lost_point_names_its_finding(audits):
    audit = audits(SEED_001)
    score = score_audit(audit)
    assert list(score.subscores) == ["completeness", "tables", "agreement", "specificity", "originality", "timeliness"]
    assert score.max == 100
    for sub in score.subscores.values():
        assert sub.score == max(0, sub.max - sum(lp.points for lp in sub.lost))
        for lp in sub.lost:
            finding = audit.findings[lp.finding]
            assert (lp.rule, lp.severity, lp.location) == (finding.rule, finding.severity, finding.location.to_dict())
    assert score.total == sum(s.score for s in score.subscores.values())


def test_seed_001_narrative_contradictions_cost_agreement(audits):
    score = score_audit(audits(SEED_001))
    t1 = [lp for lp in score.subscores["agreement"].lost if lp.rule == "T1"]
    assert [(lp.points, lp.location["cells"]) for lp in t1] == [(8, ["T3.new.total"]), (8, ["T3.carry_out.total"])]
    blank = [lp for lp in score.subscores["tables"].lost if lp.rule == "M1"]
    assert [(lp.points, lp.location["cells"][0]) for lp in blank] == [(3, "T4.rv_keep")]
    assert {lp.rule for lp in score.subscores["originality"].lost} == {"S1"}
    assert (score.errors, "T1") == (2, score.main_problems()[0])


def test_missing_part_six_costs_completeness(audits):
    score = score_audit(audits(SEED_004))
    q04 = [lp for lp in score.subscores["completeness"].lost if lp.rule == "Q04"]
    assert [(lp.points, lp.location["part"]) for lp in q04] == [(10, "P6")]
    assert "Q04" in "\n".join(score.explanation())


def test_unreadable_cells_are_not_punished(audits):
    audit = audits(SEED_001)
    unread = Anomaly("row_unreadable", "warning", "表三“一、本年新收”行无法唯一确定", "P3", ("T3.new.total",))
    report = dataclasses.replace(audit.report, anomalies=[*audit.report.anomalies, unread])
    score = score_audit(Audit(report, audit.findings, audit.claims, audit.channels))
    t1 = [lp for lp in score.subscores["agreement"].lost if lp.rule == "T1"]
    assert [lp.points for lp in t1] == [0, 8]  # only the T3.new row was unreadable
    assert "T3.new.total" in t1[0].waived
    assert any("未扣分" in note for note in score.subscores["agreement"].notes)
    assert "未扣分" in "\n".join(score.explanation())


def test_weights_come_from_the_toml(audits, tmp_path):
    config = tmp_path / "score.toml"
    config.write_text('[severity_points]\nerror = 4\n[rules.S1]\ncap = 2\n', encoding="utf-8")
    score = score_audit(audits(SEED_001), load_score_config(config))
    assert [lp.points for lp in score.subscores["agreement"].lost if lp.rule == "T1"] == [4, 4]
    s1 = [lp for lp in score.subscores["originality"].lost if lp.rule == "S1"]
    assert [(lp.points, lp.capped) for lp in s1] == [(2, True), (0, True)]


def test_round_trip_through_json(audits):
    score = score_audit(audits(SEED_001))
    assert ReportScore.from_dict(score.to_dict()) == score


def _score(body: str, total: float, errors: int) -> ReportScore:
    return ReportScore(f"{body}.txt", body, 2022, total, 100, {}, errors, 0, 0)


def test_rank_ties_by_errors_and_groups():
    scores = [_score("甲镇人民政府", 90, 1), _score("乙镇人民政府", 90, 0), _score("丙乡人民政府", 80, 0),
              _score("丁镇人民政府", 90, 1)]
    rows = rank(scores)
    assert [(r.rank, r.body) for r in rows] == [(1, "乙镇人民政府"), (2, "丁镇人民政府"), (2, "甲镇人民政府"),
                                                (4, "丙乡人民政府")]
    rows = rank(scores, {"甲镇": "A县", "乙镇人民政府": "B县", "丙乡": "A县"})
    assert [(r.group, r.rank, r.body) for r in rows] == [
        ("A县", 1, "甲镇人民政府"), ("A县", 2, "丙乡人民政府"), ("B县", 1, "乙镇人民政府"), ("未分组", 1, "丁镇人民政府")]


def test_originality_without_an_index_or_last_year_says_it_was_not_fully_assessed(audits, tmp_path):
    from auditor.batch import audit_one
    from auditor.render.feedback import highlights

    audit = audits("000_718221f2d83cfcc1.txt")  # no S1: nothing lost under originality
    score = score_audit(audit)
    originality = score.subscores["originality"]
    assert originality.lost == [] and originality.score == originality.max
    assert originality.notes == ["未与其他单位的报告比对（审核时未提供语料索引 --index），本项未能完整评价",
                                 "未与本单位上年报告比对（审核时未提供上年报告），本项未能完整评价"]
    assert "未能完整评价" in "\n".join(score.explanation())
    # and the note does not praise what was never checked
    assert not any("照搬" in line for line in highlights(audit_one(SAMPLES / "000_718221f2d83cfcc1.txt")))
