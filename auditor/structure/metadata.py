"""Preamble and closing: title, body, level, year, statistical period, contact details, date line."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from auditor.normalize import fold

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(r"([〇零○O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|-|~)\s*"
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PHONE = re.compile(r"(?:联系)?(?:电话|电\s*话|热线|传真)\s*[:：]?\s*"
                    r"((?:\(?0\d{2,3}\)?[\s-]?)?\d{7,8}(?:[、,，/]\s*\d{7,8})*|1\d{10})")
_BARE_PHONE = re.compile(r"(?<!\d)(0\d{2,3}-\d{7,8})(?!\d)")
_POSTCODE = re.compile(r"邮\s*(?:政\s*)?编(?:\s*码)?\s*[:：]?\s*(\d{6})")
_ADDRESS = re.compile(r"(?:通讯|联系|办公)?地\s*址\s*[:：]\s*([^，,；;。)）\n]{4,60})")
_WEB = re.compile(r"(https?://[\w./?=&%#~:-]+|www\.[\w.-]+\.[a-z]{2,}[\w./?=&%#~-]*)", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_YEAR_TITLE = re.compile(r"(\d{4})\s*年(?:度)?")
_BODY_SUFFIX = re.compile(r"(人民政府|政府|街道办事处|办事处|街道|管委会|委员会|局|办公室|镇|乡)$")
_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(街道办事处|办事处|街道|镇|乡)")
_NOT_STEM = set("全本我各该乡镇村城集街的和在及与县市区到至于为从对")  # not part of a place name
LEVELS = (("街道办事处", "街道"), ("办事处", "街道"), ("街道", "街道"), ("镇", "镇"), ("乡", "乡"),
          ("县", "县"), ("区", "区"), ("市", "市"), ("旗", "县"), ("局", "部门"), ("委员会", "部门"),
          ("委", "部门"), ("办公室", "部门"), ("中心", "部门"), ("院", "部门"), ("厅", "部门"))


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    body: str | None = None
    level: str | None = None
    year: int | None = None
    year_source: str | None = None
    statistical_period: tuple[str, str] | None = None
    contact: dict[str, str] = field(default_factory=dict)
    date_line: str | None = None
    date_line_text: str | None = None
    document_number: str | None = None

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "year_source": self.year_source,
            "statistical_period": list(self.statistical_period) if self.statistical_period else None,
            "contact": self.contact,
            "date_line": self.date_line,
            "date_line_text": self.date_line_text,
            "document_number": self.document_number,
        }


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _cn_number(text: str) -> int:
    if text.startswith("十"):
        text = "一" + text
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


def find_date(text: str) -> tuple[str, str] | None:
    """The last full date in a line, as (ISO date, text as written); Chinese numerals too."""
    folded = fold(text)
    dates = list(_DATE.finditer(folded))
    m = dates[-1] if dates else None
    if m is not None:
        iso = _iso(m.group(1), m.group(2), m.group(3))
        if iso:
            return iso, m.group(0)
    c = _CN_DATE.search(text)
    if c:
        year = "".join(str(_CN_DIGITS[ch]) for ch in c.group(1))
        iso = _iso(year, _cn_number(c.group(2)), _cn_number(c.group(3)))
        if iso:
            return iso, c.group(0)
    return None


def level_of(body: str | None) -> str | None:
    if not body:
        return None
    office = re.match(r"^(.*?)(?:人民政府办公室|人民政府办|政府办公室|政府办)$", body)
    if office and not re.search(r"(镇|乡|街道|办事处)(党委)?$", office.group(1)):
        return "部门"  # a county or city government's general office is one of its departments
    name = re.sub(r"(党委政府办公室|党政办公室|党政办|综合办公室)$", "", body) or body
    name = re.sub(r"(人民政府|政府)?(机关)?$", "", name) or name
    for suffix, level in LEVELS:
        if name.endswith(suffix):
            return level
    return None


def extract(preamble: list[str], closing: list[str], all_text: list[str]) -> Metadata:
    meta = Metadata()
    _title(meta, preamble)
    head = "\n".join(preamble)
    folded_all = fold("\n".join(all_text))
    squeezed_all = re.sub(r"(?<=[^\x00-\x7f:：])\s+(?=[^\x00-\x7f])|(?<=[:：])\s+|\s+(?=[:：])", "",
                          folded_all)
    m = _PERIOD.search(re.sub(r"\s+", "", fold(head))) or _PERIOD.search(re.sub(r"\s+", "", folded_all))
    if m:
        start, end = _iso(*m.group(1, 2, 3)), _iso(*m.group(4, 5, 6))
        if start and end:
            meta.statistical_period = (start, end)
    _contact(meta, squeezed_all)
    for line in reversed(closing):
        found = find_date(line)
        if found:
            meta.date_line, meta.date_line_text = found
            break
    if meta.body is None:
        meta.body = _body_from_closing(closing) or _body_from_text(all_text)
    meta.level = level_of(meta.body)
    if meta.year is None and meta.statistical_period:
        meta.year, meta.year_source = int(meta.statistical_period[0][:4]), "statistical_period"
    if meta.year is None:
        years = Counter(int(y) for y in re.findall(r"(20\d{2})\s*年", folded_all) if 2007 <= int(y) <= 2100)
        if years:
            meta.year, meta.year_source = years.most_common(1)[0][0], "most_frequent_year"
    return meta


def _title(meta: Metadata, preamble: list[str]) -> None:
    lines = [ln.strip() for ln in preamble if ln.strip()][:6]
    for k, line in enumerate(lines):
        folded = fold(line)
        if re.fullmatch(r".{0,12}[\[〔(（]\d{4}[\]〕)）]\s*\d+\s*号", folded):
            meta.document_number = line
            continue
        if "报告" in folded and len(folded) <= 60 and not re.search(r"[。；]", folded):
            parts = [line]
            if k > 0 and len(lines[k - 1]) <= 30 and not re.search(r"[。，,；:：号]", lines[k - 1]) \
                    and lines[k - 1] != meta.document_number:
                parts.insert(0, lines[k - 1])
            title = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", "".join(parts))
            meta.title = title
            y = _YEAR_TITLE.search(title)
            if y:
                meta.year, meta.year_source = int(y.group(1)), "title"
                body = title[: y.start()].strip()
                if len(body) >= 2:
                    meta.body = body
            return


def _contact(meta: Metadata, text: str) -> None:
    """Phone, postcode, address, web site and e-mail. A pattern runs only when the text has the
    character it cannot match without (the e-mail pattern alone scans every run of CJK characters)."""
    phone = _PHONE.search(text) or ("-" in text and _BARE_PHONE.search(text))
    if phone:
        meta.contact["phone"] = phone.group(1).strip()
    post = "编" in text and _POSTCODE.search(text)
    if post:
        meta.contact["postcode"] = post.group(1)
    addr = "址" in text and _ADDRESS.search(text)
    if addr:
        meta.contact["address"] = addr.group(1).strip()
    web = ("://" in text or "www." in text.lower()) and _WEB.search(text)
    if web:
        meta.contact["web"] = web.group(1).rstrip(").>）")
    email = "@" in text and _EMAIL.search(text)
    if email:
        meta.contact["email"] = email.group(0)


def _body_from_closing(closing: list[str]) -> str | None:
    for line in closing:
        name = _DATE.sub("", fold(line)).strip()
        name = re.sub(r"\s+", "", name)
        if 2 <= len(name) <= 30 and _BODY_SUFFIX.search(name) and not re.search(r"[。，,；]", name):
            # a signature by the body's office (花园镇党委政府办公室) names the body before it
            return re.sub(r"(党委政府办公室|党政办公室|党政综合办公室|政府办公室|综合办公室|党政办)$", "", name) or name
    return None


def _body_from_text(lines: list[str]) -> str | None:
    """No title and no signature: the place name the report uses most for itself."""
    counts: Counter[str] = Counter()
    for line in lines[:80]:
        for m in _PLACE.finditer(fold(line)):
            if _NOT_STEM & set(m.group(1)):
                continue
            counts[m.group(0)] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]
