"""The workbench: a FastAPI app over the store, the audit worker and the pipeline's renderers.

Pages (Chinese) and a JSON API (`/api/…`, documented at `/docs`) do the same operations through
the same functions; uploads are checked by `uploads.py` before anything is stored.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, File, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auditor.score import RankedRow
from auditor.web.store import Batch, ReportRow, Store
from auditor.web.uploads import DEFAULT_LIMITS, Limits, UploadError, check_uploads
from auditor.web.view import report_view
from auditor.web.worker import AuditFn, PooledAuditor, Worker

HERE = Path(__file__).parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CHUNK = 1024 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")  # Host header names of this computer (IPv6 in brackets)
LOOPBACK_ADDRESSES = ("127.0.0.1", "localhost", "::1")  # what `--host` takes for them


class _BodyTooLarge(Exception):
    pass


class RequestGuard:
    """Before a request reaches the app: refuse a write sent by another web site open in the same
    browser (its Origin is not this server), and a body over `limit` bytes, by its Content-Length
    or while it streams in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        origin = headers.get(b"origin")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and origin is not None \
                and urlsplit(origin.decode("latin-1")).netloc != headers.get(b"host", b"").decode("latin-1"):
            await _refuse(send, 403, "拒绝了来自其他网站的请求：请直接在工作台页面上传")
            return
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _BodyTooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _BodyTooLarge:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        await _refuse(send, 413, f"上传内容超过上限 {self.limit / (1024 * 1024):.0f} MB，请分批上传")


async def _refuse(send: Send, status: int, message: str) -> None:
    await JSONResponse({"detail": message}, status_code=status)({"type": "http"}, _drain, send)


async def _drain() -> Message:
    return {"type": "http.disconnect"}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def create_app(data_dir: str | Path, *, limits: Limits = DEFAULT_LIMITS, index: str | Path | None = None,
               audit: AuditFn | None = None, processes: int = 1,
               hosts: Sequence[str] | None = LOOPBACK_NAMES) -> FastAPI:
    """The app for one data folder (created if missing): database, uploads and worker live there.
    `index` is a corpus index (`auditor index add`) for copied-text findings; audits run in
    `processes` child processes; `audit` replaces the pipeline call (run in-process: tests).
    Requests naming another host are refused (`hosts`; None when serving the network), so that
    a web page cannot reach the workbench by pointing its own domain at 127.0.0.1."""
    store = Store(data_dir)
    worker = Worker(store, audit=audit or PooledAuditor(index, processes=processes), threads=processes)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        worker.start()
        try:
            yield
        finally:
            worker.stop()

    app = FastAPIOffline(title="政府信息公开年度报告审核工作台", version="1", lifespan=lifespan,
                  description="上传年度报告，查看审核结果、排名，下载反馈意见和排名表。页面与本 JSON 接口做同样的事。")
    app.add_middleware(RequestGuard, limit=limits.max_request_bytes)
    if hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["localtime"] = lambda t: time.strftime("%Y-%m-%d %H:%M", time.localtime(t))

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def error(request: Request, status: int, message: str) -> Response:
        """A refused request as people see it: a page for the browser's pages, JSON for the API."""
        if _wants_html(request):
            return page(request, "error.html", status, message=message)
        return JSONResponse({"detail": message}, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return error(request, exc.status_code, "没有这个页面或记录" if detail == "Not Found" else detail)

    @app.exception_handler(UploadError)
    async def upload_error(request: Request, exc: UploadError) -> Response:
        return error(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        missing = any(e.get("type") == "missing" for e in exc.errors())
        return error(request, 422, "没有选择文件" if missing else "请求格式不正确")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        return error(request, 500, f"服务器内部错误（{type(exc).__name__}），请重试；如果一再出现，请把这句话告诉管理员")

    # ------------------------------------------------------------------ operations (shared by API and pages)

    async def receive_batch(files: list[UploadFile]) -> dict[str, Any]:
        read: list[tuple[str, bytes]] = []
        for upload in files:
            data = await _read_limited(upload, limits.max_file_bytes)
            read.append((upload.filename or "", data))
        # inflating a zip and writing files is blocking work: off the event loop
        checked = await run_in_threadpool(check_uploads, read, limits)
        batch_id = await run_in_threadpool(store.create_batch, checked.accepted, skipped=checked.skipped)
        worker.notify()
        return {"batch": batch_id, "reports": len(checked.accepted), "skipped": checked.skipped,
                "url": f"/batches/{batch_id}"}

    def batch_or_404(batch_id: str) -> Batch:
        batch = store.batch(batch_id)
        if batch is None:
            raise HTTPException(404, "没有这个批次")
        return batch

    def report_or_404(report_id: str) -> ReportRow:
        row = store.report(report_id)
        if row is None:
            raise HTTPException(404, "没有这份报告")
        return row

    def done_or_409(row: ReportRow) -> dict[str, Any]:
        if row.status == "error":
            raise HTTPException(409, f"这份报告未能审核：{row.error}")
        if row.record is None:
            raise HTTPException(409, "这份报告还在审核中，请稍后再试")
        return row.record

    def batch_state(batch_id: str) -> dict[str, Any]:
        batch = batch_or_404(batch_id)
        rows = store.reports(batch_id)
        ranked = [{"report": report.summary(), "row": row.to_dict()} for report, row in ranking_rows(rows)]
        return {"batch": batch.to_dict(), "ranking": ranked, "reports": [r.summary() for r in rows]}

    # ------------------------------------------------------------------ JSON API

    @app.post("/api/batches", status_code=201, tags=["api"], summary="上传报告（一份或多份，或 zip），新建批次")
    async def api_upload(files: Annotated[list[UploadFile], File(description="txt、docx、pdf、html 或它们的 zip")]):
        return await receive_batch(files)

    @app.get("/api/batches", tags=["api"], summary="所有批次及其进度")
    def api_batches() -> list[dict[str, Any]]:
        return [b.to_dict() for b in store.batches()]

    @app.get("/api/batches/{batch_id}", tags=["api"], summary="一个批次：进度、排名、各报告状态")
    def api_batch(batch_id: str) -> dict[str, Any]:
        return batch_state(batch_id)

    @app.delete("/api/batches/{batch_id}", tags=["api"], summary="删除一个批次及其上传的文件")
    def api_delete(batch_id: str) -> dict[str, Any]:
        if not store.delete_batch(batch_id):
            raise HTTPException(404, "没有这个批次")
        return {"deleted": batch_id}

    @app.get("/api/batches/{batch_id}/progress", tags=["api"], summary="一个批次的进度（轻量，供轮询）")
    def api_progress(batch_id: str) -> dict[str, Any]:
        return batch_or_404(batch_id).to_dict()

    @app.get("/api/reports/{report_id}", tags=["api"], summary="一份报告的审核结果（问题、得分）及其结构化文本")
    def api_report(report_id: str) -> dict[str, Any]:
        row = report_or_404(report_id)
        return {**row.summary(), "record": row.record, "document": row.document}

    @app.get("/api/batches/{batch_id}/ranking.xlsx", tags=["api"], summary="下载排名表（xlsx）")
    def api_ranking_xlsx(batch_id: str) -> FileResponse:
        from auditor.render.ranking import write_ranking_xlsx

        batch = batch_or_404(batch_id)
        reports = store.reports(batch_id)
        ranked = ranking_rows(reports)
        if not ranked:
            raise HTTPException(409, "这个批次还没有审核完成的报告")
        path = _temp_file(".xlsx")
        write_ranking_xlsx([replace(row, source=report.filename) for report, row in ranked], path,
                           errors=[{"source": r.filename, "error": r.error} for r in reports if r.status == "error"])
        return _download(path, f"排名-{batch.name}.xlsx", XLSX)

    @app.get("/api/reports/{report_id}/feedback.docx", tags=["api"], summary="下载反馈意见（docx）")
    def api_feedback_docx(report_id: str) -> FileResponse:
        from auditor.render.feedback import write_feedback_docx

        row = report_or_404(report_id)
        record = done_or_409(row)
        path = _temp_file(".docx")
        write_feedback_docx(record, path)
        return _download(path, f"反馈意见-{Path(row.filename).stem}.docx", DOCX)

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        return page(request, "index.html", batches=store.batches(), limits=limits)

    @app.post("/upload", include_in_schema=False)
    async def upload_form(files: Annotated[list[UploadFile], File()]) -> RedirectResponse:
        result = await receive_batch(files)
        return RedirectResponse(result["url"], status_code=303)

    @app.post("/batches/{batch_id}/delete", include_in_schema=False)
    def delete_form(batch_id: str) -> RedirectResponse:
        api_delete(batch_id)
        return RedirectResponse("/", status_code=303)

    @app.get("/batches/{batch_id}", response_class=HTMLResponse, include_in_schema=False)
    def batch_page(request: Request, batch_id: str) -> HTMLResponse:
        state = batch_state(batch_id)
        return page(request, "batch.html", subscore_labels=subscore_labels(store.reports(batch_id)), **state)

    @app.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, report_id: str) -> HTMLResponse:
        row = report_or_404(report_id)
        batch = batch_or_404(row.batch_id)
        if row.record is None:
            return page(request, "pending.html", row=row, batch=batch)
        parts, findings = report_view(row.record, row.document or {})
        return page(request, "report.html", row=row, batch=batch, record=row.record, report=row.record["report"],
                    parts=parts, findings=findings)

    return app


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    """The file's bytes, refusing it as soon as it passes `limit`."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise UploadError(f"文件超过上限 {limit / (1024 * 1024):.0f} MB", status=413, name=upload.filename)
        chunks.append(chunk)
    return b"".join(chunks)


def _temp_file(suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    handle.close()
    return Path(handle.name)


def _download(path: Path, filename: str, media_type: str) -> FileResponse:
    """Send a temporary file, named so that Windows can save it, and delete it afterwards."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", filename)
    return FileResponse(path, media_type=media_type, filename=safe, background=BackgroundTask(path.unlink))


def ranking_rows(rows: list[ReportRow]) -> list[tuple[ReportRow, RankedRow]]:
    """The batch's audited reports ranked by the scorer, each with its stored row."""
    from auditor.score import ReportScore, rank

    done = {r.id: r for r in rows if r.record is not None and "score" in r.record}
    # ranked by report id, so a row finds its report whatever path the record was made from
    scores = [replace(ReportScore.from_dict(r.record["score"]), source=r.id) for r in done.values()]  # type: ignore[index]
    return [(done[row.source], row) for row in rank(scores)]


def subscore_labels(rows: list[ReportRow]) -> list[tuple[str, str]]:
    """Sub-score keys and Chinese names, as the scorer gave them in the first scored record."""
    for r in rows:
        if r.record is not None and "score" in r.record:
            return [(key, sub["name"]) for key, sub in r.record["score"]["subscores"].items()]
    return []
