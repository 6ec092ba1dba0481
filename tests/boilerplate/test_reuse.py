"""Copied text and stickiness against a corpus index built from the real samples."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from auditor.audit import audit_report
from auditor.boilerplate.index import CorpusIndex
from auditor.parse import parse_file
from tests.conftest import SAMPLES, SEEDS

COPIED = "(2) 隐私排查整改力度不足。因业务经办人员操作失误出现泄露个人隐私信息问题,思想认识不到位,操作流程不熟悉。"


@pytest.fixture
def index(tmp_path):
    with CorpusIndex(tmp_path / "index.sqlite") as ix:
        for seed in SEEDS:
            ix.add(parse_file(seed))
        yield ix


def _variant(tmp_path, name, old, new, seed=SEEDS[3]):
    text = seed.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _planted_copy(tmp_path):
    anchor = "2、部分干部对信息公开责任意识较薄弱。"
    return _variant(tmp_path, "copy.txt", anchor, COPIED + "\n" + anchor)


def test_index_is_incremental(index):
    assert index.add(parse_file(SEEDS[0])) is False
    stats = index.stats()
    assert stats["reports"] == 5 and stats["by_level"] == {"镇": 4, "街道": 1}


def test_paragraph_copied_from_another_township_names_its_source(tmp_path, index):
    # seed 003 (省新镇) with one problem paragraph of seed 002 (花园镇), figures changed
    path = _planted_copy(tmp_path)
    audit = audit_report(parse_file(path), index=index)
    [r1] = [f for f in audit.findings if f.rule == "R1"]
    assert r1.location.part == "P5" and r1.quote.startswith("(2) 隐私排查整改力度不足")
    assert r1.params["source"] == "花园镇" and r1.params["year"] == 2020 and r1.params["similarity"] == "100"
    assert "隐私排查整改力度不足" in r1.found


def test_template_wording_and_own_report_are_not_copies(index):
    audit = audit_report(parse_file(SEEDS[3]), index=index)  # indexed itself: same source is excluded
    assert [f for f in audit.findings if f.rule in ("R1", "R2")] == []


def test_same_body_other_year_is_stickiness_not_copying(tmp_path, index):
    path = _variant(tmp_path, "next_year.txt", "南安市省新镇2020年", "南安市省新镇2021年")
    audit = audit_report(parse_file(path), index=index)
    assert [f for f in audit.findings if f.rule == "R1"] == []
    [r2] = [f for f in audit.findings if f.rule == "R2"]
    assert r2.params["year"] == 2020 and r2.params["n"] >= 10 and r2.params["p5"] == 4
    assert r2.location.part == "P5" and r2.quote.startswith("1、公开范围和内容不够全面")


def test_cli_index_and_audit(tmp_path):
    index_file = tmp_path / "cli.sqlite"
    run = [sys.executable, "-m", "auditor"]
    added = subprocess.run(run + ["index", "add", *map(str, SEEDS), "--index", str(index_file)],
                           capture_output=True, text=True, timeout=120)
    assert added.returncode == 0 and "5 added" in added.stdout
    stats = json.loads(subprocess.run(run + ["index", "stats", "--index", str(index_file)], capture_output=True,
                                      text=True, timeout=60).stdout)
    assert stats["reports"] == 5
    path = _planted_copy(tmp_path)
    out = subprocess.run(run + ["audit", str(path), "--index", str(index_file), "--json"], capture_output=True,
                         text=True, timeout=120)
    assert any(f["rule"] == "R1" for f in json.loads(out.stdout)["findings"])
    missing = subprocess.run(run + ["audit", str(SAMPLES / "003_0b5ac3f5fb7cd1c6.txt"), "--index",
                                    str(tmp_path / "none.sqlite")], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "index file not found" in missing.stderr
