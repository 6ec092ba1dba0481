"""Precision and recall of copied-text detection (issue 5) on a generated corpus.

    python scripts/eval_reuse.py --n 2000 --seed 1 --subset 300 [--work DIR] [--json OUT]

1. `scripts/make_corpus.py` writes N reports with planted copies; the whole corpus is indexed and
   every report is run through `find_reuse`. A predicted copy is an unordered pair of paragraphs
   (file, part, paragraph) of two bodies' reports in a `copied` match; a true one is a pair of
   members of one planted group whose paragraphs are ≥ 40 characters and ≥ 85% similar by
   `align` (a planted edit may push a pair below the bar; it then counts neither way).
   The same for `sticky` (same body, another year). Template wording must never appear in a
   copied match: counted as `template_in_copies`.
2. Brute force on the first `--subset` reports (whole counties: copies stay mostly inside one):
   every paragraph against every paragraph of every other report, whole by `fuzz.ratio` and
   sentence by sentence, with `rapidfuzz.process.cdist` (the same verification as `align`,
   without any candidate filter), then the same copied/widespread classification. The index's
   result on the subset is compared with it, for winnowing and for MinHash-LSH candidates
   (datasketch, char 5-gram shingles, 128 permutations), with the time each takes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from auditor.boilerplate.fingerprint import normalise_for_reuse
from auditor.boilerplate.index import CorpusIndex, PreparedParagraph, prepare
from auditor.boilerplate.match import ReuseMatch, _sentences, align, evidence, find_reuse, rare_prints
from auditor.model import Report
from auditor.parse import parse_file

try:
    from scripts.make_corpus import write_corpus
except ModuleNotFoundError:  # run as a file: scripts/ is on the path, the repository root is not
    from make_corpus import write_corpus  # type: ignore[no-redef]

Key = tuple[str, str, int]  # (file, part, paragraph)
Pair = frozenset[Key]
Prepared = dict[str, list[PreparedParagraph]]  # by file: each report prepared once for every measure
MIN_CHARS, MIN_SIM, MIN_SENTENCE, COPY_MAX_BODIES = 40, 85.0, 8, 3


def _file(source: str) -> str:
    return Path(source).name


def prepare_all(reports: Iterable[Report]) -> Prepared:
    return {_file(r.source): prepare(r) for r in reports}


def predicted_pairs(matches: Iterable[tuple[Report, ReuseMatch]]) -> dict[str, set[Pair]]:
    out: dict[str, set[Pair]] = defaultdict(set)
    for report, m in matches:
        if m.kind in ("copied", "sticky", "widespread"):
            out[m.kind].add(frozenset({(_file(report.source), m.part, m.paragraph),
                                       (_file(m.source), m.source_part, m.source_paragraph)}))
    return out


def planted_pairs(truth: list[dict], prepared: Prepared, counted: dict[Key, list[bool]]) -> dict[str, set[Pair]]:
    """True pairs within each planted group that meet the bar, by kind of the pair's two bodies."""
    body = {t["file"]: t["county"] + t["body"] for t in truth if t["type"] == "report"}
    groups: dict[int, set[Key]] = defaultdict(set)
    for t in truth:
        if t["type"] == "copy":
            for end in (t["source"], t["target"]):
                groups[t["group"]].add((end["file"], end["part"], end["paragraph"]))
    out: dict[str, set[Pair]] = defaultdict(set)
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            if a[0] not in prepared or b[0] not in prepared:
                continue
            pa, pb = (_paragraph(prepared, k) for k in (a, b))
            if pa is None or pb is None or not _meets_bar(pa, pb, counted[a], counted[b]):
                continue
            out["sticky" if body[a[0]] == body[b[0]] else "copied"].add(frozenset({a, b}))
    return out


def _paragraph(prepared: Prepared, key: Key) -> PreparedParagraph | None:
    return next((p for p in prepared[key[0]] if (p.part, p.idx) == key[1:]), None)


def _meets_bar(a: PreparedParagraph, b: PreparedParagraph, ca: list[bool], cb: list[bool]) -> bool:
    return any(len(x.norm) >= MIN_CHARS and align(x.norm, x.cuts, y.norm, y.cuts, min_similarity=MIN_SIM,
                                                  min_chars=MIN_CHARS, counted=c)
               for x, y, c in ((a, b, ca), (b, a, cb)))


def counted_sentences(index_path: Path, prepared: Prepared) -> dict[Key, list[bool]]:
    """Per paragraph, which sentences can count as copy evidence (`match.evidence`), by the index's
    fingerprint frequencies: only counting, no candidate generation."""
    with CorpusIndex(index_path) as index:
        out = {}
        for file, paragraphs in prepared.items():
            _, rare = rare_prints(index, paragraphs, index.report_count())
            for p in paragraphs:
                out[file, p.part, p.idx] = evidence(p, rare)
    return out


def scores(predicted: set[Pair], true: set[Pair]) -> dict[str, float | int]:
    hit = len(predicted & true)
    return {"true": len(true), "predicted": len(predicted), "hit": hit,
            "precision": round(hit / len(predicted), 4) if predicted else 1.0,
            "recall": round(hit / len(true), 4) if true else 1.0}


def run_index(reports: list[Report], path: Path) -> tuple[list, dict[str, float]]:
    t0 = time.perf_counter()
    with CorpusIndex(path) as index:
        index.add_many(reports)
        t1 = time.perf_counter()
        matches = [(r, m) for r in reports for m in find_reuse(index, r)]
    t2 = time.perf_counter()
    return matches, {"index_s": round(t1 - t0, 2), "match_s": round(t2 - t1, 2)}


# ---------------------------------------------------------------------------- brute force


def _classify(found: dict[Key, set[Key]], bodies: dict[str, str], years: dict[str, int | None]) -> dict[str, set[Pair]]:
    """Kinds of verified (paragraph → matched paragraphs), as `find_reuse` assigns them."""
    out: dict[str, set[Pair]] = defaultdict(set)
    for a, others in found.items():
        others = {o for o in others if not (bodies[o[0]] == bodies[a[0]] and years[o[0]] == years[a[0]])}
        distinct = {bodies[o[0]] for o in others if bodies[o[0]] != bodies[a[0]]}
        for o in others:
            kind = "widespread"
            if len(distinct) <= COPY_MAX_BODIES:
                kind = "sticky" if bodies[o[0]] == bodies[a[0]] else "copied"
            out[kind].add(frozenset({a, o}))
    return out


def brute_force(reports: list[Report], prepared: Prepared,
                counted: dict[Key, list[bool]]) -> tuple[dict[str, set[Pair]], float, int]:
    """All pairs of paragraphs verified like `align`, no candidates: (pairs by kind, seconds, pairs compared)."""
    t0 = time.perf_counter()
    keys: list[Key] = []
    norms: list[str] = []
    owner: list[int] = []
    sent_text: list[str] = []
    sent_para: list[int] = []
    sent_counted: list[bool] = []
    for r_i, report in enumerate(reports):
        for p in prepared[_file(report.source)]:
            key = (_file(report.source), p.part, p.idx)
            for (s, e), flag in zip(_sentences(p.norm, p.cuts), counted[key]):
                sent_text.append(p.norm[s:e])
                sent_para.append(len(keys))
                sent_counted.append(flag)
            keys.append(key)
            norms.append(p.norm)
            owner.append(r_i)
    owner_a, para_of = np.array(owner), np.array(sent_para)
    lengths = np.array([len(s) for s in sent_text])
    found: dict[Key, set[Key]] = defaultdict(set)
    long_ = [i for i, n in enumerate(norms) if len(n) >= MIN_CHARS]
    whole = process.cdist([norms[i] for i in long_], [norms[i] for i in long_], scorer=fuzz.ratio,
                          score_cutoff=MIN_SIM, dtype=np.uint8, workers=1)
    weight = np.where(np.array(sent_counted), lengths, 0)
    counted_chars = np.bincount(para_of, weights=weight, minlength=len(keys))
    for a, b in zip(*np.nonzero(whole)):
        i, j = long_[a], long_[b]
        if owner[i] != owner[j] and counted_chars[i] >= MIN_CHARS:
            found[keys[i]].add(keys[j])
    chunk = 2000
    mine = np.nonzero((lengths >= MIN_SENTENCE) & np.array(sent_counted))[0]
    for start in range(0, len(mine), chunk):
        rows = mine[start:start + chunk]
        block = process.cdist([sent_text[i] for i in rows], sent_text, scorer=fuzz.ratio, score_cutoff=MIN_SIM,
                              dtype=np.uint8, workers=1)
        r_idx, c_idx = np.nonzero(block)
        a_sent, b_para = rows[r_idx], para_of[c_idx]
        keep = owner_a[para_of[a_sent]] != owner_a[b_para]
        chars: dict[tuple[int, int], int] = defaultdict(int)
        for s, q in set(zip(a_sent[keep].tolist(), b_para[keep].tolist())):
            chars[para_of[s], q] += lengths[s]
        for (p, q), n in chars.items():
            if n >= MIN_CHARS and len(norms[p]) >= MIN_CHARS:
                found[keys[p]].add(keys[q])
    bodies = {_file(r.source): r.body or r.source for r in reports}
    years = {_file(r.source): r.year for r in reports}
    compared = len(norms) * (len(norms) - 1)
    return _classify(found, bodies, years), time.perf_counter() - t0, compared


def minhash_pairs(reports: list[Report], prepared: Prepared, counted: dict[Key, list[bool]], *, threshold: float,
                  num_perm: int = 128) -> tuple[dict[str, set[Pair]], float]:
    """MinHash-LSH candidates (paragraph char 5-gram shingles) verified by `align`, then classified."""
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    paragraphs = [(_file(r.source), r, p) for r in reports for p in prepared[_file(r.source)]]
    shingles = [[p.norm[i:i + 5].encode("utf-8") for i in range(len(p.norm) - 4)] for _, _, p in paragraphs]
    signatures = MinHash.bulk(shingles, num_perm=num_perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    for i, sig in enumerate(signatures):
        lsh.insert(i, sig, check_duplication=False)
    found: dict[Key, set[Key]] = defaultdict(set)
    for (file, _, p), sig in zip(paragraphs, signatures):
        if len(p.norm) < MIN_CHARS:
            continue
        for j in lsh.query(sig):
            ofile, _, q = paragraphs[j]
            if ofile != file and align(p.norm, p.cuts, q.norm, q.cuts, min_similarity=MIN_SIM, min_chars=MIN_CHARS,
                                       counted=counted[file, p.part, p.idx]):
                found[(file, p.part, p.idx)].add((ofile, q.part, q.idx))
    bodies = {_file(r.source): r.body or r.source for r in reports}
    years = {_file(r.source): r.year for r in reports}
    return _classify(found, bodies, years), time.perf_counter() - t0


def template_in_copies(matches: Iterable[tuple[Report, ReuseMatch]]) -> int:
    """Copied matches whose matched text is mostly the format's own wording."""
    lines = [normalise_for_reuse(line) for line in
             (Path(__file__).resolve().parents[1] / "corpora" / "format" / "template_wording.txt")
             .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    lines = [line for line in lines if len(line) >= 8]
    bad = 0
    for _, m in matches:
        if m.kind != "copied":
            continue
        quoted = m.quoted()
        covered = sum(len(line) for line in lines if line in quoted)
        bad += covered >= 0.5 * len(quoted)
    return bad


def boilerplate_agreement(matches: list, truth: list[dict], prepared: Prepared) -> dict[str, float]:
    """The measured boilerplate share against the planted sentences: the share of planted sentences
    found in a boilerplate sentence (recall), and the mean shares (the measured share also counts
    the generated text's own common phrases, so it is higher)."""
    flagged: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    measured: dict[str, int] = defaultdict(int)
    for report, m in matches:
        if m.kind == "boilerplate":
            flagged[_file(report.source), m.part, m.paragraph].append(m.quoted())
            measured[_file(report.source)] += m.aligned_chars
    planted: dict[str, int] = defaultdict(int)
    found = total_sentences = 0
    for t in truth:
        if t["type"] == "boilerplate" and t["file"] in prepared:
            sentence = normalise_for_reuse(t["sentence"])
            planted[t["file"]] += len(sentence)
            total_sentences += 1
            found += any(sentence in q for q in flagged[t["file"], t["part"], t["paragraph"]])
    xs, ys = [], []
    for name, paragraphs in prepared.items():
        total = sum(len(p.norm) for p in paragraphs) or 1
        xs.append(planted[name] / total)
        ys.append(measured[name] / total)
    x, y = np.array(xs), np.array(ys)
    return {"planted_sentences": total_sentences, "found_in_boilerplate": round(found / max(1, total_sentences), 4),
            "planted_mean_share": round(float(x.mean()), 4), "measured_mean_share": round(float(y.mean()), 4),
            "correlation": round(float(np.corrcoef(x, y)[0, 1]), 4)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--subset", type=int, default=300)
    parser.add_argument("--work", help="folder for the corpus and the index (default: a temporary one)")
    parser.add_argument("--json", help="write the figures here too")
    parser.add_argument("--skip-full", action="store_true", help="only the subset comparison")
    parser.add_argument("--minhash", type=float, nargs="*", default=[0.5, 0.3], help="LSH thresholds to try")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="eval_reuse_"))
    truth = write_corpus(args.n, seed=args.seed, out=work / "corpus")
    names = [t["file"] for t in truth if t["type"] == "report"]
    parsed = {name: parse_file(work / "corpus" / name) for name in names}
    reports = [parsed[name] for name in names]
    prepared = prepare_all(reports)
    result: dict[str, object] = {"n": args.n, "seed": args.seed, "subset": args.subset}
    if not args.skip_full:
        matches, timing = run_index(reports, work / "full.sqlite")
        counted = counted_sentences(work / "full.sqlite", prepared)
        got, want = predicted_pairs(matches), planted_pairs(truth, prepared, counted)
        result["full"] = {"timing": timing, "copied": scores(got["copied"], want["copied"]),
                          "sticky": scores(got["sticky"], want["sticky"]),
                          "template_in_copies": template_in_copies(matches),
                          "boilerplate": boilerplate_agreement(matches, truth, prepared)}
        print(json.dumps(result["full"], ensure_ascii=False), file=sys.stderr)
    sub = reports[:args.subset]
    sub_prepared = {_file(r.source): prepared[_file(r.source)] for r in sub}
    matches, timing = run_index(sub, work / "subset.sqlite")
    got = predicted_pairs(matches)
    counted = counted_sentences(work / "subset.sqlite", sub_prepared)
    brute, brute_s, compared = brute_force(sub, sub_prepared, counted)
    want = planted_pairs(truth, sub_prepared, counted)
    subset: dict[str, object] = {
        "winnowing": {"timing": timing, "vs_brute_copied": scores(got["copied"], brute["copied"]),
                      "vs_brute_sticky": scores(got["sticky"], brute["sticky"]),
                      "vs_planted_copied": scores(got["copied"], want["copied"])},
        "brute_force": {"seconds": round(brute_s, 1), "paragraph_pairs": compared,
                        "vs_planted_copied": scores(brute["copied"], want["copied"])},
    }
    for threshold in args.minhash:
        mh, mh_s = minhash_pairs(sub, sub_prepared, counted, threshold=threshold)
        subset[f"minhash_{threshold}"] = {"seconds": round(mh_s, 2), "vs_brute_copied": scores(mh["copied"],
                                                                                              brute["copied"]),
                                          "vs_planted_copied": scores(mh["copied"], want["copied"])}
    result["subset_result"] = subset
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
