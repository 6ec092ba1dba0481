from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpora" / "samples"
TRUTH = ROOT / "tests" / "truth"
SEEDS = sorted(SAMPLES.glob("00*.txt"))


def load_truth(stem: str) -> dict:
    return json.loads((TRUTH / f"{stem}.json").read_text(encoding="utf-8"))


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def table_differences(got: dict, want: dict) -> list[str]:
    """Every cell where a parsed table differs from a truth table (ids and values)."""
    diffs = []
    for name in ("T2", "T3", "T4"):
        g, w = got.get(name, {}), want.get(name, {})
        if name == "T4":
            for cid in sorted(set(g) | set(w)):
                if as_decimal(w.get(cid)) != g.get(cid):
                    diffs.append(f"{name}.{cid}: want {w.get(cid)!r} got {g.get(cid)!r}")
            continue
        for row in sorted(set(g) | set(w)):
            grow, wrow = g.get(row, {}), w.get(row, {})
            for col in sorted(set(grow) | set(wrow)):
                if as_decimal(wrow.get(col)) != grow.get(col):
                    diffs.append(f"{name}.{row}.{col}: want {wrow.get(col)!r} got {grow.get(col)!r}")
    return diffs


@pytest.fixture(scope="session")
def parsed():
    """Parsed bundled samples, once per session."""
    from auditor.parse import parse_file

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = parse_file(SAMPLES / name)
        return cache[name]

    return get
