"""The corpus index: every report's paragraphs and their winnowing fingerprints in one SQLite file,
added incrementally (a report already indexed with the same content is skipped)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.boilerplate.fingerprint import fingerprints, normalise_for_reuse
from auditor.model import Report

MIN_CHARS = 20  # shorter paragraphs (headings, "无") are not indexed
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY, source TEXT UNIQUE NOT NULL, digest TEXT NOT NULL,
    body TEXT, level TEXT, year INTEGER);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    part TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, norm TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS prints (
    hash INTEGER NOT NULL, paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
    report_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS prints_hash ON prints(hash);
CREATE INDEX IF NOT EXISTS paragraphs_report ON paragraphs(report_id);
"""


@dataclass(frozen=True, slots=True)
class IndexedParagraph:
    id: int
    report_id: int
    source: str
    body: str | None
    year: int | None
    part: str
    idx: int
    text: str
    norm: str


def report_paragraphs(report: Report) -> Iterator[tuple[str, int, str]]:
    """(part, index, text) of the narrative paragraphs."""
    for part, p in report.narrative():
        yield part, p.index, p.text


def digest(report: Report) -> str:
    text = "\n".join(t for _, _, t in report_paragraphs(report))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CorpusIndex:
    """One SQLite file; `with CorpusIndex(path) as index: …`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(_SCHEMA)

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def add(self, report: Report) -> bool:
        """Index a report; False when the same source with the same text is already there."""
        key = digest(report)
        row = self.db.execute("SELECT id, digest FROM reports WHERE source = ?", (report.source,)).fetchone()
        if row and row[1] == key:
            return False
        if row:
            self.db.execute("DELETE FROM reports WHERE id = ?", (row[0],))
        cur = self.db.execute("INSERT INTO reports (source, digest, body, level, year) VALUES (?, ?, ?, ?, ?)",
                              (report.source, key, report.body, report.level, report.year))
        report_id = cur.lastrowid
        for part, idx, text in report_paragraphs(report):
            norm = normalise_for_reuse(text)
            if len(norm) < MIN_CHARS:
                continue
            pid = self.db.execute("INSERT INTO paragraphs (report_id, part, idx, text, norm) VALUES (?, ?, ?, ?, ?)",
                                  (report_id, part, idx, text, norm)).lastrowid
            hashes = {h for _, h in fingerprints(text)}
            self.db.executemany("INSERT INTO prints (hash, paragraph_id, report_id) VALUES (?, ?, ?)",
                                [(h, pid, report_id) for h in hashes])
        self.db.commit()
        return True

    def report_id(self, source: str) -> int | None:
        row = self.db.execute("SELECT id FROM reports WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def candidates(self, hashes: Iterable[int], *, exclude_report: int | None,
                   min_shared: int) -> list[tuple[IndexedParagraph, int]]:
        """Indexed paragraphs of other reports sharing at least `min_shared` fingerprints."""
        unique = list(set(hashes))
        if not unique:
            return []
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS probe (hash INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM probe")
        self.db.executemany("INSERT OR IGNORE INTO probe VALUES (?)", [(h,) for h in unique])
        rows = self.db.execute(
            """SELECT p.id, p.report_id, r.source, r.body, r.year, p.part, p.idx, p.text, p.norm, COUNT(*) AS shared
               FROM probe JOIN prints f ON f.hash = probe.hash JOIN paragraphs p ON p.id = f.paragraph_id
               JOIN reports r ON r.id = p.report_id
               WHERE p.report_id != COALESCE(?, -1)
               GROUP BY p.id HAVING shared >= ? ORDER BY shared DESC""",
            (exclude_report, min_shared)).fetchall()
        return [(IndexedParagraph(*row[:9]), row[9]) for row in rows]

    def stats(self) -> dict[str, object]:
        (reports,) = self.db.execute("SELECT COUNT(*) FROM reports").fetchone()
        (paragraphs,) = self.db.execute("SELECT COUNT(*) FROM paragraphs").fetchone()
        (prints,) = self.db.execute("SELECT COUNT(*) FROM prints").fetchone()
        by_year = dict(self.db.execute("SELECT COALESCE(year, 0), COUNT(*) FROM reports GROUP BY year").fetchall())
        by_level = dict(self.db.execute("SELECT COALESCE(level, '?'), COUNT(*) FROM reports GROUP BY level").fetchall())
        return {"reports": reports, "paragraphs": paragraphs, "fingerprints": prints,
                "by_year": by_year, "by_level": by_level, "file_bytes": self.path.stat().st_size}
