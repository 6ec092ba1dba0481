"""summary.html: self-contained (no scripts, no external resources) and rendered by headless chromium."""

from __future__ import annotations

import re
import shutil

import pytest

from auditor.batch import run_batch
from tests.browser import blank_share, screenshot
from tests.conftest import SAMPLES, SEEDS


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    src = tmp_path_factory.mktemp("reports")
    for path in [*SEEDS, SAMPLES / "hongze_district_2023.pdf"]:
        shutil.copy(path, src / path.name)
    (src / "broken.docx").write_bytes(b"not a zip")
    out = tmp_path_factory.mktemp("out")
    result = run_batch([src], out, progress=False)
    return out / "summary.html", result


def test_summary_is_self_contained(summary):
    path, result = summary
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # nothing fetched from elsewhere
    assert "@import" not in html and "url(" not in html
    assert html.count("<svg") == 3  # score distribution, most frequent findings, findings per rule
    for row in result.rows:
        assert f"<td>{row.body}</td>" in html
    assert "broken.docx" in html and "未能审核的文件" in html
    assert "T1 文字与表格不一致" in html


def test_summary_renders_in_headless_chromium(summary, browser, tmp_path):
    path, _ = summary
    png = screenshot(path, tmp_path / "summary.png", width=1200, height=1400)
    assert png.stat().st_size > 10_000
    assert blank_share(png) < 0.97  # mostly white page, but charts, table and text are drawn
