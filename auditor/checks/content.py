"""Content rules for part 五: problems and measures present, in the right part, and specific
(DOMAIN.md §5 Q11, Q12). Problem and measure paragraphs are found by cue words until issue 4's
tagger replaces them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.checks.context import AuditContext
from auditor.checks.findings import Location
from auditor.checks.registry import Hit, rule
from auditor.nlp.specificity import specificity

_MEASURE_BLOCK = ("下一步", "下步打算", "下步工作", "改进措施", "整改措施", "解决办法", "采取措施", "工作打算",
                  "努力方向", "改进情况")
_MEASURE_START = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.]\s*)?(?:将|进一步|加强|强化|完善|持续|推进)")
_PROBLEM = ("问题", "不足", "短板", "薄弱", "不够", "有待", "仍需", "不规范", "不及时", "不充分", "不高", "缺少",
            "单一", "较少", "差距")
_HEADING = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[)）、.]?\s*\S{0,16}$")


def _has_measures(text: str) -> bool:
    return any(word in text for word in _MEASURE_BLOCK) or bool(_MEASURE_START.match(text))


@rule("Q12a", category="completeness", severity="warning", title="问题与改进措施不对应",
      message="第五部分{what}")
def q12_problems_and_measures(ctx: AuditContext) -> Iterator[Hit]:
    """Part 五 states the problems found **and** the measures taken or planned for them (条例第五十条;
    固镇: a measure for each problem). Measures are recognised by their cue words (下一步, 改进措施,
    解决办法 … or a paragraph opening with 将/加强/完善 …), problems by theirs (不足, 不够, 有待 …)."""
    part = ctx.report.part("P5")
    if part is None or not part.paragraphs:
        return
    problems = [p for p in part.paragraphs if any(w in p.text for w in _PROBLEM)]
    measures = [p for p in part.paragraphs if _has_measures(p.text)]
    if problems and not measures:
        yield Hit(Location("P5", problems[0].index), {"what": "列出了存在的问题，但没有提出改进措施"},
                  quote=problems[0].text[:120], expected="问题及对应的改进措施", found="只有问题")
    elif measures and not problems:
        yield Hit(Location("P5", measures[0].index), {"what": "提出了改进措施，但没有说明存在的问题"},
                  quote=measures[0].text[:120], expected="问题及对应的改进措施", found="只有措施")


@rule("Q12b", category="completeness", severity="info", title="改进措施写在第六部分",
      message="第六部分有“{heading}”等改进措施，按格式应写在第五部分“存在的主要问题及改进情况”")
def q12_measures_in_part_six(ctx: AuditContext) -> Iterator[Hit]:
    """Improvement measures (下步打算, 下一步工作, 改进措施) belong to part 五; found in part 六 they are in
    the wrong part (seed 000)."""
    part = ctx.report.part("P6")
    if part is None:
        return
    for p in part.paragraphs:
        heading = next((w for w in _MEASURE_BLOCK if p.text.startswith(w) or (len(p.text) <= 12 and w in p.text)),
                       None)
        if heading:
            yield Hit(Location("P6", p.index), {"heading": p.text[:12]}, quote=p.text[:120],
                      expected="第五部分", found="第六部分")
            return


@rule("Q11", category="generic_content", severity="warning", title="问题和措施空泛",
      message="第五部分的问题和措施没有具体内容（无数字、日期、具体文件或制度、责任单位），多为通用表述：{phrases}")
def q11_generic_part_five(ctx: AuditContext) -> Iterator[Hit]:
    """Part 五 should be specific (CASS: “不翔实”; 固镇: no perfunctory or copied text): figures, dates,
    named documents, systems or columns, responsible units. A part 五 with none of these and two or
    more generic phrases (进一步加强…, 丰富公开形式, 加强业务培训 …) is rated generic; the report
    year and citations of the 条例 itself do not count as concrete."""
    part = ctx.report.part("P5")
    if part is None:
        return
    body = [p for p in part.paragraphs if not _HEADING.match(p.text)]
    scores = [(p, specificity(p.text)) for p in body]
    if not scores or any(s.concrete for _, s in scores):
        return
    phrases = [g for _, s in scores for g in s.generic]
    if len(phrases) >= 2:
        first = next(p for p, s in scores if s.generic)
        yield Hit(Location("P5", first.index), {"phrases": "、".join(dict.fromkeys(phrases))},
                  quote=first.text[:160], expected="具体的问题与措施", found=f"通用表述{len(phrases)}处，具体内容0处")
