"""The workbench's SQLite store: batches, their reports (uploaded bytes on disk beside the
database), each report's status and its audit record, so a restart loses nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from auditor.web.uploads import Accepted

Status = Literal["queued", "running", "done", "error"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created REAL NOT NULL,
    skipped TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES batches(id),
    seq INTEGER NOT NULL,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    stored TEXT NOT NULL,
    size INTEGER NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    record TEXT,
    document TEXT,
    created REAL NOT NULL,
    finished REAL
);
CREATE INDEX IF NOT EXISTS reports_batch ON reports(batch_id, seq);
CREATE INDEX IF NOT EXISTS reports_status ON reports(status, created);
"""


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: str
    batch_id: str
    seq: int
    filename: str
    kind: str
    stored: str  # path relative to the data folder
    size: int
    status: Status
    error: str | None
    record: dict[str, Any] | None  # the batch record: report facts, findings, score, tags
    created: float
    finished: float | None
    document: dict[str, Any] | None = None  # the structured report (parts, cells); only from `report()`

    def summary(self) -> dict[str, Any]:
        """The row without its (large) record."""
        return {"id": self.id, "batch_id": self.batch_id, "filename": self.filename, "kind": self.kind,
                "size": self.size, "status": self.status, "error": self.error}


@dataclass(frozen=True, slots=True)
class Batch:
    id: str
    name: str
    created: float
    counts: dict[str, int]  # status → number of reports
    skipped: list[str] = field(default_factory=list)  # files of the upload that were not reports, and why

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def finished(self) -> int:
        return self.counts.get("done", 0) + self.counts.get("error", 0)

    @property
    def complete(self) -> bool:
        return self.finished == self.total

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "created": self.created, "total": self.total,
                "finished": self.finished, "complete": self.complete, "counts": self.counts, "skipped": self.skipped}


class Store:
    """One database file and an `uploads/` folder in the data folder. Safe to share between the
    request threads and the audit worker: every call takes the lock and commits."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        self.upload_dir = self.data_dir / "uploads"
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.data_dir / "workbench.sqlite", check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # ------------------------------------------------------------------ writes

    def create_batch(self, files: list[Accepted], *, skipped: list[str] | None = None, name: str | None = None) -> str:
        """Store the files and queue them as one batch; the bytes are written under new names
        (the id and the kind found by content), never under the uploaded name."""
        batch_id = uuid.uuid4().hex[:12]
        now = time.time()
        folder = self.upload_dir / batch_id
        folder.mkdir()
        rows = []
        for seq, file in enumerate(files):
            report_id = f"{batch_id}-{seq:03d}"
            stored = folder / f"{seq:03d}{file.suffix}"
            stored.write_bytes(file.data)
            rows.append((report_id, batch_id, seq, file.name, file.kind, str(stored.relative_to(self.data_dir)),
                         len(file.data), "queued", now))
        with self._tx() as db:
            db.execute("INSERT INTO batches (id, name, created, skipped) VALUES (?, ?, ?, ?)",
                       (batch_id, name or time.strftime("%Y-%m-%d %H:%M", time.localtime(now)), now,
                        json.dumps(skipped or [], ensure_ascii=False)))
            db.executemany("INSERT INTO reports (id, batch_id, seq, filename, kind, stored, size, status, created) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return batch_id

    def claim_next(self) -> ReportRow | None:
        """The oldest queued report, marked running; None when nothing waits."""
        with self._tx() as db:
            row = db.execute(f"SELECT {_LIGHT} FROM reports WHERE status = 'queued' "
                             "ORDER BY created, seq LIMIT 1").fetchone()
            if row is None:
                return None
            db.execute("UPDATE reports SET status = 'running' WHERE id = ?", (row["id"],))
        return _report(row, status="running")

    def finish(self, report_id: str, *, record: dict[str, Any] | None = None, document: dict[str, Any] | None = None,
               error: str | None = None) -> None:
        status = "error" if error is not None else "done"
        with self._tx() as db:
            db.execute("UPDATE reports SET status = ?, error = ?, record = ?, document = ?, finished = ? WHERE id = ?",
                       (status, error, _json(record), _json(document), time.time(), report_id))

    def delete_batch(self, batch_id: str) -> bool:
        """Forget a batch and delete its uploaded files; an audit still running for it is dropped
        when it finishes (its row is gone)."""
        with self._tx() as db:
            db.execute("DELETE FROM reports WHERE batch_id = ?", (batch_id,))
            deleted = db.execute("DELETE FROM batches WHERE id = ?", (batch_id,)).rowcount
        folder = self.upload_dir / batch_id
        if deleted and folder.is_dir():
            shutil.rmtree(folder)
        return bool(deleted)

    def requeue_interrupted(self) -> int:
        """Reports left running by a stopped server go back to the queue (called at start)."""
        with self._tx() as db:
            return db.execute("UPDATE reports SET status = 'queued' WHERE status = 'running'").rowcount

    # ------------------------------------------------------------------ reads

    def batches(self) -> list[Batch]:
        rows = self._query("SELECT b.id, b.name, b.created, b.skipped, r.status, COUNT(r.id) AS n FROM batches b "
                           "LEFT JOIN reports r ON r.batch_id = b.id GROUP BY b.id, r.status ORDER BY b.created DESC")
        found: dict[str, Batch] = {}
        for row in rows:
            batch = found.setdefault(row["id"], Batch(row["id"], row["name"], row["created"], {},
                                                      json.loads(row["skipped"])))
            if row["status"] is not None:
                batch.counts[row["status"]] = row["n"]
        return list(found.values())

    def batch(self, batch_id: str) -> Batch | None:
        rows = self._query("SELECT id, name, created, skipped FROM batches WHERE id = ?", (batch_id,))
        if not rows:
            return None
        counts = {r["status"]: r["n"] for r in
                  self._query("SELECT status, COUNT(*) AS n FROM reports WHERE batch_id = ? GROUP BY status", (batch_id,))}
        return Batch(rows[0]["id"], rows[0]["name"], rows[0]["created"], counts, json.loads(rows[0]["skipped"]))

    def reports(self, batch_id: str) -> list[ReportRow]:
        """The batch's reports with their records, without the (large) structured reports."""
        return [_report(r) for r in self._query(f"SELECT {_LIGHT} FROM reports WHERE batch_id = ? ORDER BY seq",
                                                (batch_id,))]

    def report(self, report_id: str) -> ReportRow | None:
        rows = self._query("SELECT * FROM reports WHERE id = ?", (report_id,))
        return _report(rows[0]) if rows else None

    def path(self, row: ReportRow) -> Path:
        return self.data_dir / row.stored


_LIGHT = "id, batch_id, seq, filename, kind, stored, size, status, error, record, created, finished"


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _report(row: sqlite3.Row, *, status: Status | None = None) -> ReportRow:
    document = row["document"] if "document" in row.keys() else None
    return ReportRow(row["id"], row["batch_id"], row["seq"], row["filename"], row["kind"], row["stored"], row["size"],
                     status or row["status"], row["error"], json.loads(row["record"]) if row["record"] else None,
                     row["created"], row["finished"], json.loads(document) if document else None)
