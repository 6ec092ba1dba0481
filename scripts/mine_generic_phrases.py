"""Mine the generic phrases of problems and measures from the labelled corpus.

    python scripts/mine_generic_phrases.py            # writes corpora/lexicon/generic_phrases.txt

A phrase is a run of 2–4 jieba tokens (4–10 characters, no digits or punctuation, not starting or
ending with a particle, conjunction or preposition) in paragraphs labelled `problem` or `measure`.
It is generic when it occurs in the problem/measure paragraphs of many distinct reports (document
frequency ≥ `--min-reports`), is characteristic of them (its share of problem/measure paragraphs is
at least `--lift` times its share of the other paragraphs, so that topic words such as 公开内容,
which every part uses, are not "generic"), carries a verb, adverb or adjective, and is not part of
the format's template wording. A phrase inside a longer kept phrase with nearly the same frequency
is dropped in favour of the longer one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.nlp.tokenize import load_jieba, normalise  # noqa: E402
from auditor.normalize import fold  # noqa: E402

LABELLED = ROOT / "corpora" / "tagging" / "labelled.jsonl"
OUT = ROOT / "corpora" / "lexicon" / "generic_phrases.txt"
TEMPLATE = ROOT / "corpora" / "format" / "template_wording.txt"
_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
_CONTENT_POS = ("v", "d", "a")  # jieba POS prefixes: verb, adverb, adjective
_EDGE_POS = ("u", "c", "p", "m", "r")  # particle, conjunction, preposition, numeral, pronoun: not a phrase edge
_EDGE_WORDS = {"是", "有", "在", "为", "对", "将", "把", "等"}


def phrases(text: str, posseg) -> set[tuple[str, bool]]:
    """(phrase, has a verb/adverb/adjective) for every 2–4-token run of Chinese words."""
    words = [(w.word, w.flag) for w in posseg.lcut(normalise(text), HMM=False)]
    out = set()
    for n in (2, 3, 4):
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if not all(_WORD.match(w) for w, _ in run):
                continue
            if any(f.startswith(_EDGE_POS) or w in _EDGE_WORDS for w, f in (run[0], run[-1])):
                continue
            phrase = "".join(w for w, _ in run)
            if 4 <= len(phrase) <= 10:
                out.add((phrase, any(f.startswith(_CONTENT_POS) for _, f in run)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-reports", type=int, default=6)
    parser.add_argument("--lift", type=float, default=3.0)
    args = parser.parse_args()

    load_jieba()
    import jieba_fast.posseg as posseg  # the segmenter load_jieba() loaded the domain words into

    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [r for r in rows if {"problem", "measure"} & set(r["labels"])]
    rest = [r for r in rows if not {"problem", "measure"} & set(r["labels"])]
    template = fold(TEMPLATE.read_text(encoding="utf-8"))
    reports: dict[str, set[str]] = defaultdict(set)
    in_chosen: Counter[str] = Counter()
    content: dict[str, bool] = {}
    for r in chosen:
        for phrase, has_content in phrases(r["text"], posseg):
            reports[phrase].add(r["report"])
            in_chosen[phrase] += 1
            content[phrase] = content.get(phrase, False) or has_content
    folded_rest = [fold(r["text"]) for r in rest]

    def lift(phrase: str) -> float:
        elsewhere = sum(phrase in text for text in folded_rest)
        return (in_chosen[phrase] / len(chosen)) / (max(elsewhere, 0.5) / len(rest))

    df = Counter({p: len(rs) for p, rs in reports.items()
                  if len(rs) >= args.min_reports and content[p] and fold(p) not in template
                  and lift(p) >= args.lift})
    kept = []
    for phrase, n in sorted(df.items(), key=lambda kv: (-len(kv[0]), -kv[1])):
        if any(phrase in longer and df[longer] >= 0.8 * n for longer in kept):
            continue
        kept.append(phrase)
    kept.sort(key=lambda p: (-df[p], p))
    n_reports = len({r["report"] for r in chosen})
    header = (f"# Generic phrases of problems and measures, mined by scripts/mine_generic_phrases.py from the\n"
              f"# {len(chosen)} problem/measure paragraphs of {n_reports} reports in corpora/tagging/labelled.jsonl:\n"
              f"# 2–4-token runs with a verb/adverb/adjective that occur in >= {args.min_reports} reports and are\n"
              f"# >= {args.lift:g} times as frequent there as in the other paragraphs.\n"
              f"# phrase<TAB>number of reports\n")
    OUT.write_text(header + "".join(f"{p}\t{df[p]}\n" for p in kept), encoding="utf-8")
    print(f"{len(kept)} phrases from {len(chosen)} paragraphs of {n_reports} reports → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
