"""Readers: one per file format, each turning a file into a `Document` of ordered blocks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from auditor.errors import ReadError
from auditor.model import Document

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx",
            ".pdf": "pdf", ".html": "html", ".htm": "html", ".shtml": "html"}


def report_files(paths: Iterable[str | Path]) -> list[Path]:
    """Report files under `paths` (folders searched recursively for the suffixes the readers take,
    skipping hidden files and Office lock files `~$…`), each once, in a stable order. A path named
    directly is kept whatever its suffix, so that reading it gives the reason it cannot be read."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$")):
                    found.setdefault(p, None)
        else:
            found.setdefault(path, None)
    return list(found)


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read any supported file into a Document, or raise ReadError naming the file and reason."""
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ReadError(path, f"unsupported file type '{path.suffix or '(none)'}' "
                              f"(supported: {', '.join(sorted(set(SUFFIXES)))})",
                        zh=f"不支持的文件类型“{path.suffix or '（无扩展名）'}”（支持：{'、'.join(sorted(set(SUFFIXES)))}）")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(path, "no such file", zh="文件不存在") from None
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}", zh=f"无法打开文件（{exc.strerror or exc}）") from None
    if path.is_dir():
        raise ReadError(path, "is a directory", zh="这是文件夹，不是文件")
    if size == 0:
        raise ReadError(path, "empty file", zh="空文件")
    if size > max_bytes:
        raise ReadError(path, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
                        zh=f"文件大小 {size / 1e6:.1f} MB，超过 {max_bytes / 1e6:.0f} MB 的上限")
    data = path.read_bytes()
    if kind in ("txt", "md"):
        from auditor.ingest.text import read_text
        return read_text(path, data, kind)
    if kind == "docx":
        from auditor.ingest.docx import read_docx
        return read_docx(path, data)
    if kind == "pdf":
        from auditor.ingest.pdf import read_pdf
        return read_pdf(path, data)
    from auditor.ingest.html import read_html
    return read_html(path, data)
