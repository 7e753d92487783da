"""Lookups shared by the use cases: find records by the references people type."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qjsc_panel.domain.form import Form
from qjsc_panel.domain.panel import require_checks as require_checks  # re-exported
from qjsc_panel.errors import QjscError
from qjsc_panel.services.context import Ctx
from qjsc_panel.store import audit
from qjsc_panel.store.models import Acceptance, PanelMember, ScoreSheet
from qjsc_panel.store.sqlite import uuid_prefix_range as uuid_prefix_range  # re-exported


def get_acceptance(s: Session, ref: str | int) -> Acceptance:
    """By uuid, a unique uuid prefix (≥ 4 characters) or the numeric id."""
    text = str(ref).strip()
    found: Acceptance | None = None
    if text.isdigit():
        found = s.get(Acceptance, int(text))
    if found is None and len(text) >= 4:
        # A range, not LIKE: the unique index on uuid answers it (LIKE scans the table).
        low, high = uuid_prefix_range(text)
        rows = s.scalars(select(Acceptance).where(Acceptance.uuid >= low, Acceptance.uuid < high).limit(2)).all()
        if len(rows) == 1:
            found = rows[0]
    if found is None:
        raise QjscError("acceptance.not_found", acceptance=text)
    return found


def get_open_acceptance(s: Session, ref: str | int) -> Acceptance:
    acc = get_acceptance(s, ref)
    if acc.status == "finalised" or acc.finalised_at is not None:  # stamped: reopened behind our back
        raise QjscError("acceptance.finalised")
    return acc


def get_member(s: Session, member_id: int) -> PanelMember:
    member = s.get(PanelMember, member_id)
    if member is None:
        raise QjscError("panel.member_not_found", member=member_id)
    return member


def find_member(s: Session, acc: Acceptance, ref: str | int) -> PanelMember:
    """A member of ``acc`` by id or by name."""
    text = str(ref).strip()
    for m in acc.members:
        if str(m.id) == text or m.name == text:
            return m
    raise QjscError("panel.member_not_found", member=text)


def chair_of(acc: Acceptance) -> PanelMember:
    for m in acc.members:
        if m.is_chair:
            return m
    raise QjscError("panel.no_chair")


def require_chair(ctx: Ctx, acc: Acceptance) -> PanelMember:
    """Decisions reserved to the chair (vetoes, outliers, exclusions, paper checks, finalisation)
    need the chair's registered key unlocked in this session: a name alone is refused."""
    from qjsc_panel.services.authority import require_chair_key

    return require_chair_key(ctx, acc)


def acceptance_form(ctx: Ctx, acc: Acceptance) -> Form:
    return ctx.form(acc.form_hash, acc.form_json)


def sheets_of(s: Session, member_id: int) -> list[ScoreSheet]:
    return list(s.scalars(select(ScoreSheet).where(ScoreSheet.member_id == member_id).order_by(ScoreSheet.version)))


def log(s: Session, ctx: Ctx, action: str, acc: Acceptance | None, **payload: object) -> int:
    """One audit entry; in a session holding a key, signed with it (fingerprint + signature)."""
    acc_uuid = acc.uuid if acc else None
    if ctx.key is not None:
        from qjsc_panel.services.authority import head_hash, sealed_payload

        payload = sealed_payload(ctx.key, head_hash(s), ctx.actor, action, acc_uuid, dict(payload))
    return audit.append(s, ctx.actor, action, acc_uuid, payload)
