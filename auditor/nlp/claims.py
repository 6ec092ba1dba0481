"""Narrative claims (DOMAIN.md section 7): the quantities a report states in its running text.

One extractor in three steps, per paragraph, driven by corpora/lexicon/claims.json:
1. events: a spaCy PhraseMatcher over the jieba tokens finds triggers (收到, 予以公开 …), negations,
   cue words and units standing where a number is missing; whole tokens, so 公开 inside 予以公开 or
   处理 inside 不予处理 never fire. A regex built from the same lexicon finds quantities (numeral,
   approximation words, unit); dates, years, 文号, phone numbers and ordinals carry no count unit,
   so they are never quantities.
2. linking, inside one clause (cut at ，：。；): a quantity takes the nearest trigger before it, or
   after it when the kind allows (4条均按期办结); negation + trigger, 全部为 + trigger, 正在办理
   and 申请件 (a unit with no number) give claims without a number.
3. resolving, over the paragraph: proactive totals and their itemised breakdowns, restatements,
   channel subsets (线上…收到申请 is not the total received).
Precision matters more than recall: anything ambiguous gives no claim.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from auditor.model import Report, number_json
from auditor.nlp.tokenize import NUMERAL, chinese_pipeline, make_doc, normalise, parse_number
from auditor.textcache import text_cache

LEXICON = Path(__file__).resolve().parents[2] / "corpora" / "lexicon" / "claims.json"

Exactness = Literal["exact", "at_least", "at_most", "approx", "missing", "zero", "all"]
_TRIGGERS = ("trigger", "zero")  # event labels of kind words; "zero" ones count only after a negation


@dataclass(frozen=True, slots=True)
class Claim:
    """A quantity the text states, as an interval, with the sentence that states it.

    `quantity` is a kind of claims.json (received, handled, proactive_total …) or one derived
    there: online_received (received through an online channel: a subset, not the total) and
    proactive_item (one item of the proactive_total `total_of`).

    `exactness`: `exact` a number as printed ([v, v], `0件` included); `at_least` / `at_most`
    approximation words (1650余条 = [1650, ∞), 近30条 = (−∞, 30]) or, with no number, 目前正在办理
    = [1, ∞); `approx` 约/左右 (v ± the lexicon's tolerance, 10%); `missing` the sentence states the
    quantity but not its count (收到政府信息公开申请件); `zero` absence said in words (未收到…申请);
    `all` the quantity is the whole of claim `total_of` (全部为自然人: applicant_np = received),
    whose interval and unit it copies.

    `start`/`end` locate the quantity (numeral with its approximation words and unit) in the
    paragraph text, or the trigger word when there is no number. `sentence` is the original text
    cut at 。；!?; `year` is the first year it names. `total_of` indexes the list `extract_claims`
    returns. `hedged` marks a breakdown (total and items) whose wording (等, 主要, 包括 …) says the
    items need not add up.
    """

    quantity: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    exactness: Exactness
    unit: str | None
    sentence: str
    part: str
    paragraph: int
    start: int
    end: int
    total_of: int | None = None
    hedged: bool = False
    year: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "quantity": self.quantity, "value": number_json(self.value), "low": number_json(self.low),
            "high": number_json(self.high), "exactness": self.exactness, "unit": self.unit,
            "sentence": self.sentence, "part": self.part, "paragraph": self.paragraph,
            "start": self.start, "end": self.end, "total_of": self.total_of, "hedged": self.hedged,
            "year": self.year,
        }


# ---------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class KindRule:
    """How one quantity kind is stated (an entry of claims.json `kinds`)."""

    name: str
    triggers: tuple[str, ...]
    units: frozenset[str]
    attach: frozenset[str]
    context: tuple[str, ...] = ()
    context_scope: str = "clause"
    exclude: tuple[str, ...] = ()
    negation_window: int | None = None
    negation_triggers: tuple[str, ...] = ()
    pending: frozenset[str] = frozenset()
    whole_of: str | None = None
    breakdown_item: str | None = None


@dataclass(frozen=True, slots=True)
class Qualifier:
    """Channel words that, said before a claim in its sentence, turn it into a subset (or drop it)."""

    kinds: frozenset[str]
    words: tuple[str, ...]
    becomes: str | None


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: the cached matcher is per lexicon
class Lexicon:
    """The claim vocabulary of claims.json, checked."""

    kinds: dict[str, KindRule]
    qualifiers: tuple[Qualifier, ...]
    token_cues: dict[str, tuple[str | tuple[str, ...], ...]]
    text_cues: dict[str, tuple[str, ...]]
    units: tuple[str, ...]
    measure_nouns: tuple[str, ...]
    approximation: dict[str, dict[str, tuple[str, ...]]]
    tolerance: Decimal

    @property
    def count_units(self) -> list[str]:
        """Units of counted things (not the % of a rate)."""
        return [unit for unit in self.units if unit != "%"]


def _kind_rule(name: str, data: dict[str, Any]) -> KindRule:
    context = data.get("context", {})
    negation = data.get("negation")
    return KindRule(
        name=name,
        triggers=tuple(data["triggers"]),
        units=frozenset(data["units"]),
        attach=frozenset(data["attach"]),
        context=tuple(context.get("words", ())),
        context_scope=context.get("scope", "clause"),
        exclude=tuple(data.get("exclude", ())),
        negation_window=None if negation is None else negation["window"],
        negation_triggers=tuple(() if negation is None else negation.get("triggers", ())),
        pending=frozenset(data.get("pending", ())),
        whole_of=data.get("whole_of"),
        breakdown_item=data.get("breakdown_item"),
    )


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON) -> Lexicon:
    """Read and check the claim vocabulary (each trigger belongs to one kind)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = {name: _kind_rule(name, spec) for name, spec in data["kinds"].items()}
    owners: dict[str, str] = {}
    for rule in kinds.values():
        for word in rule.triggers + rule.negation_triggers:
            if owners.setdefault(word, rule.name) != rule.name:
                raise ValueError(f"{path}: trigger {word!r} belongs to {owners[word]} and {rule.name}")
    approximation = {
        exactness: {side: tuple(words) for side, words in sides.items()}
        for exactness, sides in data["approximation"].items() if exactness != "tolerance"
    }
    return Lexicon(
        kinds=kinds,
        qualifiers=tuple(
            Qualifier(frozenset(q["kinds"]), tuple(q["words"]), q["becomes"]) for q in data["qualifiers"]
        ),
        token_cues={
            name: tuple(tuple(p) if isinstance(p, list) else p for p in phrases)
            for name, phrases in data["token_cues"].items()
        },
        text_cues={name: tuple(words) for name, words in data["text_cues"].items()},
        units=tuple(data["units"]),
        measure_nouns=tuple(data["measure_nouns"]),
        approximation=approximation,
        tolerance=Decimal(data["approximation"]["tolerance"]),
    )


# ---------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class _Event:
    """A Matcher hit: a trigger of `kind`, a negation-only trigger ("zero"), a missing-number slot
    ("slot") or a token cue (its name in claims.json `token_cues`)."""

    label: str
    kind: str | None
    text: str
    start: int  # character offsets in the paragraph
    end: int
    first: int  # token offsets [first, last)
    last: int


@dataclass(frozen=True, slots=True)
class _Quantity:
    """A stated quantity: numeral with its approximation words and unit, a missing-number slot,
    or, for claims without a number, the trigger's span with the interval they imply."""

    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    exactness: Exactness
    unit: str | None


def _phrase_doc(phrase: str | tuple[str, ...]) -> Doc:
    """A phrase as tokens: given ones, or those jieba makes of it."""
    if isinstance(phrase, str):
        return make_doc(phrase)
    return Doc(chinese_pipeline().vocab, words=list(phrase), spaces=[False] * len(phrase))


@lru_cache(maxsize=4)
def _matcher(lexicon: Lexicon) -> PhraseMatcher:
    """One token-sequence matcher for the whole vocabulary: triggers, cues and missing-number slots.

    Every pattern here is a fixed token sequence, so spaCy's PhraseMatcher (a trie over token
    ids) does the work of the Matcher at a tenth of its cost.
    """
    vocab = chinese_pipeline().vocab
    matcher = PhraseMatcher(vocab)
    for rule in lexicon.kinds.values():
        matcher.add(f"trigger|{rule.name}", [_phrase_doc(w) for w in rule.triggers])
        if rule.negation_triggers:
            matcher.add(f"zero|{rule.name}", [_phrase_doc(w) for w in rule.negation_triggers])
    for name, phrases in lexicon.token_cues.items():
        if name != "missing_after":
            matcher.add(f"{name}|", [_phrase_doc(p) for p in phrases])
    # 申请件, 共主动公开条: a count unit right after these tokens stands where a number is missing
    matcher.add("slot|", [_phrase_doc((word, unit))
                          for word in lexicon.token_cues["missing_after"] for unit in lexicon.count_units])
    return matcher


def _events(doc: Doc, lexicon: Lexicon, titles: list[tuple[int, int]]) -> list[_Event]:
    """Matcher hits outside document titles (《…》); overlapping triggers keep the longest."""
    strings = doc.vocab.strings
    hits: list[tuple[str, str | None, Span]] = []
    for match_id, first, last in _matcher(lexicon)(doc):
        label, kind = strings[match_id].split("|")
        span = doc[last - 1:last] if label == "slot" else doc[first:last]  # a slot is its unit token
        if not _inside(span.start_char, titles):
            hits.append((label, kind or None, span))
    longest = {(s.start, s.end) for s in filter_spans([s for label, _, s in hits if label in _TRIGGERS])}
    events = [
        _Event(label, kind, span.text, span.start_char, span.end_char, span.start, span.end)
        for label, kind, span in hits
        if label not in _TRIGGERS or (span.start, span.end) in longest
    ]
    return sorted(events, key=lambda e: (e.start, e.end))


def _alternation(words: Iterable[str]) -> str:
    """A regex alternative of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=4)
def _quantity_regex(lexicon: Lexicon) -> re.Pattern[str]:
    """Approximation word, numeral, 余/多, unit, 左右/以上: a numeral after 第, a digit, a dot, a
    dash, a letter or a bracket (ordinals, decimals, ranges, phone numbers, 文号) is not a count."""
    approx = lexicon.approximation
    before = _alternation(w for sides in approx.values() for w in sides.get("before", ()))
    after = [w for sides in approx.values() for w in sides.get("after", ())]
    attached = _alternation(w for w in after if len(w) == 1)  # 余/多 sit between numeral and unit
    trailing = _alternation(w for w in after if len(w) > 1)
    return re.compile(
        rf"(?:(?P<pre>{before})\s*)?(?<![第\d.\-A-Za-z/〔\[])(?P<num>{NUMERAL})(?![\d\-])\s*"
        rf"(?P<suf>{attached})?\s*(?P<unit>{_alternation(lexicon.units)})(?P<post>{trailing})?"
    )


Bounds = tuple[Decimal | None, Decimal | None, Exactness]


def _interval(value: Decimal, words: list[str], lexicon: Lexicon) -> Bounds:
    """The interval a number means given its approximation words (余 → at least, 近 → at most, 约 → ±)."""
    for exactness, sides in lexicon.approximation.items():
        if any(w in sides.get("before", ()) + sides.get("after", ()) for w in words):
            if exactness == "at_least":
                return value, None, "at_least"
            if exactness == "at_most":
                return None, value, "at_most"
            spread = value * lexicon.tolerance
            return value - spread, value + spread, "approx"
    return value, value, "exact"


def _quantities(text: str, lexicon: Lexicon, titles: list[tuple[int, int]]) -> list[_Quantity]:
    """Counts in the text; `15个工作日`, `10个村` measure something else and are left out."""
    measured = lexicon.measure_nouns
    found = []
    for m in _quantity_regex(lexicon).finditer(text):
        value = parse_number(m["num"])
        if value is None or _inside(m.start("num"), titles) or text.startswith(measured, m.end()):
            continue
        low, high, exactness = _interval(value, [w for w in (m["pre"], m["suf"], m["post"]) if w], lexicon)
        found.append(_Quantity(m.start(), m.end(), value, low, high, exactness, m["unit"]))
    return found


# ---------------------------------------------------------------------------- layout

_SENTENCE_BREAK = re.compile(r"[。;!?]")  # after normalisation ；！？ are ASCII
_CLAUSE_BREAK = re.compile(r"[。;!?,:]")
_TITLE = re.compile(r"《[^《》]*》")
_ASIDE = re.compile(r"\([^()]*\)")  # a bracketed aside names no channel for what follows it
_YEAR = re.compile(r"(?<![\d〔\[])((?:19|20)\d{2})\s*年")
_ZERO, _ONE = Decimal(0), Decimal(1)
_END = float("inf")  # bisect key: the last span starting at or before a position


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def _spans(text: str, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """Pieces of `text` between break characters (the breaks belong to no piece)."""
    spans, start = [], 0
    for m in breaks.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


@dataclass(frozen=True, slots=True)
class _Layout:
    """Sentences (cut at 。；!?), clauses (also cut at ，：) and document titles of a paragraph."""

    sentences: list[tuple[int, int]]
    clauses: list[tuple[int, int]]
    titles: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str) -> _Layout:
        titles = [m.span() for m in _TITLE.finditer(text)]
        return cls(_spans(text, _SENTENCE_BREAK), _spans(text, _CLAUSE_BREAK), titles)

    def sentence(self, position: int) -> tuple[int, int]:
        return self.sentences[bisect_right(self.sentences, (position, _END)) - 1]

    def clause(self, position: int) -> tuple[int, int]:
        return self.clauses[self._clause_index(position)]

    def next_clause(self, position: int) -> tuple[int, int] | None:
        """The clause after the one at `position`, if it is in the same sentence."""
        index = self._clause_index(position) + 1
        if index == len(self.clauses) or self.clauses[index][0] >= self.sentence(position)[1]:
            return None
        return self.clauses[index]

    def _clause_index(self, position: int) -> int:
        return bisect_right(self.clauses, (position, _END)) - 1


# ---------------------------------------------------------------------------- linking

_Group = tuple[_Event, ...]  # trigger events joined only by conjunctions (行政复议、行政诉讼)


@dataclass(frozen=True, slots=True)
class _Draft:
    """A linked quantity before the paragraph pass; kind None is a bare count (a breakdown may use it)."""

    kind: str | None
    quantity: _Quantity
    total_cue: bool = False  # a total word (共, 主动公开 …) precedes the number in its clause


class _Paragraph:
    """One paragraph's events and quantities, and the clause-level rules that link them."""

    def __init__(self, doc: Doc, text: str, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.text = text  # normalised: the text of `doc`
        self.layout = _Layout.of(self.text)
        self.events = _events(doc, lexicon, self.layout.titles)
        slots = [_Quantity(e.start, e.end, None, None, None, "missing", e.text)
                 for e in self.events if e.label == "slot"]
        numbers = _quantities(self.text, lexicon, self.layout.titles)
        self.quantities = sorted(numbers + slots, key=lambda q: q.start)
        self.groups = self._groups()
        self.used: set[int] = set()  # groups that took a number

    def drafts(self) -> list[_Draft]:
        numbered = self._numbered()  # first: it decides which groups took a number
        return numbered + self._zeros() + self._pending() + self._wholes()

    def year(self, start: int, end: int) -> int | None:
        """The first year named in text[start:end] outside document titles."""
        for m in _YEAR.finditer(self.text, start, end):
            if not _inside(m.start(), self.layout.titles):
                return int(m[1])
        return None

    # -- structure

    def _groups(self) -> list[_Group]:
        conjunctions = set(self.lexicon.token_cues["conjunction"])
        groups: list[_Group] = []
        for event in (e for e in self.events if e.label in _TRIGGERS):
            if groups:
                previous = groups[-1][-1]
                gap = self.text[previous.end:event.start].strip()
                same_clause = self.layout.clause(previous.start) == self.layout.clause(event.start)
                if same_clause and (not gap or gap in conjunctions):
                    groups[-1] += (event,)
                    continue
            groups.append((event,))
        return groups

    def _has_quantity(self, start: int, end: int) -> bool:
        return any(start <= q.start < end for q in self.quantities)

    def _has_cue(self, name: str, start: int, end: int) -> bool:
        return any(e.label == name and start <= e.start < end for e in self.events)

    def _negated(self, event: _Event) -> bool:
        return self._has_cue("negation", self.layout.clause(event.start)[0], event.start)

    # -- numbers

    def _link(self, quantity: _Quantity) -> tuple[int, str] | None:
        """The group a quantity counts, and whether that group stands before or after it."""
        start, end = self.layout.clause(quantity.start)
        before = [i for i, g in enumerate(self.groups) if start <= g[0].start and g[-1].end <= quantity.start]
        if before and not self._has_quantity(self.groups[before[-1]][-1].end, quantity.start):
            return before[-1], "before"
        after = [i for i, g in enumerate(self.groups) if quantity.end <= g[0].start and g[-1].end <= end]
        if after and not self._has_quantity(quantity.end, self.groups[after[0]][0].start):
            return after[0], "after"
        return self._remainder_link(quantity, start, end)

    def _remainder_link(self, quantity: _Quantity, start: int, end: int) -> tuple[int, str] | None:
        """其余1条出于…，不予公开: a remainder count takes the verb of the next, number-free clause."""
        if not self._has_cue("remainder", start, quantity.start):
            return None
        if any(start <= g[0].start < end for g in self.groups):
            return None
        following = self.layout.next_clause(quantity.start)
        if following is None or self._has_quantity(*following):
            return None
        inside = (i for i, g in enumerate(self.groups) if following[0] <= g[0].start < following[1])
        index = next(inside, None)
        return None if index is None else (index, "after")

    def _numbered(self) -> list[_Draft]:
        drafts = []
        for quantity in self.quantities:
            link = self._link(quantity)
            if link is None:
                drafts.append(_Draft(None, quantity))
            elif link[0] not in self.used:
                self.used.add(link[0])
                drafts.extend(self._counted(quantity, self.groups[link[0]], link[1]))
        return drafts

    def _counted(self, quantity: _Quantity, group: _Group, side: str) -> list[_Draft]:
        """Claims for a number counting `group`; a number shared by several kinds must be 0 or 各/均."""
        triggers = [e for e in group if e.label == "trigger"]
        if not triggers or self._negated(group[0]):  # 未按期办结2件 states no count of 办结
            return []
        gap = sorted((group[0].start, group[-1].end, quantity.start, quantity.end))[1:3]  # between them
        if len(triggers) > 1 and quantity.value != 0 and not self._has_cue("distributive", *gap):
            return []
        clause_start = self.layout.clause(quantity.start)[0]
        total_cue = self._has_cue("total", clause_start, quantity.start)
        drafts = []
        for event in triggers:
            rule = self.lexicon.kinds[event.kind]
            if side in rule.attach and quantity.unit in rule.units:
                kind = self._accepted(rule, quantity.start)
                if kind:
                    drafts.append(_Draft(kind, quantity, total_cue))
        return drafts

    # -- claims without a number

    def _zeros(self) -> list[_Draft]:
        """未收到…申请, 无…行政复议、行政诉讼案件: the first group after a negation, within its window."""
        drafts = []
        for negation in (e for e in self.events if e.label == "negation"):
            clause_end = self.layout.clause(negation.start)[1]
            if self._has_quantity(negation.end, clause_end):
                continue
            after = (g for g in self.groups if negation.end <= g[0].start and g[-1].end <= clause_end)
            group = next(after, None)
            if group is None:
                continue
            distance = group[0].first - negation.last
            for event in group:
                rule = self.lexicon.kinds[event.kind]
                if rule.negation_window is not None and distance <= rule.negation_window:
                    drafts.extend(self._numberless(rule, event, _ZERO, _ZERO, "zero"))
        return drafts

    def _pending(self) -> list[_Draft]:
        """目前正在办理 with no number: at least one application is still open."""
        drafts = []
        for index, group in enumerate(self.groups):
            for event in group:
                rule = self.lexicon.kinds[event.kind]
                if index not in self.used and event.text in rule.pending and not self._negated(event):
                    drafts.extend(self._numberless(rule, event, _ONE, None, "at_least"))
        return drafts

    def _wholes(self) -> list[_Draft]:
        """全部为自然人: the quantity is the whole of another kind (resolved per paragraph)."""
        drafts = []
        for cue in (e for e in self.events if e.label == "all"):
            clause_start, clause_end = self.layout.clause(cue.start)
            group = next((g for g in self.groups if g[0].start >= cue.end), None)
            if group is None or self.text[cue.end:group[0].start].strip() or self._has_quantity(
                    clause_start, clause_end):
                continue
            for event in group:
                rule = self.lexicon.kinds[event.kind]
                if rule.whole_of:
                    drafts.extend(self._numberless(rule, event, None, None, "all"))
        return drafts

    def _numberless(self, rule: KindRule, event: _Event, low: Decimal | None, high: Decimal | None,
                    exactness: Exactness) -> list[_Draft]:
        kind = self._accepted(rule, event.start)
        if kind is None:
            return []
        value = low if exactness == "zero" else None
        return [_Draft(kind, _Quantity(event.start, event.end, value, low, high, exactness, None))]

    # -- filters

    def _accepted(self, rule: KindRule, anchor: int) -> str | None:
        """The kind a claim at `anchor` gets after context, exclusion and channel checks (None: no claim)."""
        clause_start, clause_end = self.layout.clause(anchor)
        if any(word in self.text[clause_start:clause_end] for word in rule.exclude):
            return None
        if rule.context and not any(word in self._scope(rule.context_scope, anchor) for word in rule.context):
            return None
        sentence_start = self.layout.sentence(anchor)[0]
        said_before = _ASIDE.sub("", self.text[sentence_start:anchor])
        outcomes = {q.becomes for q in self.lexicon.qualifiers
                    if rule.name in q.kinds and any(word in said_before for word in q.words)}
        if not outcomes:
            return rule.name
        return outcomes.pop() if len(outcomes) == 1 else None  # two channels named: ambiguous

    def _scope(self, scope: str, anchor: int) -> str:
        if scope == "paragraph":
            return self.text
        start, end = self.layout.sentence(anchor) if scope == "sentence" else self.layout.clause(anchor)
        return self.text[start:end]


# ---------------------------------------------------------------------------- resolving


@dataclass(slots=True)
class _Entry:
    kind: str
    quantity: _Quantity
    total_of: int | None = None
    hedged: bool = False


def _unique(drafts: list[_Draft], layout: _Layout) -> list[_Draft]:
    """Drop a numberless claim that its sentence already made (未收到…申请，没有依申请公开案例)."""
    seen: set[tuple[str | None, str, tuple[int, int]]] = set()
    kept = []
    for draft in sorted(drafts, key=lambda d: d.quantity.start):
        q = draft.quantity
        key = (draft.kind, q.exactness, layout.sentence(q.start))
        if q.unit is None and key in seen:  # numberless claims (zero, pending, all) have no unit
            continue
        seen.add(key)
        kept.append(draft)
    return kept


def _breakdowns(drafts: list[_Draft], paragraph: _Paragraph) -> list[_Entry]:
    """Totals and the items listed after them in the paragraph.

    After a total, a count is an item when a breakdown cue (其中, 包括, 主要集中在 …) came between,
    or when it is a count of the same kind without a total word of its own; a count equal to the
    total restates it; a bare count (no trigger) is an item only after a breakdown cue; a claim of
    another kind ends the breakdown. Items must have the total's unit.
    """
    kinds = paragraph.lexicon.kinds
    cues = [e.start for e in paragraph.events if e.label == "breakdown"]
    entries: list[_Entry] = []
    total: int | None = None  # the entry items are counted against
    item_kind = ""
    opened = False  # a breakdown cue came after the total
    for draft in drafts:
        q = draft.quantity
        rule = kinds.get(draft.kind or "")
        if draft.kind is not None and (rule is None or rule.breakdown_item is None):
            entries.append(_Entry(draft.kind, q))
            total, opened = None, False
            continue
        if total is not None:
            counted = entries[total].quantity
            opened = opened or any(counted.end <= cue < q.start for cue in cues)
            if (counted.low, counted.high) == (q.low, q.high):
                continue  # restates the total
            listed = opened or (draft.kind is not None and not draft.total_cue)
            if listed and q.unit == counted.unit:
                entries.append(_Entry(item_kind, q, total_of=total))
                continue
        if rule is not None and rule.breakdown_item and draft.total_cue and not opened:
            entries.append(_Entry(rule.name, q))
            total, item_kind = len(entries) - 1, rule.breakdown_item
    return entries


def _hedged(total: _Entry, items: list[_Entry], paragraph: _Paragraph) -> bool:
    """The breakdown's own wording (before the first item, or in an item's clause) says 等/主要/包括,
    and no catch-all item (其他类) closes the list."""
    text, cues = paragraph.text, paragraph.lexicon.text_cues
    regions = [text[total.quantity.end:items[0].quantity.start]]
    for previous, item in pairwise(items):
        clause_start = paragraph.layout.clause(item.quantity.start)[0]
        regions.append(text[max(clause_start, previous.quantity.end):item.quantity.start])
    said = "".join(regions)
    trailing_etc = any(re.match(r"[\s)）]*等", text[i.quantity.end:]) for i in items)
    if any(word in said for word in cues["catch_all"]):
        return False
    return trailing_etc or any(word in said for word in cues["hedge"])


def _resolve(drafts: list[_Draft], paragraph: _Paragraph) -> list[_Entry]:
    entries = _breakdowns(_unique(drafts, paragraph.layout), paragraph)
    for index, entry in enumerate(entries):
        items = [e for e in entries if e.total_of == index]
        if items:
            entry.hedged = _hedged(entry, items, paragraph)
            for item in items:
                item.hedged = entry.hedged
        rule = paragraph.lexicon.kinds.get(entry.kind)
        whole_of = rule.whole_of if rule else None
        if entry.quantity.exactness == "all" and whole_of:
            entry.total_of = next((i for i in range(index - 1, -1, -1) if entries[i].kind == whole_of), None)
    return entries


def _claim(entries: list[_Entry], index: int, paragraph: _Paragraph, original: str, part: str,
           number: int) -> Claim:
    entry = entries[index]
    q = entry.quantity
    source = entries[entry.total_of].quantity if q.exactness == "all" and entry.total_of is not None else q
    sentence_start, sentence_end = paragraph.layout.sentence(q.start)
    return Claim(
        quantity=entry.kind,
        value=source.value,
        low=source.low,
        high=source.high,
        exactness=q.exactness,
        unit=source.unit,
        sentence=original[sentence_start:sentence_end].strip(),
        part=part,
        paragraph=number,
        start=q.start,
        end=q.end,
        total_of=entry.total_of,
        hedged=entry.hedged,
        year=paragraph.year(sentence_start, sentence_end),
    )


# ---------------------------------------------------------------------------- public API


@lru_cache(maxsize=4)
def _hint(lexicon: Lexicon) -> re.Pattern[str]:
    """What every claim needs somewhere in its paragraph, checked before paying for jieba: a
    quantity, a trigger that can stand without a number, or a unit where a number is missing."""
    numberless = [word for rule in lexicon.kinds.values()
                  if rule.negation_window is not None or rule.pending or rule.whole_of
                  for word in rule.triggers + rule.negation_triggers]
    missing_after = lexicon.token_cues["missing_after"]
    slot = f"(?:{_alternation(str(w) for w in missing_after)})(?:{_alternation(lexicon.count_units)})"
    return re.compile(f"{_quantity_regex(lexicon).pattern}|{_alternation(numberless)}|{slot}")


def paragraph_claims(text: str, *, part: str, paragraph: int, doc: Doc | None = None,
                     lexicon: Lexicon | None = None) -> list[Claim]:
    """Claims of one paragraph; `total_of` indexes the returned list.

    Pass `doc` (`make_doc(text)`) to share tokens; without it the paragraph is tokenized only if
    it can hold a claim at all, and a text read before in this process (headings and standard
    sentences recur from report to report) takes its claims from a memo.
    """
    lexicon = lexicon or load_lexicon()
    if doc is None:
        found = _text_claims(text, lexicon)
    else:
        found = _analyse(text, doc, lexicon)
    return [replace(c, part=part, paragraph=paragraph) for c in found]


@text_cache(maxsize=4096)
def _text_claims(text: str, lexicon: Lexicon) -> tuple[Claim, ...]:
    """The claims of a text, located in part "" paragraph 0 (the caller places them)."""
    if not _hint(lexicon).search(normalise(text)):
        return ()
    return _analyse(text, make_doc(text), lexicon)  # the doc is shared with the tagger and the channel matcher


def _analyse(text: str, doc: Doc, lexicon: Lexicon) -> tuple[Claim, ...]:
    state = _Paragraph(doc, normalise(text), lexicon)
    entries = _resolve(state.drafts(), state)
    return tuple(_claim(entries, i, state, text, "", 0) for i in range(len(entries)))


def extract_claims(report: Report) -> list[Claim]:
    """Claims of the preamble and of every part, in reading order; `total_of` indexes this list."""
    lexicon = load_lexicon()
    claims: list[Claim] = []
    for part, para in report.narrative():
        found = paragraph_claims(para.text, part=part, paragraph=para.index, lexicon=lexicon)
        offset = len(claims)
        claims.extend(c if c.total_of is None else replace(c, total_of=c.total_of + offset)
                      for c in found)
    return claims
