"""Benchmark the reading layer: reports per second for each input format, on one core.

The five bundled seed reports are rendered to .docx, .html and .pdf (auditor.render.document),
then each format is parsed over and over for a fixed time in this one process. The published
Hongze PDF is measured on its own; the last row is the whole audit (parse, claims, every rule)
of the .txt seeds. Prints a Markdown table for docs/benchmarks.md.

    python scripts/bench_parse.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from auditor.audit import audit_file
from auditor.parse import parse_file
from auditor.textcache import clear_text_caches
from auditor.render.document import write_docx, write_html, write_pdf

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpora" / "samples"


def _render(out: Path) -> dict[str, list[Path]]:
    seeds = sorted(SAMPLES.glob("00*.txt"))
    files: dict[str, list[Path]] = {"txt": seeds, "docx": [], "html": [], "pdf": []}
    for seed in seeds:
        report = parse_file(seed)
        for kind, write in (("docx", write_docx), ("html", write_html), ("pdf", write_pdf)):
            path = out / f"{seed.stem}.{kind}"
            write(report, path)
            files[kind].append(path)
    files["pdf (published, 5 pages)"] = [SAMPLES / "hongze_district_2023.pdf"]
    return files


def _measure(paths: list[Path], seconds: float, run=parse_file) -> tuple[float, float, int]:
    for path in paths:  # warm-up: imports, caches, font tables, jieba dictionary
        run(path)
    times: list[float] = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for path in paths:
            t0 = time.perf_counter()
            run(path)
            times.append(time.perf_counter() - t0)
    total = sum(times)
    return len(times) / total, statistics.median(times) * 1000, len(times)


def _fresh_audit(path: Path) -> object:
    """An audit with the text caches and memos emptied first: repeating the same five files must
    not turn tokenization into cache hits (real batches have new paragraphs)."""
    clear_text_caches()
    return audit_file(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per format")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = _render(Path(tmp))
        sizes = {k: sum(p.stat().st_size for p in v) / len(v) / 1024 for k, v in files.items()}
        print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
              f"1 process")
        print("| format | reports/s (one core) | median ms/report | reports parsed | mean file size |")
        print("|---|---:|---:|---:|---:|")
        for kind, paths in files.items():
            rate, median_ms, count = _measure(paths, args.seconds)
            print(f"| {kind} | {rate:.1f} | {median_ms:.1f} | {count} | {sizes[kind]:.0f} KiB |")
        rate, median_ms, count = _measure(files["txt"], args.seconds, _fresh_audit)
        print(f"| txt, parse + claims + all checks (`audit_file`) | {rate:.1f} | {median_ms:.1f} | {count} "
              f"| {sizes['txt']:.0f} KiB |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
