"""The batch's process pool: a report that hangs or kills its worker fails alone; the rest go on."""

from __future__ import annotations

import os
import shutil
import time

import auditor.batch as batch
from auditor.batch import _pool_map, run_batch
from auditor.errors import TIMED_OUT, WORKER_DIED
from tests.conftest import SEEDS


def _upper_unless_bad(item: str) -> str:
    if item == "hang":
        time.sleep(120)
    if item == "crash":
        os._exit(3)  # the worker process dies without a word
    if item == "raise":
        raise OSError(28, "No space left on device")
    return item.upper()


STUCK: list[str] = []  # set by the test before the (forked) workers start
_REAL_WORK = batch._work


def _hang_on_stuck(path: str) -> dict:
    if path in STUCK:
        time.sleep(120)
    return _REAL_WORK(path)


def _failed(item: str, reason: str) -> str:
    return f"{item}: {reason}"


def test_a_hanging_item_times_out_and_the_others_keep_their_results_and_order():
    items = ["a", "hang", "b", "c", "d", "e"]
    start = time.monotonic()
    out = list(_pool_map(_upper_unless_bad, items, 2, None, "", False, failed=_failed, timeout=2))
    assert out == ["A", "hang: " + TIMED_OUT.format(seconds=2), "B", "C", "D", "E"]
    assert time.monotonic() - start < 60  # the sleeping worker was stopped, not waited for


def test_the_item_that_kills_its_worker_is_found_and_fails_alone():
    items = ["a", "b", "crash", "c", "d", "e", "f"]
    out = list(_pool_map(_upper_unless_bad, items, 2, None, "", False, failed=_failed, timeout=30))
    assert out == ["A", "B", "crash: " + WORKER_DIED, "C", "D", "E", "F"]


def test_a_batch_lists_the_report_that_hung_and_audits_the_rest(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for path in SEEDS[:3]:
        shutil.copy(path, src / path.name)
    stuck = src / SEEDS[1].name
    monkeypatch.setattr(batch, "_work", _hang_on_stuck)  # the workers are forks: they see it too
    STUCK[:] = [str(stuck)]
    try:
        result = run_batch([src], tmp_path / "out", workers=2, progress=False, timeout=20)
    finally:
        STUCK.clear()
    errors = {r["source"]: r["error"] for r in result.errors}
    assert errors == {str(stuck): TIMED_OUT.format(seconds=20)}
    assert result.audited == 3 and len(result.rows) == 2
    assert len(list((tmp_path / "out" / "feedback").glob("*.md"))) == 2


def test_an_item_that_raises_gets_its_error_and_the_others_go_on():
    out = list(_pool_map(_upper_unless_bad, ["a", "raise", "b"], 2, None, "", False, failed=_failed, timeout=30))
    assert out == ["A", "raise: 内部错误（OSError: [Errno 28] No space left on device）", "B"]


_REAL_NOTE = batch._write_note


def _note_fails_for_001(job):
    if "19cc13ecf0eb244d" in job[0]["source"]:
        raise OSError(28, "No space left on device")
    return _REAL_NOTE(job)


def test_a_note_that_fails_is_reported_the_others_are_written_and_a_rerun_writes_it(tmp_path, monkeypatch,
                                                                                   capfd):
    src = tmp_path / "in"
    src.mkdir()
    for path in SEEDS[:3]:
        shutil.copy(path, src / path.name)
    monkeypatch.setattr(batch, "_write_note", _note_fails_for_001)  # forked note workers inherit it
    monkeypatch.setattr(batch, "NOTES_A_TASK", 2)  # two tasks: the note workers run
    first = run_batch([src], tmp_path / "out", workers=2, progress=False)
    notes = tmp_path / "out" / "feedback"
    names = {r["source"]: r["feedback"] for r in first.records}
    failing = next(name for source, name in names.items() if "19cc13ecf0eb244d" in source)
    assert "note not written (内部错误（OSError: [Errno 28] No space left on device）)" in capfd.readouterr().err
    assert not (notes / f"{failing}.md").exists()
    assert all((notes / f"{n}.docx").is_file() for n in names.values() if n != failing)
    monkeypatch.setattr(batch, "_write_note", _REAL_NOTE)
    run_batch([src], tmp_path / "out", workers=2, progress=False)
    assert (notes / f"{failing}.md").is_file() and (notes / f"{failing}.docx").is_file()
