"""Bad input: one clear error naming the file and the reason, a non-zero exit, no traceback."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys

import pytest

from auditor.errors import ReadError
from auditor.parse import parse_file
from tests.conftest import SAMPLES


def _scanned_pdf(path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)  # an image-only page: no text layer
    c.showPage()
    c.save()


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def bad_files(tmp_path):
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4000))
    scanned = tmp_path / "scan.pdf"
    _scanned_pdf(scanned)
    return {
        "missing": (tmp_path / "nope.txt", "no such file"),
        "empty": (_write(tmp_path, "empty.txt", b""), "empty file"),
        "binary": (_write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + noise), "binary data"),
        "not_report": (SAMPLES / "EXPECTED.md", "not a government information disclosure annual report"),
        "corrupt_docx": (_write(tmp_path, "broken.docx", b"PK\x03\x04" + noise), "corrupt"),
        "corrupt_pdf": (_write(tmp_path, "broken.pdf", b"%PDF-1.7\n" + noise), "corrupt"),
        "scanned_pdf": (scanned, "no text layer"),
        "unsupported": (_write(tmp_path, "report.doc", b"\xd0\xcf\x11\xe0" + noise), "unsupported file type"),
        "html_without_text": (_write(tmp_path, "blank.html", b"<html><script>x=1</script></html>"), "no text"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "not_report", "corrupt_docx",
                                  "corrupt_pdf", "scanned_pdf", "unsupported", "html_without_text"])
def test_read_error_names_file_and_reason(bad_files, case):
    path, reason = bad_files[case]
    with pytest.raises(ReadError) as info:
        parse_file(path)
    assert info.value.path == str(path)
    assert reason in info.value.reason
    assert info.value.zh != info.value.reason and re.search(r"[\u4e00-\u9fff]", info.value.zh)  # for the outputs


def test_size_limit_is_configurable(tmp_path):
    with pytest.raises(ReadError, match="over the"):
        parse_file(SAMPLES / "001_19cc13ecf0eb244d.txt", max_bytes=1000)


def _cli(*args):
    env = {**os.environ, "PYTHONPATH": str(SAMPLES.parents[1])}
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_reports_each_bad_file_and_goes_on(bad_files):
    paths = [str(p) for p, _ in bad_files.values()]
    result = _cli("parse", *paths, str(SAMPLES / "003_0b5ac3f5fb7cd1c6.txt"))
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == len(paths)
    for line, (path, reason) in zip(errors, bad_files.values()):
        assert line.startswith(f"auditor: error: {path}: ") and reason in line
    assert "Traceback" not in result.stderr
    assert "南安市省新镇" in result.stdout  # the good file after the bad ones was still read


def test_cli_oversize_option():
    result = _cli("parse", "--max-size", "0.001", str(SAMPLES / "001_19cc13ecf0eb244d.txt"))
    assert result.returncode == 2 and "over the" in result.stderr and "Traceback" not in result.stderr
