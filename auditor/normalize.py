"""Text folding for matching: full-width forms, punctuation variants, traditional characters.

Folded text is only ever used to *find* things; quotes shown to users come from the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import zhconv

from auditor.textcache import text_cache

# NFKC already maps full-width digits, letters and most full-width punctuation to ASCII.
# These are the variants it leaves alone.
_PUNCT = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"',
        "‘": "'", "’": "'",
        "〔": "[", "〕": "]", "【": "[", "】": "]", "［": "[", "］": "]",
        "、": "、",
        "—": "-", "–": "-", "−": "-", "－": "-", "﹣": "-", "‒": "-",
        "～": "~", "〜": "~",
        "。": "。", "．": ".",
        "\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " ", "\u200b": "",
        "\ufeff": "",
    }
)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def traditional_characters() -> frozenset[str]:
    """Every character that zhconv converts to a different simplified one on its own (its
    single-character zh-Hans mappings): detection is a set test in C, and zhconv is only called on
    a text that has one."""
    from zhconv import zhconv as tables

    tables.loaddict()
    return frozenset(k for k, v in tables.zhcdicts["zh2Hans"].items() if len(k) == 1 and v != k)


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified ones (zhconv, only when the text has any)."""
    if not text.isascii() and not traditional_characters().isdisjoint(text):
        return zhconv.convert(text, "zh-hans")
    return text


@text_cache(maxsize=8192)
def fold(text: str) -> str:
    """Fold a text for matching: NFKC, unified punctuation, simplified characters, one space.
    Cached: the reader, the rules and the specificity score fold the same paragraphs and labels."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    text = to_simplified(text)
    return _SPACES.sub(" ", text).strip()


def squeeze(text: str) -> str:
    """`fold` without any white space: for comparing labels split over lines or cells."""
    return _SPACES.sub("", fold(text))
