"""The corpus index: every report's paragraphs, their sentences and their winnowing fingerprints in
one SQLite file, added incrementally (a report already indexed with the same content is skipped),
with how many reports share each fingerprint (for the rare-fingerprint candidate filter and the
boilerplate measure)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.boilerplate.fingerprint import fingerprints, normalise_sentences
from auditor.model import Report

MIN_CHARS = 20  # shorter paragraphs (headings, "无") are not indexed
SCHEMA_VERSION = 3
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY, source TEXT UNIQUE NOT NULL, digest TEXT NOT NULL,
    body TEXT, level TEXT, year INTEGER);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    part TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, norm TEXT NOT NULL,
    cuts TEXT NOT NULL);  -- end offsets of the sentences in norm, comma-separated
CREATE TABLE IF NOT EXISTS prints (  -- clustered by fingerprint: a lookup reads one run of rows
    -- no foreign key: a cascade from paragraphs would scan all prints per paragraph; a report's
    -- prints are deleted by report_id (indexed) before the report
    hash INTEGER NOT NULL, paragraph_id INTEGER NOT NULL,
    report_id INTEGER NOT NULL, PRIMARY KEY (hash, paragraph_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS frequencies (  -- per fingerprint: reports and paragraphs holding it
    hash INTEGER PRIMARY KEY, reports INTEGER NOT NULL, paragraphs INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS prints_report ON prints(report_id);
CREATE INDEX IF NOT EXISTS paragraphs_report ON paragraphs(report_id);
CREATE INDEX IF NOT EXISTS reports_body ON reports(body, year);
"""
_REBUILD_SHARE = 0.05  # adding more than this share of the index recounts fingerprints in one pass


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
    cuts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PreparedParagraph:
    """A paragraph as the index sees it: normalised text, sentence ends and fingerprints."""

    part: str
    idx: int
    text: str
    norm: str
    cuts: tuple[int, ...]
    prints: tuple[tuple[int, int], ...]  # (position in norm, hash)
    hashes: frozenset[int]  # the hashes of `prints`

    @classmethod
    def of(cls, part: str, idx: int, text: str, norm: str, cuts: tuple[int, ...]) -> PreparedParagraph:
        prints = tuple(fingerprints(norm, normalised=True))
        return cls(part, idx, text, norm, cuts, prints, frozenset(h for _, h in prints))


def report_paragraphs(report: Report) -> Iterator[tuple[str, int, str]]:
    """(part, index, text) of the narrative paragraphs."""
    for part, p in report.narrative():
        yield part, p.index, p.text


def prepare(report: Report) -> list[PreparedParagraph]:
    """The paragraphs of a report worth indexing (≥ MIN_CHARS normalised characters)."""
    out = []
    for part, idx, text in report_paragraphs(report):
        norm, cuts = normalise_sentences(text)
        if len(norm) >= MIN_CHARS:
            out.append(PreparedParagraph.of(part, idx, text, norm, cuts))
    return out


def digest(report: Report) -> str:
    text = "\n".join(t for _, _, t in report_paragraphs(report))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the index stores of a report; small, so worker processes can make it."""

    source: str
    digest: str
    body: str | None
    level: str | None
    year: int | None
    paragraphs: tuple[PreparedParagraph, ...]


def entry(report: Report) -> IndexEntry:
    return IndexEntry(report.source, digest(report), report.body, report.level, report.year, tuple(prepare(report)))


class IndexVersionError(Exception):
    """The file was written by an older version of the index: rebuild it."""


class CorpusIndex:
    """One SQLite file; `with CorpusIndex(path) as index: …`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, timeout=60)
        (version,) = self.db.execute("PRAGMA user_version").fetchone()
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "reports" in tables and version < SCHEMA_VERSION:
            self.db.close()
            raise IndexVersionError(f"{self.path}: index written by an older version; build it again")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA cache_size = -131072")  # 128 MiB: bulk adds insert fingerprints in hash order
        self.db.executescript(_SCHEMA)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._reports: int | None = None

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def add(self, report: Report) -> bool:
        """Index a report; False when the same source with the same text is already there."""
        return self.add_many([report]) == 1

    def add_many(self, reports: Iterable[Report | IndexEntry]) -> int:
        """Index reports in one transaction; returns how many were new or changed."""
        before = self.report_count()
        added: list[int] = []
        for item in reports:
            item = item if isinstance(item, IndexEntry) else entry(item)
            row = self.db.execute("SELECT id, digest FROM reports WHERE source = ?", (item.source,)).fetchone()
            if row and row[1] == item.digest:
                continue
            if row:
                self._count(row[0], -1)
                self.db.execute("DELETE FROM prints WHERE report_id = ?", (row[0],))
                self.db.execute("DELETE FROM reports WHERE id = ?", (row[0],))
            added.append(self._insert(item))
        if len(added) > max(1, _REBUILD_SHARE * before):
            self._recount()
        else:
            for report_id in added:
                self._count(report_id, +1)
        self.db.commit()
        self._reports = None
        return len(added)

    def _insert(self, item: IndexEntry) -> int:
        cur = self.db.execute("INSERT INTO reports (source, digest, body, level, year) VALUES (?, ?, ?, ?, ?)",
                              (item.source, item.digest, item.body, item.level, item.year))
        report_id = cur.lastrowid
        assert report_id is not None
        for p in item.paragraphs:
            pid = self.db.execute(
                "INSERT INTO paragraphs (report_id, part, idx, text, norm, cuts) VALUES (?, ?, ?, ?, ?, ?)",
                (report_id, p.part, p.idx, p.text, p.norm, ",".join(map(str, p.cuts)))).lastrowid
            self.db.executemany("INSERT INTO prints (hash, paragraph_id, report_id) VALUES (?, ?, ?)",
                                [(h, pid, report_id) for h in p.hashes])
        return report_id

    def _count(self, report_id: int, sign: int) -> None:
        """Add (or take away) one report's fingerprints to the frequencies."""
        per_hash = Counter(h for (h,) in self.db.execute("SELECT hash FROM prints WHERE report_id = ?", (report_id,)))
        self.db.executemany(
            """INSERT INTO frequencies (hash, reports, paragraphs) VALUES (?, ?, ?)
               ON CONFLICT(hash) DO UPDATE SET reports = reports + excluded.reports,
                                               paragraphs = paragraphs + excluded.paragraphs""",
            [(h, sign, sign * n) for h, n in per_hash.items()])
        if sign < 0:
            self.db.execute("DELETE FROM frequencies WHERE reports <= 0")

    def _recount(self) -> None:
        self.db.execute("DELETE FROM frequencies")
        self.db.execute("""INSERT INTO frequencies (hash, reports, paragraphs)
                           SELECT hash, COUNT(DISTINCT report_id), COUNT(*) FROM prints GROUP BY hash""")

    def report_count(self) -> int:
        if self._reports is None:
            (self._reports,) = self.db.execute("SELECT COUNT(*) FROM reports").fetchone()
        return self._reports

    def report_id(self, source: str) -> int | None:
        row = self.db.execute("SELECT id FROM reports WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def _probe(self, hashes: Iterable[int]) -> None:
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS probe (hash INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM probe")
        self.db.executemany("INSERT OR IGNORE INTO probe VALUES (?)", [(h,) for h in hashes])

    # CROSS JOIN keeps SQLite from scanning the big table for each probe row (it has no statistics)
    def frequencies(self, hashes: Iterable[int]) -> dict[int, tuple[int, int]]:
        """(reports, paragraphs) holding each fingerprint, for those the index has."""
        self._probe(hashes)
        return {h: (r, p) for h, r, p in self.db.execute(
            "SELECT f.hash, f.reports, f.paragraphs FROM probe CROSS JOIN frequencies f ON f.hash = probe.hash")}

    def candidates_many(self, hash_sets: list[set[int]], *, exclude_report: int | None,
                        min_shared: int) -> dict[int, list[tuple[IndexedParagraph, int]]]:
        """For each set of fingerprints (one per paragraph of a report, by position in the list), the
        indexed paragraphs of other reports sharing at least `min_shared` of them: one query."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS probe_many (hash INTEGER, member INTEGER)")
        self.db.execute("DELETE FROM probe_many")
        self.db.executemany("INSERT INTO probe_many VALUES (?, ?)", [(h, i) for i, hs in enumerate(hash_sets) for h in hs])
        shared = self.db.execute(
            """SELECT q.member, f.paragraph_id, COUNT(*) AS shared
               FROM probe_many q CROSS JOIN prints f ON f.hash = q.hash
               WHERE f.report_id != COALESCE(?, -1)
               GROUP BY q.member, f.paragraph_id HAVING shared >= ?""", (exclude_report, min_shared)).fetchall()
        paragraphs = self._paragraphs({pid for _, pid, _ in shared})
        out: dict[int, list[tuple[IndexedParagraph, int]]] = {}
        for member, pid, n in sorted(shared, key=lambda row: (row[0], -row[2], row[1])):
            out.setdefault(member, []).append((paragraphs[pid], n))
        return out

    def _paragraphs(self, ids: set[int]) -> dict[int, IndexedParagraph]:
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT INTO wanted VALUES (?)", [(i,) for i in ids])
        rows = self.db.execute(
            """SELECT p.id, p.report_id, r.source, r.body, r.year, p.part, p.idx, p.text, p.norm, p.cuts
               FROM wanted CROSS JOIN paragraphs p ON p.id = wanted.id CROSS JOIN reports r ON r.id = p.report_id""")
        return {row[0]: IndexedParagraph(*row[:9], tuple(map(int, row[9].split(",")))) for row in rows}

    def report_text(self, body: str, year: int) -> list[IndexedParagraph]:
        """The indexed paragraphs of a body's report for a year (empty when not indexed)."""
        rows = self.db.execute(
            """SELECT p.id, p.report_id, r.source, r.body, r.year, p.part, p.idx, p.text, p.norm, p.cuts
               FROM reports r JOIN paragraphs p ON p.report_id = r.id
               WHERE r.body = ? AND r.year = ? ORDER BY r.id, p.id""", (body, year)).fetchall()
        first = rows[0][1] if rows else None
        return [IndexedParagraph(*row[:9], tuple(map(int, row[9].split(",")))) for row in rows if row[1] == first]

    def stats(self) -> dict[str, object]:
        (reports,) = self.db.execute("SELECT COUNT(*) FROM reports").fetchone()
        (paragraphs,) = self.db.execute("SELECT COUNT(*) FROM paragraphs").fetchone()
        (prints,) = self.db.execute("SELECT COUNT(*) FROM prints").fetchone()
        (distinct,) = self.db.execute("SELECT COUNT(*) FROM frequencies").fetchone()
        by_year = dict(self.db.execute("SELECT COALESCE(year, 0), COUNT(*) FROM reports GROUP BY year").fetchall())
        by_level = dict(self.db.execute("SELECT COALESCE(level, '?'), COUNT(*) FROM reports GROUP BY level").fetchall())
        return {"reports": reports, "paragraphs": paragraphs, "fingerprints": prints, "distinct_fingerprints": distinct,
                "by_year": by_year, "by_level": by_level, "file_bytes": self.path.stat().st_size}
