"""Copied text and stickiness against a corpus index built from the real samples."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from auditor.boilerplate.index import CorpusIndex
from auditor.boilerplate import match
from auditor.boilerplate.match import find_reuse
from auditor.checks.config import load_config
from auditor.checks.context import AuditContext
from auditor.checks.registry import run_rules
from auditor.parse import parse_file
from tests.conftest import SAMPLES, SEEDS

COPIED = "(2) 隐私排查整改力度不足。因业务经办人员操作失误出现泄露个人隐私信息问题,思想认识不到位,操作流程不熟悉。"


@pytest.fixture
def index(tmp_path):
    with CorpusIndex(tmp_path / "index.sqlite") as ix:
        for seed in SEEDS:
            ix.add(parse_file(seed))
        yield ix


def audit_report(report, *, index):
    """The rules over a report with its reuse matches (the pipeline's other stages are not needed)."""
    return SimpleNamespace(findings=run_rules(AuditContext(report, load_config(), reuse=find_reuse(index, report))))


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


def test_own_report_is_not_a_copy_of_itself(index):
    audit = audit_report(parse_file(SEEDS[3]), index=index)  # indexed itself: same source is excluded
    assert [f for f in audit.findings if f.rule in ("R1", "R2")] == []


# the format's wording only: the regulation and the 2021 format notice, as corpora/format lists them
CITATION = ("根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
            "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，编制本报告。"
            "现将本年度政府信息公开工作情况报告如下。")


def test_template_wording_shared_by_two_bodies_is_never_a_copy(tmp_path, monkeypatch):
    # two townships print the same citation paragraph; in an index of one other report every
    # fingerprint is rare, so only the template list keeps the paragraph from being a copy
    title = "政府信息公开工作年度报告\n"
    mine = parse_file(_variant(tmp_path, "mine.txt", title, title + CITATION + "\n"))
    anchor = "城关镇人民政府2020年政府信息公开工作年度报告\n"
    theirs = parse_file(_variant(tmp_path, "theirs.txt", anchor, anchor + CITATION + "\n", seed=SEEDS[0]))
    with CorpusIndex(tmp_path / "two.sqlite") as ix:
        ix.add(theirs)
        assert [m for m in find_reuse(ix, mine) if m.kind != "boilerplate"] == []
        monkeypatch.setattr(match, "template_hashes", lambda: frozenset())  # the template list switched off
        [copied] = [m for m in find_reuse(ix, mine) if m.kind != "boilerplate"]
    assert (copied.kind, copied.part, copied.source_body, copied.similarity) == (
        "copied", "preamble", "城关镇人民政府", 100.0)


def test_same_body_other_year_is_stickiness_not_copying(tmp_path, index):
    path = _variant(tmp_path, "next_year.txt", "南安市省新镇2020年", "南安市省新镇2021年")
    audit = audit_report(parse_file(path), index=index)
    assert [f for f in audit.findings if f.rule == "R1"] == []
    [r2] = [f for f in audit.findings if f.rule == "R2"]
    assert r2.params["year"] == 2020 and r2.params["n"] >= 10 and r2.params["p5"] == 4
    assert r2.location.part == "P5" and r2.quote.startswith("1、公开范围和内容不够全面")


def test_cli_index_and_audit(tmp_path, capsys):
    from auditor.cli import main

    index_file = tmp_path / "cli.sqlite"
    run = [sys.executable, "-m", "auditor"]
    assert main(["index", "add", *map(str, SEEDS), "--index", str(index_file)]) == 0
    assert "5 added" in capsys.readouterr().out
    assert main(["index", "stats", "--index", str(index_file)]) == 0
    assert json.loads(capsys.readouterr().out)["reports"] == 5
    path = _planted_copy(tmp_path)
    out = subprocess.run(run + ["audit", str(path), "--index", str(index_file), "--json"], capture_output=True,
                         text=True, timeout=120)
    assert any(f["rule"] == "R1" for f in json.loads(out.stdout)["findings"])
    assert main(["audit", str(SAMPLES / "003_0b5ac3f5fb7cd1c6.txt"), "--index", str(tmp_path / "none.sqlite")]) == 2
    assert "index file not found" in capsys.readouterr().err
