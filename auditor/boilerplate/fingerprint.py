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
from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from auditor.normalize import fold

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[。!?;]")  # after folding: ！？； are ASCII
KGRAM = 6  # characters per hashed k-gram


def normalise_for_reuse(text: str) -> str:
    """Folded text without spaces or punctuation; digit runs become '#' (sentence by sentence)."""
    return normalise_sentences(text)[0]


def normalise_sentences(text: str) -> tuple[str, tuple[int, ...]]:
    """`normalise_for_reuse(text)` and the end offsets in it of the sentences (cut at 。！？；),
    with one fold of the text."""
    cuts: list[int] = []
    pieces = []
    at = 0
    for piece in _SENTENCE_END.split(fold(text)):
        piece = _DIGITS.sub("#", _DROP.sub("", piece))
        if piece:
            at += len(piece)
            pieces.append(piece)
            cuts.append(at)
    return "".join(pieces), tuple(cuts)


def sentences_covering(text: str, start: int, end: int) -> str:
    """The sentences of `text` (folded, punctuation and figures as printed) that hold the span
    [start, end) of `normalise_for_reuse(text)`: how a matched span is shown to a user."""
    shown = []
    at = 0
    for sentence in re.split(r"(?<=[。!?;])", fold(text)):
        width = len(_DIGITS.sub("#", _DROP.sub("", sentence)))
        if width and at < end and at + width > start:
            shown.append(sentence.strip())
        at += width
    return "".join(shown)


def kgram_hashes(text: str, k: int) -> list[int]:
    """A stable 32-bit hash (CRC-32 of its UTF-32 code units, the same in every process) of each
    k-gram of `text`; the text is encoded once."""
    data = text.encode("utf-32-le")
    return [zlib.crc32(data[i:i + 4 * k]) for i in range(0, 4 * (len(text) - k + 1), 4)]


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
    ties, each selected position once. Vectorised: the argmin of every window, read from the right."""
    short = _short_input(hashes, window)
    if short is not None:
        return short
    h = np.asarray(hashes, dtype=np.int64)
    from_right = sliding_window_view(h, window)[:, ::-1].argmin(axis=1)
    best = np.arange(window - 1, len(h)) - from_right
    # minima move right as the window does, so a position chosen again is the one just chosen
    chosen = best[np.concatenate(([True], best[1:] != best[:-1]))]
    return list(zip(chosen.tolist(), h[chosen].tolist()))


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


def fingerprints(text: str, *, k: int = KGRAM, window: int = 8, normalised: bool = False) -> list[tuple[int, int]]:
    """Winnowed fingerprints of a text: (position in the normalised text, hash). `normalised`: the
    text is already `normalise_for_reuse` output."""
    return winnow(kgram_hashes(text if normalised else normalise_for_reuse(text), k), window)
