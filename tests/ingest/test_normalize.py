"""Folding text for matching: the traditional-character detector must agree with zhconv."""

import zhconv

from auditor.normalize import fold, to_simplified, traditional_characters


def test_detector_finds_exactly_the_characters_zhconv_changes():
    changed = {chr(c) for c in range(0x4E00, 0xA000) if zhconv.convert(chr(c), "zh-hans") != chr(c)}
    found = {chr(c) for c in range(0x4E00, 0xA000)} & traditional_characters()
    assert found == changed
    assert len(changed) > 2000  # the table really is loaded


def test_traditional_report_text_is_simplified_and_simplified_text_is_kept():
    assert to_simplified("沙塘鎮的信息公開工作") == "沙塘镇的信息公开工作"
    simplified = "城关镇人民政府2020年政府信息公开工作年度报告"
    assert to_simplified(simplified) is simplified
    assert fold("五、存在的主要問題及下一步計劃") == "五、存在的主要问题及下一步计划"
