"""The crash log in the data directory, shared by the app and the CLI (no Qt, no ORM).

An unexpected exception is appended with its traceback to ``logs/qjsc-panel-YYYYMMDD.log``.
A native crash (a segfault in a C extension, a fatal interpreter error) cannot run Python
code, so :func:`enable_native_log` points :mod:`faulthandler` at ``logs/native-crash.log``;
the next start finds it non-empty and reports it (:func:`take_native_crash`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import traceback
from datetime import datetime
from pathlib import Path
from typing import IO

from qjsc_panel.errors import QjscError

LOG_DIR = "logs"
NATIVE_LOG = "native-crash.log"

_native_file: IO[str] | None = None


def log_dir(data_dir: Path | None = None) -> Path:
    """``data_dir/logs`` (owner-only: a traceback can quote scores or names); without
    ``data_dir`` the entry point's default: the CLI's handler may run before its arguments
    were understood."""
    if data_dir is None:
        from qjsc_panel.paths import data_dir as default_data_dir

        data_dir = default_data_dir()
    path = data_dir / LOG_DIR
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def log_path(data_dir: Path | None) -> Path:
    return log_dir(data_dir) / f"qjsc-panel-{datetime.now():%Y%m%d}.log"


def write_log(data_dir: Path | None, kind: str, text: str) -> Path | None:
    """Append to today's log; None when even that fails (a full or read-only disk)."""
    try:
        path = log_path(data_dir)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(f"[{datetime.now().isoformat(timespec='seconds')}] {kind}\n{text}\n")
        return path
    except (OSError, ValueError, QjscError):
        return None


def write(data_dir: Path | None, kind: str, text: str) -> Path | None:
    return write_log(data_dir, kind, text)


def write_exception(data_dir: Path | None, exc: BaseException, kind: str = "uncaught exception") -> Path | None:
    """The exception's full traceback into the log (the CLI's last-resort handler)."""
    return write_log(data_dir, kind, format_exception(exc))


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
