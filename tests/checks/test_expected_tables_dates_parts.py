"""EXPECTED.md, the MUSTs and MUST NOTs about tables, units, dates, parts and metadata: one test each."""

from __future__ import annotations

from decimal import Decimal

from tests.checks.conftest import by_rule, errors

S000, S001, S002, S003, S004 = (
    "000_718221f2d83cfcc1.txt", "001_19cc13ecf0eb244d.txt", "002_c4d6f57b4a056a63.txt",
    "003_0b5ac3f5fb7cd1c6.txt", "004_2ddb75e6feefc9c5.txt")


# 000 — 城关镇 2020
def test_000_no_arithmetic_error_from_the_shifted_and_extra_cells(audited):
    audit = audited(S000)
    assert [f for f in audit.findings if f.category == "table_arithmetic"] == []


def test_000_missing_contact_and_date_signature(audited):
    audit = audited(S000)
    assert by_rule(audit, "Q09") and "联系电话" in by_rule(audit, "Q09")[0].message
    [closing] = by_rule(audit, "Q10b")
    assert "落款" in closing.message and "成文日期" in closing.message


# 001 — 海城镇 2022
def test_001_empty_review_cells_flagged_as_blank_not_zero(audited):
    [m1] = [f for f in by_rule(audited(S001), "M1") if f.location.part == "P4"]
    assert m1.location.cells == ("T4.rv_keep", "T4.rv_fix", "T4.rv_other", "T4.rv_pending", "T4.rv_total")
    assert all(c.raw == "" and c.value is None for c in m1.cells)
    assert m1.severity == "warning"


def test_001_township_speaks_of_xiang(audited):
    words = {f.params["word"] for f in by_rule(audited(S001), "S1")}
    assert words == {"全乡", "乡综合办"}
    quotes = " ".join(f.quote for f in by_rule(audited(S001), "S1"))
    assert "全乡网络工作群" in quotes and "乡综合办" in quotes


def test_001_recognised_as_2021_format(audited):
    audit = audited(S001)
    assert audit.report.format == "2021"
    assert {"r6_1", "r6_2", "r6_3"} <= set(audit.report.tables["T3"])
    assert by_rule(audit, "Q02") == [] and by_rule(audit, "Q13") == []  # fee sentence is present


# 002 — 花园镇 2020
def test_002_date_inside_deadline_not_flagged(audited):
    audit = audited(S002)
    assert audit.report.metadata["date_line"] == "2021-01-13"
    assert by_rule(audit, "Q01") == []


def test_002_garbled_tables_give_no_arithmetic_finding(audited):
    assert [f for f in audited(S002).findings if f.category == "table_arithmetic"] == []


# 003 — 省新镇 2020
def test_003_procurement_without_unit_is_implausible(audited):
    [u2] = by_rule(audited(S003), "U2")
    assert u2.severity == "warning" and u2.location.cells == ("T2.cg.proc_amount",)
    assert u2.cells[0].raw == "3360" and "单位" in u2.message


# 004 — 大潭办事处 2020
def test_004_made_but_not_published_normative_documents(audited):
    [c2] = by_rule(audited(S004), "C2")
    assert [(c.id, c.value) for c in c2.cells] == [("T2.gfxwj.made", 70), ("T2.gfxwj.pub_new", 0),
                                                   ("T2.gfxwj.pub_total", 0)]
    [c10] = by_rule(audited(S004), "C10")
    assert c10.params["made"] == "70" and c10.params["level"] == "街道"


def test_004_procurement_in_yuan(audited):
    [u1] = by_rule(audited(S004), "U1")
    assert u1.cells[0].raw == "2913705元" and u1.cells[0].value == Decimal("291.3705")
    assert "万元" in u1.message


def test_004_part_six_title_and_closing_missing(audited):
    audit = audited(S004)
    [q04] = by_rule(audit, "Q04")
    assert q04.location.part == "P6" and q04.severity == "error"
    assert by_rule(audit, "Q10a") and by_rule(audit, "Q10b")


def test_no_error_that_expected_does_not_call_for(audited):
    """Error-level findings on the seeds are only those EXPECTED.md asks for."""
    allowed = {S000: set(), S001: {"T1"}, S002: {"T1"}, S003: set(), S004: {"Q04"}}
    got = {name: {f.rule for f in errors(audited(name))} for name in allowed}
    assert all(got[name] <= allowed[name] for name in allowed), got


def test_hongze_real_t4_totals_do_not_add_up(audited):
    """The published Hongze report prints 行政复议 10/1/0/0 with 总计 0 (and 复议后起诉 5/0/0/0, 0)."""
    b1 = by_rule(audited("hongze_district_2023.pdf"), "B1")
    assert [(f.params["group"], f.found, f.expected) for f in b1] == [
        ("行政复议", "0", "11"), ("行政诉讼（复议后起诉）", "0", "5")]
