"""The audit log's hash chain on a bare sqlite3 connection (no SQLAlchemy): one entry appended
inside the caller's write transaction.  :mod:`qjsc_panel.store.audit` builds on it and verifies.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(
    prev_hash: str, seq: int, at: str, actor: str, action: str, acceptance_uuid: str | None, payload: str
) -> str:
    body = canonical([seq, at, actor, action, acceptance_uuid, payload])
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


_HEAD_SQL = "SELECT seq, hash FROM audit_head WHERE id = 1"
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
