"""Chinese names of the three tables' cells, as a reader finds them in the printed table (for
finding messages, notes and rankings): `T3.new.total` → 表三“一、本年新收政府信息公开申请数量”行“总计”栏."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from auditor.structure.schema import tables_spec


@lru_cache(maxsize=1)
def _cell_names() -> dict[str, str]:
    data = tables_spec()
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


def cells_text(cell_ids: Sequence[str], *, sum_of: bool = False, most: int = 3) -> str:
    """Cells named for a sentence: one name; up to `most` as a list (甲、乙) or, `sum_of`, as a sum
    (甲与乙之和); more as the first `most` and how many there are (甲、乙、丙等8格)."""
    names = [cell_name(c) for c in cell_ids]
    if len(names) > most:
        return "、".join(names[:most]) + f"等{len(names)}格"
    if sum_of and len(names) > 1:
        return "与".join(names) + "之和"
    return "、".join(names)
