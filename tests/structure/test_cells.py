"""Chinese cell names for finding messages: every cell id of the three tables has one."""

from __future__ import annotations

import json

from auditor.structure.cells import cell_name, cells_text
from auditor.structure.parts import FORMAT_DIR


def test_every_t3_and_t4_cell_has_a_printed_name():
    data = json.loads((FORMAT_DIR / "tables.json").read_text(encoding="utf-8"))
    t3 = [f"T3.{r[0]}.{c[0]}" for r in data["T3"]["rows"] for c in data["T3"]["cols"]]
    t4 = [f"T4.{g[0]}_{c[0]}" for g in data["T4"]["groups"] for c in data["T4"]["cols"]]
    assert len(t3) > 100 and len(t4) == 15
    assert all(cell_name(c).startswith("表三“") for c in t3) and all(cell_name(c).startswith("表四“") for c in t4)
    assert cell_name("T3.new.total") == "表三“一、本年新收政府信息公开申请数量”行“总计”栏"
    assert cell_name("T9.unknown") == "T9.unknown"


def test_cells_text_names_one_a_sum_or_the_first_few():
    one, two = "T3.new.total", "T3.carry_in.total"
    assert cells_text([one]) == cell_name(one)
    assert cells_text([one, two], sum_of=True) == f"{cell_name(one)}与{cell_name(two)}之和"
    assert cells_text([one, two]) == f"{cell_name(one)}、{cell_name(two)}"
    many = [f"T4.rv_{c}" for c in ("keep", "fix", "other", "pending", "total")]
    assert cells_text(many) == "、".join(cell_name(c) for c in many[:3]) + "等5格"
