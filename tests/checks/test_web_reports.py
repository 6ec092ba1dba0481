"""Narrative rules on real report text gathered from government pages (corpora/web): wordings
that once produced false breakdown and restatement findings."""

from __future__ import annotations

import json

import pytest

from auditor.audit import audit_file
from tests.conftest import ROOT

RECORDS = {}
for name in ("township_reports.jsonl", "county_reports.jsonl"):
    for line in (ROOT / "corpora" / "web" / name).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        RECORDS[record["id"]] = record


def _audit(tmp_path, record_id):
    path = tmp_path / f"{record_id}.txt"
    path.write_text(RECORDS[record_id]["text"], encoding="utf-8")
    return audit_file(path)


@pytest.mark.parametrize("record_id", ["web-t-066", "web-t-060", "web-t-047", "web-c-059", "web-c-030"])
def test_list_that_makes_up_its_total_then_goes_on_is_not_a_breakdown_error(tmp_path, record_id):
    # e.g. web-t-066: 共90条，其中工作动态62条，通知公告21条 … 1条 (= 90), then other counts follow
    assert [f for f in _audit(tmp_path, record_id).findings if f.rule == "T2"] == []


@pytest.mark.parametrize("record_id", ["web-c-045", "web-c-028", "web-c-015", "web-t-039", "web-t-016"])
def test_channel_or_cumulative_totals_are_not_the_same_quantity(tmp_path, record_id):
    # e.g. web-c-045: 主动公开各类信息2406条 … 全县政务新媒体共发布信息758条
    assert [f for f in _audit(tmp_path, record_id).findings if f.rule == "T3"] == []


def test_real_shortfall_is_reported(tmp_path):
    [t2] = [f for f in _audit(tmp_path, "web-t-037").findings if f.rule == "T2"]
    assert (t2.severity, t2.expected, t2.found) == ("warning", "21", "14")
