"""Plain text and Markdown: decode (UTF-8, BOM, UTF-16, GB18030) and keep every line as a block."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from auditor.errors import ReadError
from auditor.model import Document, Paragraph

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode(path: Path, data: bytes) -> str:
    """Decode bytes of a text file; refuse binary data rather than return garbage."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(path, data[3:].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(path, data.decode("utf-16", errors="replace"))
    if b"\x00" in data[:4096]:
        raise ReadError(path, "binary data, not text (NUL bytes)", zh="二进制数据，不是文本")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(path, data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ReadError(path, "not text in UTF-8 or GB18030/GBK", zh="不是 UTF-8 或 GB18030/GBK 编码的文本")


def _checked(path: Path, text: str) -> str:
    sample = text[:20000]
    if sample and (len(_CONTROL.findall(sample)) + sample.count("\ufffd")) / len(sample) > 0.01:
        raise ReadError(path, "binary data, not text (control characters)", zh="二进制数据，不是文本（含控制字符）")
    return text


def read_text(path: Path, data: bytes, kind: str) -> Document:
    text = decode(path, data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if kind == "md":
        lines = [line for line in lines if not _MD_RULE.match(line)]
    if not any(line.strip() for line in lines):
        raise ReadError(path, "no text (only white space)", zh="没有文字（只有空白）")
    return Document(str(path), kind, tuple(Paragraph(line) for line in lines))  # type: ignore[arg-type]
