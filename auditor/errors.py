"""The one exception type readers raise for input they cannot use."""

from __future__ import annotations

from pathlib import Path

# What a user is told when an audit did not finish (the batch's 未能审核 list, the workbench).
TIMED_OUT = "审核超过 {seconds:.0f} 秒仍未完成，已停止（文件可能过大或格式异常）"
WORKER_DIED = "审核进程异常退出（文件可能过大、格式异常或内存不足）"


def internal_error(exc: BaseException) -> str:
    """A failure of our own code while auditing one file, for the user (the other files go on)."""
    return f"内部错误（{type(exc).__name__}: {exc}）"


class ReadError(Exception):
    """A file could not be read as a report; the message names the file and the reason: `reason`
    in English (the command line, logs), `zh` in Chinese for the people the batch outputs and the
    workbench are for (the English one when no Chinese is given)."""

    def __init__(self, path: str | Path, reason: str, *, zh: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.zh = zh or reason
        super().__init__(f"{self.path}: {reason}")
