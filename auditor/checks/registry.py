"""The one registry of rules: a rule is a decorated function whose docstring is the rule text.

A rule yields `Hit`s; the registry turns them into `Finding`s with the rule's id, category and
(configurable) severity. `auditor rules` prints this registry.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditor.checks.findings import Category, CellEvidence, Finding, Location, Severity

if TYPE_CHECKING:
    from auditor.checks.context import AuditContext


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports; the registry adds identity and severity."""

    location: Location
    params: dict[str, Any] = field(default_factory=dict)
    quote: str | None = None
    cells: tuple[CellEvidence, ...] = ()
    expected: str | None = None
    found: str | None = None
    severity: Severity | None = None  # a rule may raise or lower its own default per case


RuleFunc = Callable[["AuditContext"], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: Category
    severity: Severity
    title: str  # short Chinese name
    template: str  # Chinese message with {named} values
    func: RuleFunc
    version: int = 1

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    def render(self, params: dict[str, Any]) -> str:
        try:
            return self.template.format(**params)
        except (KeyError, IndexError, ValueError):
            return f"{self.title}（{params}）"


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, category: Category, severity: Severity, title: str, message: str,
         version: int = 1) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        if not func.__doc__:
            raise ValueError(f"rule {rule_id} needs a docstring: it is the rule's text")
        RULES[rule_id] = Rule(rule_id, category, severity, title, message, func, version)
        return func

    return register


def load_rules() -> dict[str, Rule]:
    """Import every rule module (registration happens at import)."""
    from auditor.checks import content, document, narrative, reuse, tables  # noqa: F401

    return RULES


def run_rules(ctx: AuditContext) -> list[Finding]:
    findings: list[Finding] = []
    for rule_obj in load_rules().values():
        setting = ctx.config.rule(rule_obj.id)
        if not setting.enabled:
            continue
        for hit in rule_obj.func(ctx):
            severity = setting.severity or hit.severity or rule_obj.severity
            findings.append(Finding(rule_obj.id, rule_obj.category, severity, hit.location, hit.quote,
                                    hit.cells, hit.expected, hit.found, hit.params, rule_obj.version))
    return findings
