"""Veto findings (一票否决, 第二十二条): any panel member proposes, the chair decides."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from qjsc_panel.domain.panel import check_may_score
from qjsc_panel.domain.scoring import check_veto_proposal
from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import (
    acceptance_form,
    get_acceptance,
    get_member,
    get_open_acceptance,
    log,
    require_chair,
)
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import VetoProposal
from qjsc_panel.trust.signing import chair_signer, sign_head


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def propose_veto(ctx: Ctx, member_id: int, veto_item_id: str, evidence: str) -> int:
    """Any expert who may score proposes a veto with evidence (第二十二条); the chair decides."""
    with ctx.db.session() as s:
        member = get_member(s, member_id)
        acc = get_open_acceptance(s, str(member.acceptance_id))
        form = acceptance_form(ctx, acc)
        evidence = check_veto_proposal(form, veto_item_id, evidence)
        expert = member.expert
        check_may_score(
            member.name,
            member.role,
            expert.title_level if expert else None,
            expert.years if expert else None,
            member.recused,
            member.recusal_reason,
        )
        earlier = s.scalar(
            select(VetoProposal).where(
                VetoProposal.proposer_id == member.id,
                VetoProposal.veto_item_id == veto_item_id,
                VetoProposal.status != "dismissed",
            )
        )
        if earlier is not None:  # a second click, or the same finding again: one proposal
            raise QjscError("veto.already_proposed", name=member.name, item=veto_item_id, proposal=earlier.id)
        proposal = VetoProposal(
            acceptance_id=acc.id,
            veto_item_id=veto_item_id,
            proposer_id=member.id,
            evidence=evidence,
            proposed_at=_now(),
        )
        s.add(proposal)
        s.flush()
        log(
            s,
            ctx,
            "veto.propose",
            acc,
            proposal=proposal.id,
            item=veto_item_id,
            member=member.id,
            name=member.name,
            evidence=evidence.strip(),
        )
        return proposal.id


def decide_veto(ctx: Ctx, proposal_id: int, confirm: bool, reason: str) -> None:
    """Only the chair confirms (the acceptance then fails) or dismisses, always with a reason."""
    if not reason.strip():
        raise QjscError("veto.reason_required")
    with ctx.db.session() as s:
        proposal = s.get(VetoProposal, proposal_id)
        if proposal is None:
            raise QjscError("veto.not_found", proposal=proposal_id)
        acc = get_open_acceptance(s, str(proposal.acceptance_id))
        chair = require_chair(ctx, acc)
        if proposal.status != "open":
            raise QjscError("veto.already_decided")
        signer = chair_signer(ctx, acc)
        proposal.status = "confirmed" if confirm else "dismissed"
        proposal.decision_reason = reason.strip()
        proposal.decided_by = chair.name
        proposal.decided_at = _now()
        log(
            s,
            ctx,
            "veto.decide",
            acc,
            proposal=proposal.id,
            item=proposal.veto_item_id,
            decision=proposal.status,
            reason=reason.strip(),
        )
        if signer is not None:
            sign_head(s, signer, acc.uuid)


def list_vetoes(ctx: Ctx, acc_ref: str) -> list[dict[str, Any]]:
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        form = acceptance_form(ctx, acc)
        rows = s.scalars(select(VetoProposal).where(VetoProposal.acceptance_id == acc.id).order_by(VetoProposal.id))
        return [
            {
                "id": p.id,
                "item": p.veto_item_id,
                "text": form.veto_by_id[p.veto_item_id].text.get(ctx.lang),
                "proposer": p.proposer.name,
                "evidence": p.evidence,
                "status": p.status,
                "reason": p.decision_reason,
                "decided_by": p.decided_by,
            }
            for p in rows
        ]
