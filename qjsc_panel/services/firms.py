"""Enterprises' registry details and history; consultancies' 第十条 conditions and 第十一条 list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import log
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import Acceptance, Consultancy, Enterprise

# GB/T 4754-2017: a section letter A–T, then the division (2 digits), group (3) or class (4).
INDUSTRY_CODE = re.compile(r"^[A-T](\d{2}|\d{3}|\d{4})$")
LEGAL_STATUSES = ("active", "revoked", "cancelled")  # 存续 | 吊销 | 注销
# 第十条 (一) legal person with quality system, (二) testing equipment, (三) qualified staff.
ARTICLE_10 = ("legal_person", "equipment", "staff")


def industry_code(code: str) -> str:
    code = code.strip().upper()
    if code and not INDUSTRY_CODE.match(code):
        raise QjscError("secretary.industry_code", value=code)
    return code


def set_enterprise_details(
    ctx: Ctx, enterprise_id: int, *, industry_code_: str | None = None, legal_status: str | None = None
) -> None:
    with ctx.db.session() as s:
        ent = s.get(Enterprise, enterprise_id)
        if ent is None:
            raise QjscError("enterprise.not_found", enterprise=enterprise_id)
        changes: dict[str, Any] = {}
        if industry_code_ is not None:
            changes["industry_code"] = industry_code(industry_code_)
        if legal_status is not None:
            if legal_status not in LEGAL_STATUSES:
                raise QjscError("input.bad_value", field="legal_status", value=legal_status)
            changes["legal_status"] = legal_status
        for k, v in changes.items():
            setattr(ent, k, v)
        if changes:
            log(s, ctx, "enterprise.update", None, id=enterprise_id, changes=changes)


@dataclass(frozen=True)
class HistoryRow:
    uuid: str
    visit_date: date
    status: str
    result: str | None
    grade: str | None
    acceptance_no: str | None
    bureau_decision: str | None


def enterprise_history(ctx: Ctx, enterprise_id: int) -> list[HistoryRow]:
    stmt = (
        select(
            Acceptance.uuid,
            Acceptance.visit_date,
            Acceptance.status,
            Acceptance.result,
            Acceptance.grade,
            Acceptance.acceptance_no,
            Acceptance.bureau_decision,
        )
        .where(Acceptance.enterprise_id == enterprise_id)
        .order_by(Acceptance.visit_date)
    )
    with ctx.db.read() as conn:
        return [HistoryRow(*r) for r in conn.execute(stmt)]


def set_consultancy_record(
    ctx: Ctx, consultancy_id: int, conditions: list[str], listed_year: int | None, list_ref: str = ""
) -> None:
    """Record which 第十条 conditions were verified and the bureau's published list (第十一条)."""
    unknown = set(conditions) - set(ARTICLE_10)
    if unknown:
        raise QjscError("input.bad_value", field="conditions", value=", ".join(sorted(unknown)))
    with ctx.db.session() as s:
        firm = s.get(Consultancy, consultancy_id)
        if firm is None:
            raise QjscError("consultancy.not_found", consultancy=consultancy_id)
        if listed_year is not None and set(conditions) != set(ARTICLE_10):
            raise QjscError("secretary.list_needs_conditions")
        firm.conditions = [c for c in ARTICLE_10 if c in conditions]
        firm.listed_year, firm.list_ref = listed_year, list_ref
        log(s, ctx, "consultancy.record", None, id=consultancy_id, conditions=firm.conditions, listed_year=listed_year)


def published_list(ctx: Ctx, year: int) -> list[dict[str, Any]]:
    """第十一条: the consultancies on the bureau's list for ``year``."""
    with ctx.db.read() as conn:
        rows = conn.execute(
            select(Consultancy.id, Consultancy.name, Consultancy.credit_code, Consultancy.list_ref)
            .where(Consultancy.listed_year == year)
            .order_by(Consultancy.name)
        )
        return [{"id": i, "name": n, "credit_code": c, "list_ref": r} for i, n, c, r in rows]


def enterprise_rows(ctx: Ctx) -> list[tuple[int, str, str, str, str, date, str]]:
    """(id, name, credit code, district, industry code, established, legal status) of every enterprise."""
    stmt = select(
        Enterprise.id,
        Enterprise.name,
        Enterprise.credit_code,
        Enterprise.district,
        Enterprise.industry_code,
        Enterprise.established,
        Enterprise.legal_status,
    ).order_by(Enterprise.id)
    with ctx.db.read() as conn:
        return [(i, n, c, d, ind, e, st) for i, n, c, d, ind, e, st in conn.execute(stmt).all()]


def consultancy_rows(ctx: Ctx) -> list[tuple[int, str, str | None, list[str], int | None, str]]:
    """(id, name, credit code, 第十条 conditions met, listed year, list reference) of every firm."""
    stmt = select(
        Consultancy.id,
        Consultancy.name,
        Consultancy.credit_code,
        Consultancy.conditions,
        Consultancy.listed_year,
        Consultancy.list_ref,
    ).order_by(Consultancy.id)
    with ctx.db.read() as conn:
        return [(i, n, c, list(cond or []), y, ref) for i, n, c, cond, y, ref in conn.execute(stmt).all()]
