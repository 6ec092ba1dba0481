"""Command line: thin shell over the pipeline (`auditor parse …`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.errors import ReadError
from auditor.ingest import DEFAULT_MAX_BYTES

EXIT_UNREADABLE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="auditor", description="Audit 政府信息公开工作年度报告.")
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="read reports into the structured model")
    parse.add_argument("files", nargs="+", help=".txt .md .docx .pdf .html/.htm files")
    parse.add_argument("--json", action="store_true", help="print the structured report as JSON")
    parse.add_argument("--max-size", type=float, default=DEFAULT_MAX_BYTES / 1e6, metavar="MB",
                       help="refuse files larger than this (default %(default).0f MB)")
    audit = sub.add_parser("audit", help="check a report: tables, narrative against tables, dates, parts")
    audit.add_argument("files", nargs="+", help="report files")
    audit.add_argument("--json", action="store_true", help="print {report, findings, claims} as JSON")
    audit.add_argument("--previous", metavar="FILE", help="the same body's report for the previous year")
    audit.add_argument("--config", metavar="FILE", help="TOML: rule switches/severities, deadlines, limits")
    audit.add_argument("--max-size", type=float, default=DEFAULT_MAX_BYTES / 1e6, metavar="MB")
    audit.add_argument("--index", metavar="FILE", help="corpus index (auditor index add) to find copied text")
    tag = sub.add_parser("tag", help="tag every narrative paragraph (problem, measure, channel, topics)")
    tag.add_argument("files", nargs="+", help="report files")
    tag.add_argument("--json", action="store_true", help="print {source, tags, channels, specificity} as JSON")
    tag.add_argument("--max-size", type=float, default=DEFAULT_MAX_BYTES / 1e6, metavar="MB")
    index = sub.add_parser("index", help="the corpus index for copied text and boilerplate")
    index_sub = index.add_subparsers(dest="index_command", required=True)
    add = index_sub.add_parser("add", help="add reports (files or folders) to the index")
    add.add_argument("paths", nargs="+")
    add.add_argument("--index", metavar="FILE", default="auditor-index.sqlite", help="default %(default)s")
    stats = index_sub.add_parser("stats", help="what the index holds")
    stats.add_argument("--index", metavar="FILE", default="auditor-index.sqlite", help="default %(default)s")
    from auditor.batch import add_commands

    add_commands(sub)
    from auditor.web.serve import add_parser as add_serve

    add_serve(sub)
    rules = sub.add_parser("rules", help="list the rules with their text")
    rules.add_argument("--json", action="store_true")
    return parser


def _error(path: str, reason: str) -> None:
    print(f"auditor: error: {path}: {reason}", file=sys.stderr)


def _each_file(args: argparse.Namespace, work: Callable[[str], Any], text: Callable[[Any], str]) -> int:
    """Run `work` on every file; a file that fails gets one error line and the rest go on."""
    failed = 0
    many = len(args.files) > 1
    for path in args.files:
        try:
            result = work(path)
        except ReadError as exc:
            _error(exc.path, exc.reason)
            failed += 1
            continue
        except Exception as exc:  # never a traceback for a user: name the file and go on
            _error(path, f"internal error ({type(exc).__name__}: {exc})")
            failed += 1
            continue
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False, indent=None if many else 2))
        else:
            print(text(result))
            if many:
                print()
    return EXIT_UNREADABLE if failed else 0


def cmd_parse(args: argparse.Namespace) -> int:
    from auditor.parse import parse_file
    from auditor.render.terminal import summary

    max_bytes = int(args.max_size * 1e6)
    return _each_file(args, lambda path: parse_file(path, max_bytes=max_bytes), summary)


def cmd_audit(args: argparse.Namespace) -> int:
    from auditor.audit import audit_report
    from auditor.checks.config import load_config
    from auditor.parse import parse_file
    from auditor.render.terminal import findings_text

    max_bytes = int(args.max_size * 1e6)
    try:
        config = load_config(args.config)
        previous = parse_file(args.previous, max_bytes=max_bytes) if args.previous else None
    except ReadError as exc:
        _error(exc.path, exc.reason)
        return EXIT_UNREADABLE
    index = None
    if args.index:
        from auditor.boilerplate.index import CorpusIndex

        if not Path(args.index).is_file():
            _error(args.index, "index file not found (build it with: auditor index add PATH… --index FILE)")
            return EXIT_UNREADABLE
        index = CorpusIndex(args.index)
    try:
        return _each_file(args, lambda path: audit_report(parse_file(path, max_bytes=max_bytes), config=config,
                                                          previous=previous, index=index), findings_text)
    finally:
        if index is not None:
            index.close()


def cmd_tag(args: argparse.Namespace) -> int:
    from auditor.audit import tag_file
    from auditor.render.terminal import tags_text

    max_bytes = int(args.max_size * 1e6)
    return _each_file(args, lambda path: tag_file(path, max_bytes=max_bytes), tags_text)


def cmd_index(args: argparse.Namespace) -> int:
    from auditor.boilerplate.index import CorpusIndex
    from auditor.ingest import report_files
    from auditor.parse import parse_file

    with CorpusIndex(args.index) as index:
        if args.index_command == "stats":
            print(json.dumps(index.stats(), ensure_ascii=False, indent=2))
            return 0
        failed = added = read = 0
        batch = []  # one transaction per 200 reports: a large add recounts fingerprints once
        for path in report_files(args.paths):
            try:
                batch.append(parse_file(path))
            except ReadError as exc:
                _error(exc.path, exc.reason)
                failed += 1
            if len(batch) == 200:
                added, read, batch = added + index.add_many(batch), read + len(batch), []
        added, read = added + index.add_many(batch), read + len(batch)
        print(f"{added} added, {read - added} unchanged, {failed} unreadable → {args.index}")
        return EXIT_UNREADABLE if failed else 0


def cmd_rules(args: argparse.Namespace) -> int:
    from auditor.checks.registry import load_rules

    rules = load_rules()
    if args.json:
        print(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity, "title": r.title,
                           "doc": r.doc} for r in rules.values()], ensure_ascii=False, indent=2))
        return 0
    for r in rules.values():
        print(f"{r.id:5s} {r.severity:7s} {r.category:18s} {r.title}")
        for line in r.doc.splitlines():
            print(f"      {line}")
        print()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "parse":
            return cmd_parse(args)
        if args.command == "audit":
            return cmd_audit(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command in ("batch", "demo"):
            from auditor.batch import run_command

            return run_command(args)
        if args.command == "tag":
            return cmd_tag(args)
        if args.command == "serve":
            from auditor.web.serve import run as serve

            return serve(args)
        if args.command == "index":
            return cmd_index(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return 1
