"""Opening the database: pragmas, immediate transactions, migration after a backup.

Every write runs in ``BEGIN IMMEDIATE`` so two windows (or two experts on one laptop) never
deadlock on a lock upgrade; ``synchronous=FULL`` in WAL mode makes each commit survive a
power cut, which a laptop in a factory meeting room can suffer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from qjsc_panel.errors import QjscError

# The newest migration this build knows.  Checked without importing Alembic, so opening an
# up-to-date database (the usual case) costs no Alembic import.
HEAD_REVISION = "0003"
BUSY_TIMEOUT_MS = 5000


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE instead of pysqlite's deferred BEGIN.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def translate(exc: BaseException, path: Path) -> QjscError:
    """A low-level SQLite error as a message the user can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return QjscError("db.locked", path=str(path))
    if "not a database" in text or "malformed" in text or "unable to open" in text:
        return QjscError("db.unreadable", path=str(path), detail=str(exc))
    return QjscError("db.error", path=str(path), detail=str(exc))


class Database:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed (and on disk) when the block ends, rolled back on error."""
        from sqlalchemy.exc import OperationalError

        try:
            with self._sessions() as s, s.begin():
                yield s
        except OperationalError as exc:
            raise translate(exc, self.path) from exc

    @contextmanager
    def raw(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the bare sqlite3 connection, for the score-edit hot path.

        Same pool, pragmas and ``BEGIN IMMEDIATE`` as :meth:`session`, none of the per-statement
        work of building SQLAlchemy constructs.
        """
        try:
            fairy = self.engine.raw_connection()
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        con = cast(sqlite3.Connection, fairy.driver_connection)
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise translate(exc, self.path) from exc
        finally:
            fairy.close()

    def close(self) -> None:
        self.engine.dispose()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def current_revision(path: Path) -> str | None:
    """The schema revision stored in the file, or None for a new/empty database."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        row = con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if row is None:
            return None
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(rev[0]) if rev else None
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    finally:
        con.close()


def backup(path: Path, revision: str) -> Path:
    """Copy the live database with SQLite's online backup API (consistent even in WAL mode)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{revision}.{stamp}.bak")
    src = sqlite3.connect(str(path))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def open_database(path: Path) -> Database:
    """Open (creating or migrating as needed) the database at ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    revision = current_revision(path) if path.exists() and path.stat().st_size else None
    if revision != HEAD_REVISION:
        from qjsc_panel.store import migrate

        if revision is not None and not migrate.is_known(revision):
            raise QjscError("db.too_new", path=str(path), revision=revision)
        if revision is not None:
            backup(path, revision)
        engine = make_engine(path)
        try:
            migrate.upgrade(engine)
        except Exception as exc:
            engine.dispose()
            if isinstance(exc, QjscError):
                raise
            raise translate(exc, path) from exc
    else:
        engine = make_engine(path)
    return Database(path, engine)
