"""Winnowing: the fast version equals its reference twin, and shared text shares fingerprints."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.boilerplate.fingerprint import (fingerprints, kgram_hashes, normalise_for_reuse, winnow,
                                             winnow_reference)
from tests.conftest import SAMPLES


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=20), max_size=60), st.integers(min_value=1, max_value=10))
def test_fast_winnow_equals_reference(hashes, window):
    assert winnow(hashes, window) == winnow_reference(hashes, window)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="政府信息公开工作年度报告镇乡村一二三", min_size=13, max_size=40),
       st.text(alphabet="甲乙丙丁戊", max_size=20), st.text(alphabet="子丑寅卯", max_size=20))
def test_shared_substring_of_guarantee_length_shares_a_fingerprint(shared, left, right):
    k, window = 6, 8  # guarantee: any shared run of window + k − 1 = 13 characters
    a, b = fingerprints(left + shared, k=k, window=window), fingerprints(shared + right, k=k, window=window)
    assert {h for _, h in a} & {h for _, h in b}


def test_normalisation_masks_numbers_and_drops_punctuation():
    assert normalise_for_reuse("2022年主动公开信息 124 条，其中网站24条。") == "#年主动公开信息#条其中网站#条"
    assert normalise_for_reuse("政府資訊公開１２３") == "政府资讯公开#"


def test_copied_paragraph_with_new_figures_keeps_its_fingerprints():
    seed = (SAMPLES / "001_19cc13ecf0eb244d.txt").read_text(encoding="utf-8")
    paragraph = next(line for line in seed.splitlines() if line.startswith("（一）主动公开"))
    copy = paragraph.replace("124", "98").replace("24 条", "31 条")
    assert fingerprints(paragraph) == fingerprints(copy)
    assert len(kgram_hashes(normalise_for_reuse(paragraph), 6)) == len(normalise_for_reuse(paragraph)) - 5


def test_template_wording_is_up_to_date_with_the_format():
    from scripts.build_template_wording import wording

    lines = (SAMPLES.parent / "format" / "template_wording.txt").read_text(encoding="utf-8").splitlines()
    assert [ln for ln in lines if not ln.startswith("#")] == wording()
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in lines


def test_a_matched_span_is_shown_as_the_sentences_that_hold_it():
    from auditor.boilerplate.fingerprint import normalise_for_reuse, sentences_covering

    text = "全年公开信息1,650条。其中，政府网站发布24条；微信公众号41条！其余为公示栏。"
    norm = normalise_for_reuse(text)
    start = norm.index("政府网站")
    end = norm.index("微信") + 2
    assert sentences_covering(text, start, end) == "其中,政府网站发布24条;微信公众号41条!"
    assert sentences_covering(text, 0, 3) == "全年公开信息1,650条。"
    assert sentences_covering(text, len(norm), len(norm)) == ""
