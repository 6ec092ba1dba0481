"""Recognise tables 二, 三 and 四 in the rows of their parts and map every value to its cell id.

Rows are matched to the format's rows by order and fuzzy label (a global alignment), never by exact
string. A row with one value too few or too many, or whose cells are run together with no
separator, yields candidate readings; the table's own arithmetic (each row's total, the column
relations of DOMAIN.md §4.1–4.2) picks one only where it is the only one possible. Otherwise the
row's cells stay blank and an anomaly says why: the reader never guesses.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from auditor.model import TABLE_MISSING, Anomaly, Cell
from auditor.normalize import squeeze
from auditor.structure.numbers import CellReading, read_cell
from auditor.structure.rows import Row
from auditor.structure.schema import T2Row, T3Row, label_core, schema

Vector = tuple[Decimal | None, ...]
_TEN_THOUSAND = Decimal(10000)
_MAX_COMBINATIONS = 200_000
_LAST_ORDINAL = re.compile(r"\(([一二三四五六七八九十]|\d+)\)|(?<!\d)(\d+)[.、](?!\d)|^([一二三四五六七八九十]+)、")


# ---------------------------------------------------------------------------- reading one row


@dataclass(slots=True)
class RowValues:
    """What one table row holds: its label and its value slots (or run-together digits)."""

    row_index: int  # index into the part's row list
    row: Row
    label: str
    slots: list[tuple[int, CellReading, str]]  # (cell index, reading, raw)
    digits: str | None = None  # packed row: the digit run after the label
    garbled: list[int] = field(default_factory=list)  # cell indices with text where a number belongs

    @property
    def numbers(self) -> int:
        return sum(1 for _, r, _ in self.slots if r.kind == "number")


def row_values(index: int, row: Row, *, positional: int | None = None) -> RowValues:
    """Split a row into label and value slots. `positional`: the expected count, when blank cells
    right after the label may be real blank values (grid rows, and rows with no label at all)."""
    if row.kind == "packed":
        m = re.match(r"^(.*?\D)(\d+)$", row.text)
        label, digits = (m.group(1), m.group(2)) if m else ("", row.text)
        return RowValues(index, row, label.strip(), [], digits)
    readings = [read_cell(c) for c in row.cells]
    first = next((i for i, r in enumerate(readings) if r.kind == "number"), None)
    if first is None:
        label_end = max((i for i, r in enumerate(readings) if r.kind == "text"), default=-1)
        label = " ".join(c for c, r in zip(row.cells, readings) if r.kind == "text")
        after = range(label_end + 1, len(row.cells))
        if positional is not None and len(after) >= positional and (row.grid or label_end < 0 or
                                                                     len(after) == positional):
            # a row of blank cells: every value is blank, which is a reading, not a failure
            return RowValues(index, row, label, [(i, readings[i], row.cells[i])
                                                 for i in list(after)[:positional]])
        return RowValues(index, row, label, [])
    label_end = max((i for i in range(first) if readings[i].kind == "text"), default=-1)
    label = " ".join(c for c, r in zip(row.cells[: label_end + 1], readings) if r.kind == "text")
    after = list(range(label_end + 1, len(row.cells)))
    # an empty cell between label and values may be layout; "/" or "—" is always a cell
    marked = [i for i in after if readings[i].kind == "number" or (
        readings[i].kind == "blank" and row.cells[i].strip())]
    use_positions = positional is not None and len(after) == positional and (row.grid or label_end < 0)
    span = after if use_positions else list(range(marked[0], marked[-1] + 1))
    slots, garbled = [], []
    for i in span:
        reading = readings[i]
        if reading.kind == "text":
            garbled.append(i)
            reading = CellReading("blank")
        slots.append((i, reading, row.cells[i]))
    return RowValues(index, row, label, slots, None, garbled)


# ---------------------------------------------------------------------------- candidate readings

RowCheck = Callable[[Vector], bool]


def candidates(values: RowValues, n: int, fill: Callable[[list[Decimal | None], int], Vector | None],
               check: RowCheck) -> tuple[list[Vector], str]:
    """Possible readings of a row meant to hold n values, and how the row was read.

    `fill(vector, p)` completes a vector whose position p is unknown (None) from the row's own
    arithmetic, or returns None when it cannot; `check` tells whether a full reading is consistent.
    """
    if values.digits is not None:
        return [tuple(v) for v in split_digits(values.digits, n, check)], "packed"
    read = [r.value if r.kind == "number" else None for _, r, _ in values.slots]
    if len(read) == n:
        return [tuple(read)], "exact"
    if len(read) == n - 1:
        found = []
        for p in range(n):
            vector = read[:p] + [None] + read[p:]
            filled = fill(vector, p)
            found.append(filled if filled is not None else tuple(vector))
        return _unique(found), "short"
    if len(read) == n + 1:
        found = [tuple(read[:p] + read[p + 1:]) for p in range(n + 1)]
        consistent = [v for v in found if check(v)]
        return _unique(consistent or found), "long"
    return [], "shape"


def _unique(vectors: Sequence[Vector]) -> list[Vector]:
    return list(dict.fromkeys(vectors))


def split_digits(digits: str, n: int, check: RowCheck, *, limit: int = 50_000) -> Iterator[Vector]:
    """Every way to cut a digit run into n non-negative integers (no leading zeros) that passes
    `check`. Cells run together by copy-paste lose their separators, not their digits."""
    length = len(digits)
    if length < n:
        return
    produced = 0

    def walk(pos: int, parts: list[Decimal]) -> Iterator[Vector]:
        nonlocal produced
        left = n - len(parts)
        if left == 0:
            if pos == length:
                vector = tuple(parts)
                if check(vector):
                    produced += 1
                    yield vector
            return
        remaining = length - pos
        if remaining < left:
            return
        max_len = remaining - (left - 1)
        for size in range(1, max_len + 1):
            piece = digits[pos:pos + size]
            if size > 1 and piece[0] == "0":
                break
            if produced >= limit:
                return
            yield from walk(pos + size, parts + [Decimal(piece)])

    yield from walk(0, [])


# ---------------------------------------------------------------------------- results


@dataclass(slots=True)
class TableResult:
    values: dict  # "T2"/"T3": {row: {col: value}}, "T4": {cell: value}
    cells: dict[str, Cell]
    anomalies: list[Anomaly]
    consumed: set[int]  # indices (into the part's rows) read as this table
    found: bool


def _cell(cid: str, values: RowValues | None, slot: int | None, value: Decimal | None,
          *, inferred: bool = False, unit: str | None = None, note: str = "") -> Cell:
    if values is None or slot is None or slot >= len(values.slots):
        raw = values.digits if values is not None and values.digits is not None else None
        return Cell(cid, raw, value, unit, values.row.block if values else None, None, inferred, note)
    index, reading, raw = values.slots[slot]
    return Cell(cid, raw, value, unit or reading.unit, values.row.block, index, inferred, note)


# ---------------------------------------------------------------------------- table 三


def t3_row_check(vector: Vector) -> bool:
    """A3: a row's total equals the sum of its six applicant columns."""
    if any(v is None for v in vector):
        return True
    return sum(vector[:6]) == vector[6]  # type: ignore[arg-type]


def _t3_fill(vector: list[Decimal | None], p: int) -> Vector | None:
    known = [v for i, v in enumerate(vector) if i != p]
    if any(v is None for v in known):
        return None
    if p == 6:
        x = sum(known[:6])
    else:
        x = known[-1] - sum(known[:-1])  # type: ignore[operator]
        if x < 0:
            return None
    out = list(vector)
    out[p] = x
    return tuple(out)


def _similarity(observed: str, expected: T3Row) -> float:
    return _core_similarity(label_core(observed), expected)


def _core_similarity(core: str, expected: T3Row) -> float:
    if not core:
        return 0.0
    score = fuzz.ratio(core, expected.core)
    if min(len(core), len(expected.core)) >= 4:
        score = max(score, fuzz.partial_ratio(core, expected.core))
    return score / 100.0


def _blank_row_label(label: str, expected: Sequence[T3Row]) -> bool:
    """A row of blank cells counts as a table row only when its label is clearly a format row:
    it carries the row's own ordinal and its words (a label fragment broken off a row does not)."""
    ordinal = _last_ordinal(label)
    return any(ordinal == e.ordinal and _similarity(label, e) >= 0.8 for e in expected)


def _last_ordinal(label: str) -> str | None:
    found = _LAST_ORDINAL.findall(squeeze(label))
    if not found:
        return None
    return next(g for g in found[-1] if g)


def _similarity_matrix(cores: Sequence[str], expected: Sequence[T3Row]) -> list[list[float]]:
    """`_core_similarity` of every observed core against every format row, the scorers run by
    rapidfuzz's `cdist` in C (in double precision: the same values as the one-pair calls)."""
    targets = [e.core for e in expected]
    ratio = cdist(cores, targets, scorer=fuzz.ratio, dtype=np.float64)
    partial = cdist(cores, targets, scorer=fuzz.partial_ratio, dtype=np.float64)
    long_enough = np.minimum.outer(np.array([len(c) for c in cores]), np.array([len(t) for t in targets])) >= 4
    scores = np.where(long_enough, np.maximum(ratio, partial), ratio) / 100.0
    scores[[i for i, c in enumerate(cores) if not c]] = 0.0
    return scores.tolist()


def align(observed: Sequence[RowValues], expected: Sequence[T3Row]) -> list[tuple[int, int]]:
    """Global alignment (Needleman–Wunsch) of observed data rows to the format's rows, scoring
    label similarity plus agreement of ordinals; skipping costs nothing, so order decides ties."""
    m, n = len(observed), len(expected)
    if not m or not n:
        return []
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    move = [[0] * (n + 1) for _ in range(m + 1)]
    ordinals = [_last_ordinal(o.label) for o in observed]
    similarity = _similarity_matrix([label_core(o.label) for o in observed], expected)
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            exp = expected[j - 1]
            sim = similarity[i - 1][j - 1]
            match = (0.0 if exp.optional else 0.3) + sim
            if exp.optional and sim < 0.9:
                match = -1.0
            if ordinals[i - 1] is not None and ordinals[i - 1] == exp.ordinal:
                match += 0.3
            diagonal, up, left = score[i - 1][j - 1] + match, score[i - 1][j], score[i][j - 1]
            if diagonal >= up and diagonal >= left:  # ties: the first of the three, as max() took it
                score[i][j], move[i][j] = diagonal, 0
            elif up >= left:
                score[i][j], move[i][j] = up, 1
            else:
                score[i][j], move[i][j] = left, 2
    pairs: list[tuple[int, int]] = []
    i, j = m, n
    while i > 0 and j > 0:
        if move[i][j] == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif move[i][j] == 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def recognize_t3(rows: Sequence[Row], version: str) -> TableResult:
    spec = schema()
    expected = spec.t3_rows[version]
    cols = spec.t3_cols
    data: list[RowValues] = []
    for i, row in enumerate(rows):
        if row.kind == "text":
            continue
        values = row_values(i, row, positional=len(cols))
        if values.digits is not None:
            if len(values.digits) >= len(cols) and max(
                    (_similarity(values.label, e) for e in expected), default=0) >= 0.7:
                data.append(values)
        elif values.numbers >= 4:
            data.append(values)
        elif len(values.slots) == len(cols) and _blank_row_label(values.label, expected):
            data.append(values)
    anomalies: list[Anomaly] = []
    table: dict[str, dict[str, Decimal | None]] = {
        r.id: dict.fromkeys(cols) for r in expected if not r.optional}
    cells: dict[str, Cell] = {}
    if not data:
        for r in expected:
            if not r.optional:
                for c in cols:
                    cells[f"T3.{r.id}.{c}"] = Cell(f"T3.{r.id}.{c}", None, None)
        anomalies.append(Anomaly(TABLE_MISSING, "warning", "未能识别表三（收到和处理政府信息公开申请情况）",
                                 "P3"))
        return TableResult({"T3": table}, cells, anomalies, set(), False)

    pairs = align(data, expected)
    matched = {expected[j].id: data[i] for i, j in pairs}
    unmatched_rows = [d for k, d in enumerate(data) if k not in {i for i, _ in pairs}]
    for extra in unmatched_rows:
        anomalies.append(Anomaly(
            "extra_row", "info", f"表三中有一行未能对应到标准格式的任何一行：{extra.row.text[:60]}",
            "P3", evidence=extra.row.text))

    options: dict[str, list[Vector]] = {}
    how: dict[str, str] = {}
    for rid, values in matched.items():
        found, mode = candidates(values, len(cols), _t3_fill, t3_row_check)
        options[rid], how[rid] = found, mode
        for i in values.garbled:
            anomalies.append(Anomaly("unreadable_cell", "warning",
                                     f"表三“{values.label[:20]}”行有一格不是数字：{values.row.cells[i]}",
                                     "P3", evidence=values.row.text))
    chosen = _solve_t3(options, version)

    row_ids = [r.id for r in expected if not r.optional]
    for rid in row_ids:
        values = matched.get(rid)
        vector = chosen.get(rid)
        mode = how.get(rid, "missing")
        if values is None:
            vector = None
        inferred = mode in ("short", "long", "packed")
        if values is not None and vector is None:
            anomalies.append(_ambiguous(rid, values, mode, len(options.get(rid, []))))
        elif values is not None and inferred:
            anomalies.append(_resolved(rid, values, mode))
        for k, col in enumerate(cols):
            cid = f"T3.{rid}.{col}"
            value = vector[k] if vector is not None else None
            slot = k if mode == "exact" else None
            cells[cid] = _cell(cid, values, slot, value, inferred=inferred and value is not None)
            table[rid][col] = value
    _single_r6(version, matched, chosen, table, cells, anomalies, cols)
    missing = [rid for rid in row_ids if rid not in matched and not (
        rid.startswith("r6_") and "r6" in matched)]
    if missing:
        anomalies.append(Anomaly(
            "row_missing", "warning", f"表三缺少{len(missing)}行（或该行无数值）：{', '.join(missing)}", "P3",
            tuple(f"T3.{rid}.total" for rid in missing)))
    consumed = {d.row_index for d in data}
    return TableResult({"T3": table}, cells, anomalies, consumed, True)


def _single_r6(version: str, matched: dict[str, RowValues], chosen: dict[str, Vector],
               table: dict, cells: dict[str, Cell], anomalies: list[Anomaly], cols: Sequence[str]) -> None:
    """A 2021 table printed with the 2019 single （六）其他处理 row: its sub-rows are forced to 0 when
    the single row is all zero (counts are never negative); otherwise they stay blank."""
    if version != "2021" or "r6" not in matched:
        return
    single = chosen.get("r6")
    zero = single is not None and all(v == 0 for v in single)
    anomalies.append(Anomaly(
        "mixed_template", "info",
        "表三按2021年格式，但“（六）其他处理”只有一行（2019年格式），未分1-3项"
        + ("；该行全为0，故三个子项均为0" if zero else "；子项无法拆分，留空"),
        "P3", tuple(f"T3.r6_{k}.total" for k in (1, 2, 3)), matched["r6"].row.text))
    for k in (1, 2, 3):
        if f"r6_{k}" in matched:
            continue
        for col in cols:
            cid = f"T3.r6_{k}.{col}"
            value = Decimal(0) if zero else None
            table[f"r6_{k}"][col] = value
            cells[cid] = Cell(cid, None, value, None, matched["r6"].row.block, None, zero,
                              "inferred from the single （六）其他处理 row")


def _t3_relations(version: str) -> list[tuple[list[str], list[str]]]:
    """A1 and A2 as (left rows, right rows) whose sums must agree, column by column."""
    outcomes = ["r1", "r2", *(f"r3_{k}" for k in range(1, 9)), *(f"r4_{k}" for k in range(1, 4)),
                *(f"r5_{k}" for k in range(1, 6))]
    outcomes += ["r6"] if version == "2019" else ["r6_1", "r6_2", "r6_3"]
    return [(["new", "carry_in"], ["r7", "carry_out"]), (["r7"], outcomes)]


def _solve_t3(options: dict[str, list[Vector]], version: str) -> dict[str, Vector]:
    """Pick each uncertain row's reading: the only one it has, or the only one that makes the
    table's column relations hold. Rows read exactly are never changed."""
    chosen = {rid: opts[0] for rid, opts in options.items() if len(opts) == 1 and None not in opts[0]}
    chosen.update({rid: opts[0] for rid, opts in options.items()
                   if len(opts) == 1 and rid not in chosen})
    open_rows = [rid for rid, opts in options.items() if len(opts) != 1]
    if not open_rows:
        return chosen
    relations = _t3_relations(version)
    if "r6" in options and version == "2021":
        relations = [(left, [r for r in right if not r.startswith("r6_")] + ["r6"]) if left == ["r7"]
                     else (left, right) for left, right in relations]
    involved = [(lhs, rhs) for lhs, rhs in relations if set(open_rows) & set(lhs + rhs)]
    sizes = [len(options[r]) for r in open_rows]
    total = 1
    for s in sizes:
        total *= max(s, 1)
    if 0 in sizes or total > _MAX_COMBINATIONS:
        return chosen
    good: list[dict[str, Vector]] = []
    for combo in itertools.product(*(options[r] for r in open_rows)):
        trial = {**chosen, **dict(zip(open_rows, combo))}
        if all(_holds(trial, left, right) for left, right in involved):
            good.append(dict(zip(open_rows, combo)))
    for rid in open_rows:
        readings = {g[rid] for g in good}
        if len(readings) == 1:
            reading = readings.pop()
            if None not in reading:
                chosen[rid] = reading
    return chosen


def _holds(trial: dict[str, Vector], left: list[str], right: list[str]) -> bool:
    for k in range(7):
        lvals = [trial[r][k] if r in trial else None for r in left]
        rvals = [trial[r][k] if r in trial else None for r in right]
        if any(v is None for v in lvals + rvals):
            continue  # a blank or missing operand: this column says nothing
        if sum(lvals) != sum(rvals):  # type: ignore[arg-type]
            return False
    return True


def _resolved(rid: str, values: RowValues, mode: str) -> Anomaly:
    what = {"short": "少一个数值", "long": "多一个数值", "packed": "各格数字连在一起、没有分隔"}[mode]
    return Anomaly("row_shape", "info",
                   f"表三“{values.label[:24] or rid}”行{what}；由本表的勾稽关系唯一确定了各格取值（已标为推断）",
                   "P3", (f"T3.{rid}.total",), values.row.text)


def _ambiguous(rid: str, values: RowValues, mode: str, count: int) -> Anomaly:
    what = {"short": "少一个数值", "long": "多一个数值", "packed": "各格数字连在一起、没有分隔",
            "shape": "数值个数与格式不符", "exact": "含无法读取的格"}.get(mode, "无法读取")
    return Anomaly("row_unreadable", "warning",
                   f"表三“{values.label[:24] or rid}”行{what}，有{count}种可能的读法，无法唯一确定，该行各格按未读出处理",
                   "P3", (f"T3.{rid}.total",), values.row.text)


# ---------------------------------------------------------------------------- table 四


def t4_row_check(vector: Vector) -> bool:
    """B1: in each of the three groups, the total equals the sum of the four results."""
    for g in range(3):
        group = vector[g * 5:(g + 1) * 5]
        if any(v is None for v in group):
            continue
        if sum(group[:4]) != group[4]:  # type: ignore[arg-type]
            return False
    return True


def _t4_fill(vector: list[Decimal | None], p: int) -> Vector | None:
    g = p // 5
    group = vector[g * 5:(g + 1) * 5]
    known = [v for i, v in enumerate(group) if i != p % 5]
    if any(v is None for v in known):
        return None
    x = sum(known) if p % 5 == 4 else known[-1] - sum(known[:-1])  # type: ignore[operator]
    if x < 0:
        return None
    out = list(vector)
    out[p] = x
    return tuple(out)


def recognize_t4(rows: Sequence[Row]) -> TableResult:
    ids = schema().t4_cells
    best: RowValues | None = None
    for i, row in enumerate(rows):
        if row.kind == "text":
            continue
        values = row_values(i, row, positional=len(ids))
        if values.digits is not None:
            if len(values.digits) >= len(ids) and not values.label:
                best = values
        elif values.numbers >= 10 and len(values.label) <= 8 and (
                best is None or values.numbers >= best.numbers):
            best = values
        elif best is None and not values.label and len(values.slots) == len(ids) and i > 0:
            best = values  # a row of fifteen blank cells under the header
    anomalies: list[Anomaly] = []
    table: dict[str, Decimal | None] = dict.fromkeys(ids)
    cells: dict[str, Cell] = {}
    if best is None:
        anomalies.append(Anomaly(TABLE_MISSING, "warning", "未能识别表四（行政复议、行政诉讼情况）", "P4"))
        for cid in ids:
            cells[f"T4.{cid}"] = Cell(f"T4.{cid}", None, None)
        return TableResult({"T4": table}, cells, anomalies, set(), False)
    found, mode = candidates(best, len(ids), _t4_fill, t4_row_check)
    vector = found[0] if len(found) == 1 else None
    inferred = mode != "exact"
    if mode != "exact":
        count = len(best.slots) if best.digits is None else len(best.digits)
        what = {"short": f"只有{count}个数值（格式为15个）", "long": f"有{count}个数值（格式为15个）",
                "packed": "各格数字连在一起、没有分隔", "shape": f"有{count}个数值（格式为15个）"}[mode]
        if vector is not None:
            anomalies.append(Anomaly("row_shape", "info", f"表四{what}；按本表的勾稽关系唯一确定了各格取值（已标为推断）",
                                     "P4", tuple(f"T4.{c}" for c in ids), best.row.text))
        else:
            anomalies.append(Anomaly("row_unreadable", "warning",
                                     f"表四{what}，无法唯一确定各格取值，按未读出处理", "P4",
                                     tuple(f"T4.{c}" for c in ids), best.row.text))
    for k, cid in enumerate(ids):
        value = vector[k] if vector is not None else None
        cells[f"T4.{cid}"] = _cell(f"T4.{cid}", best, k if mode == "exact" else None, value,
                                   inferred=inferred and value is not None)
        table[cid] = value
    return TableResult({"T4": table}, cells, anomalies, {best.row_index}, True)


# ---------------------------------------------------------------------------- table 二

_WAN = re.compile(r"万元")
_YUAN = re.compile(r"(单位[:：]?\s*元|\(元\)|（元）)")


def _t2_match(label: str, rows: Sequence[T2Row]) -> T2Row | None:
    core = label_core(label)
    if not core:
        return None
    best, best_score = None, 0.0
    for spec in rows:
        score = fuzz.ratio(core, spec.core)
        if spec.core in core and len(core) <= len(spec.core) + 3:
            score = max(score, 90.0)
        if score > best_score:
            best, best_score = spec, score
    return best if best_score >= 80 else None


def recognize_t2(rows: Sequence[Row], version: str) -> TableResult:
    specs = schema().t2[version]
    table: dict[str, dict[str, Decimal | None]] = {s.id: dict.fromkeys(s.cols) for s in specs}
    cells: dict[str, Cell] = {}
    anomalies: list[Anomaly] = []
    consumed: set[int] = set()
    seen: set[str] = set()
    header_unit: str | None = None
    for i, row in enumerate(rows):
        if row.kind == "text" and not row.text:
            continue
        text = squeeze(row.text)
        if "第二十条" in text:
            header_unit = None
        if _WAN.search(text) and ("金额" in text):
            header_unit = "万元"
        elif _YUAN.search(text) and ("金额" in text):
            header_unit = "元"
        if row.kind == "text":
            continue
        values = row_values(i, row)
        spec = _t2_match(values.label, specs)
        if spec is not None:
            values = row_values(i, row, positional=len(spec.cols))
        if spec is None:
            if values.numbers and values.label and "信息内容" not in values.label:
                anomalies.append(Anomaly("extra_row", "info",
                                         f"表二中有一行不属于{version}年格式：{values.label[:30]}", "P2",
                                         evidence=row.text))
                consumed.add(i)
            continue
        if spec.id in seen:
            anomalies.append(Anomaly("duplicate_row", "warning", f"表二“{spec.label}”行出现两次，取第一次", "P2",
                                     evidence=row.text))
            continue
        seen.add(spec.id)
        consumed.add(i)
        n = len(spec.cols)
        found, mode = candidates(values, n, lambda v, p: None, lambda v: True)
        vector = found[0] if len(found) == 1 and None not in found[0] or mode == "exact" else None
        if mode != "exact":
            if vector is None:
                anomalies.append(Anomaly("row_unreadable", "warning",
                                         f"表二“{spec.label}”行应有{n}个数值，读到的数值无法唯一对应各列，按未读出处理",
                                         "P2", tuple(f"T2.{spec.id}.{c}" for c in spec.cols), row.text))
            else:
                anomalies.append(Anomaly("row_shape", "info", f"表二“{spec.label}”行的数值个数与格式不符，但读法唯一",
                                         "P2", tuple(f"T2.{spec.id}.{c}" for c in spec.cols), row.text))
        for k, col in enumerate(spec.cols):
            cid = f"T2.{spec.id}.{col}"
            value = vector[k] if vector is not None else None
            cell = _cell(cid, values, k if mode == "exact" else None, value, inferred=mode != "exact")
            if col in spec.money and value is not None:
                unit = cell.unit or header_unit
                if unit == "元":
                    value = value / _TEN_THOUSAND
                    anomalies.append(Anomaly("unit_converted", "info",
                                             f"表二“{spec.label}”金额以“元”填写（{cell.raw}），按格式单位换算为{value}万元",
                                             "P2", (cid,), cell.raw or ""))
                cell.unit = unit
                cell.value = value
                if unit is None:
                    cell.note = "no unit printed; the format's unit 万元 is assumed"
            cells[cid] = cell
            table[spec.id][col] = value
        for g in values.garbled:
            anomalies.append(Anomaly("unreadable_cell", "warning",
                                     f"表二“{spec.label}”行有一格不是数字：{row.cells[g]}", "P2",
                                     evidence=row.text))
    for spec in specs:
        if spec.id not in seen:
            for col in spec.cols:
                cid = f"T2.{spec.id}.{col}"
                cells[cid] = Cell(cid, None, None)
    missing = [s.id for s in specs if s.id not in seen]
    if len(missing) == len(specs):
        anomalies.append(Anomaly(TABLE_MISSING, "warning", "未能识别表二（主动公开政府信息情况）", "P2"))
    elif missing:
        anomalies.append(Anomaly("row_missing", "warning", f"表二缺少以下行：{', '.join(missing)}", "P2",
                                 tuple(f"T2.{m}.{specs[0].cols[0]}" for m in missing)))
    return TableResult({"T2": table}, cells, anomalies, consumed, bool(seen))
