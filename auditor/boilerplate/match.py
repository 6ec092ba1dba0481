"""Reuse of a report's paragraphs across an indexed corpus, verified and aligned with rapidfuzz.

Kinds kept apart (issue 5): `copied` — a span of ≥ 40 characters, ≥ 85% similar, shared with one to
three other bodies' reports; `sticky` — shared with the same body's report of another year (and
at most three other bodies); `widespread` — a verified paragraph match shared by more bodies; `boilerplate` — a
sentence made of phrases found in 30–75% of the corpus's reports (after Lang & Stice-Lawrence). The
format's own wording (corpora/format/template_wording.txt) never takes part: its fingerprints are
removed before anything is looked up.

Candidates are paragraphs sharing at least `min_shared` *rare* fingerprints (held by few reports);
each candidate is then verified: the whole paragraphs by `fuzz.ratio`, else sentence by sentence
(each sentence's best counterpart by `fuzz.ratio`), so reordered sentences and a copied part of a
paragraph are found too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from auditor.boilerplate.fingerprint import KGRAM, kgram_hashes, normalise_for_reuse, sentences_covering
from auditor.boilerplate.index import CorpusIndex, PreparedParagraph, prepare
from auditor.model import Report
from auditor.structure.parts import FORMAT_DIR

ReuseKind = Literal["copied", "sticky", "widespread", "boilerplate"]
MIN_CORPUS = 20  # the boilerplate share needs a corpus: fewer reports give no share
BOILERPLATE_SHARE = (0.30, 0.75)  # a phrase in this share of reports is common (beyond: template)
BOILERPLATE_PER_REPORT = 5.0  # … or one used this often per report on average
# A fingerprint is a 6-character phrase, shorter than the four words Lang & Stice-Lawrence use:
# "a sentence holding one" marks nearly every sentence of these reports, so a boilerplate sentence
# is one made of common phrases (this share of its fingerprints).
BOILERPLATE_MADE_OF = 0.5


@dataclass(frozen=True, slots=True)
class Span:
    """Matched characters [start, end) of the normalised paragraph and of its source."""

    start: int
    end: int
    source_start: int
    source_end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end, "source_start": self.source_start,
                "source_end": self.source_end}


@dataclass(frozen=True, slots=True)
class Alignment:
    similarity: float  # 0–100, weighted by matched characters
    chars: int  # matched characters of the first paragraph
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ReuseMatch:
    kind: ReuseKind
    part: str
    paragraph: int
    text: str  # the paragraph as printed
    similarity: float
    aligned_chars: int  # matched normalised characters of this paragraph
    spans: tuple[Span, ...]
    sharing: int  # other bodies sharing the paragraph; for boilerplate, reports holding the phrase
    source: str = ""  # nothing for boilerplate: the corpus is the source
    source_body: str | None = None
    source_year: int | None = None
    source_part: str = ""
    source_paragraph: int = -1
    source_text: str = ""

    def quoted(self) -> str:
        """This paragraph's matched text (normalised), spans joined by …"""
        norm = normalise_for_reuse(self.text)
        return "…".join(norm[s.start:s.end] for s in self.spans)

    def source_quoted(self) -> str:
        norm = normalise_for_reuse(self.source_text)
        return "…".join(norm[s.source_start:s.source_end] for s in self.spans)

    def shown(self) -> str:
        """This paragraph's matched sentences as printed (the quoted spans are normalised text)."""
        return "…".join(sentences_covering(self.text, s.start, s.end) for s in self.spans)

    def source_shown(self) -> str:
        return "…".join(sentences_covering(self.source_text, s.source_start, s.source_end) for s in self.spans)

    def to_dict(self) -> dict[str, object]:
        out = {k: getattr(self, k) for k in self.__slots__}
        out["spans"] = [s.to_dict() for s in self.spans]
        return out


class ReuseResult(list[ReuseMatch]):
    """The matches of one report, carrying its measures: the boilerplate share (None below
    MIN_CORPUS reports) and stickiness per part against the same body's previous-year report."""

    def __init__(self, matches: list[ReuseMatch], *, boilerplate_share: float | None = None,
                 stickiness: dict[str, float] | None = None) -> None:
        super().__init__(matches)
        self.boilerplate_share = boilerplate_share
        self.stickiness = stickiness or {}


@lru_cache(maxsize=1)
def template_hashes(k: int = 6) -> frozenset[int]:
    lines = (FORMAT_DIR / "template_wording.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(h for line in lines if not line.startswith("#")
                     for h in kgram_hashes(normalise_for_reuse(line), k))


def _sentences(norm: str, cuts: tuple[int, ...]) -> list[tuple[int, int]]:
    starts = (0, *cuts[:-1])
    return [(s, e) for s, e in zip(starts, cuts) if e > s]


def align(norm: str, cuts: tuple[int, ...], other: str, other_cuts: tuple[int, ...], *,
          min_similarity: float = 85.0, min_chars: int = 40, min_sentence: int = 8,
          counted: Sequence[bool] | None = None) -> Alignment | None:
    """Which spans of `norm` match `other`, or None when fewer than `min_chars` characters do.

    Whole paragraphs first (`fuzz.ratio` ≥ min_similarity, both ≥ min_chars); else every sentence of
    `norm` of ≥ min_sentence characters against its best sentence of `other`; consecutive matched
    sentences make one span. `counted` (one flag per sentence of `norm`) leaves sentences out of
    the matched characters: boilerplate matches everywhere and is evidence of no particular copy."""
    mine = _sentences(norm, cuts)
    weight = [e - s if counted is None or counted[i] else 0 for i, (s, e) in enumerate(mine)]
    if len(norm) >= min_chars and len(other) >= min_chars and sum(weight) >= min_chars:
        score = fuzz.ratio(norm, other, score_cutoff=min_similarity)
        if score:
            return Alignment(score, sum(weight), (Span(0, len(norm), 0, len(other)),))
    theirs = _sentences(other, other_cuts)
    choices = [other[s:e] for s, e in theirs]
    runs: list[list[tuple[int, int, int, int, float]]] = []
    last = -2
    for i, (s, e) in enumerate(mine):
        if e - s < min_sentence or not weight[i]:
            continue
        best = process.extractOne(norm[s:e], choices, scorer=fuzz.ratio, score_cutoff=min_similarity)
        if best is None:
            continue
        os_, oe = theirs[best[2]]
        if i == last + 1 and runs:
            runs[-1].append((s, e, os_, oe, best[1]))
        else:
            runs.append([(s, e, os_, oe, best[1])])
        last = i
    chars = sum(e - s for run in runs for s, e, *_ in run)
    if chars < min_chars:
        return None
    score = sum((e - s) * sc for run in runs for s, e, _, _, sc in run) / chars
    spans = tuple(Span(run[0][0], run[-1][1], min(r[2] for r in run), max(r[3] for r in run)) for run in runs)
    return Alignment(score, chars, spans)


def rare_limit(reports: int) -> int:
    """A fingerprint held by more reports than this says nothing about copying from one or a few."""
    return max(12, reports // 100)


def rare_prints(index: CorpusIndex, paragraphs: list[PreparedParagraph], reports: int,
                ) -> tuple[dict[int, tuple[int, int]], set[int]]:
    """The index's frequencies of the paragraphs' fingerprints (the format's wording left out) and
    the rare ones among them, in an index of `reports` reports."""
    hashes = set().union(*(p.hashes for p in paragraphs)) - template_hashes() if paragraphs else set()
    counts = index.frequencies(hashes)
    limit = rare_limit(reports)
    return counts, {h for h in hashes if counts.get(h, (0, 0))[0] <= limit}


def find_reuse(index: CorpusIndex, report: Report, *, min_chars: int = 40, min_similarity: float = 85.0,
               copy_max_bodies: int = 3, min_shared: int = 3) -> ReuseResult:
    own = index.report_id(report.source)
    template = template_hashes()
    paragraphs = prepare(report)
    reports = index.report_count()
    counts, rare = rare_prints(index, paragraphs, reports)
    matches: list[ReuseMatch] = []
    probes = [p.hashes & rare if len(p.norm) >= min_chars else set() for p in paragraphs]
    candidates = index.candidates_many(probes, exclude_report=own, min_shared=min_shared)
    for i, p in enumerate(paragraphs):
        if i not in candidates:
            continue
        counted = evidence(p, rare)
        found = []
        for other, _shared in candidates[i]:
            if report.body and other.body == report.body and other.year == report.year:
                continue  # the same report filed twice, not reuse
            aligned = align(p.norm, p.cuts, other.norm, other.cuts, min_similarity=min_similarity,
                            min_chars=min_chars, counted=counted)
            if aligned:
                found.append((other, aligned))
        bodies = {o.body or o.source for o, _ in found if not report.body or o.body != report.body}
        for other, aligned in found:
            kind: ReuseKind = "widespread"  # shared by many bodies: not a copy, nor the body's own
            if len(bodies) <= copy_max_bodies:
                kind = "sticky" if report.body and other.body == report.body else "copied"
            matches.append(ReuseMatch(kind, p.part, p.idx, p.text, round(aligned.similarity, 1), aligned.chars,
                                      aligned.spans, len(bodies), other.source, other.body, other.year, other.part,
                                      other.idx, other.text))
    share = None
    if reports >= MIN_CORPUS:
        common = _common(counts, reports, template)
        boilerplate = [m for p in paragraphs for m in _boilerplate(p, common, template)]
        matches += boilerplate
        total = sum(len(p.norm) for p in paragraphs)  # headings and other short lines are left out
        share = sum(m.aligned_chars for m in boilerplate) / total if total else 0.0
    return ReuseResult(matches, boilerplate_share=share, stickiness=stickiness(index, report, paragraphs))


EVIDENCE_SHARE = 0.25  # a sentence shows a copy when this share of its fingerprints is rare


def evidence(p: PreparedParagraph, rare: set[int], *, share: float = EVIDENCE_SHARE) -> list[bool]:
    """Per sentence: are at least `share` of its fingerprints, and of the paragraph's, rare? Text many
    reports share (boilerplate, the format's wording, a common paragraph with only the place name
    changed) shows no copy from one or a few.

    A sentence's fingerprints are the k-grams wholly inside it: one that runs into the next sentence
    is rare whenever two common sentences happen to stand side by side, which says nothing of the
    sentence, and `align` compares sentences without their neighbours. A sentence too short to be
    sure of holding one (winnowing guarantees one in every `window + k − 1` characters) and holding
    none is judged by the k-grams that start in it."""
    flags = [h in rare for _, h in p.prints]
    if sum(flags) < share * len(flags):
        return [False] * len(_sentences(p.norm, p.cuts))
    out = []
    for s, e in _sentences(p.norm, p.cuts):
        starting = [(pos, h in rare) for pos, h in p.prints if s <= pos < e]
        held = [flag for pos, flag in starting if pos <= e - KGRAM] or [flag for _, flag in starting]
        out.append(bool(held) and sum(held) >= share * len(held))
    return out


def _common(counts: dict[int, tuple[int, int]], reports: int, template: frozenset[int]) -> dict[int, int]:
    """Fingerprints common enough to make a sentence boilerplate, with how many reports hold them."""
    low, high = BOILERPLATE_SHARE
    return {h: r for h, (r, n) in counts.items() if h not in template and r < high * reports
            and (r >= low * reports or n >= BOILERPLATE_PER_REPORT * reports)}


def _boilerplate(p: PreparedParagraph, common: dict[int, int], template: frozenset[int], *,
                 made_of: float = BOILERPLATE_MADE_OF) -> list[ReuseMatch]:
    """One match per sentence of the paragraph made of common phrases: at least `made_of` of its
    fingerprints (the format's wording left out) are common."""
    out = []
    for s, e in _sentences(p.norm, p.cuts):
        own = [h for pos, h in p.prints if s <= pos < e and h not in template]
        held = [common[h] for h in own if h in common]
        if held and len(held) >= made_of * len(own):
            chars = (e - s) - _template_chars(p.norm[s:e], template)
            if chars >= (e - s) / 2:  # mostly the format's wording: template, not boilerplate
                out.append(ReuseMatch("boilerplate", p.part, p.idx, p.text, 100.0, chars, (Span(s, e, -1, -1),),
                                      max(held)))
    return out


def _template_chars(text: str, template: frozenset[int], k: int = 6) -> int:
    """Characters of `text` inside a k-gram of the format's wording."""
    covered = bytearray(len(text))
    for i, h in enumerate(kgram_hashes(text, k)):
        if h in template:
            covered[i:i + k] = b"\x01" * k
    return sum(covered)


STICKY_GRAM = 12  # normalised characters, about eight words (Dyer, Lang & Stice-Lawrence use 8-word sequences)


def stickiness(index: CorpusIndex, report: Report, paragraphs: list[PreparedParagraph] | None = None, *,
               gram: int = STICKY_GRAM) -> dict[str, float]:
    """Per part (and "all"): the share of the part's character `gram`-grams (in its indexed
    paragraphs) that also occur in the same body's report of the previous year. Empty when that
    report is not indexed."""
    if not report.body or not report.year:
        return {}
    previous = index.report_text(report.body, report.year - 1)
    if not previous:
        return {}
    before = {p.norm[i:i + gram] for p in previous for i in range(len(p.norm) - gram + 1)}
    shared: dict[str, list[int]] = {}
    for p in prepare(report) if paragraphs is None else paragraphs:
        grams = [p.norm[i:i + gram] for i in range(len(p.norm) - gram + 1)]
        tally = shared.setdefault(p.part, [0, 0])
        tally[0] += sum(g in before for g in grams)
        tally[1] += len(grams)
    out = {part: round(hit / n, 3) for part, (hit, n) in shared.items() if n}
    hits, total = sum(h for h, _ in shared.values()), sum(n for _, n in shared.values())
    if total:
        out["all"] = round(hits / total, 3)
    return out

