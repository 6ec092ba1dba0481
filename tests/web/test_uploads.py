"""Upload checks: the kind comes from the bytes, and zips are refused on their directory."""

from __future__ import annotations

import pytest

from auditor.web.uploads import Limits, UploadError, check_upload, check_uploads, sniff
from tests.web.conftest import make_zip


def test_kinds_by_content(seeds, blank_docx, pdf_bytes):
    assert sniff("a.txt", seeds[0][1]) == "txt"
    assert sniff("a.docx", blank_docx) == "docx"
    assert sniff("a.pdf", pdf_bytes) == "pdf"
    assert sniff("a.html", "<html><body><p>报告</p></body></html>".encode()) == "html"
    assert sniff("a.htm", "2022年度报告".encode("gb18030")) == "html"  # named html, read as html
    assert sniff("a.txt", "一、总体情况".encode("gb18030")) == "txt"
    assert sniff("a.zip", make_zip({"x.txt": seeds[0][1]})) == "zip"


@pytest.mark.parametrize(("name", "data", "status", "words"), [
    ("a.txt", b"", 400, "空"),
    ("a.exe", b"MZ\x90\x00", 415, "不支持的文件类型"),
    ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 415, "内容不是文本"),
    ("a.pdf", "一、总体情况".encode(), 415, "内容与扩展名不符"),
    ("a.docx", b"%PDF-1.7\n", 415, "内容与扩展名不符"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, 415, "不支持的文件类型"),
    ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, 415, "另存为"),
    ("a.txt", b"   \n\t\n", 400, "空白"),
])
def test_refused_single_files(name, data, status, words):
    with pytest.raises(UploadError) as caught:
        check_upload(name, data)
    assert caught.value.status == status
    assert words in caught.value.message and name in caught.value.message


def test_oversized_file():
    with pytest.raises(UploadError) as caught:
        check_upload("a.txt", "报告".encode() * 100, Limits(max_file_bytes=100))
    assert caught.value.status == 413 and "超过上限" in caught.value.message


def test_zip_of_reports_skips_debris_and_reports_other_files(seeds, blank_docx):
    data = make_zip({"县/001.txt": seeds[1][1], "县/模板.docx": blank_docx, "__MACOSX/._001.txt": b"\x00\x05",
                     "县/照片.jpg": b"\xff\xd8\xff\xe0", "县/": b""})
    checked = check_upload("reports.zip", data)
    assert [(a.name, a.kind) for a in checked.accepted] == [("县/001.txt", "txt"), ("县/模板.docx", "docx")]
    assert len(checked.skipped) == 1 and "照片.jpg" in checked.skipped[0]


def test_gbk_member_names_are_read_as_chinese(seeds):
    """Zips made by Chinese Windows tools store names in GBK without the UTF-8 flag."""
    gbk = "报.txt".encode("gb18030")
    data = make_zip({"ab.txt": seeds[0][1]}).replace(b"ab.txt", gbk)  # same length: offsets stay valid
    assert check_upload("z.zip", data).accepted[0].name == "报.txt"


@pytest.mark.parametrize(("members", "symlinks", "words"), [
    ({"../../etc/evil.txt": b"x"}, (), "../"),
    ({"ok/../../evil.txt": b"x"}, (), "../"),
    ({"/etc/evil.txt": b"x"}, (), "绝对路径"),
    ({"C:/evil.txt": b"x"}, (), "绝对路径"),
    ({"link.txt": b"/etc/passwd"}, ("link.txt",), "符号链接"),
    ({"inner.zip": make_zip({"a.txt": "报告".encode()})}, (), "压缩包内还有压缩包"),
    ({"inner.txt": make_zip({"a.txt": "报告".encode()})}, (), "没有可审核的报告"),
    ({"a.jpg": b"\xff\xd8\xff"}, (), "没有可审核的报告"),
])
def test_refused_zips(members, symlinks, words):
    with pytest.raises(UploadError) as caught:
        check_upload("r.zip", make_zip(members, symlinks=symlinks))
    assert words in caught.value.message and 400 <= caught.value.status < 500


def test_zip_bomb_refused_before_inflating():
    bomb = make_zip({"bomb.txt": b"0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(UploadError) as caught:
        check_upload("bomb.zip", bomb)
    assert caught.value.status == 413 and "压缩炸弹" in caught.value.message


def test_zip_total_and_member_limits(seeds):
    many = make_zip({f"{k}.txt": seeds[0][1] for k in range(6)})
    with pytest.raises(UploadError, match="超过上限 5 个"):
        check_upload("m.zip", many, Limits(max_zip_members=5))
    with pytest.raises(UploadError, match="解压后超过"):
        check_upload("m.zip", many, Limits(max_zip_total_bytes=3 * len(seeds[0][1])))


def test_member_over_the_file_limit_is_refused_while_inflating(seeds):
    data = make_zip({"a.txt": seeds[0][1]})
    with pytest.raises(UploadError, match="超过上限"):
        check_upload("a.zip", data, Limits(max_file_bytes=len(data) + 10, max_zip_total_bytes=10**9))


def test_lying_directory_sizes_never_inflate_past_the_claim():
    """A bomb whose central directory claims 1000 bytes: reading stops there and the CRC fails."""
    data = bytearray(make_zip({"a.txt": b"0" * (5 * 1024 * 1024)}))
    central = data.index(b"PK\x01\x02")
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")
    with pytest.raises(UploadError, match="已损坏"):
        check_upload("a.zip", bytes(data))


def test_one_bad_file_refuses_the_upload(seeds):
    with pytest.raises(UploadError, match="空"):
        check_uploads([seeds[0], ("b.txt", b"")])
    with pytest.raises(UploadError, match="没有选择文件"):
        check_uploads([])
    with pytest.raises(UploadError, match="超过上限 2 份"):
        check_uploads(seeds[:3], Limits(max_files=2))


def test_an_uploaded_name_is_only_a_label(seeds):
    """A path in the name a browser sends is cut to its last part; storage never uses it anyway."""
    assert check_upload("../../etc/报告.txt", seeds[0][1]).accepted[0].name == "报告.txt"
    assert check_upload("C:\\\\Users\\\\a\\\\报告.txt", seeds[0][1]).accepted[0].name == "报告.txt"
