"""Inter-annotator agreement on the paragraphs labelled twice: Cohen's kappa per tag.

    python scripts/agreement.py            # prints a Markdown table (labels_a vs labels_b)

The second labelling (`corpora/tagging/labels_b.jsonl`) was made independently of the first
(`labels_a.jsonl`) on the ids of `corpora/tagging/agreement_ids.txt`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.nlp.tagger import TAGS  # noqa: E402

TAGGING = ROOT / "corpora" / "tagging"


def labels(name: str) -> dict[str, set[str]]:
    rows = (json.loads(line) for line in (TAGGING / name).read_text(encoding="utf-8").splitlines() if line.strip())
    return {r["id"]: set(r["labels"]) for r in rows}


def main() -> None:
    first, second = labels("labels_a.jsonl"), labels("labels_b.jsonl")
    ids = [i for i in second if i in first]
    print(f"{len(ids)} paragraphs labelled by both\n")
    print("| tag | kappa | A only | B only | both |")
    print("|---|---|---|---|---|")
    kappas = []
    for tag in TAGS:
        a = [tag in first[i] for i in ids]
        b = [tag in second[i] for i in ids]
        kappa = cohen_kappa_score(a, b)
        kappas.append(kappa)
        only_a = sum(x and not y for x, y in zip(a, b))
        only_b = sum(y and not x for x, y in zip(a, b))
        print(f"| {tag} | {kappa:.3f} | {only_a} | {only_b} | {sum(x and y for x, y in zip(a, b))} |")
    exact = sum(first[i] == second[i] for i in ids)
    print(f"\nmean kappa {sum(kappas) / len(kappas):.3f}; identical label sets {exact}/{len(ids)}")


if __name__ == "__main__":
    main()
