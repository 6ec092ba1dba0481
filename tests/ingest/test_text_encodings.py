"""Text files arrive as UTF-8, UTF-8 with BOM, UTF-16 or GB18030/GBK: all read the same."""

from __future__ import annotations

import codecs

import pytest

from auditor.normalize import fold
from auditor.parse import parse_file
from tests.conftest import SAMPLES

SEED = SAMPLES / "001_19cc13ecf0eb244d.txt"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_give_the_same_report(tmp_path, encoding, parsed):
    text = SEED.read_text(encoding="utf-8")
    if encoding == "gbk":  # GBK lacks a few characters of the report: use only what it can say
        text = text.encode("gbk", errors="replace").decode("gbk")
    path = tmp_path / f"seed.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    report = parse_file(path)
    original = parsed(SEED.name)
    assert report.tables == original.tables
    assert report.body == original.body and report.year == 2022
    assert [p.id for p in report.parts] == [p.id for p in original.parts]


def test_bom_detected_not_kept(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + SEED.read_bytes())
    assert parse_file(path).metadata["title"].startswith("海原县")


def test_fold_for_matching_keeps_originals_apart():
    assert fold("第二十条第（一）項　１２３ＡＢ") == "第二十条第(一)项 123AB"
    assert fold("“三安全一稳定”") == '"三安全一稳定"'
    assert fold("政府資訊公開") == "政府资讯公开"


def test_traditional_report_reads_like_simplified(tmp_path, parsed):
    import zhconv

    text = zhconv.convert(SEED.read_text(encoding="utf-8"), "zh-hant")
    path = tmp_path / "trad.txt"
    path.write_text(text, encoding="utf-8")
    report = parse_file(path)
    assert report.tables == parsed(SEED.name).tables
    assert report.format == "2021" and len(report.parts) == 6
    assert report.parts[0].paragraphs[0].text == text_first_paragraph(text)


def text_first_paragraph(text: str) -> str:
    """Quotes keep the original characters: the paragraph comes back in traditional form."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(lines) if ln in ("一、總體情況", "一、总体情况"))
    return lines[start + 1]
