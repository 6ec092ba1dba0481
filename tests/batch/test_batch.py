"""The batch on the real seeds: outputs opened with openpyxl and python-docx and checked against the audits."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from auditor.batch import audit_one, run_batch
from tests.conftest import SAMPLES, SEEDS

SEED_001 = SAMPLES / "001_19cc13ecf0eb244d.txt"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Five seeds, the Hongze PDF and a broken PDF, audited in two processes."""
    src = tmp_path_factory.mktemp("reports")
    for path in [*SEEDS, SAMPLES / "hongze_district_2023.pdf"]:
        shutil.copy(path, src / path.name)
    (src / "nested").mkdir()
    (src / "nested" / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (src / "notes.json").write_text("{}", encoding="utf-8")  # not a report suffix: not listed
    out = tmp_path_factory.mktemp("out")
    return src, out, run_batch([src], out, workers=2, progress=False)


def test_every_report_is_audited_and_the_bad_file_listed(batch):
    src, out, result = batch
    assert len(result.records) == 7 and result.audited == 7 and result.reused == 0
    assert [r["source"] for r in result.errors] == [str(src / "nested" / "broken.pdf")]
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in lines] == [r["source"] for r in result.records]
    ok = [r for r in lines if "error" not in r]
    assert all({"report", "findings", "score", "channels", "key", "rank", "feedback"} <= set(r) for r in ok)


def test_ranking_xlsx_matches_the_audits(batch):
    from openpyxl import load_workbook

    _, out, result = batch
    book = load_workbook(out / "ranking.xlsx")
    sheet = book["排名"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("排名", "分组", "单位", "年度", "总分")
    assert header[5:11] == ("完整性与格式（20）", "表格完整与勾稽（20）", "文字与表格一致（20）", "第五部分具体性（15）",
                            "原创性（15）", "时效与要素（10）")
    assert header[11:14] == ("错误数", "警告数", "主要问题")
    by_file = {r["source"].rsplit("/", 1)[-1]: r for r in result.records if "error" not in r}
    assert len(rows) == 1 + len(by_file)
    totals = [row[4] for row in rows[1:]]
    assert totals == sorted(totals, reverse=True)
    for row in rows[1:]:
        record = by_file[row[14]]
        score = record["score"]
        assert (row[0], row[2], row[3], row[4]) == (record["rank"]["rank"], record["report"]["body"],
                                                   record["report"]["year"], score["total"])
        assert list(row[5:11]) == [s["score"] for s in score["subscores"].values()]
        assert (row[11], row[12]) == (score["errors"], score["warnings"])
    seed_001 = next(row for row in rows[1:] if row[14] == SEED_001.name)
    assert seed_001[2] == "海原县海城镇人民政府" and seed_001[7] == 0  # 文字与表格一致: every point lost
    assert seed_001[13].startswith("文字与表格不一致（T1）")
    bad = list(book["未能审核"].iter_rows(values_only=True))
    assert bad[0] == ("文件", "原因") and bad[1][0].endswith("broken.pdf")
    assert bad[1][1] == "文件已损坏，或不是 PDF 文件"  # the reason in Chinese, for the county office


def test_ranking_csv_is_the_same_table(batch):
    from openpyxl import load_workbook

    _, out, _ = batch
    with (out / "ranking.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    sheet = list(load_workbook(out / "ranking.xlsx")["排名"].iter_rows(values_only=True))
    assert rows[0] == list(sheet[0])
    assert [r[2] for r in rows[1:]] == [r[2] for r in sheet[1:]]


def test_seed_001_note_quotes_the_application_sentence_and_names_its_cells(batch):
    from docx import Document

    _, out, _ = batch
    doc = Document(str(out / "feedback" / "海原县海城镇人民政府_2022.docx"))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "关于《海原县海城镇人民政府2022年政府信息公开工作年度报告》的审核意见"
    assert doc.paragraphs[0].style.name == "NoteTitle"
    headings = [p.text for p in doc.paragraphs if p.style.name == "NoteHeading"]
    assert headings == ["一、总体评价", "二、发现的问题", "三、亮点", "四、整改建议"]
    text = "\n".join(paragraphs)
    quote = "原文：“2022 年我镇收到政府信息公开申请件,系 2022 年 12 月 20 日申请,目前正在办理”"
    assert text.count(quote) >= 2  # the two T1 errors, and T1m
    assert "表格：表三“一、本年新收政府信息公开申请数量”行“总计”栏为“0”。" in paragraphs
    assert "表格：表三“四、结转下年度继续办理”行“总计”栏为“0”。" in paragraphs
    items = [p for p in paragraphs if p[:1].isdigit() and "【" in p]
    assert items[0] == "1. 【错误】正文称收到申请数为（未写数字），而表三“一、本年新收政府信息公开申请数量”行“总计”栏为0。"
    assert items[1] == "2. 【错误】正文称结转下年度办理数为至少1，而表三“四、结转下年度继续办理”行“总计”栏为0。"
    assert not re.search(r"T[234]\.", text)  # cells are named as printed, never by their internal ids
    assert any("全乡" in p for p in items) and any("124条" in p and "117条" in p for p in items)
    assert "表四“行政复议”的“结果维持”栏" in text  # the blank cells of 表四
    assert doc.paragraphs[-1].style.name == "NoteDate" and doc.paragraphs[-1].text.endswith("日")


def test_note_markdown_matches_the_docx(batch):
    from docx import Document

    _, out, _ = batch
    md = (out / "feedback" / "海原县海城镇人民政府_2022.md").read_text(encoding="utf-8")
    doc = Document(str(out / "feedback" / "海原县海城镇人民政府_2022.docx"))
    assert md.startswith("# 关于《海原县海城镇人民政府2022年政府信息公开工作年度报告》的审核意见\n")
    for p in doc.paragraphs:
        assert p.text in md


def test_highlights_only_from_the_audit(batch):
    _, out, result = batch
    md = (out / "feedback" / "海原县海城镇人民政府_2022.md").read_text(encoding="utf-8")
    highlights = md.split("## 三、亮点")[1].split("## 四、整改建议")[0]
    assert "政府门户网站" in highlights and "微信公众号" in highlights  # channels the audit found
    assert "统计期限（2022年1月1日至2022年12月31日）" in highlights
    assert "勾稽关系相符" not in highlights  # 表四 has blank cells: no highlight for the tables
    assert "正文数字与表格数据" not in highlights  # the narrative contradicts 表三


def seeds_folder(tmp_path: Path, seeds: list[Path]) -> Path:
    """A folder `in` holding copies of the given seed reports."""
    src = tmp_path / "in"
    src.mkdir()
    for path in seeds:
        shutil.copy(path, src / path.name)
    return src


def test_rerun_reuses_unchanged_reports_and_reaudits_changed_ones(tmp_path):
    src, out = seeds_folder(tmp_path, SEEDS[:2]), tmp_path / "out"
    first = run_batch([src], out, progress=False)
    assert (first.audited, first.reused) == (2, 0)
    again = run_batch([src], out, progress=False)
    assert (again.audited, again.reused) == (0, 2)
    assert [r["score"] for r in again.records] == [r["score"] for r in first.records]
    changed = src / SEEDS[1].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("124 条", "117 条"), encoding="utf-8")
    third = run_batch([src], out, progress=False)
    assert (third.audited, third.reused) == (1, 1)
    assert len((out / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_a_run_killed_mid_line_resumes_from_the_whole_lines(tmp_path):
    """results.jsonl is appended record by record; a kill can tear the last line (even inside a
    multi-byte character). The rerun keeps the whole records and audits only the torn one again."""
    src, out = seeds_folder(tmp_path, SEEDS[:2]), tmp_path / "out"
    first = run_batch([src], out, progress=False)
    lines = (out / "results.jsonl").read_bytes().splitlines(keepends=True)
    torn = lines[1][: lines[1].index("单位".encode()) + 4]  # cut inside the second character's bytes
    (out / "results.jsonl").write_bytes(lines[0] + torn)
    again = run_batch([src], out, progress=False)
    assert (again.audited, again.reused) == (1, 1)
    assert [r["score"] for r in again.records] == [r["score"] for r in first.records]


def test_groups_csv_ranks_within_groups(tmp_path):
    src = seeds_folder(tmp_path, SEEDS[1:4])
    groups = tmp_path / "groups.csv"
    groups.write_text("单位,分组\n海城镇,海原县\n花园镇,霍邱县\n省新镇,南安市\n", encoding="utf-8")
    result = run_batch([src], tmp_path / "out", groups=groups, progress=False)
    assert sorted((r.group, r.rank) for r in result.rows) == [("南安市", 1), ("海原县", 1), ("霍邱县", 1)]
    md = (tmp_path / "out" / "feedback" / "花园镇_2020.md").read_text(encoding="utf-8")
    assert "在霍邱县的1份报告中排名第1" in md


def test_audit_one_returns_errors_as_values(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    record = audit_one(bad)
    assert set(record) == {"source", "error"} and record["source"] == str(bad)
    good = audit_one(SEED_001)
    assert good["report"]["body"] == "海原县海城镇人民政府" and "rank" not in good
    assert json.loads(json.dumps(good)) == good


def test_previous_year_reports_are_matched_by_body(tmp_path):
    seed_003 = SAMPLES / "003_0b5ac3f5fb7cd1c6.txt"
    src, prev = tmp_path / "2020", tmp_path / "2019"
    src.mkdir()
    prev.mkdir()
    shutil.copy(seed_003, src / seed_003.name)
    text = seed_003.read_text(encoding="utf-8")
    (prev / "last_year.txt").write_text(text.replace("2020", "2019"), encoding="utf-8")
    (prev / "other_body.txt").write_text(SEED_001.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_batch([src], tmp_path / "out", previous_year=[prev], progress=False)
    record = result.records[0]
    assert record["previous"] == str(prev / "last_year.txt")
    x5 = [f for f in record["findings"] if f["rule"] == "X5"]  # the same tables as last year
    assert len(x5) == 1 and "X5" in {lp["rule"] for lp in record["score"]["subscores"]["originality"]["lost"]}


def test_a_changed_format_file_or_template_reaudits_and_rewrites_notes(tmp_path, monkeypatch):
    """The resume key covers what the audit and its note are made from, not only the rule versions:
    a feedback.toml sentence reworded (no version bump) must not leave the old notes in place."""
    import auditor.batch as batch

    tree = tmp_path / "tree"
    for folder in ("corpora/format", "corpora/lexicon", "auditor/render/templates"):
        shutil.copytree(batch.ROOT / folder, tree / folder)
    monkeypatch.setattr(batch, "ROOT", tree)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS[1], src / SEEDS[1].name)
    out = tmp_path / "out"
    batch._code_and_data_digest.cache_clear()
    first = run_batch([src], out, progress=False)
    batch._code_and_data_digest.cache_clear()
    assert run_batch([src], out, progress=False).reused == 1  # nothing changed: the same digest
    wording = tree / "corpora/format/feedback.toml"
    wording.write_text(wording.read_text(encoding="utf-8") + "\n# reworded\n", encoding="utf-8")
    batch._code_and_data_digest.cache_clear()
    third = run_batch([src], out, progress=False)
    batch._code_and_data_digest.cache_clear()
    assert (third.audited, third.reused) == (1, 0)
    assert third.records[0]["key"] != first.records[0]["key"]
