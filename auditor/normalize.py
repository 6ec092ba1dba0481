"""Text folding for matching: full-width forms, punctuation variants, traditional characters.

Folded text is only ever used to *find* things; quotes shown to users come from the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import zhconv

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
# Traditional characters live above U+4E00 like simplified ones, so detection is a cheap round trip
# on the characters that differ; zhconv is only called when a text has any.
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=65536)
def _t2s_char(ch: str) -> str:
    return zhconv.convert(ch, "zh-hans")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified ones (character by character, cached)."""
    if not text.isascii() and any(_t2s_char(ch) != ch for ch in set(_HAN.findall(text))):
        return zhconv.convert(text, "zh-hans")
    return text


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Fold a text for matching: NFKC, unified punctuation, simplified characters, one space.
    Cached: the reader, the rules and the specificity score fold the same paragraphs and labels."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    text = to_simplified(text)
    return _SPACES.sub(" ", text).strip()


def squeeze(text: str) -> str:
    """`fold` without any white space: for comparing labels split over lines or cells."""
    return _SPACES.sub("", fold(text))
