"""The chair's own view of the acceptances: which ones this key chairs, and what comes next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import Acceptance, Expert, PanelMember


def chaired_by(ctx: Ctx, fingerprint: str | None) -> list[dict[str, Any]]:
    """The acceptances whose chair's registered key is ``fingerprint`` (none for ``None``):
    a profile that only bears the chair's name chairs nothing."""
    if not fingerprint:
        return []
    with ctx.db.session() as s:
        rows = s.scalars(
            select(Acceptance)
            .join(PanelMember, PanelMember.acceptance_id == Acceptance.id)
            .join(Expert, Expert.id == PanelMember.expert_id)
            .where(PanelMember.is_chair.is_(True), Expert.key_fingerprint == fingerprint)
            .order_by(Acceptance.visit_date, Acceptance.id)
        )
        return [
            {
                "uuid": a.uuid,
                "enterprise": a.enterprise.name,
                "visit_date": a.visit_date.isoformat(),
                "status": a.status,
            }
            for a in rows
        ]


def invitation_is_for(path: Path, name: str, fingerprint: str) -> None:
    """Refuse an invitation addressed to another key (a colleague's, on a shared laptop)."""
    from qjsc_panel.errors import QjscError
    from qjsc_panel.exchange import crypto
    from qjsc_panel.exchange.invitation import read_invitation

    expert = read_invitation(path).body["expert"]
    if expert["fingerprint"] != fingerprint:
        raise QjscError(
            "invitation.not_yours",
            name=expert["name"],
            fingerprint=crypto.short_fingerprint(expert["fingerprint"]),
            me=name,
            mine=crypto.short_fingerprint(fingerprint),
        )


def chair_dashboard(app: Any, acc_ref: str) -> tuple[Any, str, str]:
    """The dashboard figures, the enterprise and the visit date.  Blockers that the vetoes and
    outliers above already list (each with its own row) are left out: no row twice."""
    from qjsc_panel.services.opinion import compilation
    from qjsc_panel.services.outputs import dashboard
    from qjsc_panel.services.status import panel_status

    comp = compilation(app, acc_ref)
    d = dashboard(app, acc_ref)
    shown_above = {"veto.open", "outlier.unexplained"}
    twice = {b.render(app.lang) for b in panel_status(app, acc_ref).blockers if b.code in shown_above}
    d.blockers = [b for b in d.blockers if b not in twice]
    return d, comp.enterprise_name, comp.visit_date.isoformat()
