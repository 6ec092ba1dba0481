"""What every rule may look at: the report, its narrative claims, the config, last year's report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from auditor.checks.config import AuditConfig
from auditor.checks.findings import CellEvidence
from auditor.model import Report
from auditor.boilerplate.match import ReuseResult
from auditor.nlp.claims import Claim
from auditor.nlp.specificity import ParagraphSpecificity
from auditor.nlp.tagger import ParagraphTags


@dataclass(slots=True)
class AuditContext:
    report: Report
    config: AuditConfig
    claims: list[Claim] = field(default_factory=list)
    previous: Report | None = None
    reuse: ReuseResult = field(default_factory=lambda: ReuseResult([]))  # with a corpus index (--index)
    tags: list[ParagraphTags] = field(default_factory=list)  # one per narrative paragraph
    specificity: list[ParagraphSpecificity] = field(default_factory=list)  # problem/measure paragraphs

    def tagged(self, part_id: str, tag: str, *, at_least: float | None = None) -> list[ParagraphTags]:
        """Paragraphs of a part given `tag`; with `at_least`, also those whose probability for it reaches
        that, unless the labelling guidelines rule it out (`ParagraphTags.withheld`)."""
        return [t for t in self.tags if t.part == part_id and (
            tag in t.labels or (at_least is not None and t.scores[tag] >= at_least and tag not in t.withheld))]

    def evidence(self, *cell_ids: str) -> tuple[CellEvidence, ...]:
        out = []
        for cid in cell_ids:
            cell = self.report.cells.get(cid)
            out.append(CellEvidence(cid, cell.raw if cell else None, cell.value if cell else None,
                                    bool(cell and cell.inferred)))
        return tuple(out)

    def values(self, *cell_ids: str) -> list[Decimal | None]:
        return [self.report.value(cid) for cid in cell_ids]

    def text_of(self, part_id: str) -> str:
        part = self.report.part(part_id)
        return "\n".join(p.text for p in part.paragraphs) if part else ""

    def all_paragraphs(self):
        """(part id, paragraph) over the preamble, the parts and the closing, in order."""
        yield from self.report.narrative()
        for p in self.report.closing:
            yield "closing", p
