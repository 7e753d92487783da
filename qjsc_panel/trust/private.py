"""Private at rest: the app's data files are owner-only (0600), its directories 0700.

Scores, drafts, names and keys live in these files; on a shared laptop another account must not
read them.  SQLite gives the ``-wal`` and ``-shm`` files the database file's mode, so making the
database 0600 before SQLite first opens it covers those too.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) owner-only; tighten it if it already exists."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not ours (a shared mount): leave it as it is
        if path.stat().st_mode & 0o077:
            path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty and owner-only if missing; tighten an existing one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        os.close(fd)
    except FileExistsError:
        pass
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)
    return path


def tighten_database(path: Path) -> None:
    """The database file and its WAL companions, owner-only."""
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            private_file(side)
