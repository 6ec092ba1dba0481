"""The background audit worker: threads that take queued reports from the store, audit them with
the pipeline and store the record (or a readable error). The queue lives in SQLite, so reports
queued or running when the server stopped are audited after the next start."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor.errors import ReadError
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


def readable_error(exc: BaseException) -> str:
    if isinstance(exc, ReadError):
        return f"无法读取此文件：{exc.reason}"
    return f"审核时出现内部错误（{type(exc).__name__}: {exc}），其他报告不受影响"


class Worker:
    def __init__(self, store: Store, *, audit: AuditFn, threads: int = 1) -> None:
        self.store = store
        self.audit = audit
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, name=f"audit-{k}", daemon=True) for k in range(threads)]

    def start(self) -> None:
        self.store.requeue_interrupted()
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
                self.store.finish(row.id, error=f"无法审核此文件：{record['error']}")
            else:
                document = record.pop("document", None)
                self.store.finish(row.id, record=record, document=document)
