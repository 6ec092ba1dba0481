"""Per-process caches keyed by report text, and one call that empties them all.

Paragraph and sentence texts recur from report to report (headings, standard sentences), so the
audit keeps what it derived from them: jieba words, docs, normalised text, claims, channel
mentions, tagger probabilities. Every such cache is made with `text_cache` (or registers its own
clearing with `on_clear`), so that `clear_text_caches` (benchmarks: a repeated file must cost what
new text costs) cannot miss one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_CLEARERS: list[Callable[[], Any]] = []


def text_cache(maxsize: int) -> Callable[[F], F]:
    """`functools.lru_cache(maxsize=maxsize)`, emptied by `clear_text_caches`."""
    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)
        _CLEARERS.append(cached.cache_clear)
        return cached  # type: ignore[return-value]
    return wrap


def on_clear(clear: Callable[[], Any]) -> Callable[[], Any]:
    """Register a memo's own clearing (one that is not an lru_cache)."""
    _CLEARERS.append(clear)
    return clear


def clear_text_caches() -> None:
    """Empty every text cache and memo of this process."""
    for clear in _CLEARERS:
        clear()
