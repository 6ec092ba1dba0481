"""Disclosure channels as spans with canonical ids and the counts the text gives."""

from __future__ import annotations

from decimal import Decimal

from auditor.nlp.channels import extract_channels, paragraph_channels


def test_001_channels_expected_md_lists(parsed):
    found = extract_channels(parsed("001_19cc13ecf0eb244d.txt"))
    names = {c.text for c in found}
    assert {"政府门户网站", "微信公众号", "线下公示栏", "电子屏", "宣传栏", "信息公告栏"} <= names
    ids = {c.text: c.channel for c in found}
    assert (ids["政府门户网站"], ids["微信公众号"], ids["线下公示栏"], ids["电子屏"]) == (
        "portal", "wechat", "board", "screen")


def test_001_channel_counts(parsed):
    counted = [(c.channel, c.count) for c in extract_channels(parsed("001_19cc13ecf0eb244d.txt"))
               if c.count is not None]
    assert counted[:3] == [("portal", Decimal(24)), ("wechat", Decimal(41)), ("board", Decimal(52))]


def test_longest_name_wins_and_offsets_point_into_the_text():
    text = "通过政府门户网站公开信息12条，在村务公开栏张贴公告3期。"
    found = paragraph_channels(text, part="P1", paragraph=0)
    assert [(c.channel, c.text, c.count, c.unit) for c in found] == [
        ("portal", "政府门户网站", Decimal(12), "条"), ("board", "村务公开栏", Decimal(3), "期")]
    assert all(text[c.start:c.end] == c.text for c in found)


def test_a_text_read_twice_gives_its_mentions_at_each_place():
    from auditor.nlp.channels import _text_channels

    text = "通过政府门户网站公开信息12条。"
    first = paragraph_channels(text, part="P1", paragraph=0)
    hits = _text_channels.cache_info().hits
    again = paragraph_channels(text, part="P5", paragraph=3)
    assert _text_channels.cache_info().hits == hits + 1  # the second read came from the memo
    assert [(c.channel, c.part, c.paragraph, c.count) for c in first] == [("portal", "P1", 0, Decimal(12))]
    assert [(c.channel, c.part, c.paragraph, c.count) for c in again] == [("portal", "P5", 3, Decimal(12))]
