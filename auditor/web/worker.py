"""The background audit worker: threads that take queued reports from the store, audit them with
the pipeline and store the record (or a readable error). The queue lives in SQLite, so reports
queued or running when the server stopped are audited after the next start."""

from __future__ import annotations

import logging
import multiprocessing
import resource
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from auditor.errors import TIMED_OUT, WORKER_DIED, ReadError
from auditor.web.store import Store

log = logging.getLogger(__name__)

AuditFn = Callable[[Path], dict[str, Any]]


class Auditor:
    """The unit of work: parse → audit → score → the batch command's record, plus the structured
    report (`document`: parts with paragraphs, cells) that the report page draws. Each worker
    thread opens its own connection to the corpus index, when one is given."""

    def __init__(self, index: str | Path | None = None) -> None:
        self.index_path = index
        self._local = threading.local()

    def __call__(self, path: Path) -> dict[str, Any]:
        from auditor.audit import audit_report
        from auditor.batch import audit_record
        from auditor.parse import parse_file
        from auditor.score import score_audit

        audit = audit_report(parse_file(path), index=self._index())
        return {**audit_record(audit, score_audit(audit)), "document": audit.to_dict()["report"]}

    def _index(self) -> Any:
        if self.index_path is None:
            return None
        if getattr(self._local, "index", None) is None:
            from auditor.boilerplate.index import CorpusIndex

            self._local.index = CorpusIndex(self.index_path)
        return self._local.index


class AuditAborted(Exception):
    """The child process auditing a file ran out of time or died; the message is for the user."""


_CHILD: dict[str, Auditor] = {}


def _child_start(index: str | Path | None, memory_bytes: int | None) -> None:
    if memory_bytes:  # a file that makes a reader balloon fails in its child, not in the server
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    import auditor.audit
    import auditor.batch  # noqa: F401 - the pipeline loads here, once, not inside the first report

    _CHILD["auditor"] = Auditor(index)


def _noop() -> None:
    return None


def _child_audit(path: str) -> dict[str, Any]:
    try:
        return _CHILD["auditor"](Path(path))
    except ReadError as exc:  # as a value: the exception's own arguments do not survive pickling
        return {"source": path, "error": exc.zh}


class PooledAuditor:
    """`Auditor` run in child processes (forkserver: clean children, not forks of a threaded
    server). A file that hangs a reader is stopped after `timeout` seconds; one that eats memory
    or crashes the reader kills only its child. Either way the pool is rebuilt for the next file."""

    def __init__(self, index: str | Path | None = None, *, processes: int = 1, timeout: float = 300.0,
                 memory_bytes: int | None = 6 * 1024**3) -> None:
        self.index = index
        self.processes = processes
        self.timeout = timeout
        self.memory_bytes = memory_bytes
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("forkserver"),
                                                 initializer=_child_start, initargs=(self.index, self.memory_bytes))
            return self._pool

    def __call__(self, path: Path, *, retry: bool = True) -> dict[str, Any]:
        pool = self._current()
        future = pool.submit(_child_audit, str(path))
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            self._discard(pool)
            raise AuditAborted(TIMED_OUT.format(seconds=self.timeout)) from None
        except BrokenProcessPool:
            if retry and self._pool is not pool:  # another file's timeout replaced the pool under this one
                return self(path, retry=False)
            self._discard(pool)
            raise AuditAborted(WORKER_DIED) from None

    def warm(self) -> None:
        """Start the children now, so that the pipeline loads before the first upload arrives."""
        for _ in range(self.processes):
            self._current().submit(_noop)

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        # the executor has no public way to stop a running task: end its processes
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def readable_error(exc: BaseException) -> str:
    if isinstance(exc, AuditAborted):
        return str(exc)
    if isinstance(exc, ReadError):
        return f"无法读取此文件：{exc.zh}"
    if isinstance(exc, MemoryError):
        return "审核时内存不足（文件可能过大或格式异常）"
    return f"审核时出现内部错误（{type(exc).__name__}: {exc}），其他报告不受影响"


def as_uploaded(record: dict[str, Any], filename: str) -> dict[str, Any]:
    """The record names the file as the user uploaded it, not where the workbench stored it
    (notes and rankings fall back on that name when the body is not found)."""
    record["source"] = filename
    if isinstance(record.get("score"), dict):
        record["score"]["source"] = filename
    return record


class Worker:
    def __init__(self, store: Store, *, audit: AuditFn, threads: int = 1) -> None:
        self.store = store
        self.audit = audit
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, name=f"audit-{k}", daemon=True) for k in range(threads)]

    def start(self) -> None:
        self.store.requeue_interrupted()
        warm = getattr(self.audit, "warm", None)
        if warm is not None:
            warm()
        for thread in self._threads:
            thread.start()
        self._wake.set()

    def notify(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout)
        close = getattr(self.audit, "close", None)
        if close is not None:
            close()

    def _run(self) -> None:
        while not self._stop.is_set():
            row = self.store.claim_next()
            if row is None:
                self._wake.wait(timeout=1.0)
                self._wake.clear()
                continue
            try:
                record = self.audit(self.store.path(row))
            except Exception as exc:  # one bad file never stops the worker
                log.warning("audit of %s failed: %s", row.id, exc)
                self.store.finish(row.id, error=readable_error(exc))
                continue
            if "error" in record and "report" not in record:
                self.store.finish(row.id, error=f"无法读取此文件：{record['error']}")
            else:
                document = record.pop("document", None)
                if document is not None:
                    document["source"] = row.filename
                self.store.finish(row.id, record=as_uploaded(record, row.filename), document=document)
