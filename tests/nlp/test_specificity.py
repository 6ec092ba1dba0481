from auditor.nlp.specificity import specificity


def test_concrete_items_and_generic_phrases():
    s = specificity("下一步，由党政办负责，每月更新财政资金栏目，"
                    "2024年6月底前完成《信息发布保密审查暂行机制》修订，培训3次。")
    kinds = sorted(k for k, _ in s.concrete)
    assert kinds == ["date", "date", "document", "figure", "unit"]
    assert s.score == 1.0
    g = specificity("进一步加强政务公开工作的组织领导，公开的内容不够全面，有待进一步加强。")
    # mined phrases (corpora/lexicon/generic_phrases.txt), longest first and never overlapping
    assert g.generic == ("进一步加强", "公开的内容", "不够全面", "有待进一步加强") and g.concrete == () and g.score == 0.0


def test_the_regulation_itself_is_not_a_specific_document():
    assert specificity("认真学习《中华人民共和国政府信息公开条例》。").concrete == ()
