"""Copied text, stickiness and boilerplate over a small generated corpus (40 reports, seed 7), and
the alignment they rest on, on real seed sentences."""

from __future__ import annotations

import copy
import sqlite3

import pytest

from auditor.boilerplate.fingerprint import KGRAM, normalise_sentences
from auditor.boilerplate.index import CorpusIndex, IndexVersionError, PreparedParagraph
from auditor.boilerplate.match import Span, align, evidence, find_reuse
from auditor.checks.config import load_config
from auditor.checks.context import AuditContext
from auditor.checks.registry import run_rules
from auditor.normalize import fold
from auditor.parse import parse_file
from scripts.make_corpus import write_corpus
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    truth = write_corpus(40, seed=7, out=folder)
    reports = {t["file"]: parse_file(folder / t["file"]) for t in truth if t["type"] == "report"}
    with CorpusIndex(folder / "index.sqlite") as index:
        index.add_many(reports.values())
        yield index, reports, truth


def _findings(index, report):
    reuse = find_reuse(index, report)
    return reuse, {f.rule: f for f in run_rules(AuditContext(report, load_config(), reuse=reuse))}


def test_reordered_sentences_align_sentence_by_sentence():
    paragraph = parse_file(SEEDS[3]).paragraph("P1", 1).text  # 一是健全工作制度。…
    norm, cuts = normalise_sentences(paragraph)
    pieces = [norm[s:e] for s, e in zip((0, *cuts[:-1]), cuts)]
    shuffled = "。".join(pieces[2:] + pieces[:2])
    other, other_cuts = normalise_sentences(shuffled)
    got = align(norm, cuts, other, other_cuts)
    assert got is not None and got.similarity == 100.0 and got.chars == len(norm) == 183
    assert got.spans == (Span(0, 183, 0, 183),)
    counted = align(norm, cuts, other, other_cuts, counted=[False] + [True] * (len(pieces) - 1))
    assert counted is not None and counted.chars == 183 - len(pieces[0])
    assert align(norm, cuts, other[:30], (30,)) is None


def test_copy_from_a_township_of_another_level_names_its_source_in_r1_and_s1(corpus):
    index, reports, truth = corpus
    # planted: r00010 (昌红县黑顺镇, 2022) part 六 ¶1 copied verbatim into r00017 (紫潭乡, a 乡) part 六 ¶3
    assert [(t["kind"], t["how"]) for t in truth if t["type"] == "copy"
            and t["source"] == {"file": "r00010.txt", "part": "P6", "paragraph": 1}
            and t["target"] == {"file": "r00017.txt", "part": "P6", "paragraph": 3}] == [("copied", "verbatim")]
    reuse, found = _findings(index, reports["r00017.txt"])
    copied = next(m for m in reuse if m.kind == "copied" and (m.part, m.paragraph) == ("P6", 3))
    assert (copied.source_body, copied.source_year, copied.source_part, copied.source_paragraph) == (
        "昌红县黑顺镇人民政府", 2022, "P6", 1)
    assert (copied.similarity, copied.aligned_chars, copied.spans) == (100.0, 103, (Span(0, 103, 0, 103),))
    s1 = [f for f in run_rules(AuditContext(reports["r00017.txt"], load_config(), reuse=reuse)) if f.rule == "S1"]
    assert [(f.location.paragraph, f.params["word"], f.found) for f in s1 if f.location.part == "P6"] == [
        (1, "镇政府", "镇政府；本段与昌红县凤乐镇人民政府 2021年度报告雷同（相似度99%，见R1）"),
        (3, "我镇", "我镇；本段与昌红县黑顺镇人民政府 2022年度报告雷同（相似度100%，见R1）")]
    assert found["R1"].category == "copied_text"


def test_a_passage_copied_into_a_paragraph_is_aligned_to_its_span(corpus):
    index, reports, truth = corpus
    # planted: sentences of r00017 part 一 ¶0 put inside r00008 (五高镇) part 一 ¶5
    assert [t["how"] for t in truth if t["type"] == "copy"
            and t["target"] == {"file": "r00008.txt", "part": "P1", "paragraph": 5}] == ["sentences"]
    reuse, found = _findings(index, reports["r00008.txt"])
    [copied] = [m for m in reuse if m.kind == "copied"]
    assert (copied.part, copied.paragraph, copied.source_part, copied.source_paragraph) == ("P1", 5, "P1", 0)
    assert (copied.similarity, copied.aligned_chars, copied.spans) == (100.0, 76, (Span(68, 144, 65, 141),))
    assert copied.quoted() == copied.source_quoted()
    r1 = found["R1"]
    assert r1.params["how"] == "有一大段相同" and r1.params["source"] == "昌红县紫潭乡人民政府" and r1.params["year"] == 2021


@pytest.mark.parametrize(("others", "kind"), [(3, "copied"), (5, "widespread")])
def test_a_paragraph_copied_by_more_than_three_bodies_is_widespread(tmp_path, others, kind):
    # 省新镇 and `others` other townships print one paragraph word for word (the rest of each report
    # is the same seed under the body's name)
    seed = SEEDS[3].read_text(encoding="utf-8")
    anchor = "2、部分干部对信息公开责任意识较薄弱。"
    shared = "本年度省新镇线上通过南安市省新镇人民政府信息公开网依申请公开栏目收到申请5条,依申请回复5条。"
    reports = []
    for name in "省新 青石 白沙 金鸡 石井 水头".split()[:1 + others]:
        path = tmp_path / f"{name}.txt"
        path.write_text(seed.replace("省新", name).replace(anchor, shared + "\n" + anchor, 1), encoding="utf-8")
        reports.append(parse_file(path))
    with CorpusIndex(tmp_path / "bodies.sqlite") as index:
        index.add_many(reports)
        found = {(m.kind, m.sharing) for m in find_reuse(index, reports[0]) if (m.part, m.paragraph) == ("P5", 2)
                 and m.kind != "boilerplate"}
    assert found == {(kind, others)}


def test_a_sentence_is_evidence_by_the_fingerprints_inside_it():
    # a common sentence before one of the report's own: the fingerprint across the junction is rare
    # (few reports put the two side by side), but the first sentence holds no rare one of its own
    norm, cuts = normalise_sentences("按照要求检查整改同时通过党政办指导公开。"
                                     "确认无误后再进行发布积极选配工作能力强发布重点工作")
    paragraph = PreparedParagraph.of("P1", 0, "", norm, cuts)
    second = cuts[0]
    across = {h for pos, h in paragraph.prints if second - KGRAM < pos < second}
    own = {h for pos, h in paragraph.prints if pos >= second}
    assert (len(paragraph.prints), len(across), len(own)) == (8, 1, 4)
    assert evidence(paragraph, across | own) == [False, True]
    assert evidence(paragraph, paragraph.hashes) == [True, True]


def test_stickiness_per_part_against_last_year(corpus):
    index, reports, _ = corpus
    reuse, found = _findings(index, reports["r00001.txt"])  # 铺义镇 2023, after r00000 (2022)
    assert reuse.stickiness == {"preamble": 1.0, "P1": 0.674, "P5": 0.002, "P6": 0.469, "all": 0.494}
    assert sorted((m.part, m.paragraph) for m in reuse if m.kind == "sticky") == [("P1", 4), ("P6", 3), ("P6", 4)]
    r2 = found["R2"]
    assert r2.params["n"] == 3 and r2.params["year"] == 2022 and r2.params["sticky"] == "49%"
    assert r2.params["by_part"] == reuse.stickiness


def test_boilerplate_share_leaves_the_format_wording_out(corpus):
    index, reports, _ = corpus
    reuse, found = _findings(index, reports["r00000.txt"])
    assert round(reuse.boilerplate_share, 4) == 0.2725
    r3 = found["R3"]
    assert r3.category == "boilerplate" and r3.severity == "info" and r3.params["share"] == "27%"
    assert (r3.location.part, r3.location.paragraph) == ("P1", 3)
    assert r3.found == ("27%；最常见的一句（26份报告有其中的短语）："
                        "“及时根据人事变动调整政务公开工作领导小组,并指定专人负责政府信息公开工作,明确职责;”")
    # the sentence is shown as the report prints it (folded), so it can be found in the paragraph
    shown = r3.found.split("“")[1].rstrip("”")
    assert shown in fold(reports["r00000.txt"].paragraph("P1", 3).text)
    # the preamble cites the regulation and the 2021 format: template wording, never boilerplate
    assert not [m for m in reuse if m.kind == "boilerplate" and m.part == "preamble" and "条例" in m.quoted()]


def test_incremental_frequencies_equal_a_recount(corpus, tmp_path):
    _, reports, _ = corpus
    names = sorted(reports)
    with CorpusIndex(tmp_path / "step.sqlite") as index:
        assert index.add_many(reports[n] for n in names[:30]) == 30
        for n in names[30:]:
            assert index.add(reports[n]) is True
        assert index.add(reports[names[0]]) is False
        changed = copy.deepcopy(reports[names[1]])  # the same file re-added with edited text
        changed.parts[0].paragraphs[0].text += "另外，本年度新增一句用于检验索引的更新与重新计数。"
        assert index.add(changed) is True
        orphans = "SELECT count(*) FROM prints WHERE paragraph_id NOT IN (SELECT id FROM paragraphs)"
        assert index.db.execute(orphans).fetchone()[0] == 0
        stepwise = index.db.execute("SELECT * FROM frequencies ORDER BY hash").fetchall()
        index._recount()
        assert index.db.execute("SELECT * FROM frequencies ORDER BY hash").fetchall() == stepwise
        assert index.stats()["reports"] == 40


def test_an_index_of_an_older_version_is_refused(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE reports (id INTEGER PRIMARY KEY)")
    with pytest.raises(IndexVersionError, match="build it again"):
        CorpusIndex(path)
