"""Narrative rules: what the text says against the tables (T1), and against itself (T2, T3)
(DOMAIN.md §4.5, §7). Claims come from `auditor.nlp.claims`; a claim about another year than the
report's is not compared with this year's tables."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal

from auditor.checks.context import AuditContext
from auditor.checks.findings import Location, fmt
from auditor.checks.registry import Hit, rule
from auditor.structure.cells import cells_text

# claim quantity → the table cells whose sum it states
TABLE_CELLS: dict[str, tuple[str, ...]] = {
    "received": ("T3.new.total",),
    "carried_in": ("T3.carry_in.total",),
    "handled": ("T3.r7.total",),
    "disclosed": ("T3.r1.total",),
    "partly_disclosed": ("T3.r2.total",),
    "refused": tuple(f"T3.r3_{k}.total" for k in range(1, 9)),
    "unable": tuple(f"T3.r4_{k}.total" for k in range(1, 4)),
    "not_processed": tuple(f"T3.r5_{k}.total" for k in range(1, 6)),
    "carried_out": ("T3.carry_out.total",),
    "applicant_np": ("T3.new.np",),
    "applicant_org": tuple(f"T3.new.{c}" for c in ("biz", "sci", "ngo", "law", "oth")),
    "reconsideration": ("T4.rv_total",),
    "litigation": ("T4.ld_total", "T4.lr_total"),
    "normative_docs": ("T2.gfxwj.made",),
}
NAMES = {
    "received": "收到申请数", "carried_in": "上年结转申请数", "handled": "办理（办结）数", "disclosed": "予以公开数",
    "partly_disclosed": "部分公开数", "refused": "不予公开数", "unable": "无法提供数", "not_processed": "不予处理数",
    "carried_out": "结转下年度办理数", "applicant_np": "自然人申请数", "applicant_org": "法人或其他组织申请数",
    "reconsideration": "行政复议数", "litigation": "行政诉讼数", "normative_docs": "规范性文件制发数",
    "proactive_total": "主动公开信息总数",
}


def _claims(ctx: AuditContext):
    return [c for c in ctx.claims if c.year in (None, ctx.report.year)]


def _stated(claim) -> str:
    if claim.exactness == "missing":
        return "（未写数字）"
    if claim.exactness == "zero":
        return "0"
    if claim.value is None and claim.low is not None:  # 正在办理: at least one, no number
        return f"至少{fmt(claim.low)}"
    prefix = {"at_least": "不少于", "at_most": "不超过", "approx": "约"}.get(claim.exactness, "")
    return f"{prefix}{fmt(claim.value)}"


@rule("T1", category="narrative_vs_table", severity="error", title="文字与表格不一致",
      message="正文称{name}为{stated}，而{cells}为{table}")
def t1_claim_vs_table(ctx: AuditContext) -> Iterator[Hit]:
    """Every number the narrative states about applications, outcomes, carry-overs, reconsideration
    and litigation, and normative documents, equals its table cell (DOMAIN §7). A sentence saying
    applications were received or are still being handled, while the table shows 0, contradicts it
    even when its count is missing (seed 001). Approximate numbers (余, 近, 约) are compared as
    intervals and only as warnings; so is a comparison with a cell the reader had to infer."""
    for claim in _claims(ctx):
        cells = TABLE_CELLS.get(claim.quantity)
        if not cells:
            continue
        values = ctx.values(*cells)
        if any(v is None for v in values):
            continue  # a blank cell is M1's business; nothing to compare
        table = sum(values, Decimal(0))
        low, high = claim.low, claim.high
        if claim.exactness == "missing":
            if table != 0:
                continue
            contradicts, severity = True, "error"
        else:
            below = low is not None and table < low
            above = high is not None and table > high
            contradicts = below or above
            # exact words, and a lower bound (余/多/正在办理) undercut by the table, are definite;
            # 约/近 are bands, so a number outside them is a warning
            definite = claim.exactness in ("exact", "zero", "all") or (claim.exactness == "at_least" and below)
            severity = "error" if definite else "warning"
        if not contradicts:
            continue
        if any(ctx.report.cells[c].inferred for c in cells):
            severity = "warning"
        yield Hit(Location(claim.part, claim.paragraph, cells),
                  {"name": NAMES.get(claim.quantity, claim.quantity), "stated": _stated(claim),
                   "cells": cells_text(cells, sum_of=True),
                   "table": fmt(table)},
                  quote=claim.sentence, cells=ctx.evidence(*cells),
                  expected=fmt(table), found=_stated(claim), severity=severity)


@rule("T1m", category="narrative_internal", severity="warning", title="句中缺少数字",
      message="正文“{quote}”说明了{name}，但句中缺少数字")
def t1_missing_number(ctx: AuditContext) -> Iterator[Hit]:
    """A sentence that states a count but lost its number (`收到政府信息公开申请件`) cannot be checked
    and reads as an editing slip."""
    for claim in _claims(ctx):
        if claim.exactness == "missing" and claim.quantity in NAMES:
            yield Hit(Location(claim.part, claim.paragraph), {"quote": claim.sentence[:40],
                                                               "name": NAMES[claim.quantity]},
                      quote=claim.sentence, expected="写明数量", found="无数字")


def _items_sum(items: Sequence) -> tuple[Decimal, bool]:
    """Lower bound of the items' sum, and whether the sum is exact (no 余/多/约 item)."""
    total = sum((i.low if i.low is not None else Decimal(0) for i in items), Decimal(0))
    return total, all(i.exactness == "exact" for i in items)


_ITEMISING = ("其中", "包括", "分别", "主要", "含", "：", ":")


def _complete_prefix(items: Sequence, total: Decimal) -> bool:
    """The first items (not all of them, all exact) already make up the total, so the numbers
    after them describe something else (another channel, another list)."""
    running = Decimal(0)
    for item in items[:-1]:
        if item.exactness != "exact" or item.low is None:
            return False
        running += item.low
        if running == total:
            return True
    return False


_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])(?!\s*(?:年|月|日|%|％))")


def _uncounted_numbers(paragraph: str, total, items: Sequence) -> bool:
    """A number inside the list's span that is neither the total nor an item (an item in 期 or 篇,
    a sub-list in brackets, another channel's count)."""
    span_start, span_end = total.end, items[-1].end
    item_spans = [(i.start, i.end) for i in items]
    for m in _NUMBER.finditer(paragraph, span_start, span_end):
        if any(a <= m.start() < b for a, b in item_spans) or Decimal(m.group()) == total.value:
            continue  # an item, or the total restated (共82条…通过审核的82条)
        return True
    return False


@rule("T2", category="narrative_internal", severity="warning", title="分项之和与总数不符",
      message="正文称主动公开信息{total}条，列出的分项合计{sum}条（{items}）{verdict}")
def t2_breakdown(ctx: AuditContext) -> Iterator[Hit]:
    """An itemised breakdown (`主动公开N条，其中 a、b、c …`) must not exceed its total and should reach
    it (a shortfall is reported unless the list says 等/主要 without a catch-all 其他 item). Only a
    list the text marks as a breakdown (其中, 包括, 分别, 主要, a colon) is taken as one, and when its
    first items already make up the total, numbers after them are taken to speak of something
    else. An excess is an error only when the whole list stands in the total's sentence."""
    claims = ctx.claims
    groups: dict[int, list] = defaultdict(list)
    for claim in claims:
        if claim.quantity == "proactive_item" and claim.total_of is not None:
            groups[claim.total_of].append(claim)
    for index, items in groups.items():
        total = claims[index]
        if total.value is None or len(items) < 2:
            continue
        between = ctx.report.paragraph(total.part, total.paragraph).text[total.end:items[0].start]
        if total.paragraph != items[0].paragraph or not any(m in between for m in _ITEMISING):
            continue
        if _complete_prefix(items, total.value):
            continue
        if _uncounted_numbers(ctx.report.paragraph(total.part, total.paragraph).text, total, items):
            continue  # the list holds numbers that were not read as items: its sum is not known
        low_sum, exact = _items_sum(items)
        listed = "+".join(_stated(i) for i in items)
        if low_sum > (total.high if total.high is not None else total.value):
            same_sentence = all(i.sentence == total.sentence for i in items)
            severity, verdict = ("error" if same_sentence else "warning"), "，超过了总数"
        elif exact and low_sum < (total.low if total.low is not None else total.value):
            if total.hedged:
                continue  # the list says 等/主要 and has no catch-all item: it need not be complete
            severity, verdict = "warning", "，未达到总数"
        else:
            continue
        yield Hit(Location(total.part, total.paragraph),
                  {"total": fmt(total.value), "sum": fmt(low_sum), "items": listed, "verdict": verdict},
                  quote=total.sentence, expected=fmt(total.value), found=fmt(low_sum), severity=severity)


# A total said for one channel, for several years, or for other bodies is not the year's total.
_SCOPED = ("网站", "门户", "微信", "公众号", "新媒体", "微博", "抖音", "公示栏", "公开栏", "宣传栏", "显示屏",
           "历年", "累计至", "截至", "各部门", "各乡镇", "各单位", "全县", "全区", "全市")


def _clause(ctx: AuditContext, claim) -> str:
    """The clause that states a claim: from the last comma or stop before it to its end."""
    text = ctx.report.paragraph(claim.part, claim.paragraph).text
    start = max(text.rfind(sep, 0, claim.start) for sep in "，,。；;") + 1
    return text[start:claim.end]


@rule("T3", category="narrative_internal", severity="warning", title="同一数字前后不一",
      message="正文两处说明{name}，数字不同：{first}与{second}")
def t3_same_metric_twice(ctx: AuditContext) -> Iterator[Hit]:
    """The same quantity for the same year stated twice with different exact values (seed 002:
    动态信息更新1320条 vs 年度共计发布信息1202条). A figure said for one channel (网站, 微信公众号 …),
    for several years (历年, 截至) or for other bodies (各部门, 全县) is a different quantity."""
    by_quantity: dict[str, list] = defaultdict(list)
    for claim in _claims(ctx):
        if claim.quantity in ("proactive_total", "received", "handled") and claim.exactness == "exact" \
                and not any(word in _clause(ctx, claim) for word in _SCOPED):
            by_quantity[claim.quantity].append(claim)
    for quantity, stated in by_quantity.items():
        values = list(dict.fromkeys(c.value for c in stated))
        if len(values) < 2:
            continue
        first = next(c for c in stated if c.value == values[0])
        second = next(c for c in stated if c.value == values[1])
        yield Hit(Location(second.part, second.paragraph),
                  {"name": NAMES.get(quantity, quantity), "first": f"“{first.sentence}”",
                   "second": f"“{second.sentence}”"},
                  quote=second.sentence, expected=fmt(first.value), found=fmt(second.value))


_COMPARISON = ("上年", "去年", "同比", "较", "比上", "上一年")


@rule("T4", category="narrative_internal", severity="warning", title="正文所述年份与报告年度不符",
      message="{year}年度报告的正文以{said}年的数字说明本年工作：“{quote}”")
def t4_year_mismatch(ctx: AuditContext) -> Iterator[Hit]:
    """The narrative reports the year's own figures: a count stated for another year (Y−1, Y+1 …)
    that is not a comparison (较上年, 同比) was probably left over from another year's report."""
    year = ctx.report.year
    if not year:
        return
    seen: set[tuple[str, int]] = set()
    for claim in ctx.claims:
        if claim.year in (None, year) or (claim.quantity not in TABLE_CELLS and claim.quantity != "proactive_total"):
            continue
        if any(word in claim.sentence for word in _COMPARISON) or (claim.part, claim.paragraph) in seen:
            continue
        seen.add((claim.part, claim.paragraph))
        yield Hit(Location(claim.part, claim.paragraph),
                  {"year": year, "said": claim.year, "quote": claim.sentence[:60]},
                  quote=claim.sentence, expected=f"{year}年", found=f"{claim.year}年")


@rule("T1r", category="narrative_vs_table", severity="warning", title="办结率与表格不符",
      message="正文称{what}为{rate}%，而表三显示{carry}件结转下年度继续办理")
def t1_rate(ctx: AuditContext) -> Iterator[Hit]:
    """A 办结率/答复率 of 100% says every application of the year was answered, so table 三 can carry
    none over (四、结转下年度继续办理 = 0). 按时/按期办结率 speak of timeliness, not completion, and
    are not compared."""
    carry = ctx.report.value("T3.carry_out.total")
    if not carry:
        return
    for claim in _claims(ctx):
        if claim.quantity != "rate" or claim.value != 100:
            continue
        what = next((w for w in ("办结率", "答复率") if w in claim.sentence), None)
        if what is None or any(w in claim.sentence for w in ("按时", "按期", "及时")):
            continue
        yield Hit(Location(claim.part, claim.paragraph, ("T3.carry_out.total",)),
                  {"what": what, "rate": fmt(claim.value), "carry": fmt(carry)},
                  quote=claim.sentence, cells=ctx.evidence("T3.carry_out.total"),
                  expected="结转下年度为0", found=f"结转{fmt(carry)}件")


_GROWTH = re.compile(r"(?:较|比)(?:上年|去年|上一年)(?:同期)?(增长|增加|减少|下降)\s*(\d+(?:\.\d+)?)\s*[%％]")


@rule("X4", category="narrative_internal", severity="warning", title="增长率与两年数字不符",
      message="正文称{name}较上年{direction}{stated}%，按本年{now}与上一年度报告的{before}计算为{computed}%")
def x4_growth(ctx: AuditContext) -> Iterator[Hit]:
    """With last year's report: a stated change (`较上年增长8%`) of a quantity both reports state
    (the proactive total, applications received) agrees with the two years' figures, to within one
    percentage point."""
    if ctx.previous is None:
        return
    from auditor.nlp.claims import extract_claims

    before_claims = extract_claims(ctx.previous)
    for claim in _claims(ctx):
        if claim.quantity not in ("proactive_total", "received") or claim.exactness != "exact":
            continue
        m = _GROWTH.search(claim.sentence)
        before = next((c for c in before_claims if c.quantity == claim.quantity and c.exactness == "exact"
                       and c.year in (None, ctx.previous.year)), None)
        if m is None or before is None or not before.value:
            continue
        sign = -1 if m.group(1) in ("减少", "下降") else 1
        stated = Decimal(m.group(2)) * sign
        computed = (claim.value / before.value - 1) * 100
        if abs(computed - stated) > 1:
            yield Hit(Location(claim.part, claim.paragraph),
                      {"name": NAMES.get(claim.quantity, claim.quantity), "direction": m.group(1),
                       "stated": m.group(2), "now": fmt(claim.value), "before": fmt(before.value),
                       "computed": f"{computed:.1f}"},
                      quote=claim.sentence, expected=f"{computed:.1f}%", found=f"{stated}%")


@rule("Q13b", category="narrative_internal", severity="warning", title="信息处理费说法矛盾",
      message="正文一处称收取信息处理费{amount}，另一处称未收取")
def q13_fee_contradiction(ctx: AuditContext) -> Iterator[Hit]:
    """The fee statement is one fact: a report cannot both charge 信息处理费 (an amount above zero)
    and say it charged none."""
    fees = [c for c in _claims(ctx) if c.quantity == "fee"]
    charged = next((c for c in fees if c.value is not None and c.value > 0), None)
    none = next((c for c in fees if c.exactness == "zero" or c.value == 0), None)
    if charged and none:
        yield Hit(Location(none.part, none.paragraph), {"amount": f"{fmt(charged.value)}{charged.unit or ''}"},
                  quote=none.sentence, expected=f"与“{charged.sentence}”一致", found="未收取")
