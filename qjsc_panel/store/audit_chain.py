"""The audit log's hash chain on a bare sqlite3 connection (no SQLAlchemy): one entry appended
inside the caller's write transaction.  :mod:`qjsc_panel.store.audit` builds on it and verifies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from qjsc_panel.domain.audit import GENESIS, canonical, entry_hash

_HEAD_SQL = "SELECT seq, hash FROM audit_head WHERE id = 1"
# A transaction-scoped advisory lock on PostgreSQL; the number is any constant all writers share.
AUDIT_LOCK = 0x716A7363  # "qjsc"
LOCK_HEAD_SQL = f"SELECT pg_advisory_xact_lock({AUDIT_LOCK})"
_INSERT_SQL = (
    "INSERT INTO audit_log (seq, at, actor, action, acceptance_uuid, payload, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def append_raw(
    con: sqlite3.Connection, actor: str, action: str, acceptance_uuid: str | None, payload: Mapping[str, Any]
) -> int:
    """:func:`append` on a bare sqlite3 connection already inside a write transaction.

    Plain SQL because it runs on every score edit: building SQLAlchemy statements here cost
    more than the commit itself.
    """
    if getattr(con, "server", False):
        # PostgreSQL: writers on several machines append one at a time (SQLite's BEGIN
        # IMMEDIATE serialises them on a laptop); the lock is held until the caller commits.
        con.execute(LOCK_HEAD_SQL)
    head = con.execute(_HEAD_SQL).fetchone()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    body = canonical(payload)
    digest = entry_hash(prev, seq, at, actor, action, acceptance_uuid, body)
    con.execute(_INSERT_SQL, (seq, at, actor, action, acceptance_uuid, body, prev, digest))
    if head:
        con.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (seq, digest))
    else:
        con.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)", (seq, digest))
    return seq
