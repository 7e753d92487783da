"""The crash log in the data directory, shared by the app and the CLI (no Qt, no ORM).

An unexpected exception is appended with its traceback to ``logs/qjsc-panel-YYYYMMDD.log``.
A native crash (a segfault in a C extension, a fatal interpreter error) cannot run Python
code, so :func:`enable_native_log` points :mod:`faulthandler` at ``logs/native-crash.log``;
the next start finds it non-empty and reports it (:func:`take_native_crash`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import traceback
from datetime import datetime
from pathlib import Path
from typing import IO

LOG_DIR = "logs"
NATIVE_LOG = "native-crash.log"

_native_file: IO[str] | None = None


def log_dir(data_dir: Path) -> Path:
    path = data_dir / LOG_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_path(data_dir: Path) -> Path:
    return log_dir(data_dir) / f"qjsc-panel-{datetime.now():%Y%m%d}.log"


def write_log(data_dir: Path, kind: str, text: str) -> Path | None:
    """Append to today's log; None when even that fails (a full or read-only disk)."""
    try:
        path = log_path(data_dir)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"[{datetime.now().isoformat(timespec='seconds')}] {kind}\n{text}\n")
        return path
    except OSError:
        return None


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def log_exception(data_dir: Path, exc: BaseException, kind: str = "uncaught exception") -> Path | None:
    return write_log(data_dir, kind, format_exception(exc))


def take_native_crash(data_dir: Path) -> tuple[str, Path | None] | None:
    """What faulthandler wrote in the previous run (moved into the dated log), or None."""
    path = log_dir(data_dir) / NATIVE_LOG
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not text:
        return None
    logged = write_log(data_dir, "native crash in the previous run", text)
    with contextlib.suppress(OSError):
        path.write_text("", encoding="utf-8")
    return text, logged


def enable_native_log(data_dir: Path) -> Path | None:
    """Send faulthandler's report of a native crash to the data directory (kept open)."""
    global _native_file
    try:
        path = log_dir(data_dir) / NATIVE_LOG
        fh = path.open("w", encoding="utf-8")
    except OSError:
        return None
    if _native_file is not None:
        _native_file.close()
    _native_file = fh
    faulthandler.enable(file=fh, all_threads=True)
    return path
