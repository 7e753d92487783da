"""Reading the audit log: verify the hash chain, list the latest entries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qjsc_panel.services.app import App

if TYPE_CHECKING:
    from qjsc_panel.store.audit import LogProblem


def verify_log(app: App) -> tuple[int, list[LogProblem]]:
    """(entries checked, problems found with the seq they concern)."""
    from qjsc_panel.store import audit

    with app.db.session() as s:
        return audit.verify_log(s)


def entries(app: App, acceptance: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The newest ``limit`` entries (of acceptances whose uuid starts with ``acceptance``), oldest first."""
    from sqlalchemy import select

    from qjsc_panel.store.models import AuditEntry

    with app.db.session() as s:
        q = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if acceptance:
            q = q.where(AuditEntry.acceptance_uuid.startswith(acceptance))
        return [
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "acceptance": e.acceptance_uuid,
                "payload": e.payload,
                "hash": e.hash,
            }
            for e in reversed(s.scalars(q).all())
        ]
