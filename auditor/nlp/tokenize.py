"""Chinese tokenization with the domain dictionary (jieba inside a blank spaCy pipeline) and numerals.

jieba and the spaCy pipeline are built once per process. Text is normalised without changing its
length, so token and match offsets point into the original paragraph text.
"""

from __future__ import annotations

import json
import logging
import marshal
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from auditor.normalize import to_simplified
from auditor.textcache import text_cache

LEXICON = Path(__file__).resolve().parents[2] / "corpora" / "lexicon"
USERDICT = LEXICON / "userdict.txt"
CHANNELS = LEXICON / "channels.json"

# Full-width ASCII forms (U+FF01–FF5E) and the ideographic space map one-to-one onto ASCII.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20} | {
    # Kangxi and supplementary radicals that PDF text extraction gives for ordinary characters (进⼀步加强⼯作)
    code: ord(nfkc) for code in range(0x2E80, 0x2FE0)
    if len(nfkc := unicodedata.normalize("NFKC", chr(code))) == 1 and nfkc != chr(code)}

# A numeral as printed: Arabic (thousands separators, decimals, a 万/亿 multiplier unless it is
# the money unit 万元) or Chinese (must start with a digit or 十, so that 千万 and 万元 are not numbers).
NUMERAL = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:[万亿](?!元))?"
    r"|[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*"
)
_ARABIC = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<mult>[万亿])?")
_CHINESE = re.compile(r"[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*")
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_SEPARATORS = str.maketrans("", "", ",\u2009\u202f")


@lru_cache(maxsize=1)
def load_jieba() -> ModuleType:
    """jieba with the domain dictionary loaded (quietly, once per process): the user dictionary and
    every channel name, so that a channel name is one token from the first paragraph on (a
    dictionary that changed midway would leave cached docs tokenized the old way).

    The module is `jieba_fast`, jieba's segmenter with its dictionary walk, route search and HMM in
    C: the same dictionary and HMM tables as jieba 0.42, the same words on all but 1 of the 3,611
    corpus paragraphs (tests/nlp/test_tokenize.py), 2.5 times as fast."""
    import jieba_fast as jieba

    jieba.marshal = _WholeFileMarshal  # its dictionary cache, read whole: 1.5 s → 0.5 s a process
    jieba.setLogLevel(logging.WARNING)
    jieba.load_userdict(str(USERDICT))
    for words in channel_vocabulary().values():
        for word in words:
            jieba.add_word(word, freq=2000)
    return jieba


class _WholeFileMarshal:
    """`marshal` for jieba_fast's dictionary cache (a 9 MB tuple of ~500k words): `marshal.load` on a
    file object reads it object by object, three times slower than `marshal.loads` on its bytes."""

    dump = staticmethod(marshal.dump)

    @staticmethod
    def load(file: BinaryIO) -> Any:
        return marshal.loads(file.read())


@lru_cache(maxsize=1)
def channel_vocabulary() -> dict[str, list[str]]:
    """Canonical channel id → its names (corpora/lexicon/channels.json, `_` keys are notes)."""
    return {k: v for k, v in json.loads(CHANNELS.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def new_pipeline() -> Language:
    """A new blank Chinese spaCy pipeline segmenting with jieba (which already knows the domain
    words): spaCy's jieba tokenizer, switched to the C-accelerated module of `load_jieba` (made as
    "char" first, since spaCy's own jieba set-up would load pure-Python jieba's dictionary for
    nothing)."""
    from spacy.lang.zh import Segmenter

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer.segmenter, nlp.tokenizer.jieba_seg = Segmenter.jieba, load_jieba()
    return nlp


@lru_cache(maxsize=1)
def chinese_pipeline() -> Language:
    """The process's shared pipeline: its tokenizer and vocabulary (never add pipes to it).

    Its vocabulary computes only the lexical attribute the audit reads besides a token's text (ORTH,
    which the phrase matchers compare): IS_SPACE. The others (LIKE_NUM, SHAPE, NORM, IS_STOP …) are
    never read here and were 70% of the cost of a Doc with new words (a generated report brings
    ~80): on this vocabulary they read as 0/False. A pipeline that needs them (the spaCy textcat
    candidate of scripts/train_tagger.py) makes its own with `new_pipeline()`."""
    nlp = new_pipeline()
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {IS_SPACE: getters[IS_SPACE]}
    return nlp


@text_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Full-width forms to ASCII and traditional to simplified characters, keeping every offset."""
    folded = text.translate(_FULL_WIDTH)
    simplified = to_simplified(folded)
    return simplified if len(simplified) == len(folded) else folded


@text_cache(maxsize=1024)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of the normalised text, exactly as spaCy's jieba segmenter takes them (white
    space included, empty strings dropped). Cached: the tagger needs only these, and `make_doc`
    builds its Doc from them, so a paragraph is segmented once even when no Doc is needed.

    Segmented sentence by sentence, each sentence cached on its own (template sentences recur in
    paragraphs that differ): jieba cuts text into blocks at every character outside its word class,
    and a sentence end (。;!? after normalisation) is such a character, so the words are the same as
    those of the whole text (tested on the corpus)."""
    return tuple(w for sentence in _SENTENCE_END.split(normalise(text)) if sentence
                 for w in _sentence_words(sentence))


_SENTENCE_END = re.compile(r"(?<=[。;!?])")


@text_cache(maxsize=8192)
def _sentence_words(sentence: str) -> tuple[str, ...]:
    return tuple(w for w in load_jieba().cut(sentence, cut_all=False) if w)


@text_cache(maxsize=1024)
def make_doc(text: str) -> Doc:
    """Tokenize the normalised text; `doc.text` has the same length as `text`. The same Doc as
    `chinese_pipeline().make_doc(normalise(text))`, from the cached `words`. Cached, so that the
    claim extractor and the channel matcher share it (callers must not mutate it)."""
    segmented, spaces = _words_and_spaces(words(text))
    return Doc(chinese_pipeline().vocab, words=segmented, spaces=spaces)


def _words_and_spaces(segmented: Sequence[str]) -> tuple[list[str], list[bool]]:
    """spaCy's `get_words_and_spaces(words, text)` for words that spell the text exactly (jieba's
    do: white space comes as words of its own), in one pass instead of a search per word: white
    space between two words is one token, except for a single " " right after a word, which
    becomes that word's trailing space."""
    out: list[str] = []
    spaces: list[bool] = []
    gap = ""

    def flush() -> None:
        nonlocal gap
        if out and gap.startswith(" "):
            spaces[-1], gap = True, gap[1:]
        if gap:
            out.append(gap)
            spaces.append(False)
        gap = ""

    for word in segmented:
        if word.isspace():
            gap += word
            continue
        if gap:
            flush()
        out.append(word)
        spaces.append(False)
    if gap:
        flush()
    return out, spaces


def parse_number(text: str) -> Decimal | None:
    """The value of one numeral (`1,650`, `１２`, `1.2万`, `二十三`, `一百零五`, `两`), else None."""
    numeral = normalise(text).strip().translate(_SEPARATORS)
    arabic = _ARABIC.fullmatch(numeral)
    if arabic:
        value = Decimal(arabic["num"])
        return value * _BIG_UNITS[arabic["mult"]] if arabic["mult"] else value
    if _CHINESE.fullmatch(numeral):
        return Decimal(_chinese_value(numeral))
    return None


def _chinese_value(numeral: str) -> int:
    """Value of a Chinese numeral: positional (一百零五, 一千二百, 三万五千), digit-wise (二〇二二)
    or colloquial with the last unit left out (一千二 = 1200, 三万五 = 35000)."""
    if not any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in numeral):
        return int("".join(str(_DIGITS[ch]) for ch in numeral))
    total = section = digit = 0
    last_unit, zero_since_unit = 1, False
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
            zero_since_unit = zero_since_unit or digit == 0
            continue
        if ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            last_unit = _SMALL_UNITS[ch]
        elif ch == "万":
            total += (section + digit) * _BIG_UNITS[ch]
            section, last_unit = 0, _BIG_UNITS[ch]
        else:  # 亿
            total = (total + section + digit) * _BIG_UNITS[ch]
            section, last_unit = 0, _BIG_UNITS[ch]
        digit, zero_since_unit = 0, False
    if digit and not zero_since_unit and last_unit >= 100:
        digit *= last_unit // 10  # 一千二: the digit after the last unit counts in the next lower unit
    return total + section + digit
