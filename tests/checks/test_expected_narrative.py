"""EXPECTED.md, the MUSTs and MUST NOTs about narrative claims: one test each."""

from __future__ import annotations

from tests.checks.conftest import by_rule

S000, S001, S002, S003, S004 = (
    "000_718221f2d83cfcc1.txt", "001_19cc13ecf0eb244d.txt", "002_c4d6f57b4a056a63.txt",
    "003_0b5ac3f5fb7cd1c6.txt", "004_2ddb75e6feefc9c5.txt")


def test_000_breakdown_that_adds_up_is_not_flagged(audited):
    audit = audited(S000)
    assert by_rule(audit, "T2") == []
    total = next(c for c in audit.claims if c.quantity == "proactive_total")
    assert total.value == 1947


def test_000_no_application_statement_agrees_with_zero_table(audited):
    assert by_rule(audited(S000), "T1") == []


def test_001_received_and_still_handled_contradicts_zero_table(audited):
    t1 = by_rule(audited(S001), "T1")
    assert {f.location.cells for f in t1} == {("T3.new.total",), ("T3.carry_out.total",)}
    for f in t1:
        assert f.severity == "error" and "2022 年 12 月 20 日申请" in f.quote and "目前正在办理" in f.quote
        assert f.cells[0].value == 0
    assert by_rule(audited(S001), "T1m")[0].found == "无数字"  # the count itself is missing


def test_001_breakdown_short_of_total(audited):
    [t2] = by_rule(audited(S001), "T2")
    assert (t2.severity, t2.expected, t2.found, t2.params["items"]) == ("warning", "124", "117", "24+41+52")


def test_002_application_in_part_five_contradicts_zero_table(audited):
    [t1] = by_rule(audited(S002), "T1")
    assert t1.location.part == "P5" and t1.found == "1" and t1.expected == "0"
    assert "共计收到 1 条公民的依申请公开申请表" in t1.quote


def test_002_same_year_total_stated_twice(audited):
    [t3] = by_rule(audited(S002), "T3")
    assert (t3.expected, t3.found) == ("1320", "1202")
    assert t3.location.part == "P5"


def test_003_narrative_agrees_with_table(audited):
    audit = audited(S003)
    assert by_rule(audit, "T1") == []
    stated = {c.quantity: c.value for c in audit.claims if c.quantity in ("received", "disclosed", "refused", "handled")}
    assert stated == {"received": 4, "disclosed": 3, "refused": 1, "handled": 4}


def test_003_breakdown_short_of_total(audited):
    [t2] = by_rule(audited(S003), "T2")
    assert (t2.severity, t2.expected, t2.found) == ("warning", "82", "78")


def test_004_zero_statements_agree(audited):
    assert by_rule(audited(S004), "T1") == []


def test_000_measures_in_part_six_are_an_info_finding(audited):
    [q12b] = by_rule(audited(S000), "Q12b")
    assert (q12b.severity, q12b.location.part) == ("info", "P6")
    assert q12b.quote.startswith("一是进一步加强政务公开工作的组织领导")  # the first paragraph of 下步打算
    assert q12b.params["heading"] == "下步打算" and q12b.location.paragraph == 1


def test_000_measures_in_part_six_are_not_missing_measures(audited):
    # part 五 itself lists only the two problems, but the report does give its measures, in part 六:
    # an info where they stand (Q12b), not a warning that there are none (DOMAIN.md Q12)
    findings = audited(S000)
    assert by_rule(findings, "Q12a") == [] and [f.severity for f in by_rule(findings, "Q12b")] == ["info"]


def test_004_part_five_is_generic(audited):
    [q11] = by_rule(audited(S004), "Q11")
    assert q11.severity == "warning" and q11.category == "generic_content"
    assert {"存在一些问题", "进一步规范"} <= set(q11.params["phrases"].split("、")) and q11.found.endswith("具体内容0处")


def test_specific_part_five_is_not_rated_generic(audited):
    for name in (S002, S003):  # figures, 《信息发布保密审查暂行机制》, 《政务公开标准目录汇编》
        assert by_rule(audited(name), "Q11") == []


def test_000_without_its_part_six_measures_lists_problems_only(tmp_path):
    from auditor.audit import audit_file
    from tests.conftest import SAMPLES

    text = (SAMPLES / S000).read_text(encoding="utf-8")
    start = text.index("下步打算")
    end = text.find("\n", text.index("三是进一步创新公开形式"))  # the block ends the file
    cut = tmp_path / "000_without_measures.txt"
    cut.write_text(text[:start] + (text[end:] if end >= 0 else ""), encoding="utf-8")
    [q12a] = by_rule(audit_file(cut), "Q12a")  # now no measure anywhere: part 五 lists only problems
    assert q12a.found == "只有问题" and q12a.quote.startswith("一、政务新媒体运用不充分")


def test_000_record_says_which_tags_the_guidelines_decided(audited):
    tags = {(t["part"], t["index"]): t for t in audited(S000).to_dict()["tags"]}
    first_problem, second_item = tags[("P5", 0)], tags[("P6", 2)]
    assert first_problem["by_guideline"] == ["problem"] and first_problem["withheld"] == ["measure"]
    assert "measure" not in first_problem["labels"] and first_problem["scores"]["measure"] >= 0.3  # the classifier's
    assert second_item["by_guideline"] == ["measure"] and "measure" in second_item["labels"]
