"""Text-reuse rules over a corpus index (`audit --index FILE`): paragraphs copied from other
bodies' reports, and paragraphs repeated from the body's own report of another year."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.boilerplate.fingerprint import normalise_for_reuse
from auditor.boilerplate.match import ReuseMatch
from auditor.checks.context import AuditContext
from auditor.checks.findings import Location
from auditor.checks.registry import Hit, rule


@rule("R1", category="copied_text", severity="warning", title="段落与其他单位报告雷同",
      message="本段与{source}的报告（{year}年度）{how}（相似度{similarity}%，{chars}字）")
def r1_copied(ctx: AuditContext) -> Iterator[Hit]:
    """A paragraph that shares a long span (≥ 40 characters, ≥ 85% similar after masking numbers)
    with the report of one or a few other bodies was probably copied from it (怀化: 内容雷同 is
    accountable). Wording of the format itself never counts; text shared by many bodies is
    boilerplate, not a copy. One finding per paragraph, naming its closest source."""
    best: dict[tuple[str, int], ReuseMatch] = {}
    for m in ctx.reuse:
        key = (m.part, m.paragraph)
        if m.kind == "copied" and (key not in best or
                                   (m.similarity, m.aligned_chars) > (best[key].similarity, best[key].aligned_chars)):
            best[key] = m
    for m in best.values():
        whole = m.aligned_chars >= 0.9 * min(len(normalise_for_reuse(m.text)), len(normalise_for_reuse(m.source_text)))
        source = m.source_body or m.source
        yield Hit(Location(m.part, m.paragraph),
                  {"source": source, "year": m.source_year or "?", "how": "几乎相同" if whole else "有一大段相同",
                   "similarity": f"{m.similarity:.0f}", "chars": m.aligned_chars},
                  quote=m.text, expected="本单位自己的表述",
                  found=f"{source} {m.source_year}年度报告：“{m.source_text[:80]}”")


@rule("R2", category="copied_text", severity="info", title="与本单位往年报告重复",
      message="{n}段与本单位{year}年度报告相同或几乎相同（粘性），其中第五部分{p5}段")
def r2_sticky(ctx: AuditContext) -> Iterator[Hit]:
    """Stickiness (Dyer, Lang & Stice-Lawrence): paragraphs repeated from the same body's report of
    another year. Reported once per earlier report, with the count and how many are in part 五
    (identical problems and measures year after year are what evaluators object to)."""
    by_year: dict[int | None, dict[tuple[str, int], ReuseMatch]] = {}
    for m in ctx.reuse:
        if m.kind == "sticky":
            by_year.setdefault(m.source_year, {}).setdefault((m.part, m.paragraph), m)
    for year, repeated in sorted(by_year.items(), key=lambda kv: kv[0] or 0):
        # the evidence: the first repeated paragraph of part 五 if any, else the first one
        first = min(repeated, key=lambda key: (key[0] != "P5", key))
        example = repeated[first]
        yield Hit(Location(first[0], first[1]), {"n": len(repeated), "year": year or "?",
                                                 "p5": sum(1 for p, _ in repeated if p == "P5")},
                  quote=example.text, expected="每年新写的内容",
                  found=f"{len(repeated)}段重复；例：{example.source} {example.source_part}："
                        f"“{example.source_text[:80]}”")
