"""Reuse of a report's paragraphs across an indexed corpus, verified with rapidfuzz.

Kinds kept apart: `copied` (a long span shared with one or a few specific other bodies' reports),
`sticky` (shared with the same body's report of another year), `boilerplate` (shared with many
bodies). Fingerprints of the format's own wording (corpora/format/template_wording.txt) are removed
before candidates are looked up, so template text never makes a match.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from auditor.boilerplate.fingerprint import fingerprints, kgram_hashes, normalise_for_reuse
from auditor.boilerplate.index import MIN_CHARS, CorpusIndex, IndexedParagraph, report_paragraphs
from auditor.model import Report
from auditor.structure.parts import FORMAT_DIR

ReuseKind = Literal["copied", "sticky", "boilerplate"]


@dataclass(frozen=True, slots=True)
class ReuseMatch:
    kind: ReuseKind
    part: str
    paragraph: int
    text: str
    similarity: float  # rapidfuzz score 0–100 on the normalised texts (partial for spans)
    aligned_chars: int  # length of the shared span in normalised characters
    source: str
    source_body: str | None
    source_year: int | None
    source_part: str
    source_paragraph: int
    source_text: str
    bodies_sharing: int  # how many distinct other bodies share this paragraph

    def to_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__slots__}


@lru_cache(maxsize=1)
def template_hashes(k: int = 6) -> frozenset[int]:
    lines = (FORMAT_DIR / "template_wording.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(h for line in lines if not line.startswith("#")
                     for h in kgram_hashes(normalise_for_reuse(line), k))


def _verify(norm: str, other: IndexedParagraph, *, min_similarity: float,
            min_chars: int) -> tuple[float, int] | None:
    """Similarity and shared length of two normalised paragraphs, or None when below the bar."""
    score = fuzz.ratio(norm, other.norm)
    if score >= min_similarity:
        return score, min(len(norm), len(other.norm))
    short, long_ = (norm, other.norm) if len(norm) <= len(other.norm) else (other.norm, norm)
    if len(short) < min_chars:
        return None
    alignment = fuzz.partial_ratio_alignment(short, long_, score_cutoff=min_similarity)
    if alignment is None:
        return None
    span = alignment.src_end - alignment.src_start
    return (alignment.score, span) if span >= min_chars else None


def find_reuse(index: CorpusIndex, report: Report, *, min_chars: int = 40, min_similarity: float = 85.0,
               copy_max_bodies: int = 3) -> list[ReuseMatch]:
    own = index.report_id(report.source)
    template = template_hashes()
    matches: list[ReuseMatch] = []
    for part, idx, text in report_paragraphs(report):
        norm = normalise_for_reuse(text)
        if len(norm) < max(min_chars, MIN_CHARS):
            continue
        hashes = {h for _, h in fingerprints(text)} - template
        if not hashes:
            continue
        found: list[tuple[IndexedParagraph, float, int]] = []
        for other, _shared in index.candidates(hashes, exclude_report=own, min_shared=max(2, len(hashes) // 5)):
            verified = _verify(norm, other, min_similarity=min_similarity, min_chars=min_chars)
            if verified:
                found.append((other, *verified))
        if not found:
            continue
        bodies = {o.body or o.source for o, _, _ in found if o.body != report.body}
        for other, score, span in found:
            if report.body and other.body == report.body:
                if other.year == report.year:
                    continue  # the same report filed twice, not reuse
                kind: ReuseKind = "sticky"
            elif len(bodies) <= copy_max_bodies:
                kind = "copied"
            else:
                kind = "boilerplate"
            matches.append(ReuseMatch(kind, part, idx, text, round(score, 1), span, other.source, other.body,
                                      other.year, other.part, other.idx, other.text, len(bodies)))
    return matches
