"""Drawing an acceptance's experts at random from the pool (see :mod:`qjsc_panel.domain.draw`).

Left out before the draw, each with its reason recorded: the unavailable, the unqualified
(第二十条三), the conflicted — employed by the enterprise or its consultancy, a recorded past
relation, on this enterprise's previous panel — and those already on this panel.  The seed is
stored and printed; :func:`reproduce` repeats the draw from the record alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from qjsc_panel.domain.draw import draw_order, industry_matches, new_seed
from qjsc_panel.domain.panel import is_qualified
from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import get_acceptance, log
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import (
    Acceptance,
    Consultancy,
    DrawPick,
    Expert,
    ExpertRelation,
    PanelDraw,
    PanelMember,
)

EXCLUSIONS = (
    "unavailable",
    "unqualified",
    "employed_by_enterprise",
    "employed_by_consultancy",
    "relation",
    "previous_panel",
    "already_member",
    "no_match",
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip() == b.strip()


def exclusions(s: Session, acc: Acceptance, industry: str, speciality: str) -> tuple[list[int], dict[str, str]]:
    """(eligible expert ids ascending, {expert id: reason} for everyone left out)."""
    firm: Consultancy | None = s.get(Consultancy, acc.consultancy_id) if acc.consultancy_id else None
    related = set(
        s.scalars(
            select(ExpertRelation.expert_id).where(
                or_(
                    ExpertRelation.enterprise_id == acc.enterprise_id,
                    ExpertRelation.consultancy_id == acc.consultancy_id if firm else false(),
                )
            )
        )
    )
    previous = set(
        s.scalars(
            select(PanelMember.expert_id)
            .join(Acceptance, Acceptance.id == PanelMember.acceptance_id)
            .where(Acceptance.enterprise_id == acc.enterprise_id, Acceptance.id != acc.id)
        )
    )
    current = set(s.scalars(select(PanelMember.expert_id).where(PanelMember.acceptance_id == acc.id)))
    eligible: list[int] = []
    out: dict[str, str] = {}
    for x in s.scalars(select(Expert).order_by(Expert.id)):
        if not x.available:
            why = "unavailable"
        elif not is_qualified(x.title_level, x.years):
            why = "unqualified"
        elif _same(x.employer, acc.enterprise.name):
            why = "employed_by_enterprise"
        elif firm is not None and _same(x.employer, firm.name):
            why = "employed_by_consultancy"
        elif x.id in related:
            why = "relation"
        elif x.id in previous:
            why = "previous_panel"
        elif x.id in current:
            why = "already_member"
        elif not industry_matches(x.industries, industry) or (speciality and speciality not in x.speciality):
            why = "no_match"
        else:
            eligible.append(x.id)
            continue
        out[str(x.id)] = why
    return eligible, out


@dataclass(frozen=True)
class DrawView:
    id: int
    acceptance: str
    seed: str
    n: int
    reserves: int
    industry: str
    speciality: str
    pool: tuple[int, ...]
    excluded: dict[str, str]
    picks: tuple[tuple[int, int, str, str, str], ...]  # (position, expert id, name, status, reason)
    drawn_by: str
    drawn_at: datetime

    @property
    def selected(self) -> list[int]:
        return [x for _, x, _, st, _ in self.picks if st == "selected"]


def draw_panel(
    ctx: Ctx,
    acc_ref: str,
    n: int,
    reserves: int = 2,
    *,
    industry: str = "",
    speciality: str = "",
    seed: str | None = None,
) -> DrawView:
    if n < 1 or reserves < 0:
        raise QjscError("input.bad_value", field="n", value=n)
    seed = seed or new_seed()
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        if acc.status != "open":
            raise QjscError("acceptance.finalised")
        if s.scalar(select(PanelDraw.id).where(PanelDraw.acceptance_id == acc.id)):
            raise QjscError("secretary.draw_exists")  # drawing again until one likes the panel is not a draw
        eligible, excluded = exclusions(s, acc, industry, speciality)
        if len(eligible) < n:
            raise QjscError("secretary.draw_pool_small", eligible=len(eligible), n=n)
        order = draw_order(eligible, seed, min(n + reserves, len(eligible)))
        draw = PanelDraw(
            acceptance_id=acc.id,
            seed=seed,
            n=n,
            reserves=len(order) - n,
            industry=industry,
            speciality=speciality,
            pool=eligible,
            excluded=excluded,
            drawn_by=ctx.actor,
            drawn_at=_now(),
        )
        s.add(draw)
        s.flush()
        for pos, xid in enumerate(order, 1):
            s.add(DrawPick(draw_id=draw.id, expert_id=xid, position=pos, status="selected" if pos <= n else "reserve"))
        log(s, ctx, "draw.panel", acc, seed=seed, n=n, reserves=len(order) - n, pool=eligible, order=order)
        s.flush()
        return _view(s, draw)


def _view(s: Session, draw: PanelDraw) -> DrawView:
    acc = s.get(Acceptance, draw.acceptance_id)
    assert acc is not None
    picks = s.execute(
        select(DrawPick.position, DrawPick.expert_id, Expert.name, DrawPick.status, DrawPick.reason)
        .join(Expert, Expert.id == DrawPick.expert_id)
        .where(DrawPick.draw_id == draw.id)
        .order_by(DrawPick.position)
    ).all()
    return DrawView(
        draw.id,
        acc.uuid,
        draw.seed,
        draw.n,
        draw.reserves,
        draw.industry,
        draw.speciality,
        tuple(draw.pool),
        dict(draw.excluded),
        tuple((p, x, name, st, why) for p, x, name, st, why in picks),
        draw.drawn_by,
        draw.drawn_at,
    )


def get_draw(ctx: Ctx, acc_ref: str) -> DrawView | None:
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        draw = s.scalar(select(PanelDraw).where(PanelDraw.acceptance_id == acc.id))
        return _view(s, draw) if draw else None


def decline(ctx: Ctx, acc_ref: str, expert_id: int, reason: str) -> int | None:
    """The expert declines; the next reserve in draw order takes the place.  Returns the
    reserve's expert id, or None when no reserve is left (the secretary draws no one by hand)."""
    if not reason.strip():
        raise QjscError("acceptance.reason_required")
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        draw = s.scalar(select(PanelDraw).where(PanelDraw.acceptance_id == acc.id))
        if draw is None:
            raise QjscError("secretary.no_draw")
        pick = s.scalar(select(DrawPick).where(DrawPick.draw_id == draw.id, DrawPick.expert_id == expert_id))
        if pick is None or pick.status != "selected":
            raise QjscError("secretary.not_drawn", expert=expert_id)
        pick.status, pick.reason, pick.changed_by, pick.changed_at = "declined", reason.strip(), ctx.actor, _now()
        reserve = s.scalar(
            select(DrawPick)
            .where(DrawPick.draw_id == draw.id, DrawPick.status == "reserve")
            .order_by(DrawPick.position)
            .limit(1)
        )
        replacement = None
        if reserve is not None:
            reserve.status, reserve.changed_by, reserve.changed_at = "selected", ctx.actor, _now()
            reserve.reason = f"replaces {expert_id}"
            replacement = reserve.expert_id
        log(s, ctx, "draw.decline", acc, expert=expert_id, reason=reason.strip(), replacement=replacement)
        return replacement


def reproduce(view: DrawView) -> list[int]:
    """The draw order recomputed from the record (pool and seed) alone."""
    return draw_order(view.pool, view.seed, view.n + view.reserves)
