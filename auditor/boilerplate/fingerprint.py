"""Winnowing fingerprints of character k-grams (Schleimer, Wilkerson & Aiken 2003).

Text is normalised for reuse detection first: folded (full-width, traditional), stripped of white
space and punctuation, and with every digit run masked, so that a copy with new figures still
matches. Every substring of at least `window + k − 1` normalised characters that two texts share
yields at least one shared fingerprint (the winnowing guarantee), which makes fingerprints a sound
candidate filter; candidates are verified with rapidfuzz afterwards.
"""

from __future__ import annotations

import re
import zlib
from collections import deque
from collections.abc import Sequence

from auditor.normalize import fold

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


def normalise_for_reuse(text: str) -> str:
    """Folded text without spaces or punctuation; digit runs become '#'."""
    return _DIGITS.sub("#", _DROP.sub("", fold(text)))


def kgram_hashes(text: str, k: int) -> list[int]:
    """A stable 32-bit hash (CRC-32, the same in every process) of each k-gram of `text`."""
    data = text
    return [zlib.crc32(data[i:i + k].encode("utf-8")) for i in range(len(data) - k + 1)]


def _short_input(hashes: Sequence[int], window: int) -> list[tuple[int, int]] | None:
    """The result for fewer hashes than one window (the single rightmost minimum), else None."""
    if window < 1:
        raise ValueError("window must be at least 1")
    if len(hashes) >= window:
        return None
    if not hashes:
        return []
    best = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
    return [(best, hashes[best])]


def winnow(hashes: Sequence[int], window: int) -> list[tuple[int, int]]:
    """(position, hash) of the minimum of every window of `window` hashes, the rightmost minimum on
    ties, each selected position once. O(n) with a monotonic deque."""
    short = _short_input(hashes, window)
    if short is not None:
        return short
    out: list[tuple[int, int]] = []
    candidates: deque[int] = deque()  # positions whose hashes increase strictly from the left
    last = -1
    for i, h in enumerate(hashes):
        while candidates and hashes[candidates[-1]] >= h:
            candidates.pop()  # ">=": on a tie the rightmost position wins
        candidates.append(i)
        if candidates[0] <= i - window:
            candidates.popleft()
        if i >= window - 1 and candidates[0] != last:
            last = candidates[0]
            out.append((last, hashes[last]))
    return out


def winnow_reference(hashes: Sequence[int], window: int) -> list[tuple[int, int]]:
    """The obviously correct O(n·w) twin of `winnow`, for tests."""
    short = _short_input(hashes, window)
    if short is not None:
        return short
    out: list[tuple[int, int]] = []
    for start in range(len(hashes) - window + 1):
        span = range(start, start + window)
        best = min(span, key=lambda i: (hashes[i], -i))
        if not out or out[-1][0] != best:
            out.append((best, hashes[best]))
    return out


def fingerprints(text: str, *, k: int = 6, window: int = 8) -> list[tuple[int, int]]:
    """Winnowed fingerprints of a text: (position in the normalised text, hash)."""
    return winnow(kgram_hashes(normalise_for_reuse(text), k), window)
