"""Inter-annotator agreement on the paragraphs labelled twice: Cohen's kappa per tag.

    python scripts/agreement.py            # Markdown tables: labels_a vs labels_b, labels_a3 vs labels_b3

The second labellings were made independently of the first: `labels_b.jsonl` on the ids of
`corpora/tagging/agreement_ids.txt` (drawn from `labels_a.jsonl`), `labels_b3.jsonl` on 80 of the 203
paragraphs of the second gathering round (`labels_a3.jsonl`; seed 7).
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


PAIRS = (("labels_a.jsonl", "labels_b.jsonl"), ("labels_a3.jsonl", "labels_b3.jsonl"))


def main() -> None:
    for number, (a_name, b_name) in enumerate(PAIRS):
        if number:
            print()
        table(labels(a_name), labels(b_name), f"{a_name} vs {b_name}")


def table(first: dict[str, set[str]], second: dict[str, set[str]], title: str) -> None:
    ids = [i for i in second if i in first]
    print(f"{title}: {len(ids)} paragraphs labelled by both\n")
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
