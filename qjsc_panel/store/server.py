"""The bureau's shared archive on PostgreSQL (``--db postgresql+psycopg://…``).

Laptops keep their SQLite file; when several secretaries work on one archive it lives on a
PostgreSQL server, with the same models and the same Alembic migrations (each migration writes
PL/pgSQL where SQLite needs its own trigger syntax).  What differs from SQLite lives here:

- the hot path's plain SQL (``?`` placeholders, :class:`PgCon`) runs on psycopg's connection;
- the audit chain's head is serialised with a transaction-scoped advisory lock, so concurrent
  writers from several machines append one after another (SQLite's ``BEGIN IMMEDIATE`` does
  that on a laptop);
- no pragmas, no file backup (that is ``pg_dump``'s job on a server) and no SQLCipher
  encryption (the server's own access control and disk encryption protect it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Engine, create_engine, event

from qjsc_panel.errors import QjscError
from qjsc_panel.store.audit_chain import AUDIT_LOCK, LOCK_HEAD_SQL

SERVER_SCHEMES = ("postgresql",)
MIGRATE_LOCK = AUDIT_LOCK + 1


def is_server_url(target: object) -> bool:
    """A database URL (``postgresql+psycopg://…``) rather than a file path."""
    return isinstance(target, str) and "://" in target


def display_path(url: str) -> Path:
    """What messages and the data directory logic show for a server database: its name and host,
    never the password.  Not a file: nothing opens it."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return Path(f"{u.get_backend_name()}:{u.host or u.query.get('host') or 'localhost'}") / (u.database or "")


def is_server_path(path: Path) -> bool:
    """A :func:`display_path` (what ``App.db_path`` is for a server database), not a file."""
    return bool(path.parts) and path.parts[0].startswith(tuple(f"{s}:" for s in SERVER_SCHEMES))


class PgCon:
    """The few ``sqlite3.Connection`` methods the hot path uses (``execute`` with ``?``
    placeholders, returning a cursor to fetch from), on a psycopg connection.

    The hot path's SQL is written once, for both: standard SQL with ``ON CONFLICT``,
    ``RETURNING`` and ``true``/``false``; only the placeholder style differs."""

    _converted: ClassVar[dict[str, str]] = {}
    server = True  # audit_chain takes the head's lock on a server connection

    def __init__(self, con: Any) -> None:
        self.con = con

    @classmethod
    def convert(cls, sql: str) -> str:
        found = cls._converted.get(sql)
        if found is None:
            found = cls._converted[sql] = sql.replace("%", "%%").replace("?", "%s")
        return found

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.con.execute(self.convert(sql), tuple(params))

    def stream(self, sql: str) -> Iterator[Any]:
        """Rows through a server-side cursor, a batch at a time (constant memory for a long log)."""
        with self.con.cursor(name="qjsc_stream") as cur:
            cur.itersize = 2000
            cur.execute(self.convert(sql))
            yield from cur


def lock_audit_head(con: Any) -> None:
    """Wait for the audit head: held until this transaction ends (commit or rollback)."""
    con.execute(LOCK_HEAD_SQL)


def make_server_engine(url: str) -> Engine:
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() not in SERVER_SCHEMES:
        raise QjscError("store.server_unsupported", url=str(display_path(url)))
    import importlib.util

    if importlib.util.find_spec("psycopg") is None:
        raise QjscError("store.server_driver_missing", path=str(display_path(url)))
    # READ COMMITTED (PostgreSQL's default) with one writer at a time (the advisory lock taken
    # when a write transaction begins): each statement sees what the writers before committed.
    engine = create_engine(url, future=True, pool_pre_ping=True)
    event.listen(engine, "begin", _one_writer)
    return engine


def _one_writer(conn: Any) -> None:
    """What ``BEGIN IMMEDIATE`` is on SQLite: a write transaction waits for the one before it.
    Writers that interleave could deadlock (a row lock against the audit head's lock); one at
    a time cannot, and a bureau's few secretaries never notice the wait.  Reads
    (``Database.read``) take no lock."""
    if conn.get_execution_options().get("qjsc_read"):
        return
    conn.exec_driver_sql(LOCK_HEAD_SQL)


def server_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
        return str(rev[0]) if rev else None


def migrate_server(engine: Engine) -> None:
    """Alembic up to head, one process at a time: the first secretary's app migrates, the
    others wait for the lock and then find the schema current."""
    from alembic import command

    from qjsc_panel.store.migrate import _config

    cfg = _config()
    with engine.begin() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATE_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def translate(exc: BaseException, where: Path) -> QjscError:
    text = str(exc).lower()
    if "could not connect" in text or ("connection" in text and ("refused" in text or "failed" in text)):
        return QjscError("store.server_unreachable", path=str(where), detail=str(exc).strip())
    return QjscError("db.error", path=str(where), detail=str(exc).strip())
