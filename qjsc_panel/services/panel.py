"""Panel members, their declarations and recusals (第二十条三; domain.md §7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from qjsc_panel import i18n
from qjsc_panel.domain.panel import Conflict, Role, is_qualified
from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import get_member, get_open_acceptance, log
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import Acceptance, Expert, PanelMember


# Title levels as the refusal of an unqualified seat names them (the one catalogue, context ``panel``).
def _level_text(level: str, lang: str) -> str:
    levels = {
        "senior": i18n.translate("panel", "高级职称", lang),
        "intermediate": i18n.translate("panel", "中级职称", lang),
        "other": i18n.translate("panel", "无中级以上职称", lang),
    }
    return levels.get(level, level)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add_member(
    ctx: Ctx,
    acc_ref: str,
    *,
    expert_id: int | None = None,
    role: str = "expert",
    is_chair: bool = False,
    name: str | None = None,
    employer: str = "",
    title: str = "",
    phone: str = "",
) -> int:
    """Put an expert from the pool (or a bureau/district officer, by name) on the panel."""
    try:
        role_ = Role(role)
    except ValueError:
        raise QjscError("input.bad_value", field="role", value=role) from None
    with ctx.db.session() as s:
        acc = get_open_acceptance(s, acc_ref)
        if role_ is Role.EXPERT:
            expert = _seatable_expert(ctx, s, acc, expert_id)
        else:
            expert = None
            _check_officer(is_chair, name)
        if is_chair:
            _check_no_chair(acc)
        member = PanelMember(
            acceptance=acc,
            role=role_.value,
            is_chair=is_chair,
            expert_id=expert.id if expert else None,
            name=expert.name if expert else (name or "").strip(),
            employer=expert.employer if expert else employer,
            title=expert.title if expert else title,
            phone=expert.phone if expert else phone,
        )
        s.add(member)
        s.flush()
        log(
            s,
            ctx,
            "panel.add",
            acc,
            member=member.id,
            name=member.name,
            role=role_.value,
            chair=is_chair,
            expert=expert.uuid if expert else None,
        )
        return member.id


def _seatable_expert(ctx: Ctx, s: Session, acc: Acceptance, expert_id: int | None) -> Expert:
    """The pool's expert, not yet on this panel and qualified (第二十条三)."""
    if expert_id is None:
        raise QjscError("input.required", field="expert")
    expert = s.get(Expert, expert_id)
    if expert is None:
        raise QjscError("expert.not_found", expert=expert_id)
    if any(m.expert_id == expert.id for m in acc.members):
        raise QjscError("panel.already_member", name=expert.name)
    if not is_qualified(expert.title_level, expert.years or 0):
        # Refused, not seated with a flag: an unqualified sheet could never count, and
        # a seat would put the expert on invitations and sign-in sheets all the same.
        raise QjscError(
            "panel.unqualified_seat",
            name=expert.name,
            title=_level_text(expert.title_level, ctx.lang),
            years=expert.years or 0,
        )
    return expert


def _check_officer(is_chair: bool, name: str | None) -> None:
    """A bureau or district officer attends by name and never chairs."""
    if is_chair:
        raise QjscError("panel.chair_must_be_expert")
    if not (name or "").strip():
        raise QjscError("input.required", field="name")


def _check_no_chair(acc: Acceptance) -> None:
    for m in acc.members:
        if m.is_chair:
            raise QjscError("panel.chair_exists", name=m.name)


def declare(
    ctx: Ctx,
    member_id: int,
    conflicts: Iterable[str] = (),
    note: str = "",
    confidentiality: bool = True,
) -> bool:
    """Record the conflict-of-interest and confidentiality declaration.

    Any declared conflict recuses the member at once (returns True): he or she cannot score.
    """
    try:
        found = sorted({Conflict(c).value for c in conflicts})
    except ValueError as exc:
        raise QjscError("input.bad_value", field="conflict", value=str(exc)) from None
    if not confidentiality:
        raise QjscError("panel.no_confidentiality")
    if Conflict.OTHER.value in found and not note.strip():
        raise QjscError("panel.reason_required")
    with ctx.db.session() as s:
        member = get_member(s, member_id)
        acc = get_open_acceptance(s, str(member.acceptance_id))
        member.declared_at = _now()
        member.conflicts = found
        member.conflict_note = note
        member.confidentiality = True
        log(s, ctx, "panel.declare", acc, member=member.id, name=member.name, conflicts=found, note=note)
        if found and not member.recused:
            _recuse(ctx, s, member, acc, _conflict_reason(found, note))
        return bool(found)


def _conflict_reason(conflicts: list[str], note: str) -> str:
    from qjsc_panel.messages import render

    text = "、".join(render(f"conflict.{c}", "zh") for c in conflicts)
    return f"{text}：{note}" if note.strip() else text


def recuse(ctx: Ctx, member_id: int, reason: str) -> None:
    """Recuse a member (可在评分后发现利益关系): a sheet already given must then be excluded."""
    if not reason.strip():
        raise QjscError("panel.reason_required")
    with ctx.db.session() as s:
        member = get_member(s, member_id)
        acc = get_open_acceptance(s, str(member.acceptance_id))
        if member.recused:
            raise QjscError("panel.already_recused", name=member.name)
        _recuse(ctx, s, member, acc, reason.strip())


def _recuse(ctx: Ctx, s: object, member: PanelMember, acc: object, reason: str) -> None:
    member.recused = True
    member.recusal_reason = reason
    member.recused_at = _now()
    log(s, ctx, "panel.recuse", acc, member=member.id, name=member.name, reason=reason)  # type: ignore[arg-type]


def resolve_member(ctx: Ctx, acc_ref: str, member_ref: str | int) -> int:
    """A member id from what a person types: the id or the name, within one acceptance."""
    from qjsc_panel.services.common import find_member, get_acceptance

    with ctx.db.session() as s:
        return find_member(s, get_acceptance(s, acc_ref), member_ref).id
