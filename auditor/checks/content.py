"""Content rules for part 五: problems and measures present, in the right part, and specific
(DOMAIN.md §5 Q11, Q12). Problem and measure paragraphs are those the paragraph tagger
(`auditor/nlp/tagger.py`) gives `problem` / `measure`; a rule that says something is *absent* asks
that no paragraph even comes near the tag (probability below `NEAR`), so an uncertain tagger
stays silent rather than accuse."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.checks.context import AuditContext
from auditor.checks.findings import Location
from auditor.checks.registry import Hit, rule
from auditor.nlp.tagger import NEAR, is_heading

@rule("Q12a", category="completeness", severity="warning", title="问题与改进措施不对应",
      message="第五部分{what}")
def q12_problems_and_measures(ctx: AuditContext) -> Iterator[Hit]:
    """Part 五 states the problems found **and** the measures taken or planned for them (条例第五十条;
    固镇: a measure for each problem). Problems without any measure, or measures that answer no
    stated problem, are reported; the paragraphs are found by the tagger (`problem`, `measure`).
    Measures written in part 六 instead (seed 000) are measures all the same: Q12b reports where they
    stand (an info, DOMAIN.md Q12), and this rule stays silent."""
    part = ctx.report.part("P5")
    if part is None or not part.paragraphs:
        return
    problems, measures = ctx.tagged("P5", "problem"), ctx.tagged("P5", "measure")
    if problems and not ctx.tagged("P5", "measure", at_least=NEAR) and not ctx.tagged("P6", "measure"):
        first = ctx.report.paragraph("P5", problems[0].index)
        yield Hit(Location("P5", first.index), {"what": "列出了存在的问题，但没有提出改进措施"},
                  quote=first.text[:120], expected="问题及对应的改进措施", found="只有问题")
    elif measures and not ctx.tagged("P5", "problem", at_least=NEAR):
        first = ctx.report.paragraph("P5", measures[0].index)
        yield Hit(Location("P5", first.index), {"what": "提出了改进措施，但没有说明存在的问题"},
                  quote=first.text[:120], expected="问题及对应的改进措施", found="只有措施")


@rule("Q12b", category="completeness", severity="info", title="改进措施写在第六部分",
      message="第六部分有“{heading}”等改进措施，按格式应写在第五部分“存在的主要问题及改进情况”")
def q12_measures_in_part_six(ctx: AuditContext) -> Iterator[Hit]:
    """Improvement measures (下步打算, 下一步工作, 改进措施) belong to part 五; found in part 六 they are in
    the wrong part (seed 000). Reported once, at the first paragraph of part 六 tagged `measure` that is
    not a bare heading; the message names the block's heading (下步打算) when it has one."""
    measures = [ctx.report.paragraph("P6", t.index) for t in ctx.tagged("P6", "measure")]
    if measures:
        first = next((p for p in measures if not is_heading(p.text)), measures[0])
        heading = measures[0].text.strip() if is_heading(measures[0].text) else first.text[:12]
        yield Hit(Location("P6", first.index), {"heading": heading}, quote=first.text[:120],
                  expected="第五部分", found="第六部分")


@rule("Q11", category="generic_content", severity="warning", title="问题和措施空泛",
      message="第五部分的问题和措施没有具体内容（无数字、日期、具体文件或制度、责任单位），多为通用表述：{phrases}")
def q11_generic_part_five(ctx: AuditContext) -> Iterator[Hit]:
    """Part 五 should be specific (CASS: “不翔实”; 固镇: no perfunctory or copied text): figures, dates,
    named documents, systems or columns, responsible units. A part 五 whose problem and measure
    paragraphs (tagger) have none of these and two or more generic phrases (进一步加强…, 丰富公开形式,
    加强业务培训 …; mined from the corpus) is rated generic; the report year and citations of the 条例
    itself do not count as concrete."""
    part = ctx.report.part("P5")
    if part is None:
        return
    scored = ((part.paragraphs[s.index], s.specificity) for s in ctx.specificity if s.part == "P5")
    scores = [(p, s) for p, s in scored if not is_heading(p.text)]
    if not scores or any(s.concrete for _, s in scores):
        return
    phrases = [g for _, s in scores for g in s.generic]
    if len(phrases) >= 2:
        first = next(p for p, s in scores if s.generic)
        yield Hit(Location("P5", first.index), {"phrases": "、".join(dict.fromkeys(phrases))},
                  quote=first.text[:160], expected="具体的问题与措施", found=f"通用表述{len(phrases)}处，具体内容0处")
