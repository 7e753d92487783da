"""Write an unexpected exception's traceback to ``data_dir()/logs`` (shared by the CLI and the app).

Pure standard library and no Qt, so either front end can call it from its last-resort handler.
The log is owner-only: a traceback can quote scores or names.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from qjsc_panel.errors import QjscError


def log_dir(home: Path | None = None) -> Path:
    """``home/logs``; without ``home`` the entry point's data directory (``--home``,
    ``$QJSC_HOME`` or the user's): the handler may run before the arguments were understood."""
    from qjsc_panel.paths import data_dir

    path = (home if home is not None else data_dir()) / "logs"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def write(home: Path | None, kind: str, text: str) -> Path | None:
    """Append ``text`` to today's log; None when even that fails (a full or read-only disk)."""
    try:
        path = log_dir(home) / f"qjsc-panel-{datetime.now():%Y%m%d}.log"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(f"[{datetime.now().isoformat(timespec='seconds')}] {kind}\n{text}\n")
        return path
    except (OSError, ValueError, QjscError):
        return None


def write_exception(home: Path | None, exc: BaseException, kind: str = "uncaught exception") -> Path | None:
    """The exception's full traceback into the log."""
    return write(home, kind, "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
