"""One jieba segmentation per paragraph: `words` (what the tagger reads) and `make_doc` (what claims
and channels read) must be exactly what spaCy's jieba tokenizer makes of the normalised text."""

from __future__ import annotations

import json
import re

from auditor.nlp.tagger import tokens
from auditor.nlp.tokenize import CHANNELS, USERDICT, chinese_pipeline, load_jieba, make_doc, normalise, words
from tests.conftest import ROOT

PARAGRAPHS = [json.loads(line)["text"] for line in
              (ROOT / "corpora" / "tagging" / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines()]


def test_docs_from_cached_words_are_spacys_own_on_the_corpus():
    nlp = chinese_pipeline()
    spaces = ["  两个空格\t制表符\n换行 ", "", " ", "  ", " 前导空格", "结尾空格 ", "结尾两个  ", "一 \n 二", "一\n 二",
              "一 \r\n二", "\u3000全角空格\u3000"]
    texts = PARAGRAPHS[::3] + spaces + ["微信公众号公开41条，政府网站公开12条。"]
    for text in texts:
        ours, theirs = make_doc(text), nlp.make_doc(normalise(text))
        assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in theirs], text
        assert ours.text == normalise(text)


def test_tagger_tokens_are_the_docs_non_space_tokens_with_numbers_folded():
    for text in PARAGRAPHS[1::3] + ["主动公开 124 条，其中　微信公众号41条"]:
        expected = [t.text for t in chinese_pipeline().make_doc(normalise(text)) if not t.is_space]
        assert tokens(text) == [re.sub(r"\d+(?:\.\d+)?", "0", w) for w in expected]
    assert words("微信公众号公开41条")[0] == "微信公众号"  # a channel name is one word (domain dictionary)


def test_the_c_segmenter_gives_jiebas_words_on_the_corpus():
    """jieba_fast (what the audit segments with) against pure-Python jieba with the same domain words:
    identical on all but a handful of paragraphs (an unknown character the two HMMs join differently)."""
    import jieba

    reference = jieba.Tokenizer()
    reference.load_userdict(str(USERDICT))
    for key, names in json.loads(CHANNELS.read_text(encoding="utf-8")).items():
        if not key.startswith("_"):
            for name in names:
                reference.add_word(name, freq=2000)
    fast = load_jieba()
    differ = [t for t in PARAGRAPHS if list(reference.cut(normalise(t))) != list(fast.cut(normalise(t)))]
    assert len(differ) <= 3, differ[:3]


def test_the_shared_vocabulary_computes_only_what_the_audit_reads():
    """The shared pipeline's vocabulary computes IS_SPACE and no other lexical attribute (the rest cost
    70% of a Doc with new words). So no audit code may read one: a new use fails here, not silently."""
    from spacy.attrs import IS_SPACE

    assert set(chinese_pipeline().vocab.lex_attr_getters) == {IS_SPACE}
    assert [t.is_space for t in make_doc("公开 124 条\n\n完毕")] == [False, False, False, True, False]
    lexical = re.compile(r"\.(?:like_num|like_url|like_email|is_digit|is_alpha|is_punct|is_stop|is_upper|is_lower|"
                         r"is_title|is_ascii|is_bracket|is_quote|is_currency|shape_|norm_|lower_|prefix_|suffix_)\b")
    readers = [str(p.relative_to(ROOT)) for p in (ROOT / "auditor").rglob("*.py")
               if lexical.search(p.read_text(encoding="utf-8"))]
    assert readers == []


def test_sentence_by_sentence_words_are_the_whole_texts_words():
    """`words` segments and caches each sentence on its own; jieba's words of the whole text are the same."""
    jieba = load_jieba()
    edge = ["a。b", "。。", ";;x", "2021年;3.5%。\r\n下", "www.x.gov.cn。网站", "？！问", "\u3000。 a", "一是；二是！三是？"]
    for text in PARAGRAPHS + edge:
        assert list(words(text)) == [w for w in jieba.cut(normalise(text)) if w], text


def test_the_dictionary_cache_reader_reads_what_marshal_wrote(tmp_path):
    import marshal

    from auditor.nlp.tokenize import _WholeFileMarshal

    data = ({"政府": 3, "政府信息": 0, "公开": 7}, 10)
    with (tmp_path / "cache").open("wb") as fh:
        _WholeFileMarshal.dump(data, fh)
    with (tmp_path / "cache").open("rb") as fh:
        assert _WholeFileMarshal.load(fh) == data == marshal.loads((tmp_path / "cache").read_bytes())
    assert load_jieba().marshal is _WholeFileMarshal and len(load_jieba().dt.FREQ) > 400_000


def test_a_sentence_two_paragraphs_share_is_segmented_once():
    from auditor.nlp.tokenize import _sentence_words

    shared = "本年度未收到政府信息公开申请。"
    words(shared + "我镇将继续做好公开工作。")
    hits = _sentence_words.cache_info().hits
    words("全年主动公开信息12条。" + shared)
    assert _sentence_words.cache_info().hits == hits + 1


def test_clear_text_caches_empties_every_text_cache_and_the_taggers_memo():
    from auditor.nlp.channels import _text_channels, extract_channels
    from auditor.nlp.claims import _text_claims, extract_claims
    from auditor.nlp.tagger import default_tagger, tag_report
    from auditor.parse import parse_file
    from auditor.textcache import clear_text_caches

    report = parse_file(ROOT / "corpora" / "samples" / "001_19cc13ecf0eb244d.txt")
    tag_report(report), extract_claims(report), extract_channels(report)
    caches = (words, make_doc, normalise, _text_claims, _text_channels)
    assert all(c.cache_info().currsize for c in caches) and default_tagger()._memo
    clear_text_caches()
    assert [c.cache_info().currsize for c in caches] == [0] * len(caches) and not default_tagger()._memo


def test_kangxi_radicals_of_pdf_text_are_read_as_the_characters_they_stand_for():
    # a web report converted from PDF writes 进⼀步…⼯作⼈员 with Kangxi radicals (U+2F00 ⼀, U+2F2F ⼯, U+2F08 ⼈)
    rows = [json.loads(line) for line in (ROOT / "corpora" / "tagging" / "labelled.jsonl").read_text(
        encoding="utf-8").splitlines()]
    text = next(r["text"] for r in rows if r["text"].startswith("针对信息公开⼯作⼈员"))
    assert normalise(text).startswith("针对信息公开工作人员") and len(normalise(text)) == len(text)
    assert "工作" in words(text) and "⼯作" not in words(text)
