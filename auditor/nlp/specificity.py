"""Specificity of narrative text: concrete content (figures, dates, deadlines, named documents and
systems, responsible units) against generic phrasing (corpora/lexicon/generic_phrases.txt).

Interim, rule-based: it scores whatever paragraphs it is given; issue 4's tagger will choose the
problem and measure paragraphs it is applied to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.normalize import fold

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
    lines = GENERIC.read_text(encoding="utf-8").splitlines()
    return tuple(fold(line) for line in lines if line.strip() and not line.startswith("#"))


def specificity(text: str) -> Specificity:
    folded = fold(text)
    concrete = tuple((kind, m.group(0)) for kind, pattern in _CONCRETE.items() for m in pattern.finditer(folded))
    generic = tuple(p for p in generic_phrases() if p in folded)
    return Specificity(concrete, generic)
