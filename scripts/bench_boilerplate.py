"""Corpus-scale benchmark of copied-text and boilerplate detection (issue 5).

    python scripts/bench_boilerplate.py --n 10000 --seed 1 --workers 2 [--work DIR] [--brute 300]

1. `scripts/make_corpus.py` writes N reports (not timed in the targets; reported).
2. Index: the reports are read (`parse_file`) and prepared (normalised, cut into sentences,
   fingerprinted) by `--workers` processes; one process writes them into one SQLite file.
3. Audit against the index: every report is read again and audited in full by `audit_report`
   with the index (reuse matches, narrative claims, paragraph tags and specificity, channels,
   every rule) by `--workers` processes.
4. Brute force: `eval_reuse.brute_force` (every paragraph against every paragraph, rapidfuzz
   `cdist`) on the first `--brute` reports, timed, and extrapolated to N by the number of
   paragraph pairs (quadratic).

Prints one JSON object: wall times, peak memory (largest resident set of the main process and of
any worker), counts of findings, and the speed-up over the extrapolated brute force. Targets:
≤ 10 minutes and ≤ 4 GB for 10,000 reports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

from auditor.audit import audit_report
from auditor.boilerplate.index import CorpusIndex, IndexEntry, entry
from auditor.checks.config import load_config
from auditor.parse import parse_file

try:
    from scripts.eval_reuse import brute_force, counted_sentences, prepare_all
    from scripts.make_corpus import write_corpus
except ModuleNotFoundError:  # run as a file: scripts/ is on the path, the repository root is not
    from eval_reuse import brute_force, counted_sentences, prepare_all  # type: ignore[no-redef]
    from make_corpus import write_corpus  # type: ignore[no-redef]

_WORKER: dict[str, object] = {}


def _prepare(path: str) -> IndexEntry:
    return entry(parse_file(path))


def _open_index(path: str) -> None:
    _WORKER["index"] = CorpusIndex(path)
    _WORKER["config"] = load_config()


def _audit(path: str) -> tuple[Counter[str], float | None, float | None]:
    audit = audit_report(parse_file(path), config=_WORKER["config"], index=_WORKER["index"])  # type: ignore[arg-type]
    reuse = audit.reuse
    return (Counter(f.rule for f in audit.findings if f.rule in ("R1", "R2", "R3", "S1")), reuse.boilerplate_share,
            reuse.stickiness.get("all"))


def _peak_mb() -> dict[str, float]:
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024  # ru_maxrss: KiB on Linux
    return {"main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1),
            "largest_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", help="folder for the corpus and the index (default: a temporary one)")
    parser.add_argument("--brute", type=int, default=300, help="reports for the brute-force timing (0: skip)")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="bench_boilerplate_"))
    result: dict[str, object] = {"n": args.n, "seed": args.seed, "workers": args.workers,
                                 "load_average_at_start": os.getloadavg()}

    t0 = time.perf_counter()
    truth = write_corpus(args.n, seed=args.seed, out=work / "corpus")
    files = [str(work / "corpus" / t["file"]) for t in truth if t["type"] == "report"]
    result["generate_s"] = round(time.perf_counter() - t0, 1)

    index_path = work / "index.sqlite"
    index_path.unlink(missing_ok=True)
    t1 = time.perf_counter()
    with Pool(args.workers) as pool, CorpusIndex(index_path) as index:
        index.add_many(pool.imap(_prepare, files, chunksize=25))
        stats = index.stats()
    result["index_s"] = round(time.perf_counter() - t1, 1)
    result["index"] = {k: stats[k] for k in ("reports", "paragraphs", "fingerprints", "distinct_fingerprints",
                                             "file_bytes")}

    t2 = time.perf_counter()
    rules: Counter[str] = Counter()
    shares, sticky = [], []
    with Pool(args.workers, initializer=_open_index, initargs=(str(index_path),)) as pool:
        for counts, share, stick in pool.imap_unordered(_audit, files, chunksize=25):
            rules.update(counts)
            if share is not None:
                shares.append(share)
            if stick is not None:
                sticky.append(stick)
    result["audit_s"] = round(time.perf_counter() - t2, 1)
    result["index_and_audit_s"] = round(result["index_s"] + result["audit_s"], 1)  # type: ignore[operator]
    result["findings"] = dict(sorted(rules.items()))
    result["mean_boilerplate_share"] = round(sum(shares) / len(shares), 4) if shares else None
    result["reports_with_stickiness"] = len(sticky)
    result["peak_memory"] = _peak_mb()

    if args.brute:
        subset = [parse_file(f) for f in files[:args.brute]]
        sub_index = work / "brute_subset.sqlite"
        sub_index.unlink(missing_ok=True)
        with CorpusIndex(sub_index) as index:
            index.add_many(subset)
        prepared = prepare_all(subset)
        _, brute_s, pairs = brute_force(subset, prepared, counted_sentences(sub_index, prepared))
        paragraphs = stats["paragraphs"]
        scale = (paragraphs * (paragraphs - 1)) / pairs  # type: ignore[operator]
        extrapolated = brute_s * scale
        result["brute_force"] = {"reports": args.brute, "seconds": round(brute_s, 1), "paragraph_pairs": pairs,
                                 "extrapolated_s": round(extrapolated), "extrapolated_h": round(extrapolated / 3600, 1),
                                 "speed_up": round(extrapolated / result["index_and_audit_s"])}  # type: ignore[operator]
    result["load_average_at_end"] = os.getloadavg()
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
