"""The SQLite file without SQLAlchemy: pragmas, error translation, the stored schema revision.

Shared by :mod:`qjsc_panel.store.db` (the engine) and the light path of the CLI's score
commands, which open the same file with plain :mod:`sqlite3` and the same settings.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qjsc_panel.errors import QjscError

# The newest migration this build knows.  Checked without importing Alembic, so opening an
# up-to-date database (the usual case) costs no Alembic import.
HEAD_REVISION = "0005"
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of a plain (unencrypted) database


def set_pragmas(con: sqlite3.Connection) -> None:
    """Autocommit mode (we issue BEGIN IMMEDIATE ourselves), WAL, FULL sync, foreign keys."""
    con.isolation_level = None
    cur = con.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def translate(exc: BaseException, path: Path) -> QjscError:
    """A low-level SQLite error as a message the user can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return QjscError("db.locked", path=str(path))
    if "not a database" in text or "malformed" in text or "unable to open" in text:
        return QjscError("db.unreadable", path=str(path), detail=str(exc))
    return QjscError("db.error", path=str(path), detail=str(exc))


def current_revision(path: Path) -> str | None:
    """The schema revision stored in the file, or None for a new/empty database."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        return revision_of(con)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    finally:
        con.close()


def revision_of(con: sqlite3.Connection) -> str | None:
    row = con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
    if row is None:
        return None
    rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(rev[0]) if rev else None


def connect_current(path: Path) -> sqlite3.Connection | None:
    """A plain connection to an existing database at the current schema revision, else None
    (a new, older or newer file goes the full way: migrated, or refused, by store.db; so does a
    file that is not plain SQLite — an expert's SQLCipher database needs the passphrase, which
    the full CLI asks for)."""
    if not path.is_file() or not path.stat().st_size or not _plain_sqlite(path):
        return None
    try:
        con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        set_pragmas(con)
        if revision_of(con) != HEAD_REVISION:
            con.close()
            return None
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    return con


def _plain_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def uuid_prefix_range(prefix: str) -> tuple[str, str]:
    """``uuid LIKE 'p%'`` as a range an index can answer: ``p <= uuid < p⁺``."""
    prefix = prefix.strip().lower()
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
