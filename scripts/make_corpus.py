"""Generate a corpus of annual reports with planted copies and a ground-truth file (issue 5; reused
by the batch benchmark of issue 6).

    python scripts/make_corpus.py --n 1000 --seed 1 --out DIR [--other-formats 0.1]

Every report keeps the structure of one of the five seed reports (`corpora/samples/00*.txt`; one
per county, ~15 bodies a county): its
part titles, its tables exactly as printed (so they add up as the seed's do) and its short or
number-bearing paragraphs (headings, application and case counts, contact details), with the body
name, county, level (镇/乡, or 街道 for the 办事处 layout) and year changed consistently. The other
paragraphs of parts 一, 五 and 六 are new text: the seed's own lead-in ("一是加强组织领导。") followed by
sentences recombined from clauses of all five seeds, verbs swapped, one character in seven replaced
and village names added, so two reports share a phrase now and then but no long span. Then three
kinds of shared text are planted:

- boilerplate: 15 sentences (of clauses no other text uses), each appended to a paragraph in 30–60%
  of the reports;
- sticky: a body's report repeats paragraphs of its own previous-year report (and, how "layout",
  the kept paragraphs that name the body are the same every year);
- copied: paragraphs of one body's report copied into the reports of one to three other bodies,
  verbatim, lightly edited (character substitutions, insertions, deletions: 1–3 per 100
  characters), with their sentences reordered, or (how "sentences") as a passage of ≥ 45
  characters put inside a paragraph of the target's own. A copy keeps the source's self-references
  (我乡 in a 镇 report) and, where the text names it, the source body.

Files: `DIR/r00000.txt` … (a share `--other-formats` written as .docx or .html through
`auditor.render.document`) and `DIR/truth.jsonl`, one JSON object a line:

    {"type": "report", "file", "body", "level", "county", "year", "layout", "format"}
    {"type": "copy", "kind": "copied"|"sticky", "how": "verbatim"|"edited"|"reordered"|"sentences"|"layout",
     "group",
     "source": {"file", "part", "paragraph"}, "target": {"file", "part", "paragraph"}}
    {"type": "boilerplate", "file", "part", "paragraph", "sentence"}

`part`/`paragraph` are the location `auditor.parse.parse_file` gives the paragraph in the .txt
file (`Report.paragraph(part, paragraph)`). Output is a pure function of `--n` and `--seed`.
Library use: `generate(n, seed=…)` returns the reports and truth records in memory;
`write_corpus(n, seed=…, out=…)` writes them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from auditor.boilerplate.fingerprint import normalise_for_reuse
from auditor.parse import parse_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpora" / "samples").glob("00*.txt"))

# Names in each seed, replaced by markers: ⟨N⟩ body name, ⟨S⟩ its stem, ⟨C⟩ county, ⟨K⟩ county stem.
_SEED_NAMES = {
    "000": {"城关镇": "⟨N⟩"},
    "001": {"海原县海城镇": "⟨C⟩⟨N⟩", "海城镇": "⟨N⟩", "海原县": "⟨C⟩", "全乡": "全镇", "乡综合办": "镇综合办"},
    "002": {"霍邱县花园镇": "⟨C⟩⟨N⟩", "花园镇": "⟨N⟩", "霍邱县": "⟨C⟩"},
    "003": {"南安市省新镇": "⟨C⟩⟨N⟩", "省新镇": "⟨N⟩", "省新": "⟨S⟩", "南安市": "⟨C⟩", "南安": "⟨K⟩"},
    "004": {"大潭办事处": "⟨N⟩", "大潭": "⟨S⟩"},
}
# How a body speaks of itself: the seeds' words are made a 镇's in the clause pool, then written for
# the report's own level (a 办事处 is 街道 level).
_SELF_WORDS = {
    "镇": {"我处": "我镇", "全处": "全镇", "本处": "本镇", "党工委": "镇党委", "办事处主任": "镇长", "处纪委": "镇纪委"},
    "乡": {"我镇": "我乡", "全镇": "全乡", "本镇": "本乡", "镇政府": "乡政府", "镇党委": "乡党委", "镇纪委": "乡纪委",
          "镇村": "乡村", "镇直": "乡直", "镇长": "乡长", "镇级": "乡级", "镇综合办": "乡综合办", "镇督查办": "乡督查办",
          "镇领导": "乡领导", "镇驻": "乡驻", "镇实际": "乡实际", "镇人大": "乡人大", "镇机关": "乡机关"},
    "街道": {"我镇": "我处", "全镇": "全处", "本镇": "本处", "镇政府": "处机关", "镇党委": "党工委", "镇纪委": "处纪委",
           "镇村": "处村", "镇直": "处直", "镇长": "处主任", "镇级": "处级", "镇综合办": "党政办", "镇督查办": "督查办",
           "镇领导": "处领导", "镇驻": "处驻", "镇实际": "处实际", "镇人大": "人大工委", "镇机关": "处机关"},
}
_VERBS = ("加强", "强化", "完善", "健全", "推进", "落实", "规范", "提升", "深化", "优化", "抓好", "做好", "加大", "夯实")
_PLACE_CHARS = ("东西南北中上下新老大小高长平安和兴丰乐清河山石桥田林塘湾坪岭溪沟湖口洲坝岗庄铺店集寨营堡关城"
                "台阳华龙凤金玉宝福寿永康泰宁顺德仁义礼智信春夏秋冬梅兰竹松柏桃李杏柳花草云霞江海泉潭水"
                "红黄白青黑紫明光辉盛旺隆昌富贵吉祥瑞祺祯祐庆丰登源远流双三四五六七八九百千万里")
_VILLAGE_ACTS = ("更新村务公开栏", "张贴公开事项清单", "召开政务公开推进会", "公示惠农补贴发放情况", "开展政策宣讲",
                 "发放政策明白纸", "更新党务村务财务公开内容", "公开集体资产管理情况", "公示低保五保名单",
                 "开展政府开放日活动", "设置政务公开查阅点", "整改公开栏空白栏目")
_FREE_PARTS = ("P1", "P5", "P6")
_YEARS = {"2019": (2019, 2020), "2021": (2021, 2022, 2023)}


@dataclass(frozen=True, slots=True)
class Slot:
    """A seed paragraph whose text each report writes anew."""

    line: int  # first line of the seed file the paragraph takes
    lines: int  # how many lines it takes (a paragraph broken across lines)
    part: str
    paragraph: int
    lead: str  # the seed's own lead-in, kept
    length: int  # characters of the seed paragraph


@dataclass(frozen=True, slots=True)
class Layout:
    name: str  # "000" … "004"
    lines: tuple[str, ...]  # seed lines with name markers
    year: int
    format: str
    level: str  # 镇 or 街道
    slots: tuple[Slot, ...]
    named: tuple[tuple[str, int], ...]  # kept paragraphs (part, paragraph) that name the body


@dataclass(slots=True)
class Body:
    name: str
    stem: str
    level: str
    county: str
    layout: Layout


@dataclass(slots=True)
class GeneratedReport:
    file: str
    body: Body
    year: int
    texts: dict[tuple[str, int], str] = field(default_factory=dict)  # (part, paragraph) → final text

    def render(self) -> str:
        slots = {s.line: s for s in self.body.layout.slots}
        skipped = {s.line + k for s in self.body.layout.slots for k in range(1, s.lines)}
        out = []
        for i, line in enumerate(self.body.layout.lines):
            slot = slots.get(i)
            if i not in skipped:
                out.append(self.texts[slot.part, slot.paragraph] if slot else self.localise(line))
        return "\n".join(out)

    def localise(self, text: str) -> str:
        """Names and year of this report put into the markers; 镇 self-references made 乡 for a 乡."""
        layout, body = self.body.layout, self.body
        text = re.sub(rf"(?<!\d)({layout.year}|{layout.year + 1})(?!\d)",
                      lambda m: str(self.year + int(m.group(1)) - layout.year), text)
        return localise_names(text, body)

    def to_dict(self) -> dict[str, object]:
        return {"type": "report", "file": self.file, "body": self.body.name, "level": self.body.level,
                "county": self.body.county, "year": self.year, "layout": self.body.layout.name,
                "format": self.body.layout.format}


def localise_names(text: str, body: Body) -> str:
    text = (text.replace("⟨N⟩", body.name).replace("⟨S⟩", body.stem).replace("⟨C⟩", body.county)
            .replace("⟨K⟩", body.county[:-1]))
    return self_words(text, body.level) if body.level != "镇" else text


def self_words(text: str, level: str) -> str:
    return _replace_all(text, _SELF_WORDS[level])


def _replace_all(text: str, words: dict[str, str]) -> str:
    """Every occurrence of a key replaced by its value, longest keys first, in one pass."""
    return re.sub("|".join(sorted(map(re.escape, words), key=len, reverse=True)), lambda m: words[m.group(0)], text)


_LEAD = re.compile(r"^\s*([（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*|[一二三四五六七八九十]是)?"
                   r"([^。；;]{0,24}?[。：:])?")


def _split_lead(text: str) -> tuple[str, str]:
    """The lead-in of a paragraph (an enumerator and a short heading sentence) and the rest."""
    m = _LEAD.match(text)
    lead = m.group(0) if m and m.group(0).strip() else ""
    return lead, text[len(lead):]


def _lines_taken(lines: tuple[str, ...], first: int, text: str) -> int:
    """How many lines from `first` the reader joined into the paragraph `text`."""
    want = normalise_for_reuse(text)
    for m in range(1, 20):
        if len(normalise_for_reuse("".join(lines[first:first + m]))) >= len(want):
            return m
    return 1


def _is_free(part: str, text: str) -> bool:
    if part not in _FREE_PARTS or len(normalise_for_reuse(text)) < 30:
        return False
    # counts that the tables or other rules look at stay as the seed printed them
    return not re.search(r"申请|复议|诉讼|信息处理费|\d+\s*[条件篇次]", text)


@cache
def layouts() -> tuple[Layout, ...]:
    out = []
    for path in SEEDS:
        name = path.name[:3]
        report = parse_file(path)
        raw = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        names = _SEED_NAMES[name]
        lines = tuple(_replace_all(re.sub(r"^\s*- |\*\*", "", line), names) for line in raw)
        if report.metadata.get("title") is None:  # seed 004: without a title its body is a guess
            lines = (f"⟨N⟩{report.year}年政府信息公开工作年度报告", *lines[1:])
        slots, named = [], []
        for part, p in report.narrative():
            taken = _lines_taken(raw, p.block, p.text)
            if _is_free(part, p.text):
                lead, _ = _split_lead(lines[p.block])
                slots.append(Slot(p.block, taken, part, p.index, lead, len(p.text)))
            elif len(normalise_for_reuse(p.text)) >= 40 and re.search("⟨[NS]⟩", "".join(lines[p.block:p.block + taken])):
                named.append((part, p.index))
        out.append(Layout(name, lines, report.year or 2020, report.format, report.level or "镇", tuple(slots),
                          tuple(named)))
    return tuple(out)


@cache
def clause_pool() -> dict[str, tuple[str, ...]]:
    """Clauses of the seeds' free paragraphs: part 一's, and parts 五 and 六's together."""
    pools: dict[str, list[str]] = {"P1": [], "P5": []}
    for layout in layouts():
        for slot in layout.slots:
            _, rest = _split_lead(layout.lines[slot.line])
            for clause in re.split(r"[，,；;。：:！？]", self_words(rest.replace("*", ""), "镇")):
                clause = clause.strip(" \t“”\"")
                if 4 <= len(clause) <= 40:
                    pools["P1" if slot.part == "P1" else "P5"].append(clause)
    return {k: tuple(dict.fromkeys(v)) for k, v in pools.items()}


def _village(rng: random.Random) -> str:
    return "".join(rng.choices(_PLACE_CHARS, k=2))


def _sentence(rng: random.Random, pool: tuple[str, ...], *, clauses: tuple[int, int] = (2, 4)) -> str:
    parts = []
    for clause in rng.sample(pool, rng.randint(*clauses)):
        clause = re.sub("|".join(_VERBS), lambda m: rng.choice(_VERBS) if rng.random() < 0.5 else m.group(0), clause)
        parts.append(_vary(rng, clause))
    if rng.random() < 0.4:
        parts.insert(rng.randrange(len(parts) + 1), f"{_village(rng)}村{rng.choice(_VILLAGE_ACTS)}{rng.randint(2, 30)}次")
    return "，".join(parts) + "。"


def _vary(rng: random.Random, clause: str, *, every: int = 7) -> str:
    """One character in `every` replaced: two reports drawing the same clauses by chance stay below
    85% similar, so the only long shared spans are the planted ones."""
    chars = list(clause)
    han = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff" and c not in "镇乡处"]
    for i in rng.sample(han, min(len(han), max(1, len(chars) // every))):
        chars[i] = rng.choice(_PLACE_CHARS)
    return "".join(chars)


def new_paragraph(rng: random.Random, slot: Slot, *, spare: frozenset[str] = frozenset()) -> str:
    """New text for a slot: its lead-in, then recombined clauses (none of `spare`)."""
    pool = tuple(c for c in clause_pool()["P1" if slot.part == "P1" else "P5"] if c not in spare)
    target = max(40, int(slot.length * rng.uniform(0.7, 1.2)))
    text = slot.lead
    while len(text) < target:
        text += _sentence(rng, pool)
    return text


def light_edit(rng: random.Random, text: str) -> str:
    """1–3 character substitutions, insertions or deletions per 100 characters, after the lead-in."""
    chars = list(text)
    alphabet = [c for c in text if "\u4e00" <= c <= "\u9fff"] or ["的"]
    start = min(len(_split_lead(text)[0]), len(chars) - 1)
    for _ in range(max(1, round(len(chars) * rng.uniform(0.01, 0.03)))):
        at = rng.randrange(start, len(chars))
        how = rng.random()
        if how < 0.5:
            chars[at] = rng.choice(alphabet)
        elif how < 0.75:
            chars.insert(at, rng.choice(alphabet))
        elif len(chars) > start + 1:
            del chars[at]
    return "".join(chars)


def sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。！？；]+[。！？；]?", text) if s.strip()]


def reorder(rng: random.Random, text: str) -> str:
    """The sentences of a paragraph in another order (the lead-in stays first)."""
    lead, rest = _split_lead(text)
    parts = sentences(rest)
    if len(parts) < 2:
        return text
    shuffled = parts[:]
    while shuffled == parts:
        rng.shuffle(shuffled)
    return lead + "".join(shuffled)


def insert_sentences(rng: random.Random, source: str, target: str, *, at_least: int = 45) -> str:
    """`target` with consecutive sentences of `source` (at least `at_least` characters) put in
    between two of its sentences: a copied passage inside a paragraph of the body's own."""
    theirs = sentences(_split_lead(source)[1]) or sentences(source)
    start = rng.randrange(len(theirs))
    end = start + 1
    while len(normalise_for_reuse("".join(theirs[start:end]))) < at_least and (end < len(theirs) or start > 0):
        if end < len(theirs):
            end += 1
        else:
            start -= 1
    mine = sentences(target)
    at = rng.randint(1, len(mine)) if mine else 0
    return "".join(mine[:at] + theirs[start:end] + mine[at:])


def _bodies(rng: random.Random, n: int) -> Iterator[tuple[Body, list[int]]]:
    """Bodies with one to three consecutive report years, until n reports; ~15 bodies a county, all
    on the county's layout (a county office hands its townships one template)."""
    used: set[str] = set()
    county = ""
    made = count = 0
    layout = layouts()[0]
    while made < n:
        if count % 15 == 0:
            county = _village(rng) + "县"
            layout = rng.choice(layouts())
        level = layout.level if layout.level != "镇" else rng.choices(("镇", "乡"), (0.7, 0.3))[0]
        suffix = {"镇": "镇", "乡": "乡", "街道": "办事处"}[level]
        stem = _village(rng)
        while county + stem in used:
            stem = _village(rng)
        used.add(county + stem)
        years = _YEARS.get(layout.format, (layout.year,))
        span = min(rng.choices((1, 2, 3), (0.3, 0.5, 0.2))[0], len(years), n - made)
        first = rng.randrange(len(years) - span + 1)
        made += span
        count += 1
        yield Body(stem + suffix, stem, level, county, layout), list(years[first:first + span])


def generate(n: int, *, seed: int = 1, copy_share: float = 0.15, sticky_share: float = 0.5,
             boilerplate_sentences: int = 15) -> tuple[list[GeneratedReport], list[dict[str, object]]]:
    """n reports and the truth records (see the module docstring)."""
    rng = random.Random(seed)
    # the boilerplate sentences' clauses (without names: the same in every report) are kept out of
    # the other text, so that what many reports share is these sentences
    pool = sorted(c for c in clause_pool()["P1"] + clause_pool()["P5"] if "⟨" not in c)
    spare = rng.sample(pool, 4 * boilerplate_sentences)
    common = ["，".join(spare[i:i + 4]) + "。" for i in range(0, len(spare), 4)]
    reports: list[GeneratedReport] = []
    for body, years in _bodies(rng, n):
        for year in years:
            report = GeneratedReport(f"r{len(reports):05d}", body, year)
            for slot in body.layout.slots:
                report.texts[slot.part, slot.paragraph] = report.localise(
                    new_paragraph(rng, slot, spare=frozenset(spare)))
            reports.append(report)
    truth: list[dict[str, object]] = [r.to_dict() for r in reports]

    def where(report: GeneratedReport, key: tuple[str, int]) -> dict[str, object]:
        return {"file": report.file, "part": key[0], "paragraph": key[1]}

    for sentence in common:
        share = rng.uniform(0.3, 0.6)
        for report in reports:
            if rng.random() < share:
                key = rng.choice(sorted(report.texts))
                report.texts[key] += report.localise(sentence)

    used: set[tuple[str, str, int]] = set()
    group = 0
    partial = random.Random(seed + 104729)  # its own stream: the other plantings stay as they were

    def plant(kind: str, source: GeneratedReport, skey: tuple[str, int], targets: list[GeneratedReport]) -> None:
        nonlocal group
        text = source.texts[skey]
        how = rng.choices(("verbatim", "edited", "reordered"), (0.4, 0.35, 0.25))[0]
        if how == "reordered" and len(sentences(_split_lead(text)[1])) < 2:
            how = "edited"
        used.add((source.file, *skey))
        for target in targets:
            free = [k for k in sorted(target.texts) if (target.file, *k) not in used
                    and (k[0] == "P1") == (skey[0] == "P1")]
            if kind == "sticky":
                free = [skey] if skey in target.texts and (target.file, *skey) not in used else []
            if not free:
                continue
            tkey = rng.choice(free)
            copy = {"verbatim": text, "edited": light_edit(rng, text), "reordered": reorder(rng, text)}[how]
            done = how
            if kind == "copied" and how == "verbatim" and partial.random() < 0.5:
                copy, done = insert_sentences(partial, text, target.texts[tkey]), "sentences"
            target.texts[tkey] = copy  # with the source's names and self-references
            used.add((target.file, *tkey))
            truth.append({"type": "copy", "kind": kind, "how": done, "group": group, "source": where(source, skey),
                          "target": where(target, tkey)})
        group += 1

    by_body: dict[str, list[GeneratedReport]] = {}
    for report in reports:
        by_body.setdefault(report.body.county + report.body.name, []).append(report)
    for series in by_body.values():
        for earlier, later in zip(series, series[1:]):
            # the layout's own paragraphs that name the body are the same every year
            truth += [{"type": "copy", "kind": "sticky", "how": "layout", "group": f"layout-{later.file}-{k}",
                       "source": where(earlier, key), "target": where(later, key)}
                      for k, key in enumerate(earlier.body.layout.named)]
            if rng.random() < sticky_share:
                for key in rng.sample(sorted(earlier.texts), k=max(1, len(earlier.texts) // 3)):
                    if (earlier.file, *key) not in used:
                        plant("sticky", earlier, key, [later])
    by_county: dict[str, list[GeneratedReport]] = {}
    for report in reports:
        by_county.setdefault(report.body.county, []).append(report)
    for source in reports:
        if rng.random() >= copy_share:
            continue
        neighbours = by_county[source.body.county] if rng.random() < 0.7 else reports
        others = [r for r in neighbours if r.body is not source.body]
        if not others:
            continue
        free = [k for k in sorted(source.texts) if (source.file, *k) not in used]
        for key in rng.sample(free, k=min(len(free), rng.randint(1, 3))):
            targets = rng.sample(others, k=min(len(others), rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]))
            plant("copied", source, key, targets)
    for report in reports:  # where the boilerplate ended up, copies included
        for sentence in common:
            mine = report.localise(sentence)
            truth += [{"type": "boilerplate", **where(report, key), "sentence": mine}
                      for key, text in sorted(report.texts.items()) if mine in text]
    return reports, truth


def write_corpus(n: int, *, seed: int = 1, out: str | Path, other_formats: float = 0.0) -> list[dict[str, object]]:
    """Write the corpus and truth.jsonl into `out`; returns the truth records."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    reports, truth = generate(n, seed=seed)
    rng = random.Random(seed + 1)
    renamed: dict[str, str] = {}
    for report in reports:
        path = out / f"{report.file}.txt"
        path.write_text(report.render() + "\n", encoding="utf-8")
        if other_formats and rng.random() < other_formats:
            from auditor.render.document import write_docx, write_html

            suffix = rng.choice((".docx", ".html"))
            (write_docx if suffix == ".docx" else write_html)(parse_file(path), path.with_suffix(suffix))
            path.unlink()
            renamed[report.file] = report.file + suffix
    for record in truth:
        for place in (record, record.get("source"), record.get("target")):
            if isinstance(place, dict) and "file" in place:
                place["file"] = renamed.get(str(place["file"]), f"{place['file']}.txt") \
                    if not str(place["file"]).endswith((".txt", ".docx", ".html")) else place["file"]
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for record in truth:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return truth


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of reports")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="output folder (created)")
    parser.add_argument("--other-formats", type=float, default=0.0, metavar="SHARE",
                        help="share of reports written as .docx or .html instead of .txt (default 0)")
    args = parser.parse_args(argv)
    truth = write_corpus(args.n, seed=args.seed, out=args.out, other_formats=args.other_formats)
    kinds: dict[str, int] = {}
    for record in truth:
        key = str(record["type"]) + (f"/{record['kind']}" if "kind" in record else "")
        kinds[key] = kinds.get(key, 0) + 1
    print(json.dumps({"out": args.out, **kinds}, ensure_ascii=False))


if __name__ == "__main__":
    main()
