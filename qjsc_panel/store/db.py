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

# The engine side of the same file; names re-exported for callers that know them from here.
from qjsc_panel.store.sqlite import HEAD_REVISION as HEAD_REVISION
from qjsc_panel.store.sqlite import current_revision as current_revision
from qjsc_panel.store.sqlite import set_pragmas
from qjsc_panel.store.sqlite import translate as translate


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    set_pragmas(dbapi_conn)


def _begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


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
