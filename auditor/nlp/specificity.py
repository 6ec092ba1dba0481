"""Specificity of narrative text: concrete content (figures, dates, deadlines, named documents and
systems, responsible units) against generic phrasing (corpora/lexicon/generic_phrases.txt, phrases
mined from the corpus that occur in many reports: scripts/mine_generic_phrases.py).

`part_five_specificity` scores the paragraphs the tagger marks as `problem` or `measure`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.normalize import fold

if TYPE_CHECKING:
    from auditor.model import Report
    from auditor.nlp.tagger import ParagraphTags

GENERIC = Path(__file__).resolve().parents[2] / "corpora" / "lexicon" / "generic_phrases.txt"
_CONCRETE = {
    "figure": re.compile(r"\d+(?:\.\d+)?\s*(?:条|篇|个|次|件|期|人|名|项|%|万元|元|天|个工作日|小时|场|户)"
                         r"|[一二两三四五六七八九十]+(?:个|天|次|名|人|场|期)"),
    "date": re.compile(r"\d{4}年\d{1,2}月|\d{1,2}月(?:底|份|中旬|上旬|下旬)|年底前|季度|每月|每周"),
    "document": re.compile(r"《(?!中华人民共和国政府信息公开条例|政府信息公开条例|条例)[^》]{2,40}》"),
    "unit": re.compile(r"由[\u4e00-\u9fff]{2,12}(?:负责|牵头)|党政办|综合办|纪委办|督查办|政务服务中心"),
    "name": re.compile(r"\"(?![^\"]*公开为原则)[^\"]{2,16}\""),
}


@dataclass(frozen=True, slots=True)
class Specificity:
    concrete: tuple[tuple[str, str], ...]  # (kind, words as printed)
    generic: tuple[str, ...]

    @property
    def score(self) -> float:
        """Share of concrete items among concrete items and generic phrases; 0.0 for neither."""
        total = len(self.concrete) + len(self.generic)
        return len(self.concrete) / total if total else 0.0


@lru_cache(maxsize=1)
def generic_phrases() -> tuple[str, ...]:
    """The mined phrases (first column of the file), longest first."""
    lines = GENERIC.read_text(encoding="utf-8").splitlines()
    phrases = {fold(line.split("\t")[0]) for line in lines if line.strip() and not line.startswith("#")}
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


def generic_in(folded: str) -> tuple[str, ...]:
    """Generic phrases in the text, longest first and never overlapping (有待进一步加强 counts once,
    not also as 有待进一步), in reading order."""
    taken = [False] * len(folded)
    found = []
    for phrase in generic_phrases():
        start = folded.find(phrase)
        while start != -1:
            end = start + len(phrase)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(phrase)
                found.append((start, phrase))
            start = folded.find(phrase, end)
    return tuple(p for _, p in sorted(found))


def specificity(text: str) -> Specificity:
    folded = fold(text)
    concrete = tuple((kind, m.group(0)) for kind, pattern in _CONCRETE.items() for m in pattern.finditer(folded))
    return Specificity(concrete, generic_in(folded))


@dataclass(frozen=True, slots=True)
class ParagraphSpecificity:
    part: str
    index: int
    kinds: tuple[str, ...]  # the tags it is scored for: "problem", "measure"
    specificity: Specificity

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "index": self.index, "kinds": list(self.kinds),
                "score": round(self.specificity.score, 3),
                "concrete": [{"kind": k, "text": t} for k, t in self.specificity.concrete],
                "generic": list(self.specificity.generic)}


def part_five_specificity(report: Report, tags: list[ParagraphTags]) -> list[ParagraphSpecificity]:
    """A score for every paragraph tagged `problem` or `measure`, wherever it stands."""
    out = []
    for t in tags:
        kinds = tuple(k for k in ("problem", "measure") if k in t.labels)
        if kinds:
            out.append(ParagraphSpecificity(t.part, t.index, kinds,
                                            specificity(report.paragraph(t.part, t.index).text)))
    return out
