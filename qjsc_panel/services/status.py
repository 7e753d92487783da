"""Where a panel stands: members, sheets, quorum, vetoes, outliers, the live result, and
what still blocks finalisation.  One function computes it for the CLI, the dashboard and the
reports, so they cannot disagree.

This module is the read half (SQLAlchemy); the rules are :mod:`qjsc_panel.services.panel_state`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qjsc_panel.services.common import acceptance_form, get_acceptance
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.panel_state import (
    MemberRow,
    PanelStatus,
    SheetRow,
    VetoRow,
    assess,
    is_frozen,
    sheet_rows,
)
from qjsc_panel.store.models import Acceptance, ScoreEntry, ScoreSheet, VetoProposal

__all__ = ["MemberRow", "PanelStatus", "SheetRow", "VetoRow", "compute_status", "panel_status"]


def _sheet_rows(s: Session, acceptance_id: int) -> dict[int, list[SheetRow]]:
    """Every sheet of the acceptance with its entries, by member: two queries in all, however
    many experts and versions (the dashboard recomputes this on every refresh)."""
    sheets = s.scalars(
        select(ScoreSheet)
        .where(ScoreSheet.acceptance_id == acceptance_id)
        .order_by(ScoreSheet.member_id, ScoreSheet.version)
    ).all()
    entries = s.execute(
        select(ScoreEntry.sheet_id, ScoreEntry.item_id, ScoreEntry.score, ScoreEntry.comment)
        .join(ScoreSheet, ScoreSheet.id == ScoreEntry.sheet_id)
        .where(ScoreSheet.acceptance_id == acceptance_id)
    )
    return sheet_rows(sheets, ((i, item, score, comment) for i, item, score, comment in entries))


def compute_status(ctx: Ctx, s: Session, acc: Acceptance) -> PanelStatus:
    """Read the acceptance's sheets and vetoes (the read half), then :func:`assess` them."""
    form = acceptance_form(ctx, acc)
    vetoes = [
        VetoRow(v.id, v.veto_item_id, v.proposer.name, v.evidence, v.status, v.decision_reason)
        for v in s.scalars(select(VetoProposal).where(VetoProposal.acceptance_id == acc.id).order_by(VetoProposal.id))
    ]
    status = assess(acc, form, _sheet_rows(s, acc.id), vetoes)
    if is_frozen(acc):
        from qjsc_panel.trust.frozen import check_frozen

        check_frozen(s, status)  # every output of a finalised acceptance is the frozen result
    return status


def panel_status(ctx: Ctx, acc_ref: str) -> PanelStatus:
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        status = compute_status(ctx, s, acc)
        # Touch what callers read after the session closes.
        _ = (acc.enterprise.name, acc.consultancy.name if acc.consultancy else None)
        return status
