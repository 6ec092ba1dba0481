"""Tagging speed on one core: load time of the shipped model, and paragraphs/s over the corpus.

    python scripts/bench_tagger.py [--rounds 3]

Tags every paragraph of corpora/tagging/paragraphs.jsonl (text + heading context), in batches of
one report's size (40 paragraphs), the jieba tokenization included: the shared token cache is
emptied before each round so that repeated rounds do not turn into cache hits.
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
    started = time.perf_counter()
    from auditor.nlp.tagger import ParagraphTagger

    tagger = ParagraphTagger.load()
    load = time.perf_counter() - started

    rows = [json.loads(line) for line in (ROOT / "corpora/tagging/paragraphs.jsonl").read_text("utf-8").splitlines()]
    texts, contexts = [r["text"] for r in rows], [r["context"] for r in rows]
    chars = sum(map(len, texts))
    rates = []
    for _ in range(args.rounds):
        make_doc.cache_clear()
        started = time.perf_counter()
        for i in range(0, len(texts), args.batch):
            tagger.predict(texts[i:i + args.batch], contexts=contexts[i:i + args.batch])
        rates.append(len(texts) / (time.perf_counter() - started))
    rates.sort()
    print(f"model load {load:.2f} s; {len(texts)} paragraphs ({chars / len(texts):.0f} chars mean), batches of "
          f"{args.batch}: median {rates[len(rates) // 2]:,.0f} paragraphs/s (min {rates[0]:,.0f}, max {rates[-1]:,.0f})")


if __name__ == "__main__":
    main()
