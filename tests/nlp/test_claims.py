"""Narrative claims: the real samples (exact values), the numeral parser, sentences without claims."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.nlp.claims import Claim, extract_claims, load_lexicon, paragraph_claims
from auditor.nlp.tokenize import chinese_pipeline, load_jieba, make_doc, normalise, parse_number

D = Decimal


def of(claims: list[Claim], kind: str) -> list[Claim]:
    return [c for c in claims if c.quantity == kind]


def values(claims: list[Claim]) -> list[Decimal | None]:
    return [c.value for c in claims]


def items_of(claims: list[Claim], total: Claim) -> list[Claim]:
    return [c for c in claims if c.quantity == "proactive_item" and c.total_of == claims.index(total)]


def claims_in(text: str) -> list[Claim]:
    return paragraph_claims(text, part="P1", paragraph=0)


@pytest.fixture(scope="module")
def claims_of(parsed):
    cache: dict[str, list[Claim]] = {}

    def get(name: str) -> list[Claim]:
        if name not in cache:
            cache[name] = extract_claims(parsed(name))
        return cache[name]

    return get


# ---------------------------------------------------------------------------- tokenizer


def test_domain_words_are_single_tokens_in_spacy_and_jieba():
    text = "本年度没有依申请公开申请，予以公开3件，不予处理1件"
    tokens = [t.text for t in make_doc(text)]
    assert {"依申请公开", "予以公开", "不予处理"} <= set(tokens)
    assert "依申请公开" in load_jieba().lcut(text)
    assert chinese_pipeline() is chinese_pipeline()


def test_every_vocabulary_word_is_one_token():
    """The user dictionary covers the lexicon: a trigger split by jieba would rely on its context."""
    lexicon = load_lexicon()
    words = [w for rule in lexicon.kinds.values() for w in rule.triggers + rule.negation_triggers]
    words += [w for phrases in lexicon.token_cues.values() for w in phrases if isinstance(w, str)]
    split = [w for w in words if len(make_doc(w)) != 1]
    assert split == []


def test_normalise_keeps_offsets():
    text = "共收到申请１２件（其中网上３件）"
    assert normalise(text) == "共收到申请12件(其中网上3件)"
    assert len(normalise(text)) == len(text)


# ---------------------------------------------------------------------------- numerals


@pytest.mark.parametrize(("numeral", "value"), [
    ("1947", 1947), ("1,650", 1650), ("1，650", 1650), ("１２", 12), ("8.0056", D("8.0056")),
    ("1.2万", 12000), ("〇", 0), ("零", 0), ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十三", 23),
    ("一百零五", 105),
    ("一千二百", 1200), ("一千二", 1200), ("两千零二十", 2020), ("三万五千", 35000), ("三万五", 35000),
    ("一万零五百", 10500), ("二〇二二", 2022), ("一亿二千万", 120_000_000),
])
def test_parse_number(numeral: str, value: int | Decimal):
    assert parse_number(numeral) == D(value)


@pytest.mark.parametrize("text", ["", "abc", "一是", "千万", "1-2"])
def test_parse_number_rejects_non_numerals(text: str):
    assert parse_number(text) is None


_CH_DIGITS = "零一二三四五六七八九"


def _reference_chinese(n: int) -> str:
    """Slow, obvious formatter of the standard reading (一百零五, 十万零一十) for 0 ≤ n < 10**8."""
    def section(x: int) -> str:
        out, gap = "", False
        for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = x // size % 10
            if digit == 0:
                gap = gap or bool(out)
                continue
            out += ("零" if gap else "") + _CH_DIGITS[digit] + unit
            gap = False
        return out

    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    if high == 0:
        text = section(low)
    else:
        text = section(high) + "万" + ("零" if 0 < low < 1000 else "") + section(low)
    return text[1:] if text.startswith("一十") else text


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_chinese_numerals_round_trip(n: int):
    assert parse_number(_reference_chinese(n)) == n


# ---------------------------------------------------------------------------- sentence-level rules


@pytest.mark.parametrize("text", [
    "系2022年12月20日收到的政府信息公开申请。",
    "咨询电话：0564-2775050，收到政府信息公开申请后及时办理。",
    "根据海政办发〔2022〕28号文件受理政府信息公开申请。",
    "一是主动公开政府信息，二是做好依申请公开，三是答复申请。",
    "2020年全镇主动公开政务信息较上年增长8%，受理政府信息公开申请同比下降12.5%。",
    "第3次收到政府信息公开申请，国令第 711 号规定。",
    "收到政府信息公开申请后在15个工作日内答复。",
    "收到政府信息公开申请；5件。",
    "未按期办结政府信息公开申请2件。",
    "对无正当理由大量反复申请的不予处理。",
    "发生政府信息公开行政复议、行政诉讼案件2件。",
    "回复网民留言35条，办结群众咨询20件，受理申请的渠道畅通。",
    "严格落实《政府信息公开信息处理费管理办法》。",
    "全年通过微信公众号报道145篇。",
])
def test_sentences_without_claims(text: str):
    assert claims_in(text) == []


def test_approximations_are_intervals():
    text = "本年度收到政府信息公开申请约300件，予以公开近30件，部分公开10余件，不予公开5件左右。"
    got = {c.quantity: (c.low, c.high, c.exactness) for c in claims_in(text)}
    assert got == {
        "received": (D(270), D(330), "approx"),
        "disclosed": (None, D(30), "at_most"),
        "partly_disclosed": (D(10), None, "at_least"),
        "refused": (D("4.5"), D("5.5"), "approx"),
    }


def test_chinese_numerals_in_claims():
    text = "全年共受理政府信息公开申请二十三件，其中自然人二十件，法人或其他组织三件，结转下年度两件。"
    got = [(c.quantity, c.value, text[c.start:c.end]) for c in claims_in(text)]
    assert got == [("received", 23, "二十三件"), ("applicant_np", 20, "二十件"),
                   ("applicant_org", 3, "三件"), ("carried_out", 2, "两件")]


def test_negations_give_zero_statements():
    text = "未发生因政府信息公开引起的行政复议、行政诉讼。本年度未收取信息处理费，没有收到政府信息公开申请。"
    got = [(c.quantity, c.value, c.exactness) for c in claims_in(text)]
    assert got == [("reconsideration", 0, "zero"), ("litigation", 0, "zero"), ("fee", 0, "zero"),
                   ("received", 0, "zero")]


def test_one_number_for_two_kinds_needs_zero_or_each():
    assert [(c.quantity, c.value) for c in claims_in("行政复议、行政诉讼案件各1件。")] == [
        ("reconsideration", 1), ("litigation", 1)]
    assert [(c.quantity, c.value) for c in claims_in("行政复议、行政诉讼0件。")] == [
        ("reconsideration", 0), ("litigation", 0)]


def test_channel_subsets_are_kept_apart():
    online = claims_in("通过政府网站收到政府信息公开申请3件，依申请答复3件。")
    assert [(c.quantity, c.value) for c in online] == [("online_received", 3)]
    assert claims_in("通过信函收到政府信息公开申请3件。") == []
    aside = claims_in("共收到政府信息公开申请5件（其中网上申请3件），予以公开2件。")
    assert [c.quantity for c in aside] == ["received", "disclosed"]


def test_hedged_breakdown():
    claims = claims_in("主动公开政府信息100条，门户网站公开60条，微信公开30条等。")
    assert [(c.quantity, c.value, c.total_of, c.hedged) for c in claims] == [
        ("proactive_total", 100, None, True),
        ("proactive_item", 60, 0, True),
        ("proactive_item", 30, 0, True),
    ]


# ---------------------------------------------------------------------------- the samples


def test_seed_000(claims_of):
    claims = claims_of("000_718221f2d83cfcc1.txt")
    (total,) = of(claims, "proactive_total")
    assert (total.value, total.exactness, total.unit, total.year, total.part) == (
        1947, "exact", "条", 2020, "P1")
    items = items_of(claims, total)
    assert values(items) == [128, 1650, 103, 66]
    assert [(c.low, c.high, c.exactness) for c in items][1] == (1650, None, "at_least")
    assert not total.hedged and not any(c.hedged for c in items)
    (received,) = of(claims, "received")
    assert (received.value, received.low, received.high, received.exactness) == (0, 0, 0, "zero")
    assert "未收到群众要求公开政府信息的相关申请" in received.sentence
    assert {c.quantity for c in claims} == {"proactive_total", "proactive_item", "received"}


def test_seed_000_offsets_point_into_the_paragraph(parsed, claims_of):
    report = parsed("000_718221f2d83cfcc1.txt")
    claims = claims_of("000_718221f2d83cfcc1.txt")
    item = next(c for c in claims if c.exactness == "at_least")
    text = report.part(item.part).paragraphs[item.paragraph].text
    assert text[item.start:item.end] == "1650余条"
    assert item.sentence == ("其中本级公开政务信息128条，各社区公开政务信息1650余条，"
                             "政务微信公开信息103条，其他方式公开信息66条")


def test_seed_001(claims_of):
    claims = claims_of("001_19cc13ecf0eb244d.txt")
    (received,) = of(claims, "received")
    assert (received.value, received.exactness, received.unit, received.year) == (None, "missing", "件", 2022)
    (pending,) = of(claims, "carried_out")  # 目前正在办理: at least one application still open
    assert (pending.value, pending.low, pending.high, pending.exactness, pending.year) == (
        None, 1, None, "at_least", 2022)
    assert pending.sentence.endswith("目前正在办理")
    (total,) = of(claims, "proactive_total")
    assert total.value == 124
    items = items_of(claims, total)
    assert values(items) == [24, 41, 52]
    assert not any(c.hedged for c in [total, *items])  # 主要涉及…等 describes content, not the list
    (fee,) = of(claims, "fee")
    assert (fee.value, fee.exactness, fee.part, fee.year) == (0, "zero", "P6", 2022)


def test_seed_002(claims_of):
    claims = claims_of("002_c4d6f57b4a056a63.txt")
    (received,) = of(claims, "received")
    assert (received.value, received.exactness, received.unit, received.part) == (1, "exact", "条", "P5")
    (online,) = of(claims, "online_received")
    assert (online.value, online.exactness, online.part) == (0, "exact", "P1")
    assert of(claims, "handled") == []  # 依申请回复 0 条 counts the online channel only
    assert [(c.value, c.part) for c in of(claims, "proactive_total")] == [(1320, "P1"), (1202, "P5")]
    assert of(claims, "proactive_item") == []  # 解读材料 8 篇 is not an item of the 1320


def test_seed_003(claims_of):
    claims = claims_of("003_0b5ac3f5fb7cd1c6.txt")
    (received,) = of(claims, "received")
    assert (received.value, received.year) == (4, 2020)
    (natural,) = of(claims, "applicant_np")  # 全部为自然人: new.np = new.total
    assert (natural.exactness, natural.total_of, natural.value) == ("all", claims.index(received), 4)
    assert [(c.quantity, c.value) for c in claims if c.quantity in ("handled", "disclosed", "refused")] == [
        ("handled", 4), ("disclosed", 3), ("refused", 1)]
    (total,) = of(claims, "proactive_total")  # 共公开82条; 主动公开…共82条, 通过审核的82条 restate it
    items = items_of(claims, total)
    assert total.value == 82 and values(items) == [24, 8, 18, 6, 22] and sum(values(items)) == 78
    assert not total.hedged  # 主要集中在 … 及其他类: the list claims to be complete
    zeros = [(c.quantity, c.exactness, c.part, c.year) for c in claims if c.exactness == "zero"]
    assert zeros == [("reconsideration", "zero", "P4", 2020), ("litigation", "zero", "P4", 2020)]
    assert len(claims) == 13


def test_seed_004(claims_of):
    claims = claims_of("004_2ddb75e6feefc9c5.txt")
    assert [(c.quantity, c.value, c.exactness, c.unit) for c in claims] == [
        ("received", 0, "exact", "件"), ("handled", 0, "exact", "件")]


def test_hongze_pdf(parsed):
    claims = extract_claims(parsed("hongze_district_2023.pdf"))
    assert [(c.quantity, c.value, c.unit, c.year) for c in claims] == [
        ("proactive_total", 1136, "条", 2023), ("received", 21, "件", 2023), ("fee", 0, "元", 2023)]


def test_a_text_read_twice_gives_its_claims_at_each_place():
    """The per-text memo: the same sentence in two reports gives the same claims, each placed where
    it stands, and the same as when the paragraph's doc is passed (no memo)."""
    from auditor.nlp.claims import _text_claims

    text = "本年度共收到政府信息公开申请4件，予以公开2件。"
    first = paragraph_claims(text, part="P3", paragraph=2)
    hits = _text_claims.cache_info().hits
    again = paragraph_claims(text, part="P1", paragraph=7)
    assert _text_claims.cache_info().hits == hits + 1  # the second read came from the memo
    with_doc = paragraph_claims(text, part="P1", paragraph=7, doc=make_doc(text))
    assert [(c.quantity, c.value, c.part, c.paragraph) for c in first] == [
        ("received", 4, "P3", 2), ("disclosed", 2, "P3", 2)]
    assert [(c.quantity, c.value, c.part, c.paragraph) for c in again] == [
        ("received", 4, "P1", 7), ("disclosed", 2, "P1", 7)]
    assert again == with_doc
