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


def send_back_outlier(app: Any, acc_ref: str, member_ref: str, note: str) -> None:
    """The chair asks the expert of a flagged sheet to re-score (the alternative to a
    justification).  Recorded, signed, in the audit log; the expert's next version (a
    correction) supersedes the flagged sheet and so clears the request."""
    from qjsc_panel.errors import QjscError
    from qjsc_panel.services.common import get_acceptance, log, require_chair
    from qjsc_panel.services.status import compute_status

    if not note.strip():
        raise QjscError("outlier.reason_required")
    with app.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        if acc.status == "finalised":
            raise QjscError("acceptance.finalised")
        require_chair(app, acc)
        st = compute_status(app, s, acc)
        ref = str(member_ref).strip()
        member = next((m for m in st.members if str(m.id) == ref or m.name == ref), None)
        if member is None:
            raise QjscError("panel.member_not_found", member=member_ref)
        if str(member.id) not in st.outliers or member.counted is None:
            raise QjscError("outlier.not_flagged", name=member.name)
        log(
            s,
            app,
            "outlier.send_back",
            acc,
            member=member.id,
            name=member.name,
            sheet=member.counted.uuid,
            version=member.counted.version,
            deviation=str(st.outliers[str(member.id)]),
            note=note.strip(),
        )


def rescore_requests(app: Any, acc_ref: str) -> dict[str, str]:
    """Outstanding re-score requests: member name → the chair's note, for each request whose
    sheet still counts (a later version has not superseded it yet)."""
    import json

    from sqlalchemy import select

    from qjsc_panel.services.common import get_acceptance
    from qjsc_panel.services.status import compute_status
    from qjsc_panel.store.models import AuditEntry

    with app.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        counted = {m.counted.uuid for m in compute_status(app, s, acc).members if m.counted is not None}
        rows = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.acceptance_uuid == acc.uuid, AuditEntry.action == "outlier.send_back")
            .order_by(AuditEntry.seq)
        )
        out: dict[str, str] = {}
        for e in rows:
            payload = json.loads(e.payload)
            if payload.get("sheet") in counted:
                out[str(payload["name"])] = str(payload.get("note", ""))
        return out
