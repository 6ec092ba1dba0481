"""What EXPECTED.md asks of the *reading* of the samples: shape anomalies noted and resolved,
blank cells kept apart from zeros, numbered sub-items not taken for parts."""

from __future__ import annotations

from decimal import Decimal


def _codes(report, code):
    return [a for a in report.anomalies if a.code == code]


def test_000_table4_sixteen_values_is_an_info_anomaly_not_an_error(parsed):
    report = parsed("000_718221f2d83cfcc1.txt")
    t4 = [a for a in _codes(report, "row_shape") if a.part == "P4"]
    assert len(t4) == 1 and t4[0].severity == "info" and "16" in t4[0].message
    assert all(v == 0 for v in report.tables["T4"].values())
    assert all(report.cells[f"T4.{c}"].inferred for c in report.tables["T4"])


def test_000_rows_with_one_cell_more_are_resolved(parsed):
    report = parsed("000_718221f2d83cfcc1.txt")
    long_rows = {a.cells[0] for a in _codes(report, "row_shape") if a.part == "P3"}
    assert long_rows == {"T3.r6.total", "T3.r7.total", "T3.carry_out.total"}
    assert report.cells["T3.r5_5.total"].value == 0 and not report.cells["T3.r5_5.total"].inferred


def test_000_sub_items_are_not_parts(parsed):
    report = parsed("000_718221f2d83cfcc1.txt")
    p1 = report.part("P1")
    assert [p.text[:6] for p in p1.paragraphs[1:6]] == ["一、加强组织", "二、规范公开", "三、落实公开",
                                                       "四、拓展公开", "五、完善工作"]
    p5 = report.part("P5")
    assert p5.paragraphs[0].text.startswith("一、政务新媒体运用不充分")
    assert report.part("P6").paragraphs[0].text == "下步打算"


def test_001_blank_review_cells_are_null_not_zero(parsed):
    report = parsed("001_19cc13ecf0eb244d.txt")
    for cid in ("rv_keep", "rv_fix", "rv_other", "rv_pending", "rv_total"):
        cell = report.cells[f"T4.{cid}"]
        assert cell.value is None and cell.raw == ""
    assert report.cells["T4.ld_keep"].value == Decimal(0)


def test_001_short_row_is_forced_by_the_tables_arithmetic(parsed):
    report = parsed("001_19cc13ecf0eb244d.txt")
    [anomaly] = _codes(report, "row_shape")
    assert anomaly.cells == ("T3.r4_1.total",) and "少一个数值" in anomaly.message
    assert all(report.cells[f"T3.r4_1.{c}"].inferred for c in ("np", "total"))


def test_002_garbled_headers_do_not_leak_numbers(parsed):
    report = parsed("002_c4d6f57b4a056a63.txt")
    # header rows carry "40", "7471": none of them may become a value
    assert all(v == 0 for v in report.tables["T4"].values())
    assert report.cells["T2.cg.proc_amount"].raw == "8.0056 万元"
    assert report.cells["T2.cg.proc_amount"].unit == "万元"


def test_004_money_in_yuan_is_converted_and_flagged(parsed):
    report = parsed("004_2ddb75e6feefc9c5.txt")
    cell = report.cells["T2.cg.proc_amount"]
    assert (cell.raw, cell.unit, cell.value) == ("2913705元", "元", Decimal("291.3705"))
    assert report.cells["T2.cg.proc_count"].raw == "32个"
    assert [a.code for a in report.anomalies if a.part == "P2"] == ["extra_row", "unit_converted"]
    assert [a.part for a in _codes(report, "part_missing")] == ["P6"]


def test_003_bare_money_keeps_no_unit(parsed):
    cell = parsed("003_0b5ac3f5fb7cd1c6.txt").cells["T2.cg.proc_amount"]
    assert (cell.raw, cell.unit, cell.value) == ("3360", None, Decimal(3360))
    assert "assumed" in cell.note


def test_cells_keep_their_position(parsed):
    report = parsed("003_0b5ac3f5fb7cd1c6.txt")
    cell = report.cells["T3.new.np"]
    assert cell.raw == "4" and cell.block is not None
    assert parsed("003_0b5ac3f5fb7cd1c6.txt").cells["T3.new.total"].column == cell.column + 6


def test_level_from_body_names_seen_in_real_reports():
    from auditor.structure.metadata import level_of

    cases = {"大武口区人民政府办公室": "部门", "城口县人民政府机关": "县", "花园镇党委政府办公室": "镇",
             "海原县海城镇人民政府": "镇", "洪泽区人民政府": "区", "大潭办事处": "街道", "县教育局": "部门"}
    assert {name: level_of(name) for name in cases} == cases
