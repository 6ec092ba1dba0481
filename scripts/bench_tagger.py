"""Tagging speed on one core: load time of the shipped model, and paragraphs/s over the corpus.

    python scripts/bench_tagger.py [--rounds 3]

Tags every paragraph of corpora/tagging/paragraphs.jsonl (text + heading context), in batches of
one report's size (40 paragraphs), two ways:
- "in the audit": the paragraphs' jieba words (and spaCy docs) already exist (the audit segments
  each paragraph once and the claim extractor, the channel matcher and the tagger share it), so
  the figure is featurization + classification;
- "cold": tokenization included.
Caches and the tagger's memo are emptied before each round, so that repeated rounds do not turn
into cache hits.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    from auditor.nlp.tokenize import load_jieba, make_doc

    load_jieba()  # the dictionary is loaded once per process anyway (claims need it): not the model's load time
    make_doc("预热")
    from auditor.nlp.tagger import ParagraphTagger, default_tagger

    started = time.perf_counter()
    tagger = default_tagger()  # the compact form the audit uses
    load = time.perf_counter() - started
    started = time.perf_counter()
    ParagraphTagger.load()
    pickled = time.perf_counter() - started

    rows = [json.loads(line) for line in (ROOT / "corpora/tagging/paragraphs.jsonl").read_text("utf-8").splitlines()]
    texts, contexts = [r["text"] for r in rows], [r["context"] for r in rows]
    chars = sum(map(len, texts))
    from auditor.textcache import clear_text_caches

    def one_round(shared: bool) -> float:
        clear_text_caches()  # the tagger's memo too: later rounds would otherwise be hits
        spent = 0.0
        for i in range(0, len(texts), args.batch):
            batch, ctx = texts[i:i + args.batch], contexts[i:i + args.batch]
            if shared:
                for text in batch:
                    make_doc(text)
            started = time.perf_counter()
            tagger.predict(batch, contexts=ctx)
            spent += time.perf_counter() - started
        return len(texts) / spent

    print(f"model load {load:.2f} s ({type(tagger).__name__}; the pickled estimators with the scikit-learn "
          f"import: {pickled:.2f} s); {len(texts)} paragraphs "
          f"({chars / len(texts):.0f} chars mean), batches of {args.batch}")
    for shared in (True, False):
        rates = sorted(one_round(shared) for _ in range(args.rounds))
        label = "in the audit (docs shared)" if shared else "cold (tokenization included)"
        print(f"  {label}: median {rates[len(rates) // 2]:,.0f} paragraphs/s "
              f"(min {rates[0]:,.0f}, max {rates[-1]:,.0f})")


if __name__ == "__main__":
    main()
