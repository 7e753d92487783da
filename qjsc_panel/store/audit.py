"""The audit log: append-only and hash-chained.

``hash = sha256(prev_hash + canonical_json(seq, at, actor, action, acceptance, payload))``.
The head row (last seq and hash) is updated in the same transaction, so deleting the newest
entries shows too.  Written with SQLAlchemy Core: it sits on the score-edit hot path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from qjsc_panel.domain.audit import GENESIS, canonical, entry_hash
from qjsc_panel.store.audit_chain import append_raw
from qjsc_panel.store.models import AuditEntry, AuditHead

__all__ = ["GENESIS", "append", "append_raw", "canonical", "dbapi", "entry_hash", "verify_log"]

_LOG = cast(Table, AuditEntry.__table__)
_HEAD = cast(Table, AuditHead.__table__)


def dbapi(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session's transaction (for the hot path's plain SQL)."""
    return cast(sqlite3.Connection, session.connection().connection.driver_connection)


def append(session: Session, actor: str, action: str, acceptance_uuid: str | None, payload: Mapping[str, Any]) -> int:
    """Add one entry in the caller's transaction; returns its seq."""
    return append_raw(dbapi(session), actor, action, acceptance_uuid, payload)


@dataclass(frozen=True)
class LogProblem:
    code: str  # log.changed | log.deleted | log.inserted | log.tail_deleted | log.head_changed
    seq: int

    def render(self, lang: str = "zh") -> str:
        from qjsc_panel.messages import render

        return render(self.code, lang, seq=self.seq)


def verify_log(session: Session) -> tuple[int, list[LogProblem]]:
    """Walk the chain; returns (entries checked, problems found with the seq they concern)."""
    rows = session.execute(
        select(
            _LOG.c.seq,
            _LOG.c.at,
            _LOG.c.actor,
            _LOG.c.action,
            _LOG.c.acceptance_uuid,
            _LOG.c.payload,
            _LOG.c.prev_hash,
            _LOG.c.hash,
        ).order_by(_LOG.c.seq)
    ).all()
    problems: list[LogProblem] = []
    expected_seq = 1
    prev = GENESIS
    for seq, at, actor, action, acc, payload, prev_hash, digest in rows:
        if entry_hash(prev_hash, seq, at, actor, action, acc, payload) != digest:
            problems.append(LogProblem("log.changed", seq))  # edited in place
        elif prev_hash != prev:
            if seq > expected_seq:
                problems.append(LogProblem("log.deleted", expected_seq))
            else:
                # This row is intact but does not follow the one before: that one was rewritten
                # (with a freshly computed hash) or slipped in.
                problems.append(LogProblem("log.changed", seq - 1))
        elif seq != expected_seq:
            problems.append(LogProblem("log.deleted", expected_seq))
        prev = digest
        expected_seq = seq + 1
    head = session.execute(select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1)).first()
    last_seq = rows[-1][0] if rows else 0
    problems.extend(_head_problems(head, len(rows), last_seq, prev))
    return len(rows), problems


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
