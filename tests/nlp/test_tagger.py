"""Paragraph tagger: estimator round trip, version warning, heading context, and the seeds' parts 五/六
tagged as EXPECTED.md says (the sample reports are held out of the shipped model's training data)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from auditor.nlp.tagger import (
    MODEL_DIR,
    TAGS,
    CompactTagger,
    ParagraphTagger,
    char_ngrams,
    chars,
    default_tagger,
    heading_contexts,
    guideline_tags,
    is_heading,
    stack_logistic,
    tag_report,
    with_guideline_tags,
)
from tests.conftest import ROOT

LABELLED = ROOT / "corpora" / "tagging" / "labelled.jsonl"


def labelled(n: int | None) -> list[dict]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return rows[:n]


def tags_of(report, part_id: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(report.paragraph(t.part, t.index).text, t.labels) for t in tag_report(report) if t.part == part_id]


def test_save_load_round_trip_gives_the_same_probabilities(tmp_path):
    rows = labelled(400)
    tagger = ParagraphTagger(lambda: LogisticRegression(C=4.0, max_iter=2000), name="logreg_test").fit(
        [r["text"] for r in rows], [r["labels"] for r in rows], contexts=[r["context"] for r in rows])
    tagger.save(tmp_path, meta={"date": "test"})
    back = ParagraphTagger.load(tmp_path)
    texts, contexts = [r["text"] for r in rows[:50]], [r["context"] for r in rows[:50]]
    assert np.array_equal(tagger.predict_proba(texts, contexts=contexts), back.predict_proba(texts, contexts=contexts))
    assert back.meta["tags"] == list(TAGS) and back.meta["estimator"] == "logreg_test"
    compact = CompactTagger.load(tmp_path)  # written beside the pickle for a logistic tagger
    assert np.allclose(compact.predict_proba(texts, contexts=contexts), back.predict_proba(texts, contexts=contexts),
                       atol=1e-12)


def test_a_model_from_other_library_versions_warns(tmp_path):
    shutil.copytree(MODEL_DIR, tmp_path / "m")
    meta_path = tmp_path / "m" / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["versions"]["scikit-learn"] = "0.0.1"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(UserWarning, match="scikit-learn"):
        ParagraphTagger.load(tmp_path / "m")


def test_shipped_model_was_not_trained_on_the_samples():
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    held_out = set(meta["test_reports"])
    assert {f"sample:{name}" for name in ("000_718221f2d83cfcc1.txt", "001_19cc13ecf0eb244d.txt",
                                          "004_2ddb75e6feefc9c5.txt")} <= held_out


def test_heading_context_follows_part_titles_and_sub_headings():
    got = heading_contexts([("五、存在的主要问题", "一是更新不及时。"), ("六、其他需要报告的事项", "下步打算"),
                            ("六、其他需要报告的事项", "一是加强培训。"), (None, "七、附则"), (None, "本报告……")])
    assert got == ["五、存在的主要问题｜", "六、其他需要报告的事项｜", "六、其他需要报告的事项｜下步打算",
                   "六、其他需要报告的事项｜下步打算", "七、附则｜"]
    assert is_heading("下步打算") and is_heading("（二）依申请公开") and not is_heading("暂无其他需要报告的事项。")


def test_guideline_tags_follow_the_place_of_a_paragraph(parsed):
    report = parsed("000_718221f2d83cfcc1.txt")
    titles = {part.id: part.title for part in report.parts}
    located = [(titles.get(part), p.text) for part, p in report.narrative()]
    contexts = dict(zip((text for _, text in located), heading_contexts(located)))
    item = next(text for _, text in located if text.startswith("二是抓好村级政务公开监督"))
    assert contexts[item] == "六、其他需要报告的事项｜下步打算" and guideline_tags(item, contexts[item]) == {"measure": True}
    assert guideline_tags("下步打算", contexts["下步打算"]) == {"measure": True}  # the heading line itself
    shortcoming = next(text for _, text in located if text.startswith("一、政务新媒体运用不充分"))
    assert guideline_tags(shortcoming, contexts[shortcoming]) == {"problem": True, "measure": False}
    # a heading that names problems as well decides nothing; a shortcoming item that pledges keeps its measure
    assert guideline_tags("进一步规范村级政务公开。", "五、存在的主要问题及改进情况｜（二）存在的不足和下步打算") == {}
    assert guideline_tags("（三）信息公开人员不足,学习力度有待加强。目前,信息公开工作均为兼职。",
                        "五、存在的主要问题及改进情况｜") == {"problem": True}
    assert guideline_tags("（二）依申请公开", "一、总体情况｜") == {}


def test_guideline_tags_of_seed_002_part_five(parsed):
    report = parsed("002_c4d6f57b4a056a63.txt")
    titles = {part.id: part.title for part in report.parts}
    located = [(titles.get(part), p.text) for part, p in report.narrative()]
    placed = {text: guideline_tags(text, context) for (_, text), context in zip(located, heading_contexts(located))}

    def of(start: str) -> dict[str, bool]:
        [decided] = [tags for text, tags in placed.items() if text.startswith(start)]
        return decided

    assert of("1、存在问题") == {"problem": True, "measure": False}  # a heading of problems only
    assert of("(1) 加强各部门沟通协调。") == {"measure": True}  # a pledge under 五、存在的主要问题及改进情况
    assert of("(3) 政策解读内容形式单一。") == {"problem": True, "measure": False}
    assert of("(3) 镇村现场调研成绩较好。") == {"measure": False}  # results: no word a measure is written with
    assert of("(1) 系统性学习依申请公开流程。") == {"measure": True}  # under 2、下一步工作打算
    assert guideline_tags("（一）加强组织领导。成立了领导小组。", "一、总体情况｜") == {}


def test_guideline_tags_of_a_measures_part_and_of_a_paragraph_of_shortcomings(parsed):
    rows = labelled(None)
    [item] = [r for r in rows if r["context"].startswith("六、政府信息公开工作下一步工作措施")
              and r["text"].startswith("一是扎实做好政府信息主动公开工作")]
    assert guideline_tags(item["text"], item["context"]) == {"measure": True} and "measure" in item["labels"]
    # seed 001: problems stated (存在不足：一是……有待加强) with no pledge; its 主要 is not a 要
    report = parsed("001_19cc13ecf0eb244d.txt")
    shortcomings = report.part("P5").paragraphs[0].text
    assert shortcomings.startswith("2022年我镇在政府信息公开工作中取得了一定成绩,但也存在不足") and "主要" in shortcomings
    assert guideline_tags(shortcomings, "五、存在的主要问题及改进情况｜") == {"measure": False}
    measures = report.part("P5").paragraphs[1].text
    assert measures.startswith("下一步,我镇将") and guideline_tags(measures, "五、存在的主要问题及改进情况｜") == {}


def test_guideline_tags_stay_out_of_part_one_and_after_a_block_and_read_any_script():
    five = "五、存在的主要问题及改进情况｜"
    # a fee line after seed 000's 下步打算 block is not a measure for being there
    fee = "本机关2020年度未收取政府信息公开信息处理费。"
    assert guideline_tags(fee, "六、其他需要报告的事项｜下步打算") == {"measure": False}
    # in part 一 a 工作计划 heading, a 问题 heading and a 加强 item report work done: nothing decided
    assert guideline_tags("（五）年度工作计划", "一、总体情况｜") == {}
    assert guideline_tags("（五）热点问题回应", "一、总体情况｜") == {}
    assert guideline_tags("（二）强化薄弱环节。年初制定了工作要点。", "一、总体情况｜") == {}
    # a pledge naming a shortcoming to remedy is a measure, not a problem
    assert guideline_tags("（二）强化薄弱环节。加强业务培训。", five) == {"measure": True}
    assert guideline_tags("1、加强队伍建设,解决人员不足问题。", five) == {"measure": True}
    # Kangxi radicals (PDF text), traditional characters and full-width punctuation read as usual
    assert guideline_tags("(一)进⼀步加强组织体系建设。", five) == {"measure": True}
    assert guideline_tags("針對以上問題，我鎮將進一步加強業務培訓。", five) == {}
    assert guideline_tags("一是政策解读的针对性和形式多样性有待进一步增强,部分信息更新不及时。", five)["problem"]
    assert guideline_tags("下一阶段，我镇会围绕群众关切，扩大公开范围，增强公开实效，用好政务新媒体。", five) == {}


def test_guideline_tags_join_the_classifiers_decision():
    texts = ["下步打算", "一、政务新媒体运用不充分。镇村两级电子政务公开方面目前还缺少专业操作人员。", "（二）依申请公开"]
    contexts = ["六、其他需要报告的事项｜", "五、存在的主要问题及改进情况｜", "一、总体情况｜"]
    decided = [("other",), ("measure", "platform"), ("on_request",)]
    proba = np.zeros((3, len(TAGS)))
    assert with_guideline_tags(decided, texts, contexts, proba) == [
        (("measure",), ("measure",), ()),  # `other` gives way to the added tag
        (("problem", "platform"), ("problem",), ("measure",)),
        (("on_request",), (), ())]
    assert with_guideline_tags([("measure",)], texts[1:2], contexts[1:2], proba[:1]) == [
        (("problem",), ("problem",), ("measure",))]
    # a ruled-out tag the classifier came near (NEAR) is withheld too, so that Q12a does not count it
    near = proba[:1].copy()
    near[0, TAGS.index("measure")] = 0.32
    assert with_guideline_tags([("platform",)], texts[1:2], contexts[1:2], near) == [
        (("problem", "platform"), ("problem",), ("measure",))]


def test_000_part_five_problems_and_part_six_measures(parsed):
    report = parsed("000_718221f2d83cfcc1.txt")
    p5 = tags_of(report, "P5")
    assert [text[:12] for text, _ in p5] == ["一、政务新媒体运用不充分", "二、村级政务公开还不规范"]
    assert all("problem" in labels for _, labels in p5)
    p6 = tags_of(report, "P6")
    block = [labels for text, labels in p6 if text.startswith(("一是", "二是", "三是"))]
    assert len(block) == 3 and all("measure" in labels for labels in block)


def test_004_part_five_has_problems_and_measures(parsed):
    p5 = tags_of(parsed("004_2ddb75e6feefc9c5.txt"), "P5")
    assert any("problem" in labels for _, labels in p5) and any("measure" in labels for _, labels in p5)


def test_001_proactive_paragraph_with_channel_counts(parsed):
    report = parsed("001_19cc13ecf0eb244d.txt")
    [(text, labels)] = [(x, labels) for x, labels in tags_of(report, "P1") if "微信公众号" in x and "41" in x]
    assert {"channel", "proactive"} <= set(labels)


def test_stacked_logistic_weights_equal_the_classifiers_own_probabilities():
    tagger = ParagraphTagger.load()
    rows = labelled(300)
    texts, contexts = [r["text"] for r in rows], [r["context"] for r in rows]
    x = tagger.featurizer.transform(texts, contexts)
    stacked = stack_logistic(tagger.classifiers)
    if stacked is None:
        pytest.skip(f"the shipped estimator ({tagger.name}) is not a logistic regression: no compact form")
    weights, bias = stacked
    assert np.allclose(1.0 / (1.0 + np.exp(-(x @ weights + bias))), tagger.predict_proba(texts, contexts=contexts),
                       atol=1e-12)


def test_compact_runtime_equals_the_pickled_estimators_on_the_corpus():
    compact, reference = CompactTagger.load(), ParagraphTagger.load()
    rows = labelled(3611)[::7]
    texts, contexts = [r["text"] for r in rows], [r["context"] for r in rows]
    fast = compact.predict_proba(texts, contexts=contexts)
    slow = reference.predict_proba(texts, contexts=contexts)
    assert fast.shape == (len(rows), len(TAGS)) and np.allclose(fast, slow, atol=1e-12)
    assert compact.decide(fast) == reference.decide(slow)
    assert isinstance(default_tagger(), CompactTagger)  # what the audit uses


def test_the_memo_gives_what_a_fresh_tagger_gives_even_when_it_overflows():
    """Probabilities taken from the memo (a pair seen before, a pair twice in one batch, a memo
    cleared because it is full) are those of a tagger that has seen nothing."""
    rows = labelled(3611)[::11]
    texts, contexts = [r["text"] for r in rows], [r["context"] for r in rows]
    expected = CompactTagger.load().predict_proba(texts, contexts=contexts)
    small = CompactTagger.load()
    small.MEMO_SIZE = 40
    scored: list[int] = []
    proba = small._proba
    small._proba = lambda t, c: scored.append(len(t)) or proba(t, c)
    got = [small.predict_proba(texts[i:i + 30] + texts[:5], contexts=contexts[i:i + 30] + contexts[:5])
           for i in range(0, len(texts), 30)]
    assert len(small._memo) <= 40
    assert scored[0] == 30  # the five repeated pairs of the first batch were scored once
    again = len(scored)
    small.predict_proba(texts[:5], contexts=contexts[:5])
    assert len(scored) == again  # still in the memo: nothing scored
    for i, block in zip(range(0, len(texts), 30), got):
        n = len(texts[i:i + 30])
        assert np.array_equal(block[:n], expected[i:i + n]) and np.array_equal(block[n:], expected[:5])
    assert small.predict_proba([], contexts=[]).shape == (0, len(TAGS))


def test_char_ngrams_are_scikit_learns():
    from sklearn.feature_extraction.text import TfidfVectorizer

    text = chars("2022年  主动公开政府信息124条。")
    analyse = TfidfVectorizer(analyzer="char", preprocessor=chars, ngram_range=(1, 3)).build_analyzer()
    assert char_ngrams(text, 1, 3) == analyse("2022年  主动公开政府信息124条。")
    assert char_ngrams("ab", 2, 3) == ["ab"] and char_ngrams("", 1, 3) == []


def test_the_tag_listing_marks_what_the_place_decided():
    from auditor.audit import tag_file
    from auditor.render.terminal import tags_text

    lines = tags_text(tag_file(ROOT / "corpora" / "samples" / "000_718221f2d83cfcc1.txt")).splitlines()
    first = next(line for line in lines if line.startswith("  P5第1段"))  # the tags (specificity follows)
    assert first.startswith("  P5第1段 [问题*") and "；不计措施*]" in first
    item = next(line for line in lines if line.startswith("  P6第3段"))
    assert item.startswith("  P6第3段 [措施*")
    assert "  （*：按标注规则由段落位置、标题或措辞判定，如“下步打算”下的各条为措施）" in lines
