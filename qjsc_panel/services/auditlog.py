"""Reading the audit log: verify the hash chain, list the latest entries."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, cast

from qjsc_panel.services.app import App

if TYPE_CHECKING:
    from qjsc_panel.store.audit import LogProblem


def verify_log(app: App, replay: bool = True) -> tuple[int, list[LogProblem]]:
    """(entries checked, problems found with the seq they concern).

    Streams the chain (constant memory); with ``replay`` the log is also replayed against the
    tables (every score, submission, exclusion, recusal, decision must be what the log says) and
    the chair's signed heads are checked (:mod:`qjsc_panel.trust.replay`)."""
    from qjsc_panel.store import audit

    with app.db.session() as s:
        con = audit.dbapi(s)
        if not replay:
            return audit.walk(con)
        from qjsc_panel.trust.replay import Replay

        state = Replay()
        count, problems = audit.walk(con, state.feed)
        if not problems:  # a broken chain already says it all; the replay would only echo it
            problems += state.compare(con)
        return count, problems


@functools.lru_cache(maxsize=2)
def _entries_statement(by_acceptance: bool) -> Any:
    from sqlalchemy import Table, bindparam, select

    from qjsc_panel.store.models import AuditEntry

    t = cast(Table, AuditEntry.__table__)
    q = select(t.c.seq, t.c.at, t.c.actor, t.c.action, t.c.acceptance_uuid, t.c.payload, t.c.hash)
    if by_acceptance:  # through ix_audit_log_acceptance_uuid, not LIKE
        q = q.where(t.c.acceptance_uuid >= bindparam("low"), t.c.acceptance_uuid < bindparam("high"))
    return q.order_by(t.c.seq.desc()).limit(bindparam("limit"))


def entries(app: App, acceptance: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The newest ``limit`` entries (of acceptances whose uuid starts with ``acceptance``), oldest first.

    On the read connection (Core, no ORM objects, no write transaction): reading the log never
    waits for, or blocks, a writer."""
    params: dict[str, Any] = {"limit": limit}
    if acceptance:
        from qjsc_panel.services.common import uuid_prefix_range

        params["low"], params["high"] = uuid_prefix_range(acceptance)
    keys = ("seq", "at", "actor", "action", "acceptance", "payload", "hash")
    with app.db.read() as conn:
        rows = conn.execute(_entries_statement(bool(acceptance)), params).all()
    return [dict(zip(keys, row, strict=True)) for row in reversed(rows)]


def signed_heads(app: App, acceptance_uuid: str) -> list[dict[str, Any]]:
    """The chair's signed audit heads of an acceptance, as plain JSON data for the bureau bundle
    (checked there with :func:`qjsc_panel.trust.signing.check_signed_head`)."""
    from qjsc_panel.trust.signing import signed_heads as rows

    with app.db.session() as s:
        return rows(s, acceptance_uuid)


def signed_heads_file(app: App, acceptance_uuid: str) -> bytes:
    """The bundle's signed-heads file (``exchange.bundle_trust.SIGNED_HEADS``): every head the
    chair signed for this acceptance, in log order, and the frozen result text the finalisation
    head signs.  The entries each head covers are the bundle's audit log (this acceptance's
    entries up to the head), so a verifier checks the chain against every head."""
    import json

    from sqlalchemy import select

    from qjsc_panel.store.models import Acceptance
    from qjsc_panel.trust.signing import signed_heads as rows

    with app.db.session() as s:
        heads = rows(s, acceptance_uuid)
        frozen = s.scalar(select(Acceptance.result_json).where(Acceptance.uuid == acceptance_uuid))
    doc = {"format": 1, "acceptance": acceptance_uuid, "heads": heads, "frozen_result": frozen}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
