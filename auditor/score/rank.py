"""Ranking within groups (a body → county/district mapping, else the whole batch); ties by error count."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.errors import ReadError
from auditor.score.scoring import ReportScore

WHOLE_BATCH = "全部"


@dataclass(frozen=True, slots=True)
class RankedRow:
    rank: int  # 1 is best; equal total and equal error count share a rank
    group: str
    body: str | None
    year: int | None
    source: str
    total: float
    subscores: dict[str, float]  # key → score, in the config's order
    errors: int
    warnings: int
    main_problems: tuple[str, ...]  # rule ids that cost the most points

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "group": self.group, "body": self.body, "year": self.year, "source": self.source,
                "total": self.total, "subscores": dict(self.subscores), "errors": self.errors,
                "warnings": self.warnings, "main_problems": list(self.main_problems)}


def load_groups(path: str | Path) -> dict[str, str]:
    """A CSV of `单位,分组` rows (a header row is allowed) → {body name: group}."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReadError(path, "groups file not found") from None
    except UnicodeDecodeError:
        raise ReadError(path, "groups file is not UTF-8 text") from None
    groups: dict[str, str] = {}
    for row in csv.reader(text.splitlines()):
        cells = [c.strip() for c in row]
        if len(cells) < 2 or not cells[0] or not cells[1] or cells[0] in ("单位", "body", "名称"):
            continue
        groups[cells[0]] = cells[1]
    if not groups:
        raise ReadError(path, "groups file has no 单位,分组 rows")
    return groups


def group_of(body: str | None, groups: Mapping[str, str] | None) -> str:
    """The body's group: an exact name, else the longest listed name inside it (or it inside one)."""
    if not groups:
        return WHOLE_BATCH
    if not body:
        return "未分组"
    if body in groups:
        return groups[body]
    near = [name for name in groups if name in body or body in name]
    return groups[max(near, key=len)] if near else "未分组"


def rank(scores: Iterable[ReportScore], groups: Mapping[str, str] | None = None) -> list[RankedRow]:
    """Rows ordered by group, then rank: total descending, ties broken by fewer errors."""
    by_group: dict[str, list[ReportScore]] = {}
    for s in scores:
        by_group.setdefault(group_of(s.body, groups), []).append(s)
    rows: list[RankedRow] = []
    for group in sorted(by_group):
        ordered = sorted(by_group[group], key=lambda s: (-s.total, s.errors, s.warnings, s.body or "", s.source))
        previous: tuple[float, int] | None = None
        place = 0
        for position, s in enumerate(ordered, 1):
            if (s.total, s.errors) != previous:
                place, previous = position, (s.total, s.errors)
            rows.append(RankedRow(place, group, s.body, s.year, s.source, s.total,
                                  {k: sub.score for k, sub in s.subscores.items()}, s.errors, s.warnings,
                                  tuple(s.main_problems())))
    return rows
