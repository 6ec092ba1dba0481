"""Build the paragraph corpus for the tagger (issue 4) from real reports, and merge labels into it.

    python scripts/build_tagging_corpus.py paragraphs      # corpora/tagging/paragraphs.jsonl (unlabelled)
    python scripts/build_tagging_corpus.py merge           # + labels_a*.jsonl → corpora/tagging/labelled.jsonl
    python scripts/build_tagging_corpus.py sample          # agreement_ids.txt: ids labelled a second time

Sources: the bundled samples (narrative paragraphs as the parser reads them, with their part) and
the report text gathered from public government pages (`corpora/web/*.jsonl`, one line a
paragraph; a report is identified by its source URL so that the train/test split can keep each
report on one side). Paragraph ids are a hash of (report, text): stable when sources are added.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.nlp.tagger import ORDINAL_HEADING, heading_contexts  # noqa: E402
from auditor.parse import parse_file  # noqa: E402

TAGGING = ROOT / "corpora" / "tagging"
SAMPLES = ROOT / "corpora" / "samples"
WEB = ROOT / "corpora" / "web"
TAGS = ("problem", "measure", "channel", "proactive", "on_request", "info_management", "platform",
        "supervision", "other")

_CJK = re.compile(r"[\u4e00-\u9fff]")
_FURNITURE = re.compile(r"^(?:来源|作者|发布时间|发布日期|点击|浏览|打印|关闭|分享|字号|【|当前位置|首页)")


def paragraph_id(report: str, text: str) -> str:
    return hashlib.sha1(f"{report}\n{text}".encode()).hexdigest()[:12]


def keep(text: str) -> bool:
    """A narrative line worth labelling: enough Chinese, not a table row or site furniture."""
    if len(text) < 6 or _FURNITURE.match(text) or text.startswith("|"):
        return False
    if text.count("|") >= 2 or text.count("\t") >= 2:
        return False
    if len(text) < 12 and not ORDINAL_HEADING.match(text):  # a table label, not a heading or sentence
        return False
    return len(_CJK.findall(text)) >= 0.4 * len(text)


def sample_paragraphs() -> Iterator[dict]:
    files = sorted(SAMPLES.glob("00*.txt")) + sorted(SAMPLES.glob("*.pdf"))
    for path in files:
        report = parse_file(path)
        located = list(report.narrative())
        titles = {part.id: part.title for part in report.parts}
        contexts = heading_contexts([(titles.get(part), para.text) for part, para in located])
        for (part, para), context in zip(located, contexts):
            text = para.text.strip()
            if keep(text):
                yield {"report": f"sample:{path.name}", "source": f"corpora/samples/{path.name}",
                       "part": part, "index": para.index, "text": text, "context": context}


def web_paragraphs() -> Iterator[dict]:
    # the files in the order they were gathered, so that adding one never changes which copy of a
    # recurring text is kept (and so the ids already labelled)
    order = ["county_reports.jsonl", "part5_reports.jsonl", "township_reports.jsonl", "gathered_reports.jsonl",
             "part5_passages.jsonl"]
    paths = sorted(WEB.glob("*.jsonl"), key=lambda p: (order.index(p.name) if p.name in order else len(order), p.name))
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts = [t for t in (re.sub(r"\s+", " ", t).strip(" •·") for t in row["text"].splitlines()) if keep(t)]
            for text, context in zip(texts, heading_contexts([(None, t) for t in texts])):
                yield {"report": row["url"], "source": row["url"], "part": None, "index": None,
                       "text": text, "context": context, "body": row.get("body"), "level": row.get("level"),
                       "year": row.get("year")}


def build_paragraphs() -> list[dict]:
    """Every kept paragraph once: a text that recurs (a format heading in many reports) is kept at
    its first occurrence only, so that it cannot stand on both sides of a train/test split."""
    seen: set[str] = set()
    rows = []
    for row in [*sample_paragraphs(), *web_paragraphs()]:
        key = re.sub(r"[\s。.，,：:；;]", "", row["text"])
        if key in seen:
            continue
        seen.add(key)
        rows.append({"id": paragraph_id(row["report"], row["text"]), **row})
    return rows


_CUE = re.compile(r"问题|不足|短板|薄弱|有待|下一步|下步|改进|整改|将进一步|打算|措施")


def agreement_sample(rows: list[dict], *, cued: int, rest: int, seed: int) -> list[str]:
    """Paragraph ids for the second labelling, over-sampling problem/measure candidates so that
    kappa for those two tags rests on enough positives."""
    rng = random.Random(seed)
    with_cue = [r["id"] for r in rows if _CUE.search(r["text"])]
    pick = set(rng.sample(with_cue, cued))
    pick |= set(rng.sample([r["id"] for r in rows if r["id"] not in pick], rest))
    return [r["id"] for r in rows if r["id"] in pick]


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def merge(labels_files: list[Path]) -> list[dict]:
    """Paragraphs with their (primary) labels; a paragraph without a label line is left out.
    `labels_b.jsonl`, the second labelling for agreement, is not a source of training labels."""
    labels = {}
    for labels_file in labels_files:
        for row in read_jsonl(labels_file):
            bad = [t for t in row["labels"] if t not in TAGS]
            if bad or not row["labels"] or row["id"] in labels:
                raise SystemExit(f"{labels_file.name}: {row['id']}: bad or repeated labels {row['labels']}")
            labels[row["id"]] = row["labels"]
    merged = []
    for para in read_jsonl(TAGGING / "paragraphs.jsonl"):
        if para["id"] in labels:
            merged.append({"id": para["id"], "report": para["report"], "source": para["source"],
                           "part": para["part"], "text": para["text"], "context": para["context"],
                           "labels": labels[para["id"]]})
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("paragraphs")
    sub.add_parser("merge")
    sample = sub.add_parser("sample")
    sample.add_argument("--cued", type=int, default=80)
    sample.add_argument("--rest", type=int, default=120)
    sample.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    if args.command == "paragraphs":
        rows = build_paragraphs()
        write_jsonl(TAGGING / "paragraphs.jsonl", rows)
        print(f"{len(rows)} paragraphs from {len({r['report'] for r in rows})} reports")
    elif args.command == "merge":
        rows = merge(sorted(TAGGING.glob("labels_a*.jsonl")))
        write_jsonl(TAGGING / "labelled.jsonl", rows)
        print(f"{len(rows)} labelled paragraphs from {len({r['report'] for r in rows})} reports")
    else:
        # drawn from the first labelling's paragraphs (the corpus as it was then), so a rerun gives the
        # committed sample however much text has been added since
        first = {r["id"] for r in read_jsonl(TAGGING / "labels_a.jsonl")}
        rows = [r for r in read_jsonl(TAGGING / "paragraphs.jsonl") if r["id"] in first]
        ids = agreement_sample(rows, cued=args.cued, rest=args.rest, seed=args.seed)
        header = (f"# {len(ids)} paragraph ids labelled twice (kappa): {args.cued} drawn at random among paragraphs\n"
                  f"# with a problem/measure cue word ({_CUE.pattern}), {args.rest} among the rest; seed {args.seed}.\n")
        (TAGGING / "agreement_ids.txt").write_text(header + "\n".join(ids) + "\n", encoding="utf-8")
        print(f"{len(ids)} ids")


if __name__ == "__main__":
    main()
