"""Score configuration: severity points, sub-scores and their categories, per-rule points and caps (TOML)."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.checks.config import _merge
from auditor.errors import ReadError
from auditor.structure.parts import FORMAT_DIR

DEFAULTS = FORMAT_DIR / "scoring.toml"


@dataclass(frozen=True, slots=True)
class AlsoCosts:
    """A finding mapped elsewhere that costs points in this sub-score too."""

    rule: str
    part: str | None
    points: float


@dataclass(frozen=True, slots=True)
class SubScoreSpec:
    key: str
    label: str
    max: float
    categories: tuple[str, ...]
    tables: tuple[str, ...] = ()
    also: tuple[AlsoCosts, ...] = ()
    needs: tuple[str, ...] = ()  # checks it depends on that an audit may not have run (Audit.not_run)


@dataclass(frozen=True, slots=True)
class RuleScore:
    points: float | None = None
    cap: float | None = None
    subscore: str | None = None
    scale_by: str | None = None
    unit: float = 1.0


@dataclass(frozen=True, slots=True)
class ScoreConfig:
    severity_points: dict[str, float]
    subscores: tuple[SubScoreSpec, ...]
    rules: dict[str, RuleScore] = field(default_factory=dict)
    rule_cap: float = 16.0
    uncertain_anomalies: frozenset[str] = frozenset()
    missing_table_anomalies: frozenset[str] = frozenset()
    digest: str = ""  # hash of the settings: a batch re-scores when it changes

    def rule(self, rule_id: str) -> RuleScore:
        return self.rules.get(rule_id, RuleScore())

    def subscore_for(self, rule_id: str, category: str) -> str | None:
        """The sub-score a finding's points go to: the rule's own setting, else its category's."""
        override = self.rule(rule_id).subscore
        if override:
            return override
        return next((s.key for s in self.subscores if category in s.categories), None)


def load_score_config(path: str | Path | None = None) -> ScoreConfig:
    """The defaults in corpora/format/scoring.toml, overridden by the TOML file at `path`."""
    data = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    if path is not None:
        try:
            data = _merge(data, tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise ReadError(path, "score config file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ReadError(path, f"score config is not valid TOML ({exc})") from None
    where = path or DEFAULTS
    try:
        subscores = tuple(
            SubScoreSpec(key, str(s["label"]), float(s["max"]), tuple(s.get("categories", ())),
                         tuple(s.get("tables", ())),
                         tuple(AlsoCosts(a["rule"], a.get("part"), float(a["points"])) for a in s.get("also", ())),
                         tuple(s.get("needs", ())))
            for key, s in data["subscores"].items())
        rules = {rid: RuleScore(r.get("points"), r.get("cap"), r.get("subscore"), r.get("scale_by"),
                                float(r.get("unit", 1))) for rid, r in data.get("rules", {}).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ReadError(where, f"score config: bad sub-score or rule setting ({exc})") from None
    keys = {s.key for s in subscores}
    for rid, r in rules.items():
        if r.subscore is not None and r.subscore not in keys:
            raise ReadError(where, f"score config: rule {rid} names unknown sub-score {r.subscore!r}")
    reading = data.get("reading", {})
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return ScoreConfig({k: float(v) for k, v in data["severity_points"].items()}, subscores, rules,
                       float(data.get("defaults", {}).get("rule_cap", 16)),
                       frozenset(reading.get("uncertain_anomalies", ())),
                       frozenset(reading.get("missing_table_anomalies", ())), digest)


def config_dict(config: ScoreConfig) -> dict[str, Any]:
    """The sub-scores' labels and maxima, for outputs that show the columns of a score."""
    return {s.key: {"label": s.label, "max": s.max} for s in config.subscores}
