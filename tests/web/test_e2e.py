"""The workbench in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no
browser download): drop the five seeds, see the ranking, open seed 001, see its contradiction
marked in the text, download its feedback note. The test keeps a screenshot of the report page
in its tmp dir (and at $WORKBENCH_SCREENSHOT when set, e.g. docs/workbench.png)."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import CHROMIUM_FLAGS
from tests.conftest import SEEDS

CHROMIUM = Path("/usr/bin/chromium")  # Debian's (scripts/install_browser.sh), never a Playwright download

if not CHROMIUM.is_file() and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (scripts/install_browser.sh)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    import uvicorn

    from auditor.web.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(tmp_path_factory.mktemp("data")), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server) -> Iterator:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS))
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True, locale="zh-CN")
        context.set_default_timeout(30_000)
        yield context.new_page()
        context.close()
        browser.close()


DROP = """([box, files]) => {
  const dt = new DataTransfer();
  for (const f of files) {
    const bytes = Uint8Array.from(atob(f.data), c => c.charCodeAt(0));
    dt.items.add(new File([bytes], f.name, {type: "text/plain"}));
  }
  box.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
}"""


def test_seeds_dropped_ranked_opened_and_noted(server, page, tmp_path):
    page.goto(server + "/")
    assert page.title() == "年度报告审核工作台"
    files = [{"name": p.name, "data": base64.b64encode(p.read_bytes()).decode()} for p in SEEDS]
    page.evaluate(DROP, [page.query_selector("#drop"), files])
    assert page.locator("#chosen li").count() == 5
    page.click("#send")

    # the batch page shows progress, then the ranking (it reloads itself when the audits finish)
    page.wait_for_url("**/batches/*")
    page.wait_for_selector("#progress[data-complete='yes']")
    assert page.locator("tr.status-error").count() == 0, page.locator("tr.status-error").all_inner_texts()
    rows = page.locator("#ranking tbody tr")
    assert rows.count() == 5
    ranks = [int(rows.nth(k).locator("td").first.inner_text()) for k in range(5)]
    assert ranks == sorted(ranks) and ranks[0] == 1
    page.click("#ranking th:has-text('总分')")  # sortable: ascending by total
    totals = [float(rows.nth(k).locator("td.score").inner_text()) for k in range(5)]
    assert totals == sorted(totals)

    with page.expect_download() as ranking:  # the ranking as a spreadsheet
        page.click("#ranking-xlsx")
    assert ranking.value.suggested_filename.endswith(".xlsx")

    # seed 001: its contradiction (T1: an application on 2022-12-20, table 三 shows 0) is marked
    page.click("#ranking a:has-text('海原县海城镇人民政府')")
    page.wait_for_url("**/reports/*")
    mark = page.locator("#P1-2 mark.finding.sev-error")
    assert mark.count() >= 1 and "2022 年 12 月 20 日申请" in mark.first.inner_text()
    assert mark.first.is_visible()
    shot = tmp_path / "workbench.png"
    page.screenshot(path=str(shot))  # the page as it opens: header, the marked sentence, the findings
    assert shot.stat().st_size > 10_000
    if os.environ.get("WORKBENCH_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["WORKBENCH_SCREENSHOT"])
    t1 = page.locator(".finding-item[data-rule='T1']").first
    assert "T3.new.total" in t1.inner_text()
    t1.locator("a.goto").click()
    assert page.evaluate("location.hash") == "#q0"
    assert "flagged" in page.locator("[id='T3.new.total']").get_attribute("class")
    assert page.locator("mark.copied").count() >= 1  # S1: 全乡 in a 镇 report, with its source word

    # the feedback note downloads as a Word document about this report
    with page.expect_download() as download:
        page.click("#feedback-docx")
    note = tmp_path / download.value.suggested_filename
    download.value.save_as(note)
    assert note.suffix == ".docx"
    from docx import Document

    text = "\n".join(p.text for p in Document(str(note)).paragraphs)
    assert "海城镇" in text and "系 2022 年 12 月 20 日申请,目前正在办理" in text


def test_api_docs_render_without_network(server, page):
    page.goto(server + "/docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "审核工作台" in title.inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/batches").count() >= 1
