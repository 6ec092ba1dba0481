"""The audit pipeline in one call: file → Report → claims → findings. CLI and web call this."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor.boilerplate.index import CorpusIndex
from auditor.boilerplate.match import ReuseResult, find_reuse
from auditor.checks.config import AuditConfig, load_config
from auditor.checks.context import AuditContext
from auditor.checks.findings import SEVERITY_ORDER, Finding
from auditor.checks.registry import run_rules
from auditor.ingest import DEFAULT_MAX_BYTES
from auditor.model import Report
from auditor.nlp.channels import ChannelMention, extract_channels
from auditor.nlp.claims import Claim, extract_claims
from auditor.nlp.specificity import ParagraphSpecificity, part_five_specificity
from auditor.nlp.tagger import ParagraphTags, tag_report
from auditor.parse import parse_file


@dataclass(slots=True)
class Audit:
    report: Report
    findings: list[Finding]
    claims: list[Claim] = field(default_factory=list)
    channels: list[ChannelMention] = field(default_factory=list)
    tags: list[ParagraphTags] = field(default_factory=list)
    specificity: list[ParagraphSpecificity] = field(default_factory=list)
    not_run: tuple[str, ...] = ()  # checks without their input: "corpus_index", "previous_year"
    reuse: ReuseResult | None = None  # the corpus-index matches and measures (boilerplate share, stickiness)

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": self.report.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "claims": [c.to_dict() for c in self.claims],
            "channels": [c.to_dict() for c in self.channels],
            "tags": [t.to_dict() for t in self.tags],
            "specificity": [s.to_dict() for s in self.specificity],
            "not_run": list(self.not_run),
        }


@lru_cache(maxsize=1)
def _default_config() -> AuditConfig:
    return load_config()


def audit_report(report: Report, *, config: AuditConfig | None = None, previous: Report | None = None,
                 index: CorpusIndex | None = None) -> Audit:
    reuse = find_reuse(index, report) if index is not None else ReuseResult([])
    tags = tag_report(report)
    ctx = AuditContext(report, config or _default_config(), extract_claims(report), previous, reuse, tags,
                       part_five_specificity(report, tags))
    findings = run_rules(ctx)
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.rule))
    not_run = tuple(name for name, given in (("corpus_index", index), ("previous_year", previous)) if given is None)
    return Audit(report, findings, ctx.claims, extract_channels(report), tags, ctx.specificity, not_run, reuse)


def audit_file(path: str | Path, *, config: AuditConfig | None = None, previous: str | Path | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Audit:
    report = parse_file(path, max_bytes=max_bytes)
    prev = parse_file(previous, max_bytes=max_bytes) if previous else None
    return audit_report(report, config=config, previous=prev)


@dataclass(slots=True)
class Tagging:
    """What `auditor tag` shows: the paragraph tags, channels and specificity, without the rules."""

    report: Report
    tags: list[ParagraphTags]
    channels: list[ChannelMention]
    specificity: list[ParagraphSpecificity]

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.report.source, "tags": [t.to_dict() for t in self.tags],
                "channels": [c.to_dict() for c in self.channels],
                "specificity": [s.to_dict() for s in self.specificity]}


def tag_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Tagging:
    report = parse_file(path, max_bytes=max_bytes)
    tags = tag_report(report)
    return Tagging(report, tags, extract_channels(report), part_five_specificity(report, tags))
