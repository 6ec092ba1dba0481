"""Reading one table cell: a number (with sign, separators, unit), a blank marker, or text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import Literal

from auditor.normalize import squeeze

_NUMBER = re.compile(
    r"^(?P<sign>[+\-])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|元|个|件|条|项|次|人次|宗|起|篇|份|%)?$")
_BLANKS = {"", "/", "\\", "-", "--", "---", "—", "——", "无", "空", "×", "x", "X", "暂无", "null"}


@dataclass(frozen=True, slots=True)
class CellReading:
    kind: Literal["number", "blank", "text"]
    value: Decimal | None = None
    unit: str | None = None


@lru_cache(maxsize=16384)
def read_cell(raw: str | None) -> CellReading:
    if raw is None:
        return CellReading("blank")
    text = squeeze(raw).replace("，", ",")
    if text in _BLANKS:
        return CellReading("blank")
    m = _NUMBER.match(text)
    if not m:
        return CellReading("text")
    try:
        value = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:
        return CellReading("text")
    if m.group("sign") == "-":
        value = -value
    return CellReading("number", value, m.group("unit"))
