"""Text-reuse rules over a corpus index (`audit --index FILE`): paragraphs copied from other
bodies' reports, paragraphs repeated from the body's own report of another year, and the share of
the report written in the corpus's common boilerplate."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.boilerplate.fingerprint import normalise_for_reuse
from auditor.boilerplate.match import ReuseMatch
from auditor.checks.context import AuditContext
from auditor.checks.findings import Location
from auditor.checks.registry import Hit, rule

BOILERPLATE_INFO = 0.25  # a boilerplate share from which R3 reports the measure …
BOILERPLATE_WARNING = 0.5  # … and from which it warns


def copied_matches(ctx: AuditContext) -> dict[tuple[str, int], ReuseMatch]:
    """Per paragraph, its closest copied match (highest similarity, then longest span)."""
    best: dict[tuple[str, int], ReuseMatch] = {}
    for m in ctx.reuse:
        key = (m.part, m.paragraph)
        if m.kind == "copied" and (key not in best or
                                   (m.similarity, m.aligned_chars) > (best[key].similarity, best[key].aligned_chars)):
            best[key] = m
    return best


@rule("R1", category="copied_text", severity="warning", title="段落与其他单位报告雷同",
      message="本段与{source}的报告（{year}年度）{how}（相似度{similarity}%，{chars}字）")
def r1_copied(ctx: AuditContext) -> Iterator[Hit]:
    """A paragraph that shares a long span (≥ 40 characters, ≥ 85% similar after masking numbers,
    whole or sentence by sentence) with the report of one to three other bodies was probably copied
    from it (怀化: 内容雷同 is accountable). Wording of the format itself never counts; text shared by
    more bodies is boilerplate, not a copy. One finding per paragraph, naming its closest source and
    quoting both matched spans."""
    for m in copied_matches(ctx).values():
        mine = sum(s.end - s.start for s in m.spans) / max(1, len(normalise_for_reuse(m.text)))
        theirs = sum(s.source_end - s.source_start for s in m.spans) / max(1, len(normalise_for_reuse(m.source_text)))
        whole = min(mine, theirs) >= 0.9
        source = m.source_body or m.source
        yield Hit(Location(m.part, m.paragraph),
                  {"source": source, "year": m.source_year or "?", "how": "几乎相同" if whole else "有一大段相同",
                   "similarity": f"{m.similarity:.0f}", "chars": m.aligned_chars, "source_file": m.source,
                   "spans": [s.to_dict() for s in m.spans], "sharing": m.sharing},
                  quote=m.text, expected="本单位自己的表述",
                  found=f"{source} {m.source_year}年度报告（{m.source_part}第{m.source_paragraph + 1}段）："
                        f"“{m.source_shown()[:120]}”")


@rule("R2", category="copied_text", severity="info", title="与本单位往年报告重复",
      message="{n}段与本单位{year}年度报告相同或几乎相同（粘性{sticky}），其中第五部分{p5}段")
def r2_sticky(ctx: AuditContext) -> Iterator[Hit]:
    """Stickiness (Dyer, Lang & Stice-Lawrence): paragraphs repeated from the same body's report of
    another year. Reported once per earlier report, with the count, how many are in part 五
    (identical problems and measures year after year are what evaluators object to) and, against
    last year's report, the share of each part's 12-character sequences found in it."""
    by_year: dict[int | None, dict[tuple[str, int], ReuseMatch]] = {}
    for m in ctx.reuse:
        if m.kind == "sticky":
            by_year.setdefault(m.source_year, {}).setdefault((m.part, m.paragraph), m)
    shares = ctx.reuse.stickiness
    for year, repeated in sorted(by_year.items(), key=lambda kv: kv[0] or 0):
        # the evidence: the first repeated paragraph of part 五 if any, else the first one
        first = min(repeated, key=lambda key: (key[0] != "P5", key))
        example = repeated[first]
        last_year = year is not None and ctx.report.year is not None and year == ctx.report.year - 1
        per_part = shares if last_year else {}
        yield Hit(Location(first[0], first[1]),
                  {"n": len(repeated), "year": year or "?", "p5": sum(1 for p, _ in repeated if p == "P5"),
                   "sticky": f"{per_part['all']:.0%}" if "all" in per_part else "未计", "by_part": per_part,
                   "source_file": example.source, "similarity": f"{example.similarity:.0f}"},
                  quote=example.text, expected="每年新写的内容",
                  found=f"{len(repeated)}段重复；例：{example.source_year}年度报告{example.source_part}"
                        f"第{example.source_paragraph + 1}段（相似度{example.similarity:.0f}%）："
                        f"“{example.source_shown()[:120]}”"
                        + (f"；各部分粘性：{_shares(per_part)}" if per_part else ""))


@rule("R3", category="boilerplate", severity="info", title="套话比例高",
      message="{share}的文字在本批报告常见套话句中（{n}句）")
def r3_boilerplate(ctx: AuditContext) -> Iterator[Hit]:
    """Boilerplate (after Lang & Stice-Lawrence): the share of the report's characters in sentences
    made of phrases (at least half of their 6-character fingerprints) found in 30–75% of the corpus's
    reports; phrases in more are the format's own wording and never count. Needs an index of at
    least 20 reports. Reported from a share of 25%, as a warning from 50%; the evidence is the
    sentence whose phrases most reports share."""
    share = ctx.reuse.boilerplate_share
    if share is None or share < BOILERPLATE_INFO:
        return
    sentences = [m for m in ctx.reuse if m.kind == "boilerplate"]
    top = max(sentences, key=lambda m: (m.sharing, m.aligned_chars))
    yield Hit(Location(top.part, top.paragraph), {"share": f"{share:.0%}", "n": len(sentences), "value": share},
              quote=top.text, expected=f"套话比例低于{BOILERPLATE_INFO:.0%}",
              found=f"{share:.0%}；最常见的一句（{top.sharing}份报告有其中的短语）：“{top.shown()}”",
              severity="warning" if share >= BOILERPLATE_WARNING else None)


def _shares(per_part: dict[str, float]) -> str:
    return "，".join(f"{part} {value:.0%}" for part, value in per_part.items() if part != "all")
