"""Table rules: the arithmetic of tables 二, 三, 四 (DOMAIN.md §4.1–4.4), units and plausibility (§4.5).

A relation is evaluated only when every operand is a number read from the report: a blank operand
is reported once by M1 (missing values), never as a sum error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from auditor.checks.context import AuditContext
from auditor.checks.findings import Location, fmt
from auditor.checks.registry import Hit, rule
from auditor.structure.cells import cells_text
from auditor.structure.schema import schema

_COL_NAMES = {"np": "自然人", "biz": "商业企业", "sci": "科研机构", "ngo": "社会公益组织", "law": "法律服务机构",
              "oth": "其他", "total": "总计"}
_T4_GROUPS = {"rv": "行政复议", "ld": "行政诉讼（未经复议直接起诉）", "lr": "行政诉讼（复议后起诉）"}


def _outcome_rows(version: str) -> list[str]:
    rows = ["r1", "r2", *(f"r3_{k}" for k in range(1, 9)), *(f"r4_{k}" for k in range(1, 4)),
            *(f"r5_{k}" for k in range(1, 6))]
    return rows + (["r6_1", "r6_2", "r6_3"] if version == "2021" else ["r6"])


def _t3_version(ctx: AuditContext) -> str:
    return "2021" if "r6_1" in ctx.report.tables.get("T3", {}) else "2019"


def _sum_relation(ctx: AuditContext, left: Sequence[str], right: Sequence[str], **params) -> Hit | None:
    """A relation Σleft = Σright over cell ids, silent when any operand is blank."""
    values = ctx.values(*left, *right)
    if any(v is None for v in values):
        return None
    lsum = sum(values[: len(left)], Decimal(0))
    rsum = sum(values[len(left):], Decimal(0))
    if lsum == rsum:
        return None
    inferred = [c for c in (*left, *right) if ctx.report.cells[c].inferred]
    return Hit(Location("P3" if left[0].startswith("T3") else "P4", cells=tuple((*left, *right))),
               {**params, "left": fmt(lsum), "right": fmt(rsum)},
               cells=ctx.evidence(*left, *right), expected=fmt(rsum), found=fmt(lsum),
               severity="warning" if inferred else None)


@rule("A1", category="table_arithmetic", severity="error", title="表三结转平衡",
      message="表三“{col}”列：本年新收与上年结转之和为{left}，办理结果总计与结转下年度之和为{right}，两者应相等")
def a1_balance(ctx: AuditContext) -> Iterator[Hit]:
    """T3, per column: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.

    The relation is printed in the table's own note cell (第一项加第二项之和，等于第三项加第四项之和).
    A relation that uses a value inferred from the table's arithmetic is only a warning."""
    for col in schema().t3_cols:
        hit = _sum_relation(ctx, [f"T3.new.{col}", f"T3.carry_in.{col}"],
                            [f"T3.r7.{col}", f"T3.carry_out.{col}"], col=_COL_NAMES[col])
        if hit:
            yield hit


@rule("A2", category="table_arithmetic", severity="error", title="表三办理结果合计",
      message="表三“{col}”列：（七）总计为{left}，各项办理结果之和为{right}")
def a2_outcomes(ctx: AuditContext) -> Iterator[Hit]:
    """T3, per column: （七）总计 = （一）+（二）+ Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + （六）(2019: one
    row; 2021: Σ（六）1–3). The group labels （三）（四）（五）（六） are merged cells, not subtotal rows."""
    rows = _outcome_rows(_t3_version(ctx))
    for col in schema().t3_cols:
        hit = _sum_relation(ctx, [f"T3.r7.{col}"], [f"T3.{r}.{col}" for r in rows], col=_COL_NAMES[col])
        if hit:
            yield hit


@rule("A3", category="table_arithmetic", severity="error", title="表三行合计",
      message="表三“{row}”行：总计为{left}，自然人与法人或其他组织各列之和为{right}")
def a3_row_total(ctx: AuditContext) -> Iterator[Hit]:
    """T3, every row: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他."""
    labels = {r.id: r.label for r in schema().t3_rows["2021"]} | {r.id: r.label for r in schema().t3_rows["2019"]}
    for row in ctx.report.tables.get("T3", {}):
        parts = [f"T3.{row}.{c}" for c in schema().t3_cols[:6]]
        hit = _sum_relation(ctx, [f"T3.{row}.total"], parts, row=labels.get(row, row))
        if hit:
            yield hit


@rule("A4", category="plausibility", severity="info", title="申请人构成少见",
      message="{level}级单位收到来自{who}的申请，较为少见，请核实")
def a4_applicant_mix(ctx: AuditContext) -> Iterator[Hit]:
    """T3: a township or sub-district receiving applications from 商业企业, 科研机构 or 法律服务机构 is
    possible but rare: worth a look, never an error."""
    if ctx.report.level not in ("乡", "镇", "街道"):
        return
    cols = [c for c in ("biz", "sci", "law") if (ctx.report.value(f"T3.new.{c}") or 0) > 0]
    if cols:
        ids = [f"T3.new.{c}" for c in cols]
        yield Hit(Location("P3", cells=tuple(ids)), {"level": ctx.report.level,
                                                     "who": "、".join(_COL_NAMES[c] for c in cols)},
                  cells=ctx.evidence(*ids))


@rule("A5", category="narrative_vs_table", severity="warning", title="逾期未缴费但未说明收费",
      message="表三（六）2“逾期未按收费通知要求缴纳费用”为{n}件，说明发出过收费通知，但第六部分未说明信息处理费收取情况")
def a5_fee_notice(ctx: AuditContext) -> Iterator[Hit]:
    """2021 format: T3 （六）2 > 0 means fee notices were issued, so part 六 should report 信息处理费."""
    n = ctx.report.value("T3.r6_2.total")
    if n and n > 0 and "信息处理费" not in ctx.text_of("P6").replace(" ", ""):
        yield Hit(Location("P6", cells=("T3.r6_2.total",)), {"n": fmt(n)}, cells=ctx.evidence("T3.r6_2.total"),
                  expected="第六部分说明信息处理费", found="未提及")


@rule("B1", category="table_arithmetic", severity="error", title="表四总计",
      message="表四“{group}”：总计为{left}，结果维持、结果纠正、其他结果、尚未审结之和为{right}")
def b1_t4_totals(ctx: AuditContext) -> Iterator[Hit]:
    """T4, for 行政复议, 未经复议直接起诉 and 复议后起诉: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    for group, name in _T4_GROUPS.items():
        hit = _sum_relation(ctx, [f"T4.{group}_total"],
                            [f"T4.{group}_{k}" for k in ("keep", "fix", "other", "pending")], group=name)
        if hit:
            yield Hit(Location("P4", cells=hit.location.cells), hit.params, cells=hit.cells,
                      expected=hit.expected, found=hit.found, severity=hit.severity)


@rule("B2", category="plausibility", severity="info", title="无申请却有复议诉讼",
      message="表四有{n}起复议或诉讼，而表三本年新收与上年结转均为0（可能涉及以前年度的申请）")
def b2_cases_without_requests(ctx: AuditContext) -> Iterator[Hit]:
    """T4 cases > 0 while T3 new + carry_in = 0: possible (cases about older applications); info only."""
    totals = ctx.values("T4.rv_total", "T4.ld_total", "T4.lr_total")
    requests = ctx.values("T3.new.total", "T3.carry_in.total")
    if None in totals or None in requests:
        return
    n = sum(totals, Decimal(0))
    if n > 0 and sum(requests, Decimal(0)) == 0:
        ids = ("T4.rv_total", "T4.ld_total", "T4.lr_total", "T3.new.total", "T3.carry_in.total")
        yield Hit(Location("P4", cells=ids), {"n": fmt(n)}, cells=ctx.evidence(*ids))


def _t2(ctx: AuditContext, row: str, col: str) -> Decimal | None:
    return ctx.report.value(f"T2.{row}.{col}")


_T2_LABEL = {"gz": "规章", "gfxwj": "规范性文件", "xzxk": "行政许可", "qtfw": "其他对外管理服务事项",
             "xzcf": "行政处罚", "xzqz": "行政强制", "sf": "行政事业性收费", "cg": "政府集中采购"}


@rule("C1", category="table_arithmetic", severity="warning", title="公开总数小于本年新公开",
      message="表二“{row}”：对外公开总数量{total}小于本年新公开数量{new}")
def c1_total_ge_new(ctx: AuditContext) -> Iterator[Hit]:
    """2019 T2 （一）: 对外公开总数量 ≥ 本年新公开数量 (the stock includes this year's)."""
    for row in ("gz", "gfxwj"):
        new, total = _t2(ctx, row, "pub_new"), _t2(ctx, row, "pub_total")
        if new is not None and total is not None and total < new:
            ids = (f"T2.{row}.pub_new", f"T2.{row}.pub_total")
            yield Hit(Location("P2", cells=ids), {"row": _T2_LABEL[row], "total": fmt(total), "new": fmt(new)},
                      cells=ctx.evidence(*ids), expected=f"≥{fmt(new)}", found=fmt(total))


@rule("C2", category="table_arithmetic", severity="warning", title="制作多于公开",
      message="表二“{row}”：本年新制作{made}件，本年新公开仅{new}件（对外公开总数量{total}）；制作的{row}应当公开")
def c2_made_published(ctx: AuditContext) -> Iterator[Hit]:
    """2019 T2 （一）: documents made this year must be published: 本年新制作数量 > 本年新公开数量 is
    suspicious (seed 004: 规范性文件 70 / 0 / 0)."""
    for row in ("gz", "gfxwj"):
        made, new = _t2(ctx, row, "made"), _t2(ctx, row, "pub_new")
        if made is not None and new is not None and made > new:
            ids = (f"T2.{row}.made", f"T2.{row}.pub_new", f"T2.{row}.pub_total")
            yield Hit(Location("P2", cells=ids),
                      {"row": _T2_LABEL[row], "made": fmt(made), "new": fmt(new),
                       "total": fmt(_t2(ctx, row, "pub_total"))},
                      cells=ctx.evidence(*ids), expected=f"本年新公开≥{fmt(made)}", found=fmt(new))


@rule("C3", category="table_arithmetic", severity="warning", title="事项数为负",
      message="表二“{row}”：上一年项目数量{prev}加本年增/减{delta}为负数")
def c3_items_non_negative(ctx: AuditContext) -> Iterator[Hit]:
    """2019 T2 （五）（六）（八）: 上一年项目数量 + 本年增/减 ≥ 0."""
    for row in ("xzxk", "qtfw", "xzcf", "xzqz", "sf"):
        prev, delta = _t2(ctx, row, "prev_items"), _t2(ctx, row, "delta")
        if prev is not None and delta is not None and prev + delta < 0:
            ids = (f"T2.{row}.prev_items", f"T2.{row}.delta")
            yield Hit(Location("P2", cells=ids), {"row": _T2_LABEL[row], "prev": fmt(prev), "delta": fmt(delta)},
                      cells=ctx.evidence(*ids), expected="≥0", found=fmt(prev + delta))


@rule("C4", category="table_arithmetic", severity="warning", title="无事项却有处理决定",
      message="表二“{row}”：本年事项数为0（上一年{prev}，增/减{delta}），但处理决定数量为{decisions}")
def c4_decisions_without_items(ctx: AuditContext) -> Iterator[Hit]:
    """2019 T2 （五）（六）: 处理决定数量 > 0 while 上一年项目数量 + 本年增/减 = 0."""
    for row in ("xzxk", "qtfw", "xzcf", "xzqz"):
        prev, delta, decisions = (_t2(ctx, row, c) for c in ("prev_items", "delta", "decisions"))
        if None not in (prev, delta, decisions) and prev + delta == 0 and decisions > 0:  # type: ignore[operator]
            ids = (f"T2.{row}.prev_items", f"T2.{row}.delta", f"T2.{row}.decisions")
            yield Hit(Location("P2", cells=ids),
                      {"row": _T2_LABEL[row], "prev": fmt(prev), "delta": fmt(delta), "decisions": fmt(decisions)},
                      cells=ctx.evidence(*ids))


@rule("C5", category="table_arithmetic", severity="warning", title="采购项目与金额不一致",
      message="表二“政府集中采购”：采购项目数量{count}，采购总金额{amount}万元，二者应同为零或同不为零")
def c5_procurement(ctx: AuditContext) -> Iterator[Hit]:
    """2019 T2 （九）: 采购项目数量 > 0 if and only if 采购总金额 > 0."""
    count, amount = _t2(ctx, "cg", "proc_count"), _t2(ctx, "cg", "proc_amount")
    if count is not None and amount is not None and (count > 0) != (amount > 0):
        ids = ("T2.cg.proc_count", "T2.cg.proc_amount")
        yield Hit(Location("P2", cells=ids), {"count": fmt(count), "amount": fmt(amount)}, cells=ctx.evidence(*ids))


@rule("C6", category="table_arithmetic", severity="warning", title="现行有效件数偏少",
      message="表二“{row}”：现行有效{valid}件，少于本年制发{made}件减本年废止{repealed}件")
def c6_valid(ctx: AuditContext) -> Iterator[Hit]:
    """2021 T2 （一）: 现行有效件数 ≥ 本年制发件数 − 本年废止件数."""
    for row in ("gz", "gfxwj"):
        made, repealed, valid = (_t2(ctx, row, c) for c in ("made", "repealed", "valid"))
        if None not in (made, repealed, valid) and valid < made - repealed:  # type: ignore[operator]
            ids = (f"T2.{row}.made", f"T2.{row}.repealed", f"T2.{row}.valid")
            yield Hit(Location("P2", cells=ids),
                      {"row": _T2_LABEL[row], "valid": fmt(valid), "made": fmt(made), "repealed": fmt(repealed)},
                      cells=ctx.evidence(*ids), expected=f"≥{fmt(made - repealed)}", found=fmt(valid))  # type: ignore[operator]


@rule("C8", category="plausibility", severity="info", title="乡镇收费金额",
      message="表二“行政事业性收费”本年收费金额为{amount}万元；{level}级单位一般不收取行政事业性收费，请核实")
def c8_fee_amount(ctx: AuditContext) -> Iterator[Hit]:
    """2021 T2 （八）: a non-zero 本年收费金额 needs a fee-charging body; townships rarely are."""
    amount = _t2(ctx, "sf", "fee_amount")
    if amount and amount > 0 and ctx.report.level in ("乡", "镇", "街道"):
        yield Hit(Location("P2", cells=("T2.sf.fee_amount",)), {"amount": fmt(amount), "level": ctx.report.level},
                  cells=ctx.evidence("T2.sf.fee_amount"))


@rule("C9", category="plausibility", severity="warning", title="无规章制定权却有规章",
      message="{level}级单位没有规章制定权，但表二“规章”行填有数字（{values}）")
def c9_rules_power(ctx: AuditContext) -> Iterator[Hit]:
    """规章 come only from 国务院部门, provincial governments and 设区的市/自治州 governments: the 规章 row of
    a township, sub-district, county or department must be all zero (DOMAIN C9)."""
    if ctx.report.level not in ctx.config.plausibility.get("no_rulemaking", []):
        return
    row = ctx.report.tables.get("T2", {}).get("gz", {})
    ids = tuple(f"T2.gz.{c}" for c in row)
    nonzero = [v for v in row.values() if v]
    if nonzero:
        yield Hit(Location("P2", cells=ids), {"level": ctx.report.level,
                                              "values": "/".join(fmt(v) for v in row.values())},
                  cells=ctx.evidence(*ids), expected="0", found="/".join(fmt(v) for v in row.values()))


@rule("C10", category="plausibility", severity="warning", title="规范性文件数量异常",
      message="表二“规范性文件”本年新制作/制发{made}件，对{level}级单位而言明显偏多（参考上限{limit}件），请核实")
def c10_normative_volume(ctx: AuditContext) -> Iterator[Hit]:
    """规范性文件 made in one year by a township or sub-district beyond a configurable limit (default 30)
    is implausible (seed 004: 70 for one 办事处)."""
    made = _t2(ctx, "gfxwj", "made")
    limit = ctx.config.limit("max_normative_docs", ctx.report.level)
    if made is not None and limit is not None and made > limit:
        yield Hit(Location("P2", cells=("T2.gfxwj.made",)), {"made": fmt(made), "level": ctx.report.level or "",
                                                             "limit": limit},
                  cells=ctx.evidence("T2.gfxwj.made"), expected=f"≤{limit}", found=fmt(made))


@rule("U1", category="unit", severity="warning", title="金额单位与格式不符",
      message="表二“{row}”金额填写为“{raw}”，格式要求单位为万元（折合{value}万元），请按万元填写")
def u1_money_unit(ctx: AuditContext) -> Iterator[Hit]:
    """Money cells (2019 采购总金额, 2021 本年收费金额) are in 万元 by the format; a value printed in 元 is
    converted by the reader and flagged here (seed 004: 2913705元 = 291.3705 万元)."""
    for cid, cell in ctx.report.cells.items():
        if cid.endswith(("proc_amount", "fee_amount")) and cell.unit == "元" and cell.value is not None:
            row = cid.split(".")[1]
            yield Hit(Location("P2", cells=(cid,)), {"row": _T2_LABEL[row], "raw": cell.raw, "value": fmt(cell.value)},
                      cells=ctx.evidence(cid), expected="单位：万元", found=cell.raw)


@rule("U2", category="unit", severity="warning", title="金额未注明单位且数额异常",
      message="表二“{row}”金额为{raw}，未注明单位；按格式单位万元即{yuan}元，对{level}级单位明显过大，请说明所用单位")
def u2_money_magnitude(ctx: AuditContext) -> Iterator[Hit]:
    """A money cell with no unit printed is read in the format's 万元; when that is implausible for the
    body's level (seed 003: 采购 3360 → 3360万元 for one township) ask which unit was meant."""
    limit = ctx.config.limit("max_proc_amount_wan", ctx.report.level)
    for cid, cell in ctx.report.cells.items():
        if cid.endswith(("proc_amount", "fee_amount")) and cell.unit is None and cell.value is not None \
                and limit is not None and cell.value > limit:
            row = cid.split(".")[1]
            yield Hit(Location("P2", cells=(cid,)),
                      {"row": _T2_LABEL[row], "raw": cell.raw, "yuan": fmt(cell.value * 10000),
                       "level": ctx.report.level or ""},
                      cells=ctx.evidence(cid), expected=f"≤{limit}万元", found=f"{cell.raw}（无单位）")


@rule("M1", category="missing_value", severity="warning", title="表格有空白格",
      message="{table}有{n}个空白格（应填0的也须填0）：{cells}")
def m1_blank_cells(ctx: AuditContext) -> Iterator[Hit]:
    """Every cell of the three tables must hold a number; a blank, `/` or `—` is not a zero (seed 001:
    the five 行政复议 cells of 表四 are empty). Cells the reader could not find at all are reading
    anomalies, not this finding."""
    names = {"T2": ("表二", "P2"), "T3": ("表三", "P3"), "T4": ("表四", "P4")}
    for table, (name, part) in names.items():
        blank = [cid for cid, c in ctx.report.cells.items()
                 if cid.startswith(table + ".") and c.value is None and c.raw is not None
                 and c.raw.strip() in ("", "/", "-", "—", "——", "无", "\\")]
        if blank:
            yield Hit(Location(part, cells=tuple(blank)),
                      {"table": name, "n": len(blank), "cells": cells_text(blank)},
                      cells=ctx.evidence(*blank), expected="数字（含0）", found="空白")


# ---------------------------------------------------------------------------- cross-year (--previous)


@rule("X1", category="table_arithmetic", severity="error", title="上年结转与上年报告不符",
      message="表三“{col}”列上年结转为{now}件，而上一年度报告的结转下年度继续办理为{before}件")
def x1_carry_over(ctx: AuditContext) -> Iterator[Hit]:
    """With last year's report of the same body: T3 上年结转 (Y) = 结转下年度继续办理 (Y−1), per column."""
    if ctx.previous is None:
        return
    for col in schema().t3_cols:
        now, before = ctx.report.value(f"T3.carry_in.{col}"), ctx.previous.value(f"T3.carry_out.{col}")
        if now is not None and before is not None and now != before:
            yield Hit(Location("P3", cells=(f"T3.carry_in.{col}",)),
                      {"col": _COL_NAMES[col], "now": fmt(now), "before": fmt(before)},
                      cells=ctx.evidence(f"T3.carry_in.{col}"), expected=fmt(before), found=fmt(now))


@rule("X2", category="table_arithmetic", severity="warning", title="现行有效件数与上年不衔接",
      message="表二“{row}”：现行有效{valid}件，而上年现行有效{prev}件加本年制发{made}件减废止{repealed}件为{want}件")
def x2_valid_stock(ctx: AuditContext) -> Iterator[Hit]:
    """2021 format with last year's report: 现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y)
    (documents can lapse without formal repeal, hence a warning)."""
    if ctx.previous is None:
        return
    for row in ("gz", "gfxwj"):
        made, repealed, valid = (_t2(ctx, row, c) for c in ("made", "repealed", "valid"))
        prev = ctx.previous.value(f"T2.{row}.valid")
        if None in (made, repealed, valid, prev):
            continue
        want = prev + made - repealed  # type: ignore[operator]
        if valid != want:
            ids = (f"T2.{row}.made", f"T2.{row}.repealed", f"T2.{row}.valid")
            yield Hit(Location("P2", cells=ids),
                      {"row": _T2_LABEL[row], "valid": fmt(valid), "prev": fmt(prev), "made": fmt(made),
                       "repealed": fmt(repealed), "want": fmt(want)},
                      cells=ctx.evidence(*ids), expected=fmt(want), found=fmt(valid))


@rule("C7", category="table_arithmetic", severity="warning", title="废止件数超过可废止件数",
      message="表二“{row}”：本年废止{repealed}件，超过上年现行有效{prev}件与本年制发{made}件之和")
def c7_repealed(ctx: AuditContext) -> Iterator[Hit]:
    """2021 format with last year's report: 本年废止件数 ≤ 现行有效件数(Y−1) + 本年制发件数 (only
    documents that existed can be repealed)."""
    if ctx.previous is None:
        return
    for row in ("gz", "gfxwj"):
        made, repealed = _t2(ctx, row, "made"), _t2(ctx, row, "repealed")
        prev = ctx.previous.value(f"T2.{row}.valid")
        if None in (made, repealed, prev) or repealed <= prev + made:  # type: ignore[operator]
            continue
        ids = (f"T2.{row}.made", f"T2.{row}.repealed")
        yield Hit(Location("P2", cells=ids),
                  {"row": _T2_LABEL[row], "repealed": fmt(repealed), "prev": fmt(prev), "made": fmt(made)},
                  cells=ctx.evidence(*ids), expected=f"≤{fmt(prev + made)}", found=fmt(repealed))  # type: ignore[operator]


@rule("X3", category="table_arithmetic", severity="warning", title="上一年项目数量不衔接",
      message="表二“{row}”：上一年项目数量{now}，而上一年度报告为{prev}加增/减{delta}即{want}")
def x3_items_stock(ctx: AuditContext) -> Iterator[Hit]:
    """2019 format with last year's report: 上一年项目数量(Y) = 上一年项目数量(Y−1) + 本年增/减(Y−1)."""
    if ctx.previous is None:
        return
    for row in ("xzxk", "qtfw", "xzcf", "xzqz", "sf"):
        now = _t2(ctx, row, "prev_items")
        prev, delta = ctx.previous.value(f"T2.{row}.prev_items"), ctx.previous.value(f"T2.{row}.delta")
        if None in (now, prev, delta):
            continue
        want = prev + delta  # type: ignore[operator]
        if now != want:
            yield Hit(Location("P2", cells=(f"T2.{row}.prev_items",)),
                      {"row": _T2_LABEL[row], "now": fmt(now), "prev": fmt(prev), "delta": fmt(delta), "want": fmt(want)},
                      cells=ctx.evidence(f"T2.{row}.prev_items"), expected=fmt(want), found=fmt(now))


@rule("X5", category="copied_text", severity="warning", title="表格与上年完全相同",
      message="表二、表三、表四的全部数字与上一年度报告完全相同（{n}格），可能照搬上年数据")
def x5_identical_tables(ctx: AuditContext) -> Iterator[Hit]:
    """Identical tables in two years (every cell equal, not all zero) suggest copied data
    (Dongguan 2008–2010 case)."""
    if ctx.previous is None or ctx.previous.format != ctx.report.format:
        return
    ids = [cid for cid in ctx.report.cells if cid in ctx.previous.cells]
    now = [ctx.report.value(c) for c in ids]
    before = [ctx.previous.value(c) for c in ids]
    if ids and now == before and any(v not in (None, 0) for v in now):
        shown = [cid for cid, v in zip(ids, now) if v not in (None, 0)][:10]
        yield Hit(Location(None, cells=tuple(shown)), {"n": len(ids)}, cells=ctx.evidence(*shown),
                  expected="本年度的数字", found=f"{len(ids)}格与{ctx.previous.year}年度报告逐格相同")
