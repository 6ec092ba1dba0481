"""Audit configuration: rule switches and severities, deadlines, plausibility limits (TOML)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditor.errors import ReadError
from auditor.structure.parts import FORMAT_DIR

DEFAULTS = FORMAT_DIR / "audit.toml"
_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class RuleSetting:
    enabled: bool = True
    severity: str | None = None


@dataclass(slots=True)
class AuditConfig:
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    deadlines: dict[str, str] = field(default_factory=dict)
    plausibility: dict[str, Any] = field(default_factory=dict)

    def rule(self, rule_id: str) -> RuleSetting:
        return self.rules.get(rule_id, RuleSetting())

    def deadline(self, level: str | None, year: int) -> date:
        """Deadline for publishing the report on year `year` (a date in year+1)."""
        month_day = self.deadlines.get(level or "", self.deadlines.get("default", "01-31"))
        month, day = (int(x) for x in month_day.split("-"))
        return date(year + 1, month, day)

    def limit(self, name: str, level: str | None) -> Any:
        table = self.plausibility.get(name, {})
        return table.get(level or "", table.get("default"))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) \
            else value
    return out


def load_config(path: str | Path | None = None) -> AuditConfig:
    data = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ReadError(path, "config file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ReadError(path, f"config is not valid TOML ({exc})") from None
        data = _merge(data, user)
    rules = {}
    for rule_id, setting in data.get("rules", {}).items():
        severity = setting.get("severity")
        if severity is not None and severity not in _SEVERITIES:
            raise ReadError(path or DEFAULTS, f"rule {rule_id}: severity must be one of {_SEVERITIES}")
        rules[rule_id] = RuleSetting(bool(setting.get("enabled", True)), severity)
    return AuditConfig(rules, dict(data.get("deadlines", {})), dict(data.get("plausibility", {})))
