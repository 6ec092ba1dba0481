"""Batch benchmark (issue 6): `auditor batch` on a generated corpus — reports/s and peak memory.

    python scripts/bench_batch.py --n 1000 --workers 2 [--corpus DIR] [--keep DIR]

Generates `--n` reports with scripts/make_corpus.py (seed 1) unless `--corpus` names a folder of
them, then times `run_batch` (parse + claims + every rule + score in worker processes, then
ranking.xlsx/.csv, one .md and one .docx note per report, summary.html) into a fresh folder, and a
second, resumed run over the same folder (nothing changed: every record reused). Peak memory is
the largest resident set of this process and of any one worker (ru_maxrss). CPU seconds (this
process and its workers) are given too: on a machine shared with other work the wall-clock rate
depends on the load, the CPU cost per report does much less.

Generated reports share many paragraphs and clauses (they are recombined from the seeds), so the
per-process text caches and memos (jieba words, docs, folding; the tagger's probabilities, claims
and channel mentions by paragraph text) hit more often than on real reports. The
benchmark therefore also audits the first `--cache-check` reports in this process twice, with the
caches kept and with them cleared before every report: the second figure is the cost of a report
that shares nothing with the ones before it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _cpu_seconds() -> float:
    """User + system time of this process and its finished children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cache_check(files: list[Path]) -> dict[str, float]:
    """CPU ms per report of `audit_one` in this process: text caches kept (as in the workers) and
    cleared before each report."""
    from auditor.textcache import clear_text_caches
    from auditor.batch import audit_one

    for path in files[:5]:  # warm-up: models, dictionaries, imports
        audit_one(path)
    figures = {}
    for name, clear in (("caches_kept", False), ("caches_cleared", True)):
        clear_text_caches()
        start = time.process_time()
        for path in files:
            if clear:
                clear_text_caches()
            audit_one(path)
        figures[name] = round(1000 * (time.process_time() - start) / max(1, len(files)), 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", help="folder of reports to use instead of generating them")
    parser.add_argument("--keep", help="write the batch outputs here (default: a temporary folder)")
    parser.add_argument("--cache-check", type=int, default=100, metavar="N",
                        help="audit N reports in one process with warm and with cleared text caches")
    args = parser.parse_args()

    from auditor.batch import report_files, run_batch

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        corpus = Path(args.corpus) if args.corpus else Path(tmp) / "corpus"
        if not args.corpus:
            subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), "--n", str(args.n),
                            "--seed", "1", "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL)
        files = report_files([corpus])
        chars = sum(p.stat().st_size for p in files)
        out = Path(args.keep) if args.keep else Path(tmp) / "out"
        load_before = os.getloadavg()
        cpu_before = _cpu_seconds()
        start = time.perf_counter()
        result = run_batch([corpus], out, workers=args.workers, progress=False)
        first = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_before
        start = time.perf_counter()
        again = run_batch([corpus], out, workers=args.workers, progress=False)
        resumed = time.perf_counter() - start
        load_after = os.getloadavg()
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        figures = {
            "reports": len(files), "bytes": chars, "workers": args.workers,
            "audited": result.audited, "errors": len(result.errors), "reused_on_rerun": again.reused,
            "seconds": round(first, 2), "reports_per_s": round(len(files) / first, 1),
            "phases_seconds": result.seconds,
            "cpu_seconds": round(cpu, 1), "cpu_ms_per_report": round(1000 * cpu / len(files), 1),
            "rerun_seconds": round(resumed, 2),
            "peak_rss_main_mib": round(peak_self), "peak_rss_worker_mib": round(peak_child),
            "loadavg_before": [round(x, 2) for x in load_before], "loadavg_after": [round(x, 2) for x in load_after],
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "one_process_cpu_ms_per_report": _cache_check(files[: args.cache_check]),
        }
        print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
