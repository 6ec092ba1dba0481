"""The registry and the table rules on mutated real reports."""

from __future__ import annotations

import subprocess
import sys

from auditor.audit import audit_file
from auditor.checks.config import load_config
from auditor.checks.registry import load_rules
from tests.conftest import SAMPLES

SEED3 = SAMPLES / "003_0b5ac3f5fb7cd1c6.txt"


def _mutate(tmp_path, source, old: str, new: str, count: int = 1):
    text = source.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _rules(audit):
    return sorted({f.rule for f in audit.findings})


def test_every_rule_is_registered_with_text_and_template():
    rules = load_rules()
    assert {"A1", "A2", "A3", "B1", "C1", "C2", "C9", "U1", "U2", "M1", "Q01", "Q04", "S1", "X1"} <= set(rules)
    for r in rules.values():
        assert r.doc and r.template and r.title, r.id


def test_cli_rules_lists_every_rule():
    out = subprocess.run([sys.executable, "-m", "auditor", "rules"], capture_output=True, text=True,
                         timeout=60).stdout
    for rule_id, r in load_rules().items():
        assert f"{rule_id} " in out and r.title in out


def test_a1_a3_on_a_changed_cell(tmp_path):
    # seed 003: 一、本年新收 自然人 4 → 5 (row total still 4, column balance broken)
    path = _mutate(tmp_path, SEED3, "⇥一、本年新收政府信息公开申请数量\n\t4\n".replace("⇥", "\t"),
                   "\t一、本年新收政府信息公开申请数量\n\t5\n")
    audit = audit_file(path)
    a3 = [f for f in audit.findings if f.rule == "A3"]
    a1 = [f for f in audit.findings if f.rule == "A1"]
    assert [(f.location.cells[0], f.found, f.expected) for f in a3] == [("T3.new.total", "4", "5")]
    assert [(f.params["col"], f.found, f.expected) for f in a1] == [("自然人", "5", "4")]
    assert all(f.severity == "error" for f in a1 + a3)
    assert a3[0].cells[0].raw == "4" and a3[0].cells[1].raw == "5"


def test_a2_on_a_changed_outcome(tmp_path):
    # （一）予以公开 3 → 2 in both np and total: the row adds up, the column does not
    text = SEED3.read_text(encoding="utf-8")
    old = "\t（一）予以公开\n\t3\n\t0\n\t0\n\t0\n\t0\n\t0\n\t3\n"
    path = _mutate(tmp_path, SEED3, old, old.replace("\t3\n", "\t2\n"))
    assert text != path.read_text(encoding="utf-8")
    audit = audit_file(path)
    a2 = [f for f in audit.findings if f.rule == "A2"]
    assert {(f.params["col"], f.params["left"], f.params["right"]) for f in a2} == {("自然人", "4", "3"), ("总计", "4", "3")}


def test_blank_operand_gives_missing_value_not_sum_error(tmp_path):
    old = "\t（一）予以公开\n\t3\n"
    path = _mutate(tmp_path, SEED3, old, "\t（一）予以公开\n\t/\n")
    audit = audit_file(path)
    assert "A2" not in _rules(audit) and "A3" not in _rules(audit)
    [m1] = [f for f in audit.findings if f.rule == "M1" and f.location.part == "P3"]
    assert m1.location.cells == ("T3.r1.np",) and m1.cells[0].raw == "/"


def test_config_switches_off_and_changes_severity(tmp_path):
    config = tmp_path / "audit.toml"
    config.write_text('[rules.U2]\nenabled = false\n[rules.Q09]\nseverity = "info"\n', encoding="utf-8")
    audit = audit_file(SEED3, config=load_config(config))
    assert "U2" not in _rules(audit)
    assert {f.severity for f in audit.findings if f.rule == "Q09"} == {"info"}


def test_deadline_per_level_from_config(tmp_path):
    config = tmp_path / "audit.toml"
    config.write_text('[deadlines]\n"镇" = "01-05"\n', encoding="utf-8")
    audit = audit_file(SEED3, config=load_config(config))  # dated 2021-01-08
    [late] = [f for f in audit.findings if f.rule == "Q01"]
    assert (late.found, late.expected, late.quote) == ("2021-01-08", "≤2021-01-05", "2021年1月8日")


def test_previous_year_carry_over(tmp_path):
    # last year's report carried 2 applications over; this year's says 0 carried in
    old = "\t四、结转下年度继续办理\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n"
    prev = _mutate(tmp_path, SEED3, old, old.replace("\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n",
                                                     "\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n"))
    audit = audit_file(SEED3, previous=prev)
    x1 = [f for f in audit.findings if f.rule == "X1"]
    assert {(f.params["col"], f.found, f.expected) for f in x1} == {("自然人", "0", "2"), ("总计", "0", "2")}


def test_t4_count_stated_for_another_year(tmp_path):
    path = _mutate(tmp_path, SEED3, "2020年我镇共收到4条政府信息公开申请", "2019年我镇共收到4条政府信息公开申请")
    audit = audit_file(path)
    [t4] = [f for f in audit.findings if f.rule == "T4"]
    assert (t4.expected, t4.found, t4.location.part) == ("2020年", "2019年", "P1")
    assert "2019年我镇共收到4条" in t4.quote
    assert not [f for f in audit.findings if f.rule == "T1"]  # another year's count is not compared


def test_cli_audit_json_and_exit_codes(tmp_path):
    import json

    seed = SAMPLES / "001_19cc13ecf0eb244d.txt"
    result = subprocess.run([sys.executable, "-m", "auditor", "audit", str(seed), "--json"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0  # findings are not failures
    data = json.loads(result.stdout)
    assert set(data) == {"report", "findings", "claims", "channels", "tags", "specificity", "not_run"}
    assert data["not_run"] == ["corpus_index", "previous_year"]  # no --index, no --previous
    assert len(data["tags"]) == 17 and data["tags"][0]["part"] == "preamble"  # 3 preamble + 14 part paragraphs
    t1 = [f for f in data["findings"] if f["rule"] == "T1"]
    assert t1 and t1[0]["evidence"]["cells"][0]["id"] == "T3.new.total" and "正在办理" in t1[0]["evidence"]["quote"]
    assert any(c["quantity"] == "proactive_total" and c["value"] == 124 for c in data["claims"])
    bad = subprocess.run([sys.executable, "-m", "auditor", "audit", str(tmp_path / "missing.txt")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr


def _with_t2_row(tmp_path, name: str, row: str):
    seed = SAMPLES / "001_19cc13ecf0eb244d.txt"  # 2021 format, 行政规范性文件 0/0/0
    path = tmp_path / name
    path.write_text(seed.read_text(encoding="utf-8").replace("行政规范性文件\t0\t0\t0", row), encoding="utf-8")
    return path


def test_c7_and_x2_need_last_year(tmp_path):
    prev = _with_t2_row(tmp_path, "prev.txt", "行政规范性文件\t0\t0\t3")  # 3 in force last year
    over = _with_t2_row(tmp_path, "over.txt", "行政规范性文件\t1\t5\t0")  # 5 repealed of 3 + 1
    assert "C7" not in _rules(audit_file(over))  # without last year it stays silent
    [c7] = [f for f in audit_file(over, previous=prev).findings if f.rule == "C7"]
    assert (c7.found, c7.expected) == ("5", "≤4")
    stock = _with_t2_row(tmp_path, "stock.txt", "行政规范性文件\t1\t1\t1")  # 3 + 1 − 1 = 3, not 1
    [x2] = [f for f in audit_file(stock, previous=prev).findings if f.rule == "X2"]
    assert (x2.found, x2.expected, x2.severity) == ("1", "3", "warning")


def test_t1r_full_completion_rate_with_carry_over(tmp_path):
    seed = SAMPLES / "003_0b5ac3f5fb7cd1c6.txt"
    text = seed.read_text(encoding="utf-8").replace("4条均按期办结，", "4条均已办结，办结率100%，")
    old = "\t四、结转下年度继续办理\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n"
    path = tmp_path / "rate.txt"
    path.write_text(text.replace(old, old.replace("\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n",
                                                  "\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n")), encoding="utf-8")
    [t1r] = [f for f in audit_file(path).findings if f.rule == "T1r"]
    assert "办结率100%" in t1r.quote and t1r.found == "结转1件"
    assert "T1r" not in _rules(audit_file(seed))


def test_x4_growth_rate_against_last_year(tmp_path):
    seed = SAMPLES / "000_718221f2d83cfcc1.txt"  # 主动公开政务信息1947条，较上年增长8%
    text = seed.read_text(encoding="utf-8")
    agreeing = tmp_path / "prev_1800.txt"  # 1947 / 1800 − 1 = 8.2%
    agreeing.write_text(text.replace("2020年全镇主动公开政务信息1947条", "2019年全镇主动公开政务信息1800条")
                        .replace("2020年政府信息公开", "2019年政府信息公开"), encoding="utf-8")
    assert [f for f in audit_file(seed, previous=agreeing).findings if f.rule == "X4"] == []
    off = tmp_path / "prev_1500.txt"  # 1947 / 1500 − 1 = 29.8%
    off.write_text(text.replace("2020年全镇主动公开政务信息1947条", "2019年全镇主动公开政务信息1500条")
                   .replace("2020年政府信息公开", "2019年政府信息公开"), encoding="utf-8")
    [x4] = [f for f in audit_file(seed, previous=off).findings if f.rule == "X4"]
    assert (x4.found, x4.expected) == ("8%", "29.8%") and "较上年增长8%" in x4.quote


def test_q13b_fee_charged_and_not_charged(tmp_path):
    seed = SAMPLES / "001_19cc13ecf0eb244d.txt"
    text = seed.read_text(encoding="utf-8").replace(
        "（五）强化监督考核方面。", "（五）强化监督考核方面。全年收取信息处理费200元。")
    path = tmp_path / "fee.txt"
    path.write_text(text, encoding="utf-8")
    [q] = [f for f in audit_file(path).findings if f.rule == "Q13b"]
    assert "未收取信息处理费" in q.quote and "200" in q.message
    assert "Q13b" not in _rules(audit_file(seed))


def test_x5_identical_tables_two_years(tmp_path):
    last_year = _mutate(tmp_path, SEED3, "南安市省新镇2020年", "南安市省新镇2019年")  # same tables
    [x5] = [f for f in audit_file(SEED3, previous=last_year).findings if f.rule == "X5"]
    assert x5.found == "198格与2019年度报告逐格相同"
    assert ("T3.new.np", "4") in {(c.id, c.raw) for c in x5.cells}
