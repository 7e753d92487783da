"""The audit log: append-only and hash-chained.

``hash = sha256(prev_hash + canonical_json(seq, at, actor, action, acceptance, payload))``.
The head row (last seq and hash) is updated in the same transaction, so deleting the newest
entries shows too.  Written with SQLAlchemy Core: it sits on the score-edit hot path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast, runtime_checkable

from sqlalchemy import Table
from sqlalchemy.orm import Session

from qjsc_panel.domain.audit import GENESIS, canonical, entry_hash
from qjsc_panel.store.audit_chain import _HEAD_SQL, append_raw
from qjsc_panel.store.models import AuditEntry, AuditHead

__all__ = ["GENESIS", "append", "append_raw", "canonical", "dbapi", "entry_hash", "verify_log"]

_LOG = cast(Table, AuditEntry.__table__)
_HEAD = cast(Table, AuditHead.__table__)


def dbapi(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session's transaction (for the hot path's plain SQL);
    on PostgreSQL psycopg's, behind the same ``execute`` (:class:`~qjsc_panel.store.server.PgCon`)."""
    conn = session.connection()
    driver = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        from qjsc_panel.store.server import PgCon

        return cast(sqlite3.Connection, PgCon(driver))
    return cast(sqlite3.Connection, driver)


def append(session: Session, actor: str, action: str, acceptance_uuid: str | None, payload: Mapping[str, Any]) -> int:
    """Add one entry in the caller's transaction; returns its seq."""
    return append_raw(dbapi(session), actor, action, acceptance_uuid, payload)


@dataclass(frozen=True)
class LogProblem:
    """A break in the chain (``log.*``), or a table that disagrees with the log (``trust.replay_*``)."""

    code: str  # log.changed | log.deleted | log.inserted | log.tail_deleted | trust.replay_* ...
    seq: int
    detail: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str = "zh") -> str:
        from qjsc_panel.messages import render

        return render(self.code, lang, seq=self.seq, **dict(self.detail))


_WALK_SQL = "SELECT seq, at, actor, action, acceptance_uuid, payload, prev_hash, hash FROM audit_log ORDER BY seq"


OnEntry = Callable[[int, str, "str | None", str], None]


@runtime_checkable
class _Streams(Protocol):
    """A server connection whose plain ``execute`` would fetch every row first (psycopg)."""

    def stream(self, sql: str) -> Iterable[Sequence[Any]]: ...


def walk(con: sqlite3.Connection, on_entry: OnEntry | None = None) -> tuple[int, list[LogProblem]]:
    """Walk the chain in seq order, one row at a time (constant memory: the cursor streams).

    ``on_entry(seq, action, acceptance_uuid, payload)`` sees every entry whose hash is intact,
    for the replay against the tables (:mod:`qjsc_panel.trust.replay`).
    """
    problems: list[LogProblem] = []
    expected_seq = 1
    prev = GENESIS
    count = 0
    last_seq = 0
    rows = con.stream(_WALK_SQL) if isinstance(con, _Streams) else con.execute(_WALK_SQL)
    for seq, at, actor, action, acc, payload, prev_hash, digest in rows:
        count += 1
        last_seq = seq
        if entry_hash(prev_hash, seq, at, actor, action, acc, payload) != digest:
            problems.append(LogProblem("log.changed", seq))  # edited in place
        else:
            link = _link_problem(seq, expected_seq, prev_hash, prev)
            if link is not None:
                problems.append(link)
            if on_entry is not None:
                on_entry(seq, action, acc, payload)
        prev = digest
        expected_seq = seq + 1
    problems.extend(_head_problems(con.execute(_HEAD_SQL).fetchone(), count, last_seq, prev))
    return count, problems


def _link_problem(seq: int, expected_seq: int, prev_hash: str, prev: str) -> LogProblem | None:
    """An intact entry that does not follow the one before it."""
    if prev_hash != prev:
        if seq > expected_seq:
            return LogProblem("log.deleted", expected_seq)
        # This row is intact but does not follow the one before: that one was rewritten (with
        # a freshly computed hash) or slipped in.
        return LogProblem("log.changed", seq - 1)
    if seq != expected_seq:
        return LogProblem("log.deleted", expected_seq)
    return None


def verify_log(session: Session) -> tuple[int, list[LogProblem]]:
    """Walk the chain only; :func:`qjsc_panel.services.auditlog.verify_log` also replays the log
    against the tables and checks the chair's signed heads."""
    return walk(dbapi(session))


def _head_problems(head: Sequence[Any] | None, rows: int, last_seq: int, last_hash: str) -> list[LogProblem]:
    """The head row remembers the last entry: rows cut off the end or added after it show here."""
    if head is None:
        return [LogProblem("log.tail_deleted", 1)] if rows else []
    head_seq, head_hash = head[0], head[1]
    if head_seq > last_seq:
        return [LogProblem("log.tail_deleted", last_seq + 1)]
    if head_seq < last_seq:
        return [LogProblem("log.inserted", head_seq + 1)]
    if rows and head_hash != last_hash:
        return [LogProblem("log.changed", last_seq)]
    return []
