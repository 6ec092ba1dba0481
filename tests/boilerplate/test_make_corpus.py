"""The generated corpus reads back as written: body, level, year, tables and every planted paragraph
at the location its truth record names."""

from __future__ import annotations

import json

from auditor.boilerplate.fingerprint import normalise_for_reuse
from auditor.parse import parse_file
from scripts.make_corpus import SEEDS, generate, write_corpus


def test_generation_is_seeded():
    a, truth_a = generate(25, seed=4)
    b, truth_b = generate(25, seed=4)
    assert [r.render() for r in a] == [r.render() for r in b] and truth_a == truth_b
    assert [r.render() for r in generate(25, seed=5)[0]] != [r.render() for r in a]


def test_generated_reports_parse_with_their_truth(tmp_path):
    truth = write_corpus(40, seed=3, out=tmp_path)
    assert [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()] == truth
    reports = {t["file"]: t for t in truth if t["type"] == "report"}
    assert len(reports) == 40
    assert {r.body.layout.name for r in generate(600, seed=3)[0]} == {p.name[:3] for p in SEEDS}
    seed_tables = {p.name[:3]: parse_file(p).tables for p in SEEDS}
    parsed = {name: parse_file(tmp_path / name) for name in reports}
    for name, report in parsed.items():
        want = reports[name]
        assert want["body"] in report.body and (report.level, report.year) == (want["level"], want["year"])
        assert report.tables == seed_tables[want["layout"]]
    copies = [t for t in truth if t["type"] == "copy"]
    assert {t["kind"] for t in copies} == {"copied", "sticky"}
    for record in copies:
        source, target = record["source"], record["target"]
        src = parsed[source["file"]].paragraph(source["part"], source["paragraph"]).text
        dst = parsed[target["file"]].paragraph(target["part"], target["paragraph"]).text
        if record["how"] == "verbatim":
            assert normalise_for_reuse(src) == normalise_for_reuse(dst)
        elif record["how"] == "sentences":
            assert any(len(x) >= 20 and x in normalise_for_reuse(dst) for x in map(normalise_for_reuse, src.split("。")))
        elif record["how"] == "reordered":
            assert sorted(normalise_for_reuse(src)) == sorted(normalise_for_reuse(dst)) and src != dst
        if record["kind"] == "sticky":
            s, t = reports[source["file"]], reports[target["file"]]
            assert s["body"] == t["body"] and t["year"] == s["year"] + 1
    for record in (t for t in truth if t["type"] == "boilerplate"):
        text = parsed[record["file"]].paragraph(record["part"], record["paragraph"]).text
        assert normalise_for_reuse(record["sentence"]) in normalise_for_reuse(text)
