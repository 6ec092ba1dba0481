"""The JSON API and pages through FastAPI's TestClient: the seeds end to end, bad uploads refused
with a readable 4xx while the server keeps working, and batches surviving a restart."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auditor.errors import ReadError
from auditor.web.app import create_app
from auditor.web.store import Store
from auditor.web.uploads import Accepted, Limits
from auditor.web.worker import Auditor, AuditAborted, PooledAuditor
from tests.web.conftest import make_zip

LIMITS = Limits(max_file_bytes=2 * 1024 * 1024, max_request_bytes=8 * 1024 * 1024)
IN_PROCESS = Auditor()  # the pipeline in this process: child processes are the e2e test's (and the server's)


def local(app, **options) -> TestClient:
    """A client that, like a browser on this computer, addresses the server as 127.0.0.1."""
    return TestClient(app, base_url="http://127.0.0.1", **options)


def wait_for(client: TestClient, batch_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/api/batches/{batch_id}").json()
        if state["batch"]["complete"]:
            return state
        time.sleep(0.1)
    raise AssertionError(f"batch {batch_id} not audited in {timeout} s")


def as_files(named: list[tuple[str, bytes]]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in named]


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    with local(create_app(tmp_path_factory.mktemp("data"), limits=LIMITS, audit=IN_PROCESS)) as c:
        yield c


@pytest.fixture(scope="module")
def seed_batch(client, seeds) -> dict:
    response = client.post("/api/batches", files=as_files(seeds))
    assert response.status_code == 201, response.text
    assert response.json()["reports"] == 5
    return wait_for(client, response.json()["batch"])


def test_seeds_are_audited_and_ranked(seed_batch, seeds):
    assert seed_batch["batch"]["counts"] == {"done": 5}
    ranking = seed_batch["ranking"]
    assert sorted(r["report"]["filename"] for r in ranking) == sorted(name for name, _ in seeds)
    assert [r["row"]["rank"] for r in ranking] == sorted(r["row"]["rank"] for r in ranking)
    totals = [r["row"]["total"] for r in ranking]
    assert totals == sorted(totals, reverse=True)


def test_report_record_of_seed_001(client, seed_batch):
    report = next(r for r in seed_batch["reports"] if r["filename"].startswith("001"))
    answer = client.get(f"/api/reports/{report['id']}").json()
    record = answer["record"]
    assert record["source"] == record["score"]["source"] == answer["document"]["source"] == report["filename"]
    assert record["report"]["body"] == "海原县海城镇人民政府"
    rules = {f["rule"] for f in record["findings"]}
    assert {"T1", "T1m", "T2", "M1", "S1"} <= rules
    assert answer["document"]["parts"][0]["paragraphs"][2]["text"].startswith("(二)依申请公开")


def test_report_page_marks_the_contradiction_and_its_cells(client, seed_batch):
    report = next(r for r in seed_batch["reports"] if r["filename"].startswith("001"))
    page = client.get(f"/reports/{report['id']}").text
    # the T1 sentence is marked in paragraph P1-2 and linked from the finding list
    para = page[page.index('id="P1-2"'):]
    para = para[:para.index("</p>")]
    assert '<mark class="finding sev-error"' in para and "2022 年 12 月 20 日申请" in para
    assert 'href="#q0"' in page and 'id="q0"' in page
    # the table cell the finding concerns is flagged in table 三, by its cell id
    assert 'id="T3.new.total" title="T3.new.total" class="value flagged"' in page
    # S1 (text written for a 乡) is a copied-text mark with its source word
    assert "疑似照搬：全乡" in page


def test_batch_page_and_index(client, seed_batch):
    page = client.get(f"/batches/{seed_batch['batch']['id']}").text
    assert 'id="ranking"' in page and "海原县海城镇人民政府" in page and "全部 5 份已审核完成" in page
    assert seed_batch["batch"]["id"] in client.get("/").text


def test_ranking_xlsx(client, seed_batch):
    from openpyxl import load_workbook

    response = client.get(f"/api/batches/{seed_batch['batch']['id']}/ranking.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    assert "%3A" not in response.headers["content-disposition"]  # no ':' from the batch's time in the name
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "排名" and len(rows) == 6
    assert {r[-1] for r in rows[1:]} == {r["filename"] for r in seed_batch["reports"]}


def test_feedback_docx(client, seed_batch):
    from docx import Document

    report = next(r for r in seed_batch["reports"] if r["filename"].startswith("001"))
    response = client.get(f"/api/reports/{report['id']}/feedback.docx")
    assert response.status_code == 200, response.text
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "海城镇" in text
    # the note of *this* audit: its T1 contradiction with the quote and the cell, and its own total
    assert "系 2022 年 12 月 20 日申请,目前正在办理" in text
    assert "表三“一、本年新收政府信息公开申请数量”行“总计”栏" in text
    total = next(r["row"]["total"] for r in seed_batch["ranking"] if r["report"]["id"] == report["id"])
    assert f"报告得分{total:g}分" in text


def test_openapi_docs_are_served_offline(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/batches", "/api/batches/{batch_id}", "/api/reports/{report_id}",
            "/api/batches/{batch_id}/ranking.xlsx", "/api/reports/{report_id}/feedback.docx"} <= set(paths)


BOMB = make_zip({"bomb.txt": b"0" * (30 * 1024 * 1024)})


@pytest.mark.parametrize(("files", "status", "words"), [
    ([("empty.txt", b"")], 400, "文件是空的"),
    ([("photo.jpg", b"\xff\xd8\xff\xe0")], 415, "不支持的文件类型"),
    ([("report.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 200)], 415, "内容不是文本"),
    ([("report.pdf", "一、总体情况".encode())], 415, "内容与扩展名不符"),
    ([("big.txt", "报告".encode() * (LIMITS.max_file_bytes // 6 + 1))], 413, "超过上限"),
    ([("evil.zip", make_zip({"../../evil.txt": "一、总体情况".encode()}))], 400, "../"),
    ([("bomb.zip", BOMB)], 413, "压缩炸弹"),
    ([("nested.zip", make_zip({"in.zip": make_zip({"a.txt": "报告".encode()})}))], 400, "压缩包内还有压缩包"),
])
def test_bad_uploads_get_a_clear_4xx_and_the_server_goes_on(client, seeds, files, status, words):
    before = len(client.get("/api/batches").json())
    response = client.post("/api/batches", files=as_files(files))
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert len(client.get("/api/batches").json()) == before  # nothing half made
    ok = client.post("/api/batches", files=as_files(seeds[:1]))
    assert ok.status_code == 201
    wait_for(client, ok.json()["batch"])


def test_no_file_and_oversized_request(client, seeds):
    response = client.post("/api/batches", data={"x": "1"})
    assert response.status_code == 422 and response.json()["detail"] == "没有选择文件"
    huge = [("a.txt", "报告".encode() * (LIMITS.max_file_bytes // 7))] * 5
    response = client.post("/api/batches", files=as_files(huge))
    assert response.status_code == 413 and "上传内容超过上限" in response.json()["detail"]
    assert client.get("/api/batches").status_code == 200


def test_errors_on_pages_are_readable_html(client):
    response = client.post("/upload", files=as_files([("empty.txt", b"")]), headers={"accept": "text/html"})
    assert response.status_code == 400 and "text/html" in response.headers["content-type"]
    assert "empty.txt：文件是空的" in response.text and "Traceback" not in response.text
    missing = client.get("/reports/nope", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "没有这份报告" in missing.text
    assert client.get("/api/batches/nope").json() == {"detail": "没有这个批次"}


def test_form_upload_redirects_to_the_batch(client, seeds):
    response = client.post("/upload", files=as_files(seeds[:1]), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/batches/")


def test_unreadable_report_is_shown_as_an_error_and_the_rest_go_on(tmp_path, seeds):
    def audit(path: Path) -> dict:
        if path.name.startswith("000"):
            raise ReadError(path, "no text layer (scanned PDF?)")
        return {"source": str(path), "report": {}, "findings": []}

    with local(create_app(tmp_path, audit=audit)) as c:
        batch = c.post("/api/batches", files=as_files(seeds[:2])).json()["batch"]
        state = wait_for(c, batch)
        assert state["batch"]["counts"] == {"error": 1, "done": 1}
        bad = next(r for r in state["reports"] if r["status"] == "error")
        assert bad["error"] == "无法读取此文件：no text layer (scanned PDF?)"
        assert "无法审核：无法读取此文件" in c.get(f"/batches/{batch}").text
        assert c.get(f"/api/reports/{bad['id']}/feedback.docx").status_code == 409


def test_restart_loses_nothing_and_resumes_interrupted_audits(tmp_path, seeds):
    with local(create_app(tmp_path, audit=IN_PROCESS)) as c:
        done = c.post("/api/batches", files=as_files(seeds[:2])).json()["batch"]
        wait_for(c, done)
    # a report left running by a server that was killed mid-audit
    store = Store(tmp_path)
    interrupted = store.create_batch([Accepted(seeds[2][0], "txt", seeds[2][1])])
    assert store.claim_next().status == "running"
    store.close()
    with local(create_app(tmp_path, audit=IN_PROCESS)) as c:
        assert {b["id"] for b in c.get("/api/batches").json()} == {done, interrupted}
        assert c.get(f"/api/batches/{done}").json()["batch"]["counts"] == {"done": 2}
        assert wait_for(c, interrupted)["batch"]["counts"] == {"done": 1}


def test_progress_is_visible_while_auditing(tmp_path, seeds):
    import threading

    release = threading.Event()

    def slow(path: Path) -> dict:
        release.wait(10)
        return {"source": str(path), "report": {}, "findings": []}

    with local(create_app(tmp_path, audit=slow)) as c:
        batch = c.post("/api/batches", files=as_files(seeds[:3])).json()["batch"]
        state = c.get(f"/api/batches/{batch}/progress").json()
        assert state["total"] == 3 and state["finished"] == 0 and not state["complete"]
        assert "正在审核：已完成 0 / 3 份" in c.get(f"/batches/{batch}").text
        assert "正在审核，请稍候" in c.get(f"/reports/{batch}-000").text
        release.set()
        assert wait_for(c, batch)["batch"]["finished"] == 3


def test_a_dying_audit_process_is_an_error_value_and_the_pool_recovers(tmp_path, seeds):
    """A child that cannot even start (here: 64 MB of address space) is reported, not raised."""
    pooled = PooledAuditor(memory_bytes=64 * 1024**2, timeout=60)
    path = tmp_path / "a.txt"
    path.write_bytes(seeds[0][1])
    try:
        with pytest.raises(AuditAborted, match="审核进程异常退出"):
            pooled(path)
        assert pooled._pool is None  # discarded: the next file gets a fresh pool
    finally:
        pooled.close()


def test_writes_from_other_web_sites_are_refused(client, seeds):
    response = client.post("/api/batches", files=as_files(seeds[:1]), headers={"origin": "http://evil.example"})
    assert response.status_code == 403 and "其他网站" in response.json()["detail"]
    same = client.post("/api/batches", files=as_files(seeds[:1]), headers={"origin": "http://127.0.0.1"})
    assert same.status_code == 201
    rebound = client.get("/api/batches", headers={"host": "evil.example"})  # DNS rebinding to 127.0.0.1
    assert rebound.status_code == 400
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):  # this computer, IPv6 included
        assert client.get("/api/batches", headers={"host": host}).status_code == 200, host


def test_serving_on_the_ipv6_loopback_keeps_the_host_check(monkeypatch, tmp_path):
    """`auditor serve --host ::1` is as closed to DNS rebinding as 127.0.0.1 (no network warning)."""
    import uvicorn

    import auditor.web.app
    from auditor.web import serve

    made = {}
    real = auditor.web.app.create_app
    monkeypatch.setattr(auditor.web.app, "create_app", lambda *a, **k: made.update(k) or real(*a, **k))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: made.update(ran=kwargs))
    args = type("Args", (), {"host": "::1", "port": 8765, "data": str(tmp_path / "data"), "index": None,
                             "processes": 1})()
    assert serve.run(args) == 0
    assert made["hosts"] == auditor.web.app.LOOPBACK_NAMES and made["ran"]["host"] == "::1"


def test_an_unexpected_failure_is_a_readable_500(tmp_path, seeds, monkeypatch):
    import auditor.render.ranking

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(auditor.render.ranking, "write_ranking_xlsx", broken)
    app = create_app(tmp_path, audit=IN_PROCESS)
    with local(app, raise_server_exceptions=False) as c:
        batch = c.post("/api/batches", files=as_files(seeds[:1])).json()["batch"]
        wait_for(c, batch)
        response = c.get(f"/api/batches/{batch}/ranking.xlsx")
        assert response.status_code == 500 and "服务器内部错误（OSError）" in response.json()["detail"]
        assert c.get("/api/batches").status_code == 200


def test_a_zip_of_reports_is_one_batch_with_the_names_inside(client, seeds):
    archive = make_zip({f"县/{name}": data for name, data in seeds[:3]} | {"县/说明.jpg": b"\xff\xd8\xff\xe0"})
    response = client.post("/api/batches", files=as_files([("reports.zip", archive)]))
    assert response.status_code == 201
    body = response.json()
    assert body["reports"] == 3 and len(body["skipped"]) == 1 and "说明.jpg" in body["skipped"][0]
    state = wait_for(client, body["batch"])
    assert [r["filename"] for r in state["reports"]] == [f"县/{name}" for name, _ in seeds[:3]]
    assert state["batch"]["counts"] == {"done": 3}
    assert state["batch"]["skipped"] == body["skipped"]
    assert "已跳过" in client.get(f"/batches/{body['batch']}").text and "说明.jpg" in client.get(body["url"]).text


def test_deleting_a_batch_removes_its_rows_and_files(tmp_path, seeds):
    with local(create_app(tmp_path, audit=IN_PROCESS)) as c:
        keep = c.post("/api/batches", files=as_files(seeds[:1])).json()["batch"]
        gone = c.post("/api/batches", files=as_files(seeds[1:3])).json()["batch"]
        wait_for(c, gone)
        assert (tmp_path / "uploads" / gone).is_dir()
        assert c.delete(f"/api/batches/{gone}").json() == {"deleted": gone}
        assert not (tmp_path / "uploads" / gone).exists() and (tmp_path / "uploads" / keep).is_dir()
        assert c.get(f"/api/batches/{gone}").status_code == 404
        assert c.get(f"/api/reports/{gone}-000").status_code == 404
        assert [b["id"] for b in c.get("/api/batches").json()] == [keep]
        assert c.delete(f"/api/batches/{gone}").status_code == 404
        form = c.post(f"/batches/{keep}/delete", follow_redirects=False)
        assert form.status_code == 303 and c.get("/api/batches").json() == []
