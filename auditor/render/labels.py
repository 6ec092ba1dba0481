"""Chinese names for what findings point at: parts, table cells, rules (for notes and rankings)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from auditor.structure.parts import FORMAT_DIR

PART_NAMES = {"preamble": "报告开头", "closing": "报告结尾", "P1": "第一部分（总体情况）",
              "P2": "第二部分（主动公开政府信息情况）", "P3": "第三部分（收到和处理政府信息公开申请情况）",
              "P4": "第四部分（政府信息公开行政复议、行政诉讼情况）", "P5": "第五部分（存在的主要问题及改进情况）",
              "P6": "第六部分（其他需要报告的事项）"}
TABLE_NAMES = {"T2": "表二", "T3": "表三", "T4": "表四"}


@lru_cache(maxsize=1)
def _cell_names() -> dict[str, str]:
    data = json.loads((FORMAT_DIR / "tables.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for version in ("T2v19", "T2v21"):
        for block in data[version]:
            for rid, rlabel in block["rows"]:
                for cid, clabel in block["cols"]:
                    names.setdefault(f"T2.{rid}.{cid}", f"表二“{rlabel}”行“{clabel}”栏")
    cols = dict(data["T3"]["cols"])
    for rid, rlabel, _ in data["T3"]["rows"]:
        short = rlabel.split("（区分")[0]
        for cid, clabel in cols.items():
            names[f"T3.{rid}.{cid}"] = f"表三“{short}”行“{clabel}”栏"
    for gid, glabel in data["T4"]["groups"]:
        for cid, clabel in data["T4"]["cols"]:
            names[f"T4.{gid}_{cid}"] = f"表四“{glabel}”的“{clabel}”栏"
    return names


def cell_name(cell_id: str) -> str:
    """`T3.new.total` → 表三“一、本年新收政府信息公开申请数量”行“总计”栏 (the id itself when unknown)."""
    return _cell_names().get(cell_id, cell_id)


def location_text(location: dict[str, Any]) -> str:
    """A finding's location as a reader finds it: part, paragraph (counted from 1), cells."""
    bits = []
    part = location.get("part")
    if part:
        bits.append(PART_NAMES.get(part, part))
    if location.get("paragraph") is not None:
        bits.append(f"第{location['paragraph'] + 1}段")
    cells = location.get("cells") or []
    if cells:
        shown = "、".join(cell_name(c) for c in cells[:5])
        bits.append(shown + (f"等{len(cells)}格" if len(cells) > 5 else ""))
    return "，".join(bits) if bits else "全文"
