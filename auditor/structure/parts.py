"""Find the six parts by their titles, in order, without taking numbered sub-items for parts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from auditor.normalize import squeeze
from auditor.structure.rows import Row

FORMAT_DIR = Path(__file__).resolve().parents[2] / "corpora" / "format"
PART_IDS = ("P1", "P2", "P3", "P4", "P5", "P6")
_NUMBERED = re.compile(r"^(?:第)?([一二三四五六七八九十])(?:部分)?[、.,:：\s]\s*(.*)$")
_MIN_SCORE = 82


@dataclass(frozen=True, slots=True)
class PartTitles:
    numeral: str
    titles: tuple[str, ...]
    old: tuple[str, ...]


@lru_cache(maxsize=1)
def part_titles() -> dict[str, PartTitles]:
    data = json.loads((FORMAT_DIR / "parts.json").read_text(encoding="utf-8"))
    return {
        pid: PartTitles(spec["numeral"], tuple(map(squeeze, spec["titles"])),
                        tuple(map(squeeze, spec["old"])))
        for pid, spec in data.items() if pid in PART_IDS
    }


@dataclass(frozen=True, slots=True)
class TitleMatch:
    part: str
    row: int  # index into the row list
    score: float
    numeral: str | None  # numeral as written, if any
    old: bool


def title_score(text: str, spec: PartTitles) -> tuple[float, bool]:
    best, old = 0.0, False
    for variants, is_old in ((spec.titles, False), (spec.old, True)):
        for variant in variants:
            score = fuzz.ratio(text, variant)
            if variant in text and len(text) <= len(variant) + 6:
                score = max(score, 95.0)
            if score > best:
                best, old = score, is_old
    return best, old


def find_parts(rows: list[Row]) -> list[TitleMatch]:
    """Title lines in order. A line counts only if it is short running text (not a table row),
    its words match a part title, and it comes after the previous part found; a numbered
    sub-item such as `二、规范公开流程` inside part 一 matches no title and is left alone."""
    specs = part_titles()
    found: list[TitleMatch] = []
    next_index = 0
    for i, row in enumerate(rows):
        if row.kind == "row" or not row.text or len(row.text) > 48:
            continue
        text = squeeze(row.text).rstrip("。.:：")
        if text.startswith(("(", "（")) or re.match(r"\d", text):
            continue
        m = _NUMBERED.match(text)
        numeral, rest = (m.group(1), m.group(2)) if m else (None, text)
        for j in range(next_index, len(PART_IDS)):
            pid = PART_IDS[j]
            spec = specs[pid]
            score, old = title_score(rest, spec)
            if score < _MIN_SCORE:
                continue
            if numeral is not None and numeral != spec.numeral and score < 95:
                continue
            if numeral is None and score < 95:
                continue
            found.append(TitleMatch(pid, i, score, numeral, old))
            next_index = j + 1
            break
    return found
