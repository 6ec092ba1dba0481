"""Paragraph tagger: multi-label tags of docs/tagging.md for every narrative paragraph.

Features are jieba tokens (the paragraph's tokens from the shared spaCy/jieba doc, so a paragraph
is tokenized once per audit) and character n-grams, TF-IDF weighted, plus the character n-grams of
its heading context (the part or top-level heading and the nearest sub-heading before it: an item
under 存在的问题 or 下步打算 reads differently from one under 主动公开); one calibrated binary
classifier per tag (scikit-learn); after its thresholds, what the labelling guidelines decide from a
paragraph's place and wording is joined in (`guideline_tags`: a 下步打算 block is `measure`, a
numbered shortcoming is `problem`). The trained artefact lives in `models/tagger/` and is made by
`scripts/train_tagger.py`; it records the library versions it was trained with and warns on a
mismatch at load time (scikit-learn's own convention).
"""

from __future__ import annotations

import json
import pickle
import platform
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from auditor.model import Report
from auditor.nlp.tokenize import normalise, words
from auditor.textcache import on_clear

if TYPE_CHECKING:  # scikit-learn and scipy are needed to train and by the reference twin, not by the audit
    import scipy.sparse as sp

TAGS = ("problem", "measure", "channel", "proactive", "on_request", "info_management", "platform",
        "supervision", "other")
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "tagger"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_JOIN = "\x00"  # never in report text
_ORDINAL = r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]"
ORDINAL_HEADING = re.compile(rf"^(?:{_ORDINAL})")
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SENTENCE = re.compile(r"[。，；,;]")
NEAR = 0.3  # a tag whose probability reaches this is near: a check that says a tag is absent asks that none is
GUIDELINE_WORDS = Path(__file__).resolve().parents[2] / "corpora" / "lexicon" / "guideline_words.json"


@dataclass(frozen=True)
class _GuidelinePatterns:
    """The patterns of `guideline_tags`, built from `corpora/lexicon/guideline_words.json`."""

    measure_heading: re.Pattern[str]
    problem_heading: re.Pattern[str]
    improvement_heading: re.Pattern[str]  # a heading naming the remedies too
    part_one: re.Pattern[str]  # where 加强… reports work done (rule 3)
    part_five: re.Pattern[str]  # a top heading of problems and measures
    shortcoming: re.Pattern[str]
    opening_pledge: re.Pattern[str]  # an item's heading clause that pledges (进一步加强…)
    any_remedy: re.Pattern[str]  # a word a measure is written with (rule 2)
    strict_remedy: re.Pattern[str]  # the same inside a numbered shortcoming, where 下步 dates the problem
    states_shortcomings: re.Pattern[str]  # 存在……问题
    pledges: re.Pattern[str]  # what a paragraph stating shortcomings needs to be a measure as well


# 要 as in 一要加强 / 要按照, not in 主要, 需要, 要求, 要闻 (the literal first keeps the alternation fast)
_MUST = r"要(?<![主重需只紧概必纲摘简]要)(?![求点闻素])"


@lru_cache(maxsize=1)
def _guideline_patterns() -> _GuidelinePatterns:
    words = json.loads(GUIDELINE_WORDS.read_text(encoding="utf-8"))

    def any_of(*names: str, extra: str = "") -> str:
        alternatives = sorted({w for name in names for w in words[name]}, key=lambda w: (-len(w), w))
        return "|".join([*map(re.escape, alternatives), *([extra] if extra else [])])

    return _GuidelinePatterns(
        measure_heading=re.compile(any_of("measure_heading")),
        problem_heading=re.compile(any_of("problem_heading")),
        improvement_heading=re.compile(any_of("improvement_heading")),
        part_one=re.compile(r"^一[、.]|" + any_of("part_one_heading")),
        part_five=re.compile(any_of("part_five_heading")),
        shortcoming=re.compile(any_of("shortcoming")),
        opening_pledge=re.compile(f"^(?:{any_of('opening_adverb')})?(?:{any_of('opening_verb')})"),
        any_remedy=re.compile(any_of("pledge", "pledge_outside_shortcomings", "remedy_verb", "remedy_word",
                                     extra=_MUST)),
        strict_remedy=re.compile(any_of("pledge", "remedy_verb")),
        states_shortcomings=re.compile(r"存在(?:的|着|一些|以下|如下|部分|较多|不少)?[^。;]{0,12}(?:"
                                       + any_of("shortcoming_noun") + r")|不足之处|主要问题"),
        pledges=re.compile(any_of("pledge", "pledge_outside_shortcomings", "answer", extra=_MUST)),
    )


_ITEM = re.compile(rf"^(?:{_ORDINAL}|[一二三四五六七八九十]是)")  # an ordinal, or 一是 / 二是
_CLAUSE_END = re.compile(r"[。;:,]")

def tokens(text: str) -> list[str]:
    """Word features: jieba tokens of the normalised text (the words the shared spaCy doc is made
    of, without building it), numbers folded to one symbol, white space out: the same list as
    `[_NUMBER.sub("0", t.text) for t in make_doc(text) if not t.is_space]`."""
    joined = _JOIN.join(w for w in words(text) if not w.isspace())
    return _NUMBER.sub("0", joined).split(_JOIN) if joined else []


def chars(text: str) -> str:
    return _NUMBER.sub("0", normalise(text))


@dataclass(frozen=True, slots=True)
class ParagraphTags:
    part: str  # "preamble", "P1" … "P6"
    index: int
    labels: tuple[str, ...]
    scores: dict[str, float]  # calibrated probability per tag
    by_guideline: tuple[str, ...] = ()  # labels `guideline_tags` gave that the classifier did not
    withheld: tuple[str, ...] = ()  # tags the classifier gave or came near (`NEAR`) that `guideline_tags` ruled out

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "index": self.index, "labels": list(self.labels),
                "scores": {t: round(p, 3) for t, p in self.scores.items()}, "by_guideline": list(self.by_guideline),
                "withheld": list(self.withheld)}


def guideline_tags(text: str, context: str) -> dict[str, bool]:
    """What the labelling guidelines (docs/labelling.md rules 2–4) decide from a paragraph's place and
    wording, whatever the classifier says: tag → True (given) or False (ruled out).

    - `measure` is given to a 下步打算 / 改进措施 / 工作安排 heading line, and to the paragraphs under
      such a top heading or sub-heading that have a word a measure is written with (seed 000's
      下步打算 block in part 六; a fee line or a date after the block is left to the classifier);
      a heading that names problems too (存在的问题及下步打算) decides nothing.
    - a heading line of problems only (六、存在的主要问题) is `problem` and not `measure`.
    - a numbered item whose heading clause is a pledge (（一）进一步加强组织体系建设。) under a top heading
      of problems and measures is `measure`; one whose heading clause states a shortcoming
      (一、政务新媒体运用不充分。…) is `problem`, and not `measure` unless it pledges a remedy.
    - `measure` is ruled out for a paragraph (not a heading line) without any word a measure is
      written with (将, 下一步, 加强, 完善, …), or that states shortcomings (存在……问题) without a
      pledge (将, 下一步, 针对, 措施 …).

    The words are data: `corpora/lexicon/guideline_words.json`.

    Nothing is given in part 一, where 加强… and 工作计划 report work done (rule 3). `context` is the
    paragraph's `heading_contexts` entry."""
    top, _, sub = context.partition("｜")
    text, top, sub = normalise(text.strip()), normalise(top), normalise(sub)
    rx = _guideline_patterns()
    heading = is_heading(text)
    remedy = heading or bool(rx.any_remedy.search(text))
    found: dict[str, bool] = {}
    if not rx.part_one.search(top):
        blocks = (top, sub) if remedy else ()
        if any(rx.measure_heading.search(h) and not rx.problem_heading.search(h)
               for h in (*blocks, text if heading else "")):
            found["measure"] = True
        item = _ITEM.match(text)
        clause = _CLAUSE_END.split(text[item.end():].strip(), 1)[0] if item else ""
        pledge = bool(rx.opening_pledge.match(clause if item else text))  # 加强队伍建设，解决人员不足问题 pledges
        if heading and rx.problem_heading.search(text) and not rx.improvement_heading.search(text) and not pledge:
            found.update(problem=True, measure=False)
        if 0 < len(clause) <= 25 and pledge:
            if rx.part_five.search(top):
                found["measure"] = True
        elif 0 < len(clause) <= 25 and rx.shortcoming.search(clause):
            found["problem"] = True
            if not rx.strict_remedy.search(text):
                found.setdefault("measure", False)
    if not heading and (not remedy or (rx.states_shortcomings.search(text) and not rx.pledges.search(text))):
        found.setdefault("measure", False)
    return found


def with_guideline_tags(decided: Sequence[tuple[str, ...]], texts: Sequence[str], contexts: Sequence[str],
                        proba: np.ndarray) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """(labels, tags `guideline_tags` added, tags it withheld) for each paragraph: the classifier's
    decision corrected by what the guidelines decide (`other` goes when a tag is added; a paragraph
    left with nothing is `other`), tags in `TAGS` order. Withheld are the ruled-out tags that the
    classifier gave or whose probability is `NEAR`, so that a check asking for a tag's absence
    does not count them."""
    out = []
    for labels, text, context, row in zip(decided, texts, contexts, proba):
        decided_here = guideline_tags(text, context)
        added = tuple(t for t in TAGS if decided_here.get(t) is True and t not in labels)
        withheld = tuple(t for j, t in enumerate(TAGS) if decided_here.get(t) is False
                         and (t in labels or row[j] >= NEAR))
        if added or withheld:
            kept = (set(labels) | set(added)) - set(withheld) - ({"other"} if added else set())
            labels = tuple(t for t in TAGS if t in kept) or ("other",)
        out.append((labels, added, withheld))
    return out


class Featurizer:
    """jieba word unigrams and character 1–3-grams of the paragraph, character 2–3-grams of its heading
    context; each TF-IDF (sublinear), stacked side by side."""

    def __init__(self, *, min_df: int = 2) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.words = TfidfVectorizer(analyzer=tokens, sublinear_tf=True, min_df=min_df)
        self.char_ngrams = TfidfVectorizer(analyzer="char", preprocessor=chars, ngram_range=(1, 3),
                                           sublinear_tf=True, min_df=min_df, max_features=60000)
        self.context = TfidfVectorizer(analyzer="char", preprocessor=chars, ngram_range=(2, 3),
                                       sublinear_tf=True, min_df=min_df, max_features=5000)

    def fit_transform(self, texts: Sequence[str], contexts: Sequence[str]) -> sp.csr_matrix:
        import scipy.sparse as sp

        return sp.hstack([self.words.fit_transform(texts), self.char_ngrams.fit_transform(texts),
                          self.context.fit_transform(contexts)]).tocsr()

    def transform(self, texts: Sequence[str], contexts: Sequence[str]) -> sp.csr_matrix:
        import scipy.sparse as sp

        return sp.hstack([self.words.transform(texts), self.char_ngrams.transform(texts),
                          self.context.transform(contexts)]).tocsr()


class ParagraphTagger:
    """Estimator-style: `fit(texts, label_sets)`, `predict_proba`, `predict`, `save`, `load`.

    `make_classifier` builds one binary estimator with `fit`/`predict_proba` (scikit-learn API);
    a tag whose probability reaches its threshold is given; a paragraph that reaches none gets its
    most probable tag.
    """

    def __init__(self, make_classifier: Any, *, name: str, min_df: int = 2) -> None:
        self.make_classifier = make_classifier
        self.name = name
        self.min_df = min_df
        self.featurizer: Featurizer | None = None
        self.classifiers: dict[str, Any] = {}
        self.thresholds: dict[str, float] = {t: 0.5 for t in TAGS}
        self.meta: dict[str, Any] = {}

    def fit(self, texts: Sequence[str], label_sets: Sequence[Iterable[str]], *,
            contexts: Sequence[str]) -> ParagraphTagger:
        self.featurizer = Featurizer(min_df=self.min_df)
        x = self.featurizer.fit_transform(texts, contexts)
        y = label_matrix(label_sets)
        self.classifiers = {tag: self.make_classifier().fit(x, y[:, j]) if 0 < y[:, j].sum() < len(y)
                            else Constant(float(y[0, j])) for j, tag in enumerate(TAGS)}
        return self

    def predict_proba(self, texts: Sequence[str], *, contexts: Sequence[str]) -> np.ndarray:
        """(n, len(TAGS)) calibrated probabilities, through each classifier's own `predict_proba`
        (the slow, obviously correct twin of `CompactTagger`)."""
        if self.featurizer is None:
            raise RuntimeError("the tagger is not fitted")
        if not texts:
            return np.zeros((0, len(TAGS)))
        x = self.featurizer.transform(texts, contexts)
        return np.column_stack([self.classifiers[tag].predict_proba(x)[:, 1] for tag in TAGS])

    def decide(self, proba: np.ndarray) -> list[tuple[str, ...]]:
        cut = np.array([self.thresholds[t] for t in TAGS])
        out = []
        for row in proba:
            chosen = [t for t, p, c in zip(TAGS, row, cut) if p >= c]
            if "other" in chosen and len(chosen) > 1:
                chosen.remove("other")
            out.append(tuple(chosen) if chosen else (TAGS[int(row.argmax())],))
        return out

    def predict(self, texts: Sequence[str], *, contexts: Sequence[str]) -> list[tuple[str, ...]]:
        """The shipped decision: thresholds, then `with_guideline_tags`."""
        proba = self.predict_proba(texts, contexts=contexts)
        return [labels for labels, _, _ in with_guideline_tags(self.decide(proba), texts, contexts, proba)]

    def clear_memo(self) -> None:
        """Nothing to forget: this twin keeps no memo (`CompactTagger` does)."""

    def tag_report(self, report: Report) -> list[ParagraphTags]:
        located = [(part, p.index, p.text) for part, p in report.narrative()]
        titles = {part.id: part.title for part in report.parts}
        contexts = heading_contexts([(titles.get(part), text) for part, _, text in located])
        texts = [text for _, _, text in located]
        proba = self.predict_proba(texts, contexts=contexts)
        labels = with_guideline_tags(self.decide(proba), texts, contexts, proba)
        return [ParagraphTags(part, index, tags, dict(zip(TAGS, map(float, row))), added, withheld)
                for (part, index, _), (tags, added, withheld), row in zip(located, labels, proba)]

    # -------------------------------------------------------------------- persistence

    def save(self, folder: Path, *, meta: dict[str, Any]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.meta = {**meta, "versions": library_versions(), "thresholds": self.thresholds, "tags": list(TAGS),
                     "estimator": self.name}
        state = {"featurizer": self.featurizer, "classifiers": self.classifiers, "thresholds": self.thresholds,
                 "name": self.name}
        with (folder / "tagger.pkl").open("wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        if stack_logistic(self.classifiers) is not None:
            CompactTagger.from_tagger(self).save(folder)
        else:  # a stale compact form would shadow this model
            for name in CompactTagger.FILES:
                (folder / name).unlink(missing_ok=True)
        (folder / "meta.json").write_text(json.dumps(self.meta, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> ParagraphTagger:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        trained, now = meta.get("versions", {}), library_versions()
        changed = {k: (v, now.get(k)) for k, v in trained.items() if now.get(k) != v and k != "python"}
        if changed:
            warnings.warn(f"tagger trained with other library versions (trained, installed): {changed}",
                          stacklevel=2)
        with (folder / "tagger.pkl").open("rb") as fh:
            state = pickle.load(fh)  # our own artefact, shipped in the repo: never a downloaded file
        tagger = cls(None, name=state["name"])
        tagger.featurizer, tagger.classifiers = state["featurizer"], state["classifiers"]
        tagger.thresholds, tagger.meta = state["thresholds"], meta
        return tagger


def stack_logistic(classifiers: dict[str, Any]) -> tuple[np.ndarray, np.ndarray] | None:
    """(weights, bias) when every tag's classifier is a binary LogisticRegression or a Constant."""
    from sklearn.linear_model import LogisticRegression

    fitted = [classifiers[tag] for tag in TAGS]
    models = [c for c in fitted if isinstance(c, LogisticRegression)]
    if not models or len(models) + sum(isinstance(c, Constant) for c in fitted) != len(fitted):
        return None
    width = models[0].coef_.shape[1]
    weights, bias = np.zeros((width, len(TAGS))), np.zeros(len(TAGS))
    for j, c in enumerate(fitted):
        if isinstance(c, LogisticRegression):
            weights[:, j], bias[j] = c.coef_[0], c.intercept_[0]
        else:  # a constant probability p is the logit log(p / (1 - p)) with no weights
            p = min(max(c.p, 1e-9), 1 - 1e-9)
            bias[j] = np.log(p / (1 - p))
    return weights, bias


class Constant:
    """The classifier for a tag that the training data gives always or never (a small fold)."""

    def __init__(self, p: float) -> None:
        self.p = p

    def predict_proba(self, x: sp.csr_matrix) -> np.ndarray:
        return np.tile([1.0 - self.p, self.p], (x.shape[0], 1))


def label_matrix(label_sets: Sequence[Iterable[str]]) -> np.ndarray:
    y = np.zeros((len(label_sets), len(TAGS)), dtype=int)
    for i, labels in enumerate(label_sets):
        for tag in labels:
            y[i, TAGS.index(tag)] = 1
    return y


def segmenter_versions() -> dict[str, str]:
    """What the word features depend on: jieba (its dictionary and HMM tables) and jieba_fast (the
    segmenter that walks them, `auditor.nlp.tokenize.load_jieba`)."""
    from importlib.metadata import version

    return {"jieba": version("jieba"), "jieba_fast": version("jieba_fast")}


def library_versions() -> dict[str, str]:
    import scipy
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, **segmenter_versions()}


class CompactTagger:
    """The shipped logistic tagger for the audit: vocabularies, idf weights and the stacked
    (features × tags) weights in plain files (`runtime.json`, `runtime.npz`), scored without
    scikit-learn (no import, no per-call validation). Its slow, obviously correct twin is
    `ParagraphTagger.predict_proba` on the pickled estimators; tests keep the two equal."""

    FILES = ("runtime.json", "runtime.npz")
    MEMO_SIZE = 8192  # (text, context) pairs whose probabilities are kept

    def __init__(self, vocabularies: list[dict[str, int]], idf: list[np.ndarray], weights: np.ndarray,
                 bias: np.ndarray, thresholds: dict[str, float], name: str) -> None:
        self.vocabularies, self.idf, self.bias = vocabularies, idf, bias
        self.offsets = np.cumsum([0] + [len(v) for v in vocabularies])[:-1].tolist()
        self.columns = np.ascontiguousarray(weights.T)  # (tags × features): one contiguous row per tag
        self.thresholds, self.name = thresholds, name
        self._memo: dict[tuple[str, str], np.ndarray] = {}

    @classmethod
    def from_tagger(cls, tagger: ParagraphTagger) -> CompactTagger:
        linear = stack_logistic(tagger.classifiers)
        if linear is None or tagger.featurizer is None:
            raise ValueError(f"{tagger.name}: only a fitted logistic tagger has a compact form")
        f = tagger.featurizer
        blocks = (f.words, f.char_ngrams, f.context)
        vocabularies = [{k: int(v) for k, v in b.vocabulary_.items()} for b in blocks]
        return cls(vocabularies, [b.idf_.copy() for b in blocks], *linear, dict(tagger.thresholds), tagger.name)

    def save(self, folder: Path) -> None:
        vocab = [sorted(v, key=v.__getitem__) for v in self.vocabularies]
        (folder / "runtime.json").write_text(json.dumps({"name": self.name, "thresholds": self.thresholds,
                                                         "tags": list(TAGS), "vocabularies": vocab},
                                                        ensure_ascii=False), encoding="utf-8")
        np.savez(folder / "runtime.npz", weights=self.weights, bias=self.bias,
                 **{f"idf{i}": idf for i, idf in enumerate(self.idf)})

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> CompactTagger:
        trained = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("versions", {})
        changed = {k: (trained.get(k), v) for k, v in segmenter_versions().items() if trained.get(k) != v}
        if changed:  # tokens, hence features, may differ
            warnings.warn(f"tagger trained with another segmenter (trained, installed): {changed}", stacklevel=2)
        meta = json.loads((folder / "runtime.json").read_text(encoding="utf-8"))
        if meta["tags"] != list(TAGS):
            raise ValueError(f"{folder}: model tags {meta['tags']} are not {list(TAGS)}")
        arrays = np.load(folder / "runtime.npz")
        vocabularies = [{w: i for i, w in enumerate(words)} for words in meta["vocabularies"]]
        idf = [arrays[f"idf{i}"] for i in range(len(vocabularies))]
        return cls(vocabularies, idf, arrays["weights"], arrays["bias"], meta["thresholds"], meta["name"])

    def _block_logits(self, feature_lists: list[list[str]], block: int) -> np.ndarray:
        """One TF-IDF block for a batch, as scikit-learn makes it (counts of known features,
        1 + log(count), times idf, L2-normalised per paragraph), multiplied into the weights. The
        features are looked up once each (`map` over the dict, in C) and counted per paragraph by
        `np.unique` on (paragraph, feature id) keys; each tag's column is then one gather from its
        contiguous row of the transposed weights and one `bincount`."""
        vocab, n = self.vocabularies[block], len(feature_lists)
        out = np.zeros((n, len(TAGS)))
        flat = [f for features in feature_lists for f in features]
        ids = np.fromiter(map(vocab.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        rows = np.repeat(np.arange(n), [len(features) for features in feature_lists])
        known = ids >= 0
        if not known.any():
            return out
        width = len(vocab)
        keys, counts = np.unique(rows[known] * width + ids[known], return_counts=True)
        r, c = keys // width, keys % width
        values = (np.log(counts.astype(float)) + 1.0) * self.idf[block][c]
        values /= np.sqrt(np.bincount(r, weights=values * values, minlength=n))[r]
        c += self.offsets[block]
        for j, column in enumerate(self.columns):
            out[:, j] = np.bincount(r, weights=values * column[c], minlength=n)
        return out

    @property
    def weights(self) -> np.ndarray:
        """(features × tags), as stacked from the classifiers."""
        return self.columns.T

    def clear_memo(self) -> None:
        """Forget the probabilities kept so far (`auditor.textcache.clear_text_caches`)."""
        self._memo.clear()

    def _proba(self, texts: Sequence[str], contexts: Sequence[str]) -> np.ndarray:
        logits = np.tile(self.bias, (len(texts), 1))
        logits += self._block_logits([tokens(t) for t in texts], 0)
        logits += self._block_logits([char_ngrams(chars(t), 1, 3) for t in texts], 1)
        logits += self._block_logits([char_ngrams(chars(c), 2, 3) for c in contexts], 2)
        return 1.0 / (1.0 + np.exp(-logits))

    def predict_proba(self, texts: Sequence[str], *, contexts: Sequence[str]) -> np.ndarray:
        """(n, len(TAGS)) probabilities. A (text, context) pair scored before in this process is
        taken from a bounded memo (headings and standard sentences recur from report to report);
        the others are scored together in one batch."""
        pairs = list(zip(texts, contexts))
        new = [pair for pair in dict.fromkeys(pairs) if pair not in self._memo]
        if len(self._memo) + len(new) > self.MEMO_SIZE:
            self._memo.clear()
            new = list(dict.fromkeys(pairs))
        if new:
            self._memo.update(zip(new, self._proba([t for t, _ in new], [c for _, c in new])))
        if not pairs:
            return np.zeros((0, len(TAGS)))
        return np.array([self._memo[pair] for pair in pairs])

    decide = ParagraphTagger.decide
    predict = ParagraphTagger.predict
    tag_report = ParagraphTagger.tag_report


_WHITE_SPACES = re.compile(r"\s\s+")


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams exactly as scikit-learn's `analyzer="char"` makes them (white-space runs
    folded to one space first)."""
    text = _WHITE_SPACES.sub(" ", text)
    return [text[i:i + n] for n in range(low, min(high, len(text)) + 1) for i in range(len(text) - n + 1)]


@on_clear
def _forget_default_memo() -> None:
    """The shipped tagger's memo is a text cache too (left alone when the tagger is not loaded)."""
    if default_tagger.cache_info().currsize:
        default_tagger().clear_memo()


@lru_cache(maxsize=1)
def default_tagger() -> CompactTagger | ParagraphTagger:
    """The shipped model, loaded once per process: the compact form when it exists."""
    if all((MODEL_DIR / name).exists() for name in CompactTagger.FILES):
        return CompactTagger.load(MODEL_DIR)
    return ParagraphTagger.load(MODEL_DIR)


def tag_report(report: Report) -> list[ParagraphTags]:
    return default_tagger().tag_report(report)


def is_heading(text: str) -> bool:
    """A short line that introduces what follows (一、… / （二）… / 3.… / 下步打算), not a sentence."""
    text = text.strip()
    return len(text) <= 20 and (bool(ORDINAL_HEADING.match(text)) or not _SENTENCE.search(text))


def heading_contexts(paragraphs: Sequence[tuple[str | None, str]]) -> list[str]:
    """For each (part title or None, text) in reading order: "top heading｜nearest sub-heading" seen
    before it. The top heading is the part's title where the reader knows it, else the last 一、-style
    heading line (web text, where part titles are lines of their own)."""
    top = sub = ""
    last_title: str | None = None
    out = []
    for title, text in paragraphs:
        if title is not None and title != last_title:
            top, sub, last_title = title, "", title
        out.append(f"{top}｜{sub}")
        if is_heading(text):
            if _TOP_HEADING.match(text.strip()):
                top, sub = text.strip(), ""
            else:
                sub = text.strip()
    return out
