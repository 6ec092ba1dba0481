"""Cells run together with no separators (text copied from web pages) are decoded with the
table's own arithmetic, marked as inferred, and left blank when more than one reading fits."""

from __future__ import annotations

from decimal import Decimal

from auditor.ingest import read_document
from auditor.structure.report import build_report
from auditor.structure.schema import schema
from auditor.structure.tables import split_digits, t3_row_check
from tests.conftest import SAMPLES, load_truth, table_differences

SEED = "003_0b5ac3f5fb7cd1c6"


def _packed_report(tmp_path, t3_values: dict, t2_line: str = "规范性文件002", t4: str = "0" * 15):
    """Seed 003's narrative with its tables rewritten the way web pages paste them: one line a
    row, label and digits run together."""
    text = (SAMPLES / f"{SEED}.txt").read_text(encoding="utf-8")
    head, rest = text.split("二、主动公开政府信息情况", 1)
    tail = rest.split("五、存在的主要问题及改进情况", 1)[1]
    labels = {r.id: r.label for r in schema().t3_rows["2019"]}
    lines = [head, "二、主动公开政府信息情况", "第二十条第（一）项", "信息内容本年新制作数量本年新公开数量对外公开总数量",
             "规章000", t2_line, "", "三、收到和处理政府信息公开申请情况"]
    for rid, values in t3_values.items():
        lines.append(labels[rid] + "".join(str(v) for v in values))
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", t4, "", "五、存在的主要问题及改进情况" + tail]
    path = tmp_path / "packed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return build_report(read_document(path))


def _seed_t3() -> dict:
    truth = load_truth(SEED)["tables"]["T3"]
    cols = schema().t3_cols
    return {rid: [truth[rid][c] for c in cols] for rid in (r.id for r in schema().t3_rows["2019"])}


def test_issue_example_row_decodes_uniquely():
    assert list(split_digits("1230010025", 7, t3_row_check)) == [
        tuple(Decimal(v) for v in (12, 3, 0, 0, 10, 0, 25))]


def test_packed_seed_table_decodes_to_the_truth(tmp_path):
    report = _packed_report(tmp_path, _seed_t3())
    truth = load_truth(SEED)["tables"]
    assert table_differences({"T3": report.tables["T3"]}, {"T3": truth["T3"]}) == []
    assert report.cells["T3.new.np"].inferred and report.cells["T3.new.np"].raw == "4000004"
    assert all(v == 0 for v in report.tables["T4"].values())
    assert report.tables["T2"]["gfxwj"] == {"made": 0, "pub_new": 0, "pub_total": 2}


def test_issue_example_decoded_inside_a_consistent_table(tmp_path):
    values = {rid: [0] * 7 for rid in _seed_t3()}
    values["new"] = values["r1"] = values["r7"] = [12, 3, 0, 0, 10, 0, 25]
    report = _packed_report(tmp_path, values)
    assert [report.tables["T3"]["new"][c] for c in schema().t3_cols] == [12, 3, 0, 0, 10, 0, 25]
    assert not [a for a in report.anomalies if a.code == "row_unreadable"]


def test_row_with_two_readings_is_resolved_by_column_sums(tmp_path):
    values = {rid: [0] * 7 for rid in _seed_t3()}
    # "101000011" (new, r7) reads as 1,0,10,0,0,0,11 or 10,1,0,0,0,0,11; the unambiguous rows
    # r1 (1000001) and r3_4 (00100010) decide through r7 = Σ outcomes and new = r7
    values["new"] = values["r7"] = [1, 0, 10, 0, 0, 0, 11]
    values["r1"] = [1, 0, 0, 0, 0, 0, 1]
    values["r3_4"] = [0, 0, 10, 0, 0, 0, 10]
    report = _packed_report(tmp_path, values)
    assert [report.tables["T3"]["new"][c] for c in schema().t3_cols] == [1, 0, 10, 0, 0, 0, 11]
    assert [report.tables["T3"]["r7"][c] for c in schema().t3_cols] == [1, 0, 10, 0, 0, 0, 11]


def test_rows_that_stay_ambiguous_together_are_not_guessed(tmp_path):
    values = {rid: [0] * 7 for rid in _seed_t3()}
    values["new"] = values["r1"] = values["r7"] = [1, 0, 10, 0, 0, 0, 11]  # all three ambiguous alike
    report = _packed_report(tmp_path, values)
    assert all(report.tables["T3"][rid][c] is None for rid in ("new", "r1", "r7") for c in schema().t3_cols)


def test_ambiguous_row_is_reported_not_guessed(tmp_path):
    values = {"new": [1, 0, 10, 0, 0, 0, 11]}  # no other row to decide between the two readings
    report = _packed_report(tmp_path, values)
    assert all(v is None for v in report.tables["T3"]["new"].values())
    [anomaly] = [a for a in report.anomalies if a.code == "row_unreadable" and a.part == "P3"]
    assert anomaly.severity == "warning" and "2种可能" in anomaly.message


def test_ambiguous_t2_row_stays_blank(tmp_path):
    report = _packed_report(tmp_path, _seed_t3(), t2_line="规范性文件242427")
    assert report.tables["T2"]["gfxwj"] == {"made": None, "pub_new": None, "pub_total": None}
    assert any(a.code == "row_unreadable" and a.part == "P2" for a in report.anomalies)
