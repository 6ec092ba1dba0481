"""Upload checks for the workbench: the type of a file is decided by its bytes, zip archives are
opened only after their directory has been checked (bombs, `../` paths, links, nested archives).

Nothing here runs or imports uploaded content; a file that passes is only handed to the readers.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from auditor.errors import ReadError
from auditor.ingest.text import decode

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls
_HTML = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|meta|title|table|div|p)\b", re.I)

# the name's suffix → the family of content it promises; the bytes must agree with it
NAME_FAMILIES = {".txt": "text", ".text": "text", ".md": "text", ".markdown": "text", ".html": "text",
                 ".htm": "text", ".shtml": "text", ".docx": "docx", ".pdf": "pdf", ".zip": "zip"}
# archive debris that is skipped silently, not reported as an unsupported file
_DEBRIS = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|~\$)", re.I)


class UploadError(Exception):
    """An upload refused; `message` is Chinese and says what to do, `status` is the HTTP code."""

    def __init__(self, message: str, *, status: int = 400, name: str | None = None) -> None:
        self.message = f"{name}：{message}" if name else message
        self.status = status
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 20 * 1024 * 1024  # one report, or one zip as uploaded
    max_request_bytes: int = 100 * 1024 * 1024  # one upload request, all files together
    max_files: int = 200  # reports in one batch, zip members included
    max_zip_members: int = 500
    max_zip_total_bytes: int = 200 * 1024 * 1024  # uncompressed, all members
    max_zip_ratio: float = 100.0  # uncompressed / compressed, per member
    docx_max_ratio: float = 200.0  # Word XML compresses well; still bounded


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Accepted:
    """A report file that passed the checks: its name as the user knows it, its kind and bytes."""

    name: str
    kind: str  # "txt", "html", "docx", "pdf": the reader it goes to
    data: bytes

    @property
    def suffix(self) -> str:
        return f".{self.kind}"


@dataclass(slots=True)
class Checked:
    accepted: list[Accepted]
    skipped: list[str]  # zip members that are not reports, with the reason


def _mb(n: float) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def sniff(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """The kind of a single (non-archive) file, decided by content; raise UploadError if the bytes
    are not a report format or contradict the name's suffix."""
    suffix = PurePosixPath(name).suffix.lower()
    family = NAME_FAMILIES.get(suffix)
    if family is None:
        raise UploadError(f"不支持的文件类型“{suffix or '（无扩展名）'}”，"
                          "请上传 txt、docx、pdf、html 文件或它们的 zip 压缩包", status=415, name=name)
    if not data:
        raise UploadError("文件是空的", name=name)
    if len(data) > limits.max_file_bytes:
        raise UploadError(f"文件大小 {len(data) / 1e6:.1f} MB，超过上限 {_mb(limits.max_file_bytes)}",
                          status=413, name=name)
    if data.startswith(OLE_MAGIC):
        raise UploadError("这是旧版 Word（.doc）或 Excel 文件，请在 Word 中“另存为” .docx 后再上传", status=415, name=name)
    if data.startswith(PDF_MAGIC):
        kind = "pdf"
    elif data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        kind = "docx" if _is_docx(name, data, limits) else "zip"
    else:
        kind = _text_kind(name, data)
    if kind == "zip" and family == "docx":
        raise UploadError("文件扩展名是 .docx，但内容不是 Word 文档", status=415, name=name)
    if family == "text" and kind not in ("txt", "html") or family in ("docx", "pdf", "zip") and kind != family:
        raise UploadError(f"文件扩展名是 {suffix}，但内容是{_KIND_WORDS[kind]}：内容与扩展名不符", status=415, name=name)
    if kind in ("txt", "html") and suffix in (".html", ".htm", ".shtml"):
        return "html"  # an HTML page saved without tags near the top is still read as HTML
    return kind


_KIND_WORDS = {"pdf": " PDF", "docx": " Word 文档", "zip": " zip 压缩包", "txt": "纯文本", "html": "网页"}


def _text_kind(name: str, data: bytes) -> str:
    try:
        text = decode(PurePosixPath(name), data)  # type: ignore[arg-type]
    except ReadError:
        raise UploadError("内容不是文本，也不是 docx、pdf 或 zip（可能是图片、程序或损坏的文件）",
                          status=415, name=name) from None
    if not text.strip():
        raise UploadError("文件只有空白，没有文字", name=name)
    return "html" if _HTML.search(text[:4096]) else "txt"


def _open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise UploadError("压缩文件已损坏，无法打开", name=name) from None


def _is_docx(name: str, data: bytes, limits: Limits) -> bool:
    with _open_zip(name, data) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            return False
        _check_directory(name, archive.infolist(), limits, ratio=limits.docx_max_ratio)
        return True


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; names written by Chinese Windows tools without the UTF-8 flag are GBK."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe_path(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return path.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", path)) or ".." in parts


def _check_directory(name: str, infos: list[zipfile.ZipInfo], limits: Limits, *, ratio: float) -> None:
    """Refuse the archive on what its directory says, before a byte is inflated."""
    if len(infos) > limits.max_zip_members:
        raise UploadError(f"压缩包内有 {len(infos)} 个文件，超过上限 {limits.max_zip_members} 个", status=413, name=name)
    total = 0
    for info in infos:
        member = member_name(info)
        if _unsafe_path(member):
            raise UploadError(f"压缩包内的路径“{member}”指向压缩包以外（含 ../ 或绝对路径），已拒绝整个压缩包", name=name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UploadError(f"压缩包内的“{member}”是符号链接，已拒绝整个压缩包", name=name)
        if info.flag_bits & 0x1:
            raise UploadError(f"压缩包内的“{member}”有密码保护，请解压后再上传", name=name)
        total += info.file_size
        if total > limits.max_zip_total_bytes:
            raise UploadError(f"压缩包解压后超过 {_mb(limits.max_zip_total_bytes)}（疑似“压缩炸弹”），已拒绝",
                              status=413, name=name)
        if info.file_size > 1024 * 1024 and info.file_size > ratio * max(info.compress_size, 1):
            raise UploadError(f"压缩包内的“{member}”压缩比异常（{info.file_size / max(info.compress_size, 1):.0f} 倍，"
                              f"疑似“压缩炸弹”），已拒绝", status=413, name=name)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    """Inflate at most `limit` bytes: the directory's sizes are checked, but the data must agree."""
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"压缩包内的“{member_name(info)}”解压后超过上限（疑似“压缩炸弹”），已拒绝", status=413, name=name)
    return data


def check_upload(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Checked:
    """One uploaded file: a report, or a zip of reports (one level; no archives inside)."""
    name = PurePosixPath(name.replace("\\", "/")).name or "（无名文件）"
    kind = sniff(name, data, limits)
    if kind != "zip":
        return Checked([Accepted(name, kind, data)], [])
    accepted: list[Accepted] = []
    skipped: list[str] = []
    with _open_zip(name, data) as archive:
        infos = archive.infolist()
        _check_directory(name, infos, limits, ratio=limits.max_zip_ratio)
        for info in infos:
            member = member_name(info)
            if info.is_dir() or _DEBRIS.search(member):
                continue
            if PurePosixPath(member).suffix.lower() == ".zip":
                raise UploadError(f"压缩包内还有压缩包“{member}”，请解开后再上传", name=name)
            try:
                content = _read_member(archive, info, limits.max_file_bytes, name)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError):
                raise UploadError(f"压缩包内的“{member}”已损坏", name=name) from None
            try:
                member_kind = sniff(member, content, limits)
            except UploadError as exc:
                skipped.append(exc.message)
                continue
            if member_kind == "zip":
                raise UploadError(f"压缩包内还有压缩包“{member}”，请解开后再上传", name=name)
            accepted.append(Accepted(member, member_kind, content))
    if not accepted:
        detail = "；".join(skipped[:3])
        raise UploadError("压缩包里没有可审核的报告（txt、docx、pdf、html）" + (f"：{detail}" if detail else ""),
                          status=415 if skipped else 400, name=name)
    return Checked(accepted, skipped)


def check_uploads(files: list[tuple[str, bytes]], limits: Limits = DEFAULT_LIMITS) -> Checked:
    """All files of one upload; any refused file refuses the upload, so a batch is never half made."""
    if not files:
        raise UploadError("没有选择文件")
    accepted: list[Accepted] = []
    skipped: list[str] = []
    for name, data in files:
        checked = check_upload(name, data, limits)
        accepted.extend(checked.accepted)
        skipped.extend(checked.skipped)
    if len(accepted) > limits.max_files:
        raise UploadError(f"一次上传了 {len(accepted)} 份报告，超过上限 {limits.max_files} 份，请分批上传", status=413)
    return Checked(accepted, skipped)
