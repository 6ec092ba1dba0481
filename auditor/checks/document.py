"""Document rules: parts present, metadata, timeliness, format version, fee statement, and
self-references that do not fit the body (DOMAIN.md §5, Q01–Q15)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from auditor.checks.context import AuditContext
from auditor.checks.findings import Location
from auditor.checks.registry import Hit, rule
from auditor.checks.reuse import copied_matches
from auditor.normalize import squeeze
from auditor.structure.parts import PART_IDS, part_titles


@rule("Q04", category="completeness", severity="error", title="缺少规定部分",
      message="报告缺少第{numeral}部分“{title}”（格式要求六个部分不能遗漏）")
def q04_parts(ctx: AuditContext) -> Iterator[Hit]:
    """The report has the six parts of the format, each under its title (条例第五十条; 30号: 不能遗漏).
    A part whose title the reader could not find is reported here; its absence is a fact of the text,
    because the title search accepts the format's title and its known variants."""
    found = {p.id for p in ctx.report.parts}
    titles = part_titles()
    for pid in PART_IDS:
        if pid not in found:
            canonical = titles[pid].titles[0]
            yield Hit(Location(pid), {"numeral": titles[pid].numeral, "title": canonical},
                      expected=f"{titles[pid].numeral}、{canonical}", found="未找到")


@rule("Q10a", category="metadata", severity="warning", title="缺少标题",
      message="报告没有标题（应写明单位名称、年度和“政府信息公开工作年度报告”）")
def q10_title(ctx: AuditContext) -> Iterator[Hit]:
    """A report opens with a title naming the body, the year and 政府信息公开工作年度报告."""
    if not ctx.report.metadata.get("title"):
        first = ctx.report.preamble[0].text[:60] if ctx.report.preamble else None
        yield Hit(Location("preamble", 0 if first else None), quote=first,
                  expected="××单位××年政府信息公开工作年度报告", found="无标题")


@rule("Q10b", category="metadata", severity="warning", title="缺少落款",
      message="报告末尾没有{missing}")
def q10_closing(ctx: AuditContext) -> Iterator[Hit]:
    """A report ends with the issuing body and a date line (so its timeliness can be checked)."""
    missing = []
    if not ctx.report.closing or all(re.fullmatch(r"[（(]?此件.*[)）]?", p.text) for p in ctx.report.closing):
        missing.append("发布单位落款")
    if not ctx.report.metadata.get("date_line"):
        missing.append("成文日期")
    if missing:
        last = ctx.report.parts[-1] if ctx.report.parts else None
        quote = last.paragraphs[-1].text[-80:] if last and last.paragraphs else None
        yield Hit(Location(last.id if last else None,
                           (len(last.paragraphs) - 1) if last and last.paragraphs else None),
                  {"missing": "和".join(missing)}, quote=quote, expected="单位名称及日期", found="无")


@rule("Q09", category="metadata", severity="warning", title="缺少联系方式",
      message="报告没有给出{missing}，公众无法就报告提出疑问或获取报告")
def q09_contact(ctx: AuditContext) -> Iterator[Hit]:
    """The preamble tells readers whom to contact (phone, address) and where to get the report
    (北大 model report; common practice)."""
    contact = ctx.report.metadata.get("contact") or {}
    missing = []
    if not contact.get("phone"):
        missing.append("联系电话")
    if not contact.get("address"):
        missing.append("联系地址")
    if len(missing) == 2:
        yield Hit(Location("preamble"), {"missing": "、".join(missing)}, expected="联系电话、地址", found="无")


@rule("Q08", category="metadata", severity="error", title="统计期限与报告年度不符",
      message="报告年度为{year}年，但写明的统计期限为{start}至{end}")
def q08_period(ctx: AuditContext) -> Iterator[Hit]:
    """The statistical period is the calendar year Y (Y-01-01 … Y-12-31)."""
    period = ctx.report.metadata.get("statistical_period")
    year = ctx.report.year
    if period and year and ctx.report.metadata.get("year_source") == "title":
        start, end = period
        if start != f"{year}-01-01" or end != f"{year}-12-31":
            yield Hit(Location("preamble"), {"year": year, "start": start, "end": end},
                      quote=_sentence_with(ctx, "统计"), expected=f"{year}-01-01至{year}-12-31",
                      found=f"{start}至{end}")


@rule("Q01", category="timeliness", severity="warning", title="发布日期晚于期限",
      message="落款日期{date}晚于{level}级单位{year}年度报告的发布期限{deadline}")
def q01_deadline(ctx: AuditContext) -> Iterator[Hit]:
    """Published by the deadline: 31 January of Y+1 for departments (条例第四十九条); townships follow
    county notices (configurable per level, default 31 January); 县级以上人民政府 by 31 March. Reports
    of years before 2019 fell under the 2007 条例 (31 March) and are judged by that."""
    when, year = ctx.report.metadata.get("date_line"), ctx.report.year
    if not when or not year:
        return
    deadline = ctx.config.deadline(ctx.report.level, year)
    if year < 2019:
        deadline = date(year + 1, 3, 31)
    if date.fromisoformat(when) > deadline:
        yield Hit(Location("closing", len(ctx.report.closing) - 1),
                  {"date": when, "deadline": deadline.isoformat(), "level": ctx.report.level or "", "year": year},
                  quote=ctx.report.metadata.get("date_line_text"), expected=f"≤{deadline.isoformat()}", found=when)


@rule("Q02", category="format_version", severity="error", title="使用了过时的表格格式",
      message="{year}年度报告应使用2021年格式（国办公开办函〔2021〕30号），但表格为{format}年格式")
def q02_format(ctx: AuditContext) -> Iterator[Hit]:
    """Reports for Y ≥ 2021 use the 2021 format; the 2019 format (试行) is for 2019 and 2020 only.
    A 2021 format in a 2019/2020 report is reported as a warning (the format did not exist yet)."""
    year, version = ctx.report.year, ctx.report.format
    votes = ctx.report.metadata.get("format_votes", {})
    if not year or version not in ("2019", "2021"):
        return
    if year >= 2021 and version == "2019":
        yield Hit(Location("P2"), {"year": year, "format": version},
                  expected="2021年格式", found=f"2019年格式（标志词{votes.get('2019', 0)}处）")
    elif year <= 2020 and version == "2021":
        yield Hit(Location("P2"), {"year": year, "format": version}, severity="warning",
                  expected="2019年格式", found="2021年格式")


@rule("Q02m", category="format_version", severity="warning", title="新旧格式混用",
      message="表格同时使用2019年格式（{v19}处）和2021年格式（{v21}处）的用语")
def q02_mixed(ctx: AuditContext) -> Iterator[Hit]:
    """The version markers of both formats appear (DOMAIN §3.6): the tables mix two templates."""
    votes = ctx.report.metadata.get("format_votes", {})
    if votes.get("2019", 0) >= 2 and votes.get("2021", 0) >= 2:
        yield Hit(Location("P2"), {"v19": votes["2019"], "v21": votes["2021"]})


@rule("Q03", category="format_version", severity="warning", title="引用了旧格式文件",
      message="{year}年度报告引用了2019年格式文件（国办公开办函〔2019〕60号），应依据〔2021〕30号")
def q03_basis(ctx: AuditContext) -> Iterator[Hit]:
    """A Y ≥ 2021 report that cites 国办公开办函〔2019〕60号 as its basis uses an outdated format."""
    year = ctx.report.year
    if not year or year < 2021:
        return
    for part, para in ctx.all_paragraphs():
        if re.search(r"2019\D{0,3}60号", squeeze(para.text)):
            yield Hit(Location(part, para.index), {"year": year}, quote=_clause(para.text, "60"),
                      expected="〔2021〕30号", found="〔2019〕60号")
            return


@rule("Q13", category="completeness", severity="warning", title="未说明信息处理费",
      message="{year}年度报告未说明信息处理费的收取情况（应在第六部分报告）")
def q13_fee(ctx: AuditContext) -> Iterator[Hit]:
    """For Y ≥ 2021 the 2021 format asks part 六 to report 信息处理费 (国办函〔2020〕109号)."""
    year = ctx.report.year
    if not year or year < 2021:
        return
    text = squeeze("".join(p.text for _, p in ctx.all_paragraphs()))
    if "信息处理费" not in text:
        yield Hit(Location("P6"), {"year": year}, expected="收取/未收取信息处理费的说明", found="未提及")


# ---------------------------------------------------------------------------- self-references

_SELF = {  # level → words that would be written by a body of another level
    "镇": ("全乡", "我乡", "本乡", "乡综合办", "乡政府", "乡党委", "我局", "本局", "全局", "我街道", "本街道", "我办"),
    "乡": ("全镇", "我镇", "本镇", "镇综合办", "镇政府", "镇党委", "我局", "本局", "全局", "我街道", "本街道"),
    "街道": ("全乡", "我乡", "本乡", "全镇", "我镇", "本镇", "我局", "本局"),
    "县": ("我镇", "全镇", "我乡", "全乡", "我局", "本局"),
    "区": ("我镇", "全镇", "我乡", "全乡", "我局", "本局"),
    "部门": ("我镇", "全镇", "我乡", "全乡"),
}


@rule("S1", category="copied_text", severity="warning", title="自称与单位不符",
      message="本报告为{level}级单位的报告，却出现“{word}”，疑似照搬其他单位的报告")
def s1_self_reference(ctx: AuditContext) -> Iterator[Hit]:
    """A body speaks of itself as what it is: a 镇 report that says 全乡, 乡综合办 or 我局 was written
    for another body (seed 001). Each distinct word is reported once, at its first sentence. With a
    corpus index, a paragraph that is also copied text (R1) names the report it came from."""
    words = _SELF.get(ctx.report.level or "", ())
    if not words:
        return
    copies = copied_matches(ctx)
    seen: set[str] = set()
    body = ctx.report.body or ""
    for part, para in ctx.all_paragraphs():
        for word in words:
            at = para.text.find(word)
            if at < 0 or word in seen:
                continue
            if word.startswith(("全乡", "我乡", "本乡")) and "乡镇" in para.text[max(0, at - 1):at + 3]:
                continue  # 全乡镇 speaks of townships in general
            if word in body:
                continue
            seen.add(word)
            params = {"level": ctx.report.level, "word": word}
            found = word
            copy = copies.get((part, para.index))
            if copy:
                params |= {"source": copy.source_body or copy.source, "source_year": copy.source_year}
                found = (f"{word}；本段与{params['source']} {copy.source_year}年度报告雷同"
                         f"（相似度{copy.similarity:.0f}%，见R1）")
            yield Hit(Location(part, para.index), params, quote=_clause(para.text, word),
                      expected=f"与{ctx.report.level}相符的自称", found=found)


def _clause(text: str, needle: str) -> str:
    """The sentence of `text` around `needle` (cut at 。；), as printed."""
    at = text.find(needle)
    if at < 0:
        return text[:120]
    start = max(text.rfind(c, 0, at) for c in "。；;") + 1
    ends = [i for i in (text.find(c, at) for c in "。；;") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def _sentence_with(ctx: AuditContext, needle: str) -> str | None:
    for _, para in ctx.all_paragraphs():
        if needle in para.text:
            return _clause(para.text, needle)
    return None
