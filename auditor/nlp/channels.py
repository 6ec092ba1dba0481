"""Disclosure channels named in the narrative, as spans with a canonical id and the count the text
gives for them (`微信公众号公开41条`), found by spaCy's PhraseMatcher on the jieba pipeline."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from auditor.model import Report, number_json
from auditor.nlp.tokenize import channel_vocabulary, chinese_pipeline, load_jieba, make_doc, normalise
from auditor.textcache import text_cache

# the count of a channel: the first "N 条/篇/期/次" after it in the same clause
_COUNT = re.compile(r"^[^，,。；;：:（(]{0,24}?(\d+(?:\.\d+)?)\s*(条|篇|期|次|份|场)")


@dataclass(frozen=True, slots=True)
class ChannelMention:
    channel: str  # canonical id: portal, wechat, board …
    text: str  # the words as printed
    part: str
    paragraph: int
    start: int
    end: int
    count: Decimal | None = None
    unit: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"channel": self.channel, "text": self.text, "part": self.part, "paragraph": self.paragraph,
                "start": self.start, "end": self.end, "count": number_json(self.count), "unit": self.unit}


@lru_cache(maxsize=1)
def _any_channel() -> re.Pattern[str]:
    """Cheap pre-filter: a paragraph naming no channel word is not tokenized at all."""
    words = sorted({w for ws in channel_vocabulary().values() for w in ws}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)), re.I)


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    vocabulary = channel_vocabulary()
    load_jieba()  # it knows every channel name as one token, in patterns and in text
    nlp = chinese_pipeline()
    matcher = PhraseMatcher(nlp.vocab)
    for channel, words in vocabulary.items():
        matcher.add(channel, [nlp.make_doc(w) for w in words])
    return matcher


def paragraph_channels(text: str, *, part: str, paragraph: int) -> list[ChannelMention]:
    return [replace(m, part=part, paragraph=paragraph) for m in _text_channels(text)]


@text_cache(maxsize=4096)
def _text_channels(text: str) -> tuple[ChannelMention, ...]:
    """The mentions of a text, located in part "" paragraph 0 (the caller places them); a memo,
    since headings and standard sentences recur from report to report."""
    if not _any_channel().search(normalise(text)):
        return ()
    doc = make_doc(text)
    matches = _matcher()(doc)
    labels = {(s, e): doc.vocab.strings[m] for m, s, e in matches}
    out = []
    for span in filter_spans([doc[s:e] for _, s, e in matches]):
        channel = labels[(span.start, span.end)]
        count = _COUNT.match(text[span.end_char:])
        out.append(ChannelMention(channel, text[span.start_char:span.end_char], "", 0,
                                  span.start_char, span.end_char,
                                  Decimal(count.group(1)) if count else None, count.group(2) if count else None))
    return tuple(out)


def extract_channels(report: Report) -> list[ChannelMention]:
    """Every channel mention in the preamble and the parts' paragraphs, in reading order."""
    return [mention for part, p in report.narrative()
            for mention in paragraph_channels(p.text, part=part, paragraph=p.index)]
