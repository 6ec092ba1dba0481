"""The three standard tables' cell ids and labels (DOMAIN.md section 3), loaded from corpora/format."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from auditor.normalize import squeeze
from auditor.structure.parts import FORMAT_DIR

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、])")
_PAREN = re.compile(r"\([^()]*\)?")


@lru_cache(maxsize=8192)
def label_core(label: str) -> str:
    """A row label reduced to its words: no ordinals, bracketed explanations, spaces or quotes."""
    text = squeeze(label)
    text = _PAREN.sub("", text)
    while True:
        stripped = _ORDINAL.sub("", text)
        if stripped == text:
            break
        text = stripped
    return re.sub(r"[\"'“”、.,:;：。]", "", text)


def label_ordinal(label: str) -> str | None:
    """The ordinal a label starts with, as written: '1', '三' … (None when it has none)."""
    text = squeeze(label)
    m = re.match(r"^(?:\(([一二三四五六七八九十\d]+)\)|([一二三四五六七八九十]+)[、.]|(\d+)[.、])", text)
    if not m:
        return None
    return next(g for g in m.groups() if g)


def table_version(format_version: str, year: int | None) -> str:
    """Whose rows the tables are read (and drawn) with: the detected format, else the one in force
    for the report year (2021 format from Y = 2021)."""
    if format_version in ("2019", "2021"):
        return format_version
    return "2021" if (year or 0) >= 2021 else "2019"


@dataclass(frozen=True, slots=True)
class T2Row:
    id: str
    label: str
    core: str
    cols: tuple[str, ...]
    money: frozenset[str]


@dataclass(frozen=True, slots=True)
class T3Row:
    id: str
    label: str
    core: str
    ordinal: str | None
    optional: bool = False  # the 2019-style single （六） row met in a 2021 table


@dataclass(frozen=True, slots=True)
class Schema:
    t2: dict[str, tuple[T2Row, ...]]  # version → rows
    t3_rows: dict[str, tuple[T3Row, ...]]  # version → rows in table order
    t3_cols: tuple[str, ...]
    t4_cells: tuple[str, ...]


@lru_cache(maxsize=1)
def tables_spec() -> dict[str, Any]:
    """corpora/format/tables.json as written: each table's row and column ids with their printed labels."""
    return json.loads((FORMAT_DIR / "tables.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def schema() -> Schema:
    data = tables_spec()
    t2: dict[str, tuple[T2Row, ...]] = {}
    for version in ("2019", "2021"):
        rows = []
        for block in data[f"T2v{version[2:]}"]:
            cols = tuple(c for c, _ in block["cols"])
            money = frozenset(block.get("money", ()))
            rows.extend(T2Row(rid, label, label_core(label), cols, money) for rid, label in block["rows"])
        t2[version] = tuple(rows)
    t3: dict[str, tuple[T3Row, ...]] = {}
    for version in ("2019", "2021"):
        rows = []
        for rid, label, scope in data["T3"]["rows"]:
            if scope in ("both", version):
                rows.append(T3Row(rid, label, label_core(label), label_ordinal(label)))
            elif version == "2021" and rid == "r6":
                rows.append(T3Row(rid, label, label_core(label), label_ordinal(label), optional=True))
        t3[version] = tuple(rows)
    groups = tuple(g for g, _ in data["T4"]["groups"])
    cols = tuple(c for c, _ in data["T4"]["cols"])
    t4 = tuple(f"{g}_{c}" for g in groups for c in cols)
    return Schema(t2, t3, tuple(c for c, _ in data["T3"]["cols"]), t4)
