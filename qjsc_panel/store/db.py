"""Opening the database: pragmas, immediate transactions, migration after a backup.

Every write runs in ``BEGIN IMMEDIATE`` so two windows (or two experts on one laptop) never
deadlock on a lock upgrade; ``synchronous=FULL`` in WAL mode makes each commit survive a
power cut, which a laptop in a factory meeting room can suffer.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from qjsc_panel.errors import QjscError


def _cipher_errors() -> tuple[type[Exception], ...]:
    try:
        from sqlcipher3 import dbapi2  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, dbapi2.Error)


# SQLite's errors, and SQLCipher's (a separate module with the same API) for encrypted files.
DB_ERRORS = _cipher_errors()


def is_encrypted(path: Path) -> bool:
    """An existing file that is not plain SQLite: an SQLCipher database (or not a database)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return bool(head) and head != b"SQLite format 3\x00"


def _connect(path: Path, key: str | None, read_only: bool = False) -> sqlite3.Connection:
    """A DB-API connection to ``path``: sqlite3, or SQLCipher keyed with ``key``."""
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    if key is None:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    from sqlcipher3 import dbapi2

    con = dbapi2.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    _key(con, key)
    return cast(sqlite3.Connection, con)


def _key(con: Any, key: str) -> None:
    """The key first, then quiet: a wrong key is our message, not SQLCipher's log line."""
    con.execute('PRAGMA key = "' + key.replace('"', '""') + '"')  # as SQLAlchemy's dialect quotes it
    with contextlib.suppress(*DB_ERRORS):  # an older SQLCipher without log levels
        con.execute("PRAGMA cipher_log_level = NONE")


# The newest migration this build knows.  Checked without importing Alembic, so opening an
# up-to-date database (the usual case) costs no Alembic import.
BUSY_TIMEOUT_MS = 5000
# The engine side of the same file; names re-exported for callers that know them from here.
from qjsc_panel.store.sqlite import HEAD_REVISION as HEAD_REVISION  # noqa: E402
from qjsc_panel.store.sqlite import set_pragmas  # noqa: E402


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    set_pragmas(dbapi_conn)


def _begin_immediate(conn: Any) -> None:
    if conn.get_execution_options().get("qjsc_read"):
        return  # a read (Database.read): autocommit statements, never the write lock
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def translate(exc: BaseException, path: Path, encrypted: bool = False) -> QjscError:
    """A low-level SQLite error as a message the user can act on."""
    text = str(exc).lower()
    if encrypted and "not a database" in text:
        return QjscError("trust.db_locked_by_passphrase", path=str(path))
    if "locked" in text or "busy" in text:
        return QjscError("db.locked", path=str(path))
    if "not a database" in text or "malformed" in text or "unable to open" in text:
        return QjscError("db.unreadable", path=str(path), detail=str(exc))
    return QjscError("db.error", path=str(path), detail=str(exc))


class Database:
    def __init__(self, path: Path, engine: Engine, url: str | None = None) -> None:
        # For a server database (``url`` set) ``path`` only names it in messages.
        self.path = path
        self.url = url
        # The data directory an App on this database defaults to: the file's folder; none for a
        # server (the App is told one, as the CLI and the desktop app always do).
        self.data_dir: Path | None = None if url is not None else path.parent
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._readers: list[Connection] = []

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed (and on disk) when the block ends, rolled back on error."""
        from sqlalchemy.exc import OperationalError

        try:
            with self._sessions() as s, s.begin():
                yield s
        except OperationalError as exc:
            raise self._translate(exc) from exc

    @property
    def is_server(self) -> bool:
        """PostgreSQL (the bureau's shared archive) rather than an SQLite file."""
        return self.url is not None

    def _translate(self, exc: BaseException) -> QjscError:
        if self.url is not None:
            from qjsc_panel.store.server import translate as server_translate

            return server_translate(exc, self.path)
        return translate(exc, self.path)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reads only (lists, lookups): SQLAlchemy Core with its statement
        cache, no ORM loading and no ``BEGIN IMMEDIATE`` — a long list never blocks a writer.

        One connection per thread, kept open: checking one out per list left cyclic garbage
        whose collection cost ten times the query (an archive page: 1 ms query, 10 ms GC)."""
        from sqlalchemy.exc import OperationalError

        conn: Connection | None = getattr(self._local, "reader", None)
        if conn is None or conn.closed or conn.invalidated:
            conn = self.engine.connect().execution_options(qjsc_read=True)
            self._local.reader = conn
            with self._lock:
                self._readers.append(conn)
        try:
            yield conn
        except OperationalError as exc:
            raise self._translate(exc) from exc
        finally:
            if conn.in_transaction():
                conn.rollback()  # ends SQLAlchemy's bookkeeping; no BEGIN was sent for a read

    @contextmanager
    def raw(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the bare sqlite3 connection, for the score-edit hot path.

        Same pool, pragmas and ``BEGIN IMMEDIATE`` as :meth:`session`, none of the per-statement
        work of building SQLAlchemy constructs.  On PostgreSQL the same SQL runs on psycopg's
        connection through :class:`~qjsc_panel.store.server.PgCon`.
        """
        if self.url is not None:
            with self._raw_server() as con:
                yield con
            return
        try:
            fairy = self.engine.raw_connection()
        except DB_ERRORS as exc:
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
        except DB_ERRORS as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise translate(exc, self.path) from exc
        finally:
            fairy.close()

    @contextmanager
    def _raw_server(self) -> Iterator[sqlite3.Connection]:
        from sqlalchemy.exc import DBAPIError

        from qjsc_panel.store.server import PgCon, lock_audit_head

        try:
            fairy = self.engine.raw_connection()
        except DBAPIError as exc:
            raise self._translate(exc) from exc
        import psycopg

        driver: Any = fairy.driver_connection
        try:
            try:
                con = PgCon(driver)
                lock_audit_head(con)  # one writer at a time, as a session's begin does it
                yield cast(sqlite3.Connection, con)  # duck-typed: execute → cursor
            except BaseException:
                driver.rollback()
                raise
            driver.commit()
        except psycopg.OperationalError as exc:  # a lost server, a deadlock
            raise self._translate(exc) from exc
        finally:
            fairy.close()

    def close(self) -> None:
        with self._lock:
            readers, self._readers = self._readers, []
        for conn in readers:
            conn.close()
        self.engine.dispose()


def make_engine(path: Path, key: str | None = None) -> Engine:
    if key is None:
        engine = create_engine(f"sqlite:///{path}", future=True)
    else:  # SQLCipher: the dialect keys every connection before anything else runs
        from sqlalchemy import URL

        engine = create_engine(URL.create("sqlite+pysqlcipher", password=key, database=str(path)), future=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def current_revision(path: Path, key: str | None = None) -> str | None:
    """The schema revision stored in the file, or None for a new/empty database."""
    try:
        con = _connect(path, key, read_only=True)
    except DB_ERRORS as exc:
        raise translate(exc, path, key is not None) from exc
    try:
        row = con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if row is None:
            return None
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(rev[0]) if rev else None
    except DB_ERRORS as exc:
        raise translate(exc, path, key is not None) from exc
    finally:
        con.close()


def backup(path: Path, revision: str, key: str | None = None) -> Path:
    """Copy the live database with SQLite's online backup API (consistent even in WAL mode)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    from qjsc_panel.trust.private import private_file

    target = private_file(path.with_name(f"{path.name}.{revision}.{stamp}.bak"))
    src = _connect(path, key)
    dst = _connect(target, key)  # encrypted under the same key, like the original
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def open_server_database(url: str, key: str | None = None) -> Database:
    """The bureau's shared archive on PostgreSQL: migrated to head if older (no file backup
    first: backing up a server is ``pg_dump``'s job), refused if newer than this build."""
    from sqlalchemy.exc import DBAPIError

    from qjsc_panel.store import migrate, server

    where = server.display_path(url)
    if key is not None:  # SQLCipher encrypts a file; a server is protected by its own access control
        raise QjscError("store.server_no_encryption", path=str(where))
    engine = server.make_server_engine(url)
    try:
        revision = server.server_revision(engine)
        if revision != HEAD_REVISION:
            if revision is not None and not migrate.is_known(revision):
                raise QjscError("db.too_new", path=str(where), revision=revision)
            server.migrate_server(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise server.translate(exc, where) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(where, engine, url=url)


def export_encrypted(src: Path, dst: Path, key: str) -> None:
    """Copy the plain database ``src`` into a new SQLCipher file ``dst`` encrypted under ``key``
    (SQLCipher's own ``sqlcipher_export``: schema, rows, triggers, user_version)."""
    from qjsc_panel.trust.private import private_dir, private_file

    if len(DB_ERRORS) == 1:  # no SQLCipher module on this machine
        raise QjscError("trust.cipher_unavailable", path=str(dst))
    from sqlcipher3 import dbapi2

    private_dir(dst.parent)
    part = private_file(dst.with_name(dst.name + ".part"))
    part.unlink()
    con = dbapi2.connect(str(src), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        con.execute("ATTACH DATABASE ? AS private KEY ?", (str(part), key))
        con.execute("SELECT sqlcipher_export('private')")
        con.execute("DETACH DATABASE private")
    except DB_ERRORS as exc:
        raise translate(exc, src) from exc
    finally:
        con.close()
    private_file(part)
    part.replace(dst)


def open_database(path: Path | str, key: str | None = None) -> Database:
    """Open (creating or migrating as needed) the database at ``path``; with ``key`` an
    SQLCipher file encrypted under it (:mod:`qjsc_panel.trust.private`).  A URL
    (``postgresql+psycopg://…``) opens the bureau's shared archive on a server instead."""
    from qjsc_panel.store.server import is_server_url
    from qjsc_panel.trust.private import private_dir, tighten_database

    if isinstance(path, str) and is_server_url(path):
        return open_server_database(path, key)

    if key is not None and len(DB_ERRORS) == 1:  # no SQLCipher module on this machine
        raise QjscError("trust.cipher_unavailable", path=str(path))
    path = Path(path)
    if not path.parent.exists():
        private_dir(path.parent)
    revision = current_revision(path, key) if path.exists() and path.stat().st_size else None
    tighten_database(path)  # 0600 before SQLite opens it: the -wal and -shm files follow its mode
    if revision != HEAD_REVISION:
        from qjsc_panel.store import migrate

        if revision is not None and not migrate.is_known(revision):
            raise QjscError("db.too_new", path=str(path), revision=revision)
        if revision is not None:
            backup(path, revision, key)
        engine = make_engine(path, key)
        try:
            migrate.upgrade(engine)
        except Exception as exc:
            engine.dispose()
            if isinstance(exc, QjscError):
                raise
            raise translate(exc, path) from exc
    else:
        engine = make_engine(path, key)
    return Database(path, engine)
