"""Builders for real acceptances in real SQLite files, shared by the service and CLI tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from qjsc_panel.domain.form import Form
from qjsc_panel.services import acceptances, panel, registry, scoring
from qjsc_panel.services.app import App
from qjsc_panel.store.db import Database, open_database

VISIT = date(2026, 11, 20)


@dataclass
class Panel:
    ctx: App
    acc: str
    form: Form
    members: dict[str, int] = field(default_factory=dict)
    chair: str = ""

    def as_(self, actor: str) -> App:
        return self.ctx.as_actor(actor)

    @property
    def chair_ctx(self) -> App:
        return self.as_(self.chair)


def new_db(tmp_path: Path, name: str = "panel.sqlite3") -> Database:
    return open_database(tmp_path / name)


def make_panel(
    db: Database, n_experts: int = 4, *, method: str = "mean", checks: bool = True, established: date = date(2015, 1, 1)
) -> Panel:
    ctx = App(db, actor="secretary")
    firm = registry.add_consultancy(ctx, "某咨询公司")
    ent = registry.add_enterprise(
        ctx, "深圳市测试电路有限公司", f"9144030{len(db.path.name)}TEST", "宝安区", "legal_person", established
    )
    acc = acceptances.create_acceptance(ctx, ent, VISIT, consultancy_id=firm, method=method)
    if checks:
        acceptances.record_prelim(ctx, acc, True)
        acceptances.record_penalty_check(ctx, acc, True)
    p = Panel(ctx, acc, acceptances.load_acceptance_form(ctx, acc))
    for i in range(n_experts):
        name = f"专家{i + 1}"
        xid = registry.add_expert(ctx, name, "senior", 15)
        p.members[name] = panel.add_member(ctx, acc, expert_id=xid, is_chair=(i == 0))
        if i == 0:
            p.chair = name
    return p


def fill(
    p: Panel, name: str, share: Decimal = Decimal("0.8"), *, submit: bool = True, declare: bool = True
) -> dict[str, Decimal]:
    """Score every item at about ``share`` of its maximum (on the step) and submit."""
    ctx = p.as_(name)
    member = p.members[name]
    if declare:
        panel.declare(ctx, member, [])
    scores = {}
    for item in p.form.items:
        value = (item.max_points * share / item.step).to_integral_value() * item.step
        scores[item.id] = scoring.set_score(ctx, member, item.id, str(value))
    if submit:
        scoring.submit(ctx, member)
    return {k: v for k, v in scores.items() if v is not None}


def dump(db: Database) -> str:
    """Every row of every table, to show that a refused action changed nothing."""
    import sqlite3

    con = sqlite3.connect(str(db.path))
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()
