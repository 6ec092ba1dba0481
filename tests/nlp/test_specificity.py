from auditor.nlp.specificity import specificity


def test_concrete_items_and_generic_phrases():
    s = specificity("下一步，由党政办负责，每月更新财政资金栏目，"
                    "2024年6月底前完成《信息发布保密审查暂行机制》修订，培训3次。")
    kinds = sorted(k for k, _ in s.concrete)
    assert kinds == ["date", "date", "document", "figure", "unit"]
    assert s.score == 1.0
    g = specificity("进一步加强政务公开工作的组织领导，丰富公开形式，提高公开质量。")
    assert g.concrete == () and set(g.generic) >= {"进一步加强", "丰富公开形式", "公开质量"} and g.score == 0.0


def test_the_regulation_itself_is_not_a_specific_document():
    assert specificity("认真学习《中华人民共和国政府信息公开条例》。").concrete == ()
