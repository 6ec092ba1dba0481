"""Train the paragraph tagger, compare estimators, and write the model and its model card.

    python scripts/train_tagger.py                 # compare, keep the best, write models/tagger/
    python scripts/train_tagger.py --no-spacy      # skip the (slower) spaCy textcat candidate
    python scripts/train_tagger.py --card          # rewrite MODEL_CARD.md and the compact runtime files
                                                   # (runtime.json/.npz) from the saved model, no training

Data: corpora/tagging/labelled.jsonl (scripts/build_tagging_corpus.py merge). Split by report: the
bundled sample reports and a seeded 20% of each gathering round's web reports are held out as the
test set; no report has paragraphs on both sides, and a later round never moves an earlier report.
Candidates are compared by 5-fold cross-validated macro-F1 on the training reports (GroupKFold, folds
by report); per-tag thresholds are tuned on the out-of-fold probabilities of the winner (three fold
sets); the winner is refitted on all training reports, scored on the held-out reports with the
guideline tags (`auditor.nlp.tagger.with_guideline_tags`), and saved with its card. Everything is
seeded: a rerun gives the same model.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.nlp.tagger import (  # noqa: E402
    MODEL_DIR,
    TAGS,
    CompactTagger,
    ParagraphTagger,
    guideline_tags,
    label_matrix,
    with_guideline_tags,
)

LABELLED = ROOT / "corpora" / "tagging" / "labelled.jsonl"
WEB = ROOT / "corpora" / "web"
LATER_GATHERINGS = ("part5_more_*.jsonl",)  # 2026-12-02: part-五 pages (corpora/web/README.md)
SEED = 20261201
TEST_SHARE = 0.2
THRESHOLD_SHUFFLES = (1, 2)  # thresholds are tuned on the default folds and on these two reshufflings


def candidates() -> dict[str, Callable[[], Any]]:
    """Binary estimators with calibrated `predict_proba`, by name."""
    return {
        "logreg_C8": lambda: LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced"),
        "logreg_C32": lambda: LogisticRegression(C=32.0, max_iter=3000, class_weight="balanced"),
        "linear_svm_C0.5_sigmoid": lambda: CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced"),
                                                                  cv=3, method="sigmoid"),
        "linear_svm_C1_sigmoid": lambda: CalibratedClassifierCV(LinearSVC(C=1.0, class_weight="balanced"),
                                                                cv=3, method="sigmoid"),
    }


def later_reports() -> set[str]:
    """Source URLs of the web reports gathered after the first round (`LATER_GATHERINGS`)."""
    return {json.loads(line)["url"] for name in LATER_GATHERINGS for path in sorted(WEB.glob(name))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def split_by_report(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Held out: the bundled samples and a seeded share of each gathering round's web reports, so that
    a later round never moves an earlier report from one side to the other."""
    reports = sorted({r["report"] for r in rows})
    later = later_reports()
    test = {r for r in reports if r.startswith("sample:")}
    for web in ([r for r in reports if not r.startswith("sample:") and r not in later],
                [r for r in reports if r in later]):
        random.Random(SEED).shuffle(web)
        test |= set(web[: round(TEST_SHARE * len(web))])
    return [r for r in rows if r["report"] not in test], [r for r in rows if r["report"] in test]


def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, dict[str, float]]:
    p, r, f, support = precision_recall_fscore_support(y_true, y_pred, average=None, zero_division=0)
    per = {tag: {"precision": p[j], "recall": r[j], "f1": f[j], "support": int(support[j])}
           for j, tag in enumerate(TAGS)}
    per["macro"] = {"precision": p.mean(), "recall": r.mean(), "f1": f.mean(), "support": int(support.sum())}
    return per


def decided(tagger: ParagraphTagger, proba: np.ndarray, rows: list[dict], *, guidelines: bool = True) -> np.ndarray:
    """Label matrix of the shipped decision (thresholds, then `with_guideline_tags`), or of the
    classifier alone (`guidelines=False`)."""
    labels = tagger.decide(proba)
    if guidelines:
        labels = [tags for tags, _, _ in with_guideline_tags(labels, [r["text"] for r in rows],
                                                               [r["context"] for r in rows], proba)]
    return label_matrix(labels)


def guideline_matrices(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(given, ruled out): what `guideline_tags` decides for each row, as (rows × tags) booleans."""
    given = np.zeros((len(rows), len(TAGS)), dtype=bool)
    ruled_out = np.zeros_like(given)
    for i, r in enumerate(rows):
        for tag, value in guideline_tags(r["text"], r["context"]).items():
            (given if value else ruled_out)[i, TAGS.index(tag)] = True
    return given, ruled_out


# ------------------------------------------------------------------------------ spaCy alternative

class SpacyTextcat:
    """spaCy `textcat_multilabel` (bag-of-words n-grams) on a jieba-segmented `spacy.blank("zh")`; it
    reads the heading context in front of the text ("context｜text")."""

    def __init__(self, *, epochs: int = 12, seed: int = SEED) -> None:
        self.epochs, self.seed = epochs, seed

    def fit(self, texts: list[str], label_sets: list[list[str]], *, contexts: list[str]) -> SpacyTextcat:
        from spacy.training import Example
        from spacy.util import fix_random_seed, minibatch

        from auditor.nlp.tokenize import new_pipeline, normalise

        fix_random_seed(self.seed)
        self.nlp = new_pipeline()  # jieba: the audit's C segmenter, with the domain words
        textcat = self.nlp.add_pipe("textcat_multilabel", config={"model": {
            "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
            "no_output_layer": False, "length": 262144}})
        for tag in TAGS:
            textcat.add_label(tag)
        self.normalise = normalise
        examples = [Example.from_dict(self.nlp.make_doc(normalise(f"{c}｜{t}")),
                                      {"cats": {tag: float(tag in ls) for tag in TAGS}})
                    for t, c, ls in zip(texts, contexts, label_sets)]
        optimizer = self.nlp.initialize(lambda: examples)
        rng = random.Random(self.seed)
        for _ in range(self.epochs):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=16):
                self.nlp.update(batch, sgd=optimizer, drop=0.2)
        return self

    def predict_proba(self, texts: list[str], *, contexts: list[str]) -> np.ndarray:
        docs = self.nlp.pipe(self.normalise(f"{c}｜{t}") for t, c in zip(texts, contexts))
        return np.array([[doc.cats[tag] for tag in TAGS] for doc in docs])


# ------------------------------------------------------------------------------ evaluation

def out_of_fold(make: Callable[[], Any], rows: list[dict], *, shuffle: int | None = None) -> np.ndarray:
    """Out-of-fold probabilities, 5 folds by report (`shuffle`: a seed to shuffle the reports into
    other folds; None: scikit-learn's deterministic GroupKFold)."""
    texts = [r["text"] for r in rows]
    contexts = [r["context"] for r in rows]
    labels = [r["labels"] for r in rows]
    groups = [r["report"] for r in rows]
    proba = np.zeros((len(rows), len(TAGS)))
    folds = GroupKFold(n_splits=5) if shuffle is None else GroupKFold(n_splits=5, shuffle=True, random_state=shuffle)
    for train, test in folds.split(texts, groups=groups):
        model = make().fit([texts[i] for i in train], [labels[i] for i in train],
                           contexts=[contexts[i] for i in train])
        proba[test] = model.predict_proba([texts[i] for i in test], contexts=[contexts[i] for i in test])
    return proba


def tune_thresholds(probas: list[np.ndarray], y: np.ndarray,
                    guidelines: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, float]:
    """Per tag, the cut in 0.20–0.80 that maximises out-of-fold F1 averaged over `probas` (the same
    rows, out of fold under differently shuffled folds: one fold set's F1 curve is flat and noisy
    for the rare tags), ties: nearest 0.5. With `guidelines` (`guideline_matrices`), F1 is that of
    the shipped decision: the cut, then the tags the guidelines give or rule out."""
    grid = np.round(np.arange(0.2, 0.81, 0.05), 2)
    given, ruled_out = guidelines if guidelines is not None else (np.zeros(y.shape, bool),) * 2
    best = {}
    for j, tag in enumerate(TAGS):
        f1s = [np.mean([precision_recall_fscore_support(
                   y[:, j], ((proba[:, j] >= c) & ~ruled_out[:, j]) | given[:, j], average="binary",
                   zero_division=0)[2] for proba in probas])
               for c in grid]
        top = max(f1s)
        best[tag] = float(min((c for c, f in zip(grid, f1s) if f >= top - 1e-9), key=lambda c: abs(c - 0.5)))
    return best


def confusions(y_true: np.ndarray, y_pred: np.ndarray) -> list[tuple[str, str, int]]:
    """(true tag, tag predicted in its place, count): for each missed true tag, the wrong tags given."""
    pairs: Counter[tuple[str, str]] = Counter()
    for t_row, p_row in zip(y_true, y_pred):
        missed = [TAGS[j] for j in np.flatnonzero(t_row & ~p_row)]
        extra = [TAGS[j] for j in np.flatnonzero(p_row & ~t_row)]
        for m in missed:
            for e in extra or ["(none)"]:
                pairs[(m, e)] += 1
        if not missed:
            for e in extra:
                pairs[("(none)", e)] += 1
    return [(a, b, n) for (a, b), n in pairs.most_common(12)]


def bootstrap_f1(y_true: np.ndarray, y_pred: np.ndarray, rows: list[dict], tags: tuple[str, ...],
                 *, rounds: int = 2000) -> dict[str, tuple[float, float]]:
    """95% interval of each tag's F1 over the test set resampled by report (seeded)."""
    by_report: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_report.setdefault(r["report"], []).append(i)
    reports = sorted(by_report)
    rng = random.Random(SEED)
    f1s: dict[str, list[float]] = {t: [] for t in tags}
    for _ in range(rounds):
        sample = [i for report in rng.choices(reports, k=len(reports)) for i in by_report[report]]
        per = scores(y_true[sample], y_pred[sample])
        for t in tags:
            f1s[t].append(per[t]["f1"])
    return {t: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) for t, v in f1s.items()}


def table(per: dict[str, dict[str, float]]) -> str:
    lines = ["| tag | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for tag, m in per.items():
        lines.append(f"| {tag} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
    return "\n".join(lines)


def model_card(info: dict[str, Any]) -> str:
    cv_rows = "\n".join(f"| {name} | {f1:.3f} |" for name, f1 in info["cv"].items())
    conf = "\n".join(f"| {a} | {b} | {n} |" for a, b, n in info["confusions"])
    counts = ", ".join(f"{t} {n}" for t, n in info["tag_counts"].items())
    return f"""# Paragraph tagger — model card

Made by `python scripts/train_tagger.py` on {info['date']} (seed {SEED}); this card is written by that
script. Tags and their meaning: `docs/tagging.md`; labelling rules: `docs/labelling.md`.

## Model
- Estimator: **{info['winner']}**, one binary classifier per tag over jieba word unigrams and character
  1–3-grams of the paragraph, and character 2–3-grams of its heading context (the part or top-level
  heading and the nearest sub-heading above it); TF-IDF, sublinear, numbers folded to one symbol; see
  `auditor/nlp/tagger.py`.
- Decision: a tag is given when its calibrated probability reaches its threshold (tuned per tag on
  out-of-fold probabilities of the training reports, F1 averaged over the default folds and two
  reshufflings of them, for the decision with the guideline tags); a paragraph reaching none gets its most
  probable tag; then the guideline tags below.
  Thresholds: {json.dumps(info['thresholds'])}.
- Libraries it was trained with: {json.dumps(info['versions'])} (a mismatch warns at load time).
- The audit loads the compact form (`runtime.json` + `runtime.npz`: vocabularies, idf, stacked weights;
  scored without scikit-learn, kept equal to the pickled estimators by a test): {info['load_seconds']:.2f} s
  to load here. Speed: `docs/benchmarks.md` (`scripts/bench_tagger.py`).

## Data
- `corpora/tagging/labelled.jsonl`: {info['n_paragraphs']} paragraphs from {info['n_reports']} real reports
  (the bundled samples and text gathered from public government web pages, each with its source URL),
  labelled against the written guidelines (`labels_a.jsonl`: first 1,323 paragraphs; `labels_a2.jsonl`:
  2,288 more, by a second labeller calibrated on the first one's labels; `labels_a3.jsonl`: the 203 of the
  second gathering round, by a third). Tag counts: {counts}.
- Agreement of a second, independent labelling of 200 paragraphs: `docs/tagging.md` (Cohen's kappa per tag).

## Split
By report, so that no report is on both sides: the bundled samples (5 seeds, the Hongze PDF) and a seeded
{TEST_SHARE:.0%} of each gathering round's web reports are held out:
train {info['n_train']} paragraphs / {info['n_train_reports']} reports,
test {info['n_test']} paragraphs / {info['n_test_reports']} reports.

## Model selection (5-fold GroupKFold by report on the training reports, macro-F1 at threshold 0.5)
| candidate | CV macro-F1 |
|---|---|
{cv_rows}

## Guideline tags (`guideline_tags` in `auditor/nlp/tagger.py`, docs/tagging.md)
After the thresholds, a paragraph's place and wording add or rule out a tag as the labelling guidelines
say (a 下步打算 block is `measure`, a numbered shortcoming is `problem`, a paragraph without a word of a
measure is not one). F1 out of fold on the training reports (the winner, tuned thresholds):

| tag | classifier alone | with guideline tags |
|---|---|---|
{info['oof_rows']}

## Held-out test reports (the shipped model with guideline tags)
How often these reports were scored while the model and the guideline rules were made: `docs/tagging.md`
("How measure F1 was raised").

{table(info['test'])}

The classifier alone on the same reports: {info['test_classifier_line']}.
95% intervals, the test reports resampled by report (2,000 rounds): {info['bootstrap_line']}.

## Most frequent confusions on the test reports
(true tag missed → tag given instead; `(none)` = nothing wrong given / a wrong tag given with nothing missed)

| true tag | given instead | count |
|---|---|---|
{conf}

## Limits
- `problem` and `measure` are the rarest tags (the stored web pages seldom reach part 五): 240 and 230
  labelled paragraphs. The guideline rules were written and checked on the training reports; their
  word lists are the corpus's words and can miss a measure worded otherwise (then the classifier's
  decision stands unless the paragraph has none of the listed words at all).
- The labellers are helper sessions following the guidelines; the web texts are excerpts, so
  paragraphs near an excerpt's end can be cut mid-sentence.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-spacy", action="store_true", help="leave out the spaCy textcat candidate")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--card", action="store_true", help="only rewrite the card of the saved model")
    args = parser.parse_args()

    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    train, test = split_by_report(rows)
    if args.card:
        tagger = ParagraphTagger.load(args.out)
        CompactTagger.from_tagger(tagger).save(args.out)
        write_card(tagger, rows, train, test, args.out, cv=tagger.meta["cv"], day=tagger.meta["date"])
        return
    y_train = label_matrix([r["labels"] for r in train])
    makers: dict[str, Callable[[], Any]] = {
        name: (lambda make=make, name=name: ParagraphTagger(make, name=name)) for name, make in candidates().items()}
    if not args.no_spacy:
        makers["spacy_textcat_bow"] = SpacyTextcat
    cv, oof = {}, {}
    for name, make in makers.items():
        started = time.perf_counter()
        oof[name] = out_of_fold(make, train)
        pred = label_matrix(ParagraphTagger(None, name=name).decide(oof[name]))
        cv[name] = scores(y_train, pred)["macro"]["f1"]
        print(f"{name}: CV macro-F1 {cv[name]:.3f} ({time.perf_counter() - started:.0f} s)", flush=True)
    winner = max(cv, key=cv.get)
    if winner.startswith("spacy"):
        # The shipped runtime is the scikit-learn tagger; if spaCy ever wins, say so rather than ship it quietly.
        print("spaCy textcat won the comparison; shipping the best scikit-learn candidate instead", flush=True)
        winner = max((n for n in cv if not n.startswith("spacy")), key=cv.get)
    reshuffled = [out_of_fold(makers[winner], train, shuffle=seed) for seed in THRESHOLD_SHUFFLES]
    thresholds = tune_thresholds([oof[winner], *reshuffled], y_train, guideline_matrices(train))

    tagger = ParagraphTagger(candidates()[winner], name=winner).fit(
        [r["text"] for r in train], [r["labels"] for r in train], contexts=[r["context"] for r in train])
    tagger.thresholds = thresholds
    oof_tagger = ParagraphTagger(None, name=winner)
    oof_tagger.thresholds = thresholds
    alone, placed = (scores(y_train, decided(oof_tagger, oof[winner], train, guidelines=g)) for g in (False, True))
    oof_f1 = {t: (alone[t]["f1"], placed[t]["f1"]) for t in ("problem", "measure", "macro")}
    y_test = label_matrix([r["labels"] for r in test])
    test_f1 = scores(y_test, decided(tagger, tagger.predict_proba(
        [r["text"] for r in test], contexts=[r["context"] for r in test]), test))["macro"]["f1"]
    day = date.today().isoformat()
    tagger.save(args.out, meta={"date": day, "winner": winner, "cv": cv, "n_paragraphs": len(rows),
                                "n_reports": len({r["report"] for r in rows}), "test_macro_f1": test_f1, "oof_f1": oof_f1,
                                "test_reports": sorted({r["report"] for r in test})})
    write_card(tagger, rows, train, test, args.out, cv=cv, day=day)


def write_card(tagger: ParagraphTagger, rows: list[dict], train: list[dict], test: list[dict], out: Path, *,
               cv: dict[str, float], day: str) -> None:
    """Score the saved model on the held-out reports and write its card."""
    started = time.perf_counter()
    CompactTagger.load(out)  # what the audit loads (default_tagger)
    load_seconds = time.perf_counter() - started
    y_test = label_matrix([r["labels"] for r in test])
    proba = tagger.predict_proba([r["text"] for r in test], contexts=[r["context"] for r in test])
    pred_test = decided(tagger, proba, test)
    info = {
        "date": day, "winner": tagger.name, "thresholds": tagger.thresholds, "cv": cv,
        "n_paragraphs": len(rows), "n_reports": len({r["report"] for r in rows}),
        "n_train": len(train), "n_train_reports": len({r["report"] for r in train}),
        "n_test": len(test), "n_test_reports": len({r["report"] for r in test}),
        "tag_counts": dict(Counter(t for r in rows for t in r["labels"]).most_common()),
        "test": scores(y_test, pred_test), "confusions": confusions(y_test, pred_test),
        "test_classifier_line": ", ".join(
            f"{t} {v['f1']:.3f}" for t, v in scores(y_test, decided(tagger, proba, test, guidelines=False)).items()
            if t in ("problem", "measure", "macro")),
        "bootstrap_line": ", ".join(f"{t} {lo:.3f}–{hi:.3f}" for t, (lo, hi) in bootstrap_f1(
            y_test, pred_test, test, ("problem", "measure")).items()),
        "oof_rows": "\n".join(f"| {t} | {a:.3f} | {b:.3f} |" for t, (a, b) in tagger.meta["oof_f1"].items()),
        "load_seconds": load_seconds, "versions": tagger.meta["versions"],
    }
    (out / "MODEL_CARD.md").write_text(model_card(info), encoding="utf-8")
    print(table(info["test"]))


if __name__ == "__main__":
    main()
