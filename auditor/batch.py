"""A batch: audit every report under some folders in parallel, score, rank, and write the outputs.

`audit_one` is the unit of work (one file → one JSON-able record, errors as values); `run_batch`
runs it over a process pool, resumably (a record is reused while its file, settings and code are
unchanged), then writes results.jsonl, ranking.xlsx/.csv, feedback notes and summary.html.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from auditor import __version__
from auditor.checks.config import AuditConfig, load_config
from auditor.errors import TIMED_OUT, WORKER_DIED, ReadError, internal_error
from auditor.ingest import report_files
from auditor.model import Report, tables_json
from auditor.score import RankedRow, ReportScore, ScoreConfig, load_score_config, rank, score_audit

RESULTS = "results.jsonl"
FILE_TIMEOUT = 300.0  # seconds one report may take before it is stopped and listed as an error
RECORD_VERSION = 1
STAMPS = ".stamps.json"
NoteJob = tuple[dict[str, Any], str, str]  # (record, output path without suffix, date of the note)
NOTES_A_TASK = 16  # notes written by one worker task
ROOT = Path(__file__).resolve().parents[1]
# What an audit and its note are made from besides the report: the package's code and templates, the
# format files, lexicons and wording, and the tagger. A change to any of them (a rule fixed without a
# version bump, a feedback.toml sentence reworded) re-audits and rewrites every note.
_MADE_FROM = (("auditor", ("*.py", "*.j2", "*.html", "*.css", "*.js")), ("corpora/format", ("*",)),
              ("corpora/lexicon", ("*",)), ("models/tagger", ("runtime.json", "runtime.npz", "meta.json")))


@dataclass(slots=True)
class BatchResult:
    out_dir: Path
    records: list[dict[str, Any]]  # one per report file, in file order (errors included)
    rows: list[RankedRow]
    audited: int  # audited in this run
    reused: int  # taken from an earlier run's results.jsonl
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per phase

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [r for r in self.records if "error" in r]


# ---------------------------------------------------------------------------- one report


def audit_one(path: str | Path, *, previous: str | Path | Report | None = None, index: Any = None,
              config: AuditConfig | None = None, score_config: ScoreConfig | None = None) -> dict[str, Any]:
    """Audit and score one file → its results.jsonl record. Never raises for a bad file: the record
    is then `{"source": ..., "error": ...}`. `index` is a CorpusIndex or the path of one."""
    opened = None
    try:
        if index is not None and not hasattr(index, "report_id"):
            from auditor.boilerplate.index import CorpusIndex

            if not Path(index).is_file():
                return {"source": str(path), "error": f"index file not found: {index}"}
            index = opened = CorpusIndex(index)
        return _audit_path(str(path), lambda report: previous, index, config, score_config)
    finally:
        if opened is not None:
            opened.close()


def _audit_path(path: str, previous_of: Any, index: Any, config: AuditConfig | None,
                score_config: ScoreConfig | None) -> dict[str, Any]:
    """parse → (last year's report) → audit → score → record; any failure becomes the record."""
    from auditor.audit import audit_report
    from auditor.parse import parse_file

    try:
        report = parse_file(path)
        prev, prev_error = previous_of(report), None
        if isinstance(prev, str | Path):
            try:
                prev = parse_file(prev)
            except ReadError as exc:  # no cross-year checks, and the record says why
                prev, prev_error = None, exc.zh
        audit = audit_report(report, config=config, previous=prev, index=index)
        record = audit_record(audit, score_audit(audit, score_config), previous=prev)
        if prev_error:
            record["previous_error"] = prev_error
        return record
    except ReadError as exc:  # in Chinese: the reason is shown in ranking.xlsx and summary.html
        return {"source": path, "error": exc.zh}
    except Exception as exc:  # a batch never stops for one file: the error is the record
        return {"source": path, "error": internal_error(exc)}


def audit_record(audit: Any, score: ReportScore, *, previous: Report | None = None) -> dict[str, Any]:
    """The JSON-able record of one audit: report facts, findings, channels, score, and the paragraph
    tags and part 五 specificity when the audit has them."""
    from auditor.checks.registry import RULES

    report = audit.report
    findings = []
    for f in audit.findings:
        d = f.to_dict()
        d["title"] = RULES[f.rule].title if f.rule in RULES else f.rule
        findings.append(d)
    record: dict[str, Any] = {
        "source": report.source,
        "report": {
            "body": report.body, "level": report.level, "year": report.year, "format": report.format,
            "kind": report.kind, "metadata": report.metadata,
            "parts": [p.id for p in report.parts],
            "tables_read": report.tables_read(),
            "tables": {name: tables_json(t) for name, t in report.tables.items()},
            "anomalies": [a.to_dict() for a in report.anomalies],
        },
        "previous": previous.source if previous is not None else None,
        "findings": findings,
        "channels": [c.to_dict() for c in audit.channels],
        "score": score.to_dict(),
    }
    for name in ("tags", "specificity"):  # the paragraph tagger's output (issue 4), when the audit has it
        values = getattr(audit, name, None)
        if values is not None:
            record[name] = [v.to_dict() if hasattr(v, "to_dict") else v for v in values]
    return record


# ---------------------------------------------------------------------------- worker processes

_WORKER: dict[str, Any] = {}


def _init_worker(config_path: str | None, score_path: str | None, index_path: str | None,
                 previous: dict[str, list[tuple[int | None, str]]]) -> None:
    """Heavy things once per process: configs, the corpus index, jieba's dictionary."""
    from auditor.nlp.tokenize import chinese_pipeline, load_jieba

    _WORKER.update(config=load_config(config_path), score=load_score_config(score_path), previous=previous,
                   index=None)
    if index_path:
        from auditor.boilerplate.index import CorpusIndex

        _WORKER["index"] = CorpusIndex(index_path)
    load_jieba()  # jieba's dictionary and the spaCy pipeline now, not inside the first report
    chinese_pipeline()


def _work(path: str) -> dict[str, Any]:
    return _audit_path(path, lambda report: _previous_for(report, _WORKER["previous"]), _WORKER["index"],
                       _WORKER["config"], _WORKER["score"])


def _previous_for(report: Report, previous: dict[str, list[tuple[int | None, str]]]) -> str | None:
    """Last year's file of the same body: exact name, else the longest name one contains."""
    if not report.body or not previous:
        return None
    names = [report.body] if report.body in previous else \
        sorted((n for n in previous if n in report.body or report.body in n), key=len, reverse=True)
    for name in names[:1]:
        candidates = previous[name]
        want = (report.year or 0) - 1
        exact = [p for y, p in candidates if y == want]
        earlier = sorted(((y, p) for y, p in candidates if y is not None and y < (report.year or 0)), reverse=True)
        if exact:
            return exact[0]
        if earlier:
            return earlier[0][1]
    return None


def _identify(path: str) -> tuple[str, str | None, int | None]:
    from auditor.parse import parse_file

    try:
        report = parse_file(path)
    except Exception:  # noqa: BLE001 - an unreadable last-year file is simply not matched
        return path, None, None
    return path, report.body, report.year


def _pool_map(fn: Any, items: Sequence[Any], workers: int, init: tuple[Any, tuple[Any, ...]] | None,
              desc: str, progress: bool, *, failed: Callable[[Any, str], Any],
              timeout: float | None = None, size: Callable[[Any], int] = lambda item: 1) -> Iterator[Any]:
    """fn over items in `workers` processes (in this one when 1), in order, with a progress bar on
    stderr that counts `size(item)` for each item; `init` is (initializer, its arguments), run once
    per process.

    With processes, an item that runs longer than `timeout` seconds, kills its worker (found by
    rerunning the items then in flight one at a time) or raises yields `failed(item, reason)`
    instead of its result; the pool is rebuilt and the other items in flight are resubmitted, so
    one bad file costs only its own result (`_supervised`)."""
    from tqdm import tqdm

    bar = tqdm(total=sum(map(size, items)), desc=desc, unit="份", file=sys.stderr,
               disable=not progress or not items, dynamic_ncols=True)
    initializer, init_args = init or (None, ())
    try:
        if workers <= 1 or len(items) <= 1:
            if initializer is not None and items:
                initializer(*init_args)
            for item in items:
                yield fn(item)
                bar.update(size(item))
            return
        yield from _supervised(fn, items, workers, initializer, init_args, failed, timeout,
                               lambda number: bar.update(size(items[number])))
    finally:
        bar.close()


def _supervised(fn: Any, items: Sequence[Any], workers: int, initializer: Any, init_args: tuple[Any, ...],
                failed: Callable[[Any, str], Any], timeout: float | None, tick: Callable[[int], Any]) -> Iterator[Any]:
    """The process half of `_pool_map`. One item in flight per worker plus one (so that an item's
    time in flight is about its running time); results come back in item order. When a worker
    dies, the items then in flight are run again one at a time, so that the one that kills its
    worker is found and only it fails."""
    window = workers + 1
    queue = deque(range(len(items)))  # not yet submitted
    solo: deque[int] = deque()  # in flight when a worker died: rerun alone
    pending: dict[Future[Any], tuple[int, float]] = {}  # future → (item number, deadline)
    done: dict[int, Any] = {}
    following = 0

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=init_args)

    def submit(number: int) -> None:
        deadline = time.monotonic() + timeout if timeout else float("inf")
        pending[pool.submit(fn, items[number])] = (number, deadline)

    pool = start()
    try:
        while following < len(items):
            if solo:
                if not pending:
                    submit(solo.popleft())
            else:
                while queue and len(pending) < window:
                    submit(queue.popleft())
            first_deadline = min(deadline for _, deadline in pending.values())
            finished, _ = wait(pending, timeout=None if first_deadline == float("inf") else
                               max(0.0, first_deadline - time.monotonic()), return_when=FIRST_COMPLETED)
            broken, alone = False, len(pending) == 1
            for future in finished:
                number, _ = pending.pop(future)
                try:
                    done[number] = future.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:  # nothing else was running: this item killed its worker
                        done[number] = failed(items[number], WORKER_DIED)
                    else:
                        solo.append(number)
                except Exception as exc:  # the item's own error: its result, the others go on
                    done[number] = failed(items[number], internal_error(exc))
            if broken or not finished:  # a worker died, or the first deadline passed: a new pool
                if not finished:
                    late = min(pending, key=lambda f: pending[f][1])
                    number, _ = pending.pop(late)
                    done[number] = failed(items[number], TIMED_OUT.format(seconds=timeout))
                in_flight = sorted(number for number, _ in pending.values())
                pending.clear()
                (solo if broken else queue).extendleft(reversed(in_flight))
                _terminate(pool)
                pool = start()
            while following in done:
                yield done.pop(following)
                tick(following)
                following += 1
    finally:
        _terminate(pool)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now, running items included (the executor has no public way to stop a task)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------------- resumability


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_and_data_digest() -> str:
    h = hashlib.sha256()
    for folder, patterns in _MADE_FROM:
        for path in sorted({p for pattern in patterns for p in (ROOT / folder).rglob(pattern) if p.is_file()}):
            h.update(f"{path.relative_to(ROOT)}|{_file_hash(path)}".encode())
    return h.hexdigest()[:20]


def _settings_digest(config_path: str | None, score: ScoreConfig, index_path: str | None,
                     previous_files: Sequence[Path]) -> str:
    """What besides the file decides its record: code, rules and format files (every file the
    package reads, `_code_and_data_digest`), the configs given, last year's files, the index."""
    h = hashlib.sha256(f"{__version__}|{RECORD_VERSION}|{score.digest}|{_code_and_data_digest()}".encode())
    if config_path:
        h.update(Path(config_path).read_bytes())
    for p in previous_files:
        h.update(f"{p}|{_file_hash(p)}".encode())
    if index_path and Path(index_path).is_file():
        stat = Path(index_path).stat()
        h.update(f"{index_path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return h.hexdigest()[:20]


def _load_results(path: Path) -> dict[str, dict[str, Any]]:
    """Earlier records by source (the last line wins); a torn last line is ignored."""
    records: dict[str, dict[str, Any]] = {}
    if not path.is_file():
        return records
    with path.open("rb") as fh:
        for line in fh:
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(record, dict) and "source" in record:
                records[record["source"]] = record
    return records


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    tmp = path.with_suffix(".jsonl.tmp")
    with tmp.open("wb") as fh:
        for record in records:
            fh.write(_json_line(record))
    os.replace(tmp, path)


def _json_line(record: dict[str, Any]) -> bytes:
    """One line of results.jsonl: UTF-8 JSON (orjson: the records of a big batch are written twice
    and read back on every rerun, in the main process, which shares the cores with the workers)."""
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


# ---------------------------------------------------------------------------- the batch


def run_batch(paths: Iterable[str | Path], out_dir: str | Path, *, previous_year: Iterable[str | Path] | None = None,
              groups: str | Path | dict[str, str] | None = None, workers: int = 1, index: str | Path | None = None,
              progress: bool = True, config: str | Path | None = None,
              score_config: str | Path | None = None, timeout: float | None = FILE_TIMEOUT) -> BatchResult:
    """Audit every report under `paths` into `out_dir` (see the module docstring). `previous_year`
    names last year's reports (files or folders), matched to this year's by body name; `groups`
    is a CSV (单位,分组) or a mapping for ranking within groups. With more than one worker, a report
    that takes longer than `timeout` seconds (None: no limit) is stopped and listed as an error."""
    from auditor.checks.registry import load_rules
    from auditor.render.feedback import note_name
    from auditor.render.ranking import write_ranking_csv, write_ranking_xlsx
    from auditor.render.summary import summary_html
    from auditor.score import load_groups

    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 3)
        clock = now

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    config_path = str(config) if config else None
    score_path = str(score_config) if score_config else None
    index_path = str(index) if index else None
    if index_path and not Path(index_path).is_file():
        raise ReadError(index_path, "index file not found (build it with: auditor index add PATH… --index FILE)")
    load_config(config_path)  # a bad config fails the batch before any work, once
    load_rules()  # the rules, the NLP stack and spaCy imported here, once: the forked workers inherit them
    score = load_score_config(score_path)
    group_map = load_groups(groups) if isinstance(groups, str | Path) else groups
    files = report_files(paths)
    prev_files = report_files(previous_year) if previous_year else []

    previous: dict[str, list[tuple[int | None, str]]] = {}
    for path, body, year in _pool_map(_identify, [str(p) for p in prev_files], workers, None, "上年报告", progress,
                                      failed=lambda path, _: (path, None, None), timeout=timeout):
        if body:
            previous.setdefault(body, []).append((year, path))

    digest = _settings_digest(config_path, score, index_path, prev_files)
    phase("prepare")
    results_path = out / RESULTS
    earlier = _load_results(results_path)
    keys: dict[str, str] = {}
    records: dict[str, dict[str, Any]] = {}
    todo: list[str] = []
    for path in files:
        source = str(path)
        try:
            keys[source] = f"{_file_hash(path)}:{digest}"
        except OSError as exc:
            records[source] = {"source": source, "error": f"cannot read file ({exc.strerror or exc})"}
            continue
        old = earlier.get(source)
        if old is not None and old.get("key") == keys[source]:
            records[source] = old
        else:
            todo.append(source)
    reused = len(records)

    with results_path.open("ab") as log:  # appended as they come: a killed run resumes
        for record in _pool_map(_work, todo, workers,
                                (_init_worker, (config_path, score_path, index_path, previous)), "审核", progress,
                                failed=lambda path, reason: {"source": path, "error": reason}, timeout=timeout):
            record["key"] = keys[record["source"]]
            records[record["source"]] = record
            log.write(_json_line(record))
            log.flush()

    phase("audit")
    ordered = [records[str(p)] for p in files]
    audited_ok = [r for r in ordered if "error" not in r]
    rows = rank([ReportScore.from_dict(r["score"]) for r in audited_ok], group_map)
    by_source = {r["source"]: r for r in audited_ok}
    group_sizes: dict[str, int] = {}
    for row in rows:
        group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    for row in rows:
        by_source[row.source]["rank"] = {"rank": row.rank, "of": group_sizes[row.group], "group": row.group}
    taken: set[str] = set()
    for r in audited_ok:
        r["feedback"] = note_name(r, taken)
    _write_jsonl(results_path, ordered)

    outputs = {"results": results_path, "ranking_xlsx": out / "ranking.xlsx", "ranking_csv": out / "ranking.csv",
               "feedback": out / "feedback", "summary": out / "summary.html"}
    write_ranking_xlsx(rows, outputs["ranking_xlsx"], errors=[r for r in ordered if "error" in r], score_labels=score)
    write_ranking_csv(rows, outputs["ranking_csv"], score_labels=score)
    phase("ranking")

    jobs = [(r, str(outputs["feedback"] / r["feedback"]), date.today().isoformat()) for r in audited_ok]
    outputs["feedback"].mkdir(exist_ok=True)
    stale, stamps = _stale_notes(jobs, outputs["feedback"])
    tasks = [stale[i:i + NOTES_A_TASK] for i in range(0, len(stale), NOTES_A_TASK)]
    written = {stem for stems in _pool_map(_write_notes, tasks, workers, None, "审核意见", progress,
                                           failed=_notes_failed, timeout=timeout, size=len)
               for stem in stems}
    for _, stem, _ in stale:
        if stem not in written:  # not written: no stamp, so the next run tries again
            stamps.pop(stem, None)
    (outputs["feedback"] / STAMPS).write_text(json.dumps(stamps, ensure_ascii=False), encoding="utf-8")
    phase("feedback")
    outputs["summary"].write_text(summary_html(rows, ordered, score_labels=score), encoding="utf-8")
    phase("summary")
    return BatchResult(out, ordered, rows, len(todo), reused, outputs, seconds)


def _note_stamp(job: NoteJob) -> str:
    record, _, day = job
    return hashlib.sha256(json.dumps([record.get("key"), record.get("rank"), day, RECORD_VERSION],
                                     sort_keys=True).encode()).hexdigest()[:16]


def _stale_notes(jobs: list[NoteJob], folder: Path) -> tuple[list[NoteJob], dict[str, str]]:
    """Notes whose record, rank or date changed since they were written (stamps kept beside them),
    and the stamps of all notes once these are written."""
    try:
        stamps = json.loads((folder / STAMPS).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        stamps = {}
    now = {job[1]: _note_stamp(job) for job in jobs}
    stale = [job for job in jobs if stamps.get(job[1]) != now[job[1]]
             or not Path(job[1] + ".md").is_file() or not Path(job[1] + ".docx").is_file()]
    return stale, now


def _note_failed(job: NoteJob, reason: str) -> None:
    record, _, _ = job
    print(f"auditor: error: {record['source']}: note not written ({reason})", file=sys.stderr)


def _notes_failed(jobs: list[NoteJob], reason: str) -> list[str]:
    for job in jobs:
        _note_failed(job, reason)
    return []


def _write_notes(jobs: list[NoteJob]) -> list[str]:
    """Several notes in one worker task (a note takes ~2.5 ms, about what a task's round trip costs
    the main process); a note that fails is reported and the others are written."""
    written = []
    for job in jobs:
        try:
            written.append(_write_note(job))
        except Exception as exc:
            _note_failed(job, internal_error(exc))
    return written


def _write_note(job: NoteJob) -> str:
    from auditor.render.feedback import feedback_markdown, write_feedback_docx

    record, stem, day = job
    markdown = feedback_markdown(record, day=day)
    Path(stem + ".md").write_text(markdown, encoding="utf-8")
    write_feedback_docx(record, stem + ".docx", markdown=markdown)
    return stem


# ---------------------------------------------------------------------------- command line


def add_commands(sub: Any) -> None:
    """`auditor batch` and `auditor demo` (called from auditor.cli)."""
    batch = sub.add_parser("batch", help="audit, score and rank every report under folders; write feedback notes")
    batch.add_argument("paths", nargs="+", help="report files or folders (searched recursively)")
    batch.add_argument("--out", required=True, metavar="FOLDER", help="where results and notes go")
    batch.add_argument("--previous-year", nargs="+", metavar="PATH", help="last year's reports (files or folders)")
    batch.add_argument("--groups", metavar="CSV", help="单位,分组 rows: rank within each group")
    batch.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes (default %(default)s)")
    batch.add_argument("--index", metavar="FILE", help="corpus index (auditor index add) to find copied text")
    batch.add_argument("--config", metavar="FILE", help="audit settings TOML (like corpora/format/audit.toml)")
    batch.add_argument("--score-config", metavar="FILE", help="score settings TOML (like corpora/format/scoring.toml)")
    batch.add_argument("--timeout", type=float, default=FILE_TIMEOUT, metavar="SECONDS",
                       help="stop a report that takes longer (with --workers 2 or more; default %(default)s)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    demo = sub.add_parser("demo", help="run the batch on the bundled samples and say where the outputs are")
    demo.add_argument("--out", default="auditor-demo", metavar="FOLDER", help="default %(default)s")
    demo.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    demo.add_argument("--quiet", action="store_true", help="no progress bar")


def sample_files() -> list[Path]:
    """The bundled samples: the five seed reports and the published Hongze PDF."""
    from auditor.structure.parts import FORMAT_DIR

    samples = FORMAT_DIR.parent / "samples"
    return sorted(samples.glob("00*.txt")) + [samples / "hongze_district_2023.pdf"]


def run_command(args: Any) -> int:
    """Run `auditor batch` or `auditor demo`; exit 2 when some file could not be audited."""
    if args.command == "demo":
        result = run_batch(sample_files(), args.out, workers=args.workers, progress=not args.quiet)
    else:
        try:
            result = run_batch(args.paths, args.out, previous_year=args.previous_year, groups=args.groups,
                               workers=args.workers, index=args.index, progress=not args.quiet,
                               config=args.config, score_config=args.score_config, timeout=args.timeout)
        except ReadError as exc:
            print(f"auditor: error: {exc.path}: {exc.reason}", file=sys.stderr)
            return 2
    for record in result.errors:
        print(f"auditor: error: {record['source']}: {record['error']}", file=sys.stderr)
    print(f"{len(result.records)} 份报告：本次审核 {result.audited} 份，沿用上次结果 {result.reused} 份，"
          f"未能审核 {len(result.errors)} 份")
    names = {"summary": "汇总页", "ranking_xlsx": "排名（Excel）", "ranking_csv": "排名（CSV）",
             "feedback": "审核意见（.docx 和 .md）", "results": "审核结果（每行一份报告）"}
    for key, label in names.items():
        print(f"  {label}: {result.outputs[key]}")
    return 2 if result.errors and args.command == "batch" else 0
