"""Mutation benchmark for the consistency checks: plant one fault in a real report, audit it,
and count whether the finding it must cause is there.

Kinds of mutation (each on every seed where it applies, with seeded random choices):
  table_cell      one T3/T4 cell changed so that a relation breaks     → A1/A2/A3/B1 naming the cell
  narrative_number one number of a narrative claim changed             → T1 at that paragraph
  breakdown_item  one item of an itemised breakdown changed            → T2 at that paragraph
  part_deleted    a part's title and text removed                      → Q04 for that part
  unit_changed    a money cell printed in 元 instead of 万元            → U1 on that cell
  late_date       the date line moved past the deadline (or added)     → Q01

Prints recall per kind, and the error-level findings on the unmutated seeds that EXPECTED.md does
not call for (target: none).

    python scripts/bench_mutations.py [--per-kind 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.audit import Audit, audit_file
from auditor.model import Report
from auditor.parse import parse_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpora" / "samples"
# Error-level rules EXPECTED.md calls for on the unmutated seeds.
EXPECTED_ERRORS = {"000": set(), "001": {"T1"}, "002": {"T1"}, "003": set(), "004": {"Q04"}}


@dataclass(frozen=True)
class Mutant:
    kind: str
    text: str
    must: Callable[[Audit], bool]
    what: str


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _cell_line(lines: list[str], report: Report, cell_id: str) -> tuple[int, int, str] | None:
    """Where a cell's raw text sits in the source lines: (line, field, layout) or None."""
    cell = report.cells[cell_id]
    if cell.block is None or cell.column is None or cell.inferred:
        return None
    line = lines[cell.block]
    for sep, layout in (("\t", "tab"), ("|", "pipe")):
        fields = line.split(sep)
        if layout == "pipe" and line.strip().startswith("|"):
            fields = fields[1:]
        if len(fields) > cell.column and fields[cell.column].strip() == (cell.raw or "").strip() and len(fields) > 2:
            return cell.block, cell.column, layout
    target = cell.block + cell.column  # one cell per line
    if target < len(lines) and lines[target].strip() == (cell.raw or "").strip():
        return target, 0, "line"
    return None


def _set_cell(lines: list[str], where: tuple[int, int, str], new: str) -> list[str]:
    line_no, field, layout = where
    out = list(lines)
    if layout == "line":
        out[line_no] = re.sub(r"\S.*$", new, out[line_no])
    else:
        sep = "\t" if layout == "tab" else "|"
        fields = out[line_no].split(sep)
        index = field + (1 if layout == "pipe" and out[line_no].strip().startswith("|") else 0)
        lead = re.match(r"\s*", fields[index]).group(0)
        trail = fields[index][len(fields[index].rstrip()):]
        fields[index] = lead + new + trail if fields[index].strip() else new
        out[line_no] = sep.join(fields)
    return out


def table_cell(text: str, report: Report, rng: random.Random) -> Iterator[Mutant]:
    ids = [cid for cid, c in report.cells.items() if cid.startswith(("T3.", "T4.")) and c.value is not None]
    rng.shuffle(ids)
    lines = _lines(text)
    for cid in ids:
        where = _cell_line(lines, report, cid)
        if where is None:
            continue
        new = str(int(report.cells[cid].value) + rng.randint(1, 9))
        mutated = "\n".join(_set_cell(lines, where, new))

        def must(audit: Audit, cid: str = cid) -> bool:
            return any(f.category == "table_arithmetic" and f.severity == "error" and cid in f.location.cells
                       for f in audit.findings)

        yield Mutant("table_cell", mutated, must, f"{cid} → {new}")


def part_deleted(text: str, report: Report, rng: random.Random) -> Iterator[Mutant]:
    lines = _lines(text)
    titles = [(p.id, p.block) for p in report.parts]
    for k, (pid, start) in enumerate(titles):
        end = titles[k + 1][1] if k + 1 < len(titles) else len(lines)
        if k + 1 == len(titles):
            end = (report.closing[0].block if report.closing else len(lines))
        mutated = "\n".join(lines[:start] + lines[end:])
        yield Mutant("part_deleted", mutated,
                     lambda a, pid=pid: any(f.rule == "Q04" and f.location.part == pid for f in a.findings),
                     f"delete {pid}")


def unit_changed(text: str, report: Report, rng: random.Random) -> Iterator[Mutant]:
    lines = _lines(text)
    for cid in ("T2.cg.proc_amount", "T2.sf.fee_amount"):
        cell = report.cells.get(cid)
        if cell is None or cell.value is None or cell.unit == "元":
            continue
        where = _cell_line(lines, report, cid)
        if where is None:
            continue
        yuan = cell.value * 10000
        printed = rng.choice([f"{int(yuan)}元", f"{int(yuan)} 元", f"{yuan:.2f}元", f"{int(yuan):,}元"])
        mutated = "\n".join(_set_cell(lines, where, printed))
        yield Mutant("unit_changed", mutated,
                     lambda a, cid=cid: any(f.rule == "U1" and cid in f.location.cells for f in a.findings),
                     f"{cid} as {printed}")


def late_date(text: str, report: Report, rng: random.Random) -> Iterator[Mutant]:
    year = report.year or 2020
    for _ in range(3):
        month, day = rng.choice([(2, rng.randint(1, 28)), (3, rng.randint(1, 31)), (5, rng.randint(1, 31))])
        new = f"{year + 1}年{month}月{day}日"
        if report.metadata.get("date_line_text"):
            mutated = text.replace(report.metadata["date_line_text"], new)
        else:
            mutated = text.rstrip() + f"\n\n{report.body or ''}\n{new}\n"
        yield Mutant("late_date", mutated, lambda a: any(f.rule == "Q01" for f in a.findings), new)


def _replace_number(text: str, paragraph: str, start: int, end: int, new_value: int) -> str | None:
    """Rewrite the number of the expression paragraph[start:end] in the file text, located by its
    context; None when the context is not found exactly once."""
    expression = paragraph[start:end]
    if not re.search(r"\d", expression):
        return None
    context = paragraph[max(0, start - 10):end]
    if text.count(context) != 1:
        return None
    changed = context[: len(context) - len(expression)] + re.sub(r"\d+", str(new_value), expression, count=1)
    return text.replace(context, changed)


def _claims(report: Report):
    from auditor.nlp.claims import extract_claims

    return extract_claims(report)


def narrative_number(text: str, report: Report, rng: random.Random) -> Iterator[Mutant]:
    """A number the narrative states about applications or cases, changed so that it no longer
    equals its (agreeing) table cell."""
    from auditor.checks.narrative import TABLE_CELLS

    for claim in _claims(report):
        cells = TABLE_CELLS.get(claim.quantity)
        if not cells or claim.exactness != "exact" or claim.value is None:
            continue
        values = [report.value(c) for c in cells]
        if None in values or sum(values) != claim.value:
            continue  # mutate only statements that agree with the table
        paragraph = report.paragraph(claim.part, claim.paragraph).text
        new = int(claim.value) + rng.randint(1, 30)
        mutated = _replace_number(text, paragraph, claim.start, claim.end, new)
        if mutated:
            yield Mutant("narrative_number", mutated,
                         lambda a, p=claim.part, i=claim.paragraph: any(
                             f.rule == "T1" and f.location.part == p and f.location.paragraph == i
                             for f in a.findings),
                         f"{claim.quantity} {claim.value} → {new}")


def breakdown_item(text: str, report: Report, rng: random.Random) -> Iterator[Mutant]:
    """Make a breakdown add up (its total set to the items' sum), then change one item."""
    claims = _claims(report)
    for k, total in enumerate(claims):
        items = [c for c in claims if c.quantity == "proactive_item" and c.total_of == k]
        if total.quantity != "proactive_total" or len(items) < 2 or total.value is None:
            continue
        paragraph = report.paragraph(total.part, total.paragraph).text
        item_sum = sum(int(i.low or 0) for i in items)
        if item_sum != total.value and len(re.findall(rf"(?<!\d){total.value}(?!\d)", paragraph)) > 1:
            continue  # the total is restated (共82条…共82条): repairing one would plant a second fault
        repaired = _replace_number(text, paragraph, total.start, total.end, item_sum) \
            if item_sum != total.value else text
        if repaired is None:
            continue
        item = rng.choice(items)
        # with a 余/多 item the sum has no upper bound: only an excess is then a detectable fault
        sign = rng.choice([-1, 1]) if all(i.exactness == "exact" for i in items) else 1
        delta = sign * rng.randint(1, max(1, int(item.low or 1) - 1))
        new = int(item.low or 0) + delta
        if new < 0 or new == int(item.low or 0):
            continue
        repaired_paragraph = paragraph.replace(paragraph[total.start:total.end],
                                               re.sub(r"\d+", str(item_sum), paragraph[total.start:total.end], count=1), 1)
        shift = len(repaired_paragraph) - len(paragraph) if item.start > total.start else 0
        mutated = _replace_number(repaired, repaired_paragraph, item.start + shift, item.end + shift, new)
        if mutated:
            yield Mutant("breakdown_item", mutated,
                         lambda a, p=total.part, i=total.paragraph: any(
                             f.rule == "T2" and f.location.part == p and f.location.paragraph == i
                             for f in a.findings),
                         f"item {item.low} → {new} (total {item_sum})")


MUTATIONS: dict[str, Callable[[str, Report, random.Random], Iterator[Mutant]]] = {
    "table_cell": table_cell,
    "narrative_number": narrative_number,
    "breakdown_item": breakdown_item,
    "part_deleted": part_deleted,
    "unit_changed": unit_changed,
    "late_date": late_date,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=150, help="mutants per kind at most")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = sorted(SAMPLES.glob("00*.txt"))
    unexpected = []
    for seed in seeds:
        audit = audit_file(seed)
        for f in audit.findings:
            if f.severity == "error" and f.rule not in EXPECTED_ERRORS[seed.name[:3]]:
                unexpected.append(f"{seed.name}: {f.rule} {f.message}")
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for kind, make in MUTATIONS.items():
            mutants = []
            rounds = 0
            while len(mutants) < args.per_kind and rounds < 50:
                rounds += 1
                for seed in seeds:
                    text = seed.read_text(encoding="utf-8")
                    report = parse_file(seed)
                    for m in make(text, report, rng):
                        mutants.append((seed, m))
                        if sum(1 for s, _ in mutants if s == seed) >= args.per_kind // len(seeds) + 1:
                            break
                if kind in ("part_deleted",):
                    break
            for i, (seed, m) in enumerate(mutants[: args.per_kind]):
                path = Path(tmp) / f"{kind}_{i}_{seed.name}"
                path.write_text(m.text, encoding="utf-8")
                totals[kind] += 1
                try:
                    found = m.must(audit_file(path))
                except Exception as exc:  # a mutant the reader rejects counts as a miss, with why
                    found = False
                    misses[kind].append(f"{seed.name} {m.what}: {type(exc).__name__}: {exc}")
                    continue
                if found:
                    hits[kind] += 1
                else:
                    misses[kind].append(f"{seed.name} {m.what}")
    elapsed = time.perf_counter() - started
    print(f"{sum(totals.values())} mutated reports in {elapsed:.1f} s")
    print("| mutation | mutants | detected | recall |")
    print("|---|---:|---:|---:|")
    for kind in MUTATIONS:
        n = totals[kind]
        print(f"| {kind} | {n} | {hits[kind]} | {hits[kind] / n:.3f} |" if n else f"| {kind} | 0 | – | – |")
    print(f"\nerror-level findings on the unmutated seeds that EXPECTED.md does not call for: {len(unexpected)}")
    for line in unexpected:
        print("  " + line)
    for kind, lines in misses.items():
        for line in lines[:5]:
            print(f"  missed {kind}: {line}")


if __name__ == "__main__":
    main()
