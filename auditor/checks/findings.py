"""Findings: frozen records of what a rule found, with location, evidence, expected and found.

The Chinese message is rendered from the rule's template only at output time, so a finding stays
data (rule id, named values) that tests and scores can use without parsing text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from auditor.model import number_json

Category = Literal["table_arithmetic", "narrative_vs_table", "narrative_internal", "missing_value",
                   "format_version", "completeness", "timeliness", "metadata", "plausibility", "unit",
                   "copied_text", "boilerplate", "generic_content"]
Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class CellEvidence:
    id: str
    raw: str | None
    value: Decimal | None
    inferred: bool = False  # the value came from the table's arithmetic, not from the cell's text

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "raw": self.raw, "value": number_json(self.value), "inferred": self.inferred}

    def shown(self) -> str:
        """How a person should see the cell: as printed, or the inferred value said as such."""
        if self.raw not in (None, ""):
            return self.raw  # type: ignore[return-value]
        if self.value is not None:
            return f"{fmt(self.value)}（据勾稽关系推断）" if self.inferred else fmt(self.value)
        return "空"


@dataclass(frozen=True, slots=True)
class Location:
    part: str | None = None  # "P1".."P6", "preamble", "closing" or None for the whole report
    paragraph: int | None = None
    cells: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "paragraph": self.paragraph, "cells": list(self.cells)}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: Category
    severity: Severity
    location: Location
    quote: str | None = None  # the sentence as printed, when the evidence is text
    cells: tuple[CellEvidence, ...] = ()  # the cells, with their raw text, when it is the tables
    expected: str | None = None
    found: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    version: int = 1

    @property
    def message(self) -> str:
        from auditor.checks.registry import RULES

        return RULES[self.rule].render(self.params)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_dict(),
            "evidence": {"quote": self.quote, "cells": [c.to_dict() for c in self.cells]},
            "expected": self.expected,
            "found": self.found,
            "rule_version": self.version,
        }


def fmt(value: Decimal | int | None) -> str:
    """A number as a person writes it: no exponent, no trailing zeros; blank as 空."""
    if value is None:
        return "空"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)
