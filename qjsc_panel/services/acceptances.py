"""Acceptance records: eligibility at creation, the pre-visit checks of 第二十条一、二, the
bureau's later decision (第二十条四) and the final materials (第二十一条)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from qjsc_panel.domain.eligibility import (
    EnterpriseFacts,
    LegalForm,
    check_eligibility,
    final_materials_due,
)
from qjsc_panel.domain.form import Form, load_form
from qjsc_panel.domain.scoring import Method
from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import acceptance_form, get_acceptance, get_open_acceptance, log
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import Acceptance, Consultancy, Enterprise, MandatoryListing

BUREAU_DECISIONS = ("approved", "rejected")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _passed_on(s: Any, enterprise_id: int) -> tuple[date, ...]:
    rows = s.scalars(
        select(Acceptance).where(Acceptance.enterprise_id == enterprise_id, Acceptance.status == "finalised")
    )
    return tuple(a.visit_date for a in rows if a.result_json and json.loads(a.result_json)["result"] == "pass")


def create_acceptance(
    ctx: Ctx,
    enterprise_id: int,
    visit_date: date,
    *,
    consultancy_id: int | None = None,
    form_path: Path | None = None,
    form: Form | None = None,
    method: str = "mean",
    outlier_share: Decimal = Decimal("0.20"),
    place: str = "",
) -> str:
    """Open an acceptance for an eligible enterprise (第十五条), with the form frozen into it."""
    from qjsc_panel.paths import default_form_path

    if form is None:
        form = load_form(form_path or default_form_path())
    try:
        method = Method(method).value
    except ValueError:
        raise QjscError("input.bad_value", field="method", value=method) from None
    if not (Decimal(0) < outlier_share < Decimal(1)):
        raise QjscError("input.bad_value", field="outlier_share", value=outlier_share)
    with ctx.db.session() as s:
        ent = s.get(Enterprise, enterprise_id)
        if ent is None:
            raise QjscError("enterprise.not_found", enterprise=enterprise_id)
        if consultancy_id is not None and s.get(Consultancy, consultancy_id) is None:
            raise QjscError("consultancy.not_found", consultancy=consultancy_id)
        mandatory = frozenset(s.scalars(select(MandatoryListing.year).where(MandatoryListing.enterprise_id == ent.id)))
        facts = EnterpriseFacts(
            in_shenzhen=ent.in_shenzhen,
            legal_form=LegalForm(ent.legal_form),
            established=ent.established,
            industrial=ent.industrial,
            mandatory_years=mandatory,
            accepted_on=_passed_on(s, ent.id),
        )
        eligibility = check_eligibility(facts, visit_date)
        if not eligibility.eligible:
            from qjsc_panel.messages import render

            reasons = "；" if ctx.lang == "zh" else "; "
            raise QjscError(
                "eligibility.refused",
                reasons=reasons.join(render(r, ctx.lang) for r in eligibility.reasons),
            )
        acc = Acceptance(
            enterprise_id=ent.id,
            consultancy_id=consultancy_id,
            visit_date=visit_date,
            place=place or ent.address,
            district=ent.district,
            form_id=form.id,
            form_version=form.version,
            form_hash=form.content_hash,
            form_json=form.model_dump_json(by_alias=True),
            method=method,
            outlier_share=outlier_share,
            first_application=eligibility.first_application,
        )
        s.add(acc)
        s.flush()
        ctx.forms[form.content_hash] = form
        log(
            s,
            ctx,
            "acceptance.create",
            acc,
            enterprise=ent.name,
            visit_date=visit_date,
            form=form.id,
            form_version=form.version,
            form_hash=form.content_hash,
            method=method,
            outlier_share=str(outlier_share),
            first_application=eligibility.first_application,
        )
        return acc.uuid


def acceptance_uuid(ctx: Ctx, acc_ref: str) -> str:
    """The full uuid of the acceptance a person referred to (uuid prefix or id)."""
    with ctx.db.session() as s:
        return get_acceptance(s, acc_ref).uuid


def load_acceptance_form(ctx: Ctx, acc_ref: str) -> Form:
    with ctx.db.session() as s:
        return acceptance_form(ctx, get_acceptance(s, acc_ref))


def record_prelim(ctx: Ctx, acc_ref: str, passed: bool, note: str = "") -> None:
    """第二十条一: the district's preliminary review of the materials."""
    with ctx.db.session() as s:
        acc = get_open_acceptance(s, acc_ref)
        acc.prelim_passed, acc.prelim_by, acc.prelim_at, acc.prelim_note = (passed, ctx.actor, _now(), note)
        log(s, ctx, "acceptance.prelim", acc, passed=passed, note=note)


def record_penalty_check(ctx: Ctx, acc_ref: str, clean: bool, note: str = "") -> None:
    """第二十条二: no environmental administrative penalty in the last year."""
    with ctx.db.session() as s:
        acc = get_open_acceptance(s, acc_ref)
        acc.penalty_clean, acc.penalty_by, acc.penalty_at, acc.penalty_note = (clean, ctx.actor, _now(), note)
        log(s, ctx, "acceptance.penalty_check", acc, clean=clean, note=note)


def record_bureau_decision(ctx: Ctx, acc_ref: str, decision: str, on: date, note: str = "") -> None:
    """第二十条四: the bureau decides after the acceptance; recorded against the locked record."""
    if decision not in BUREAU_DECISIONS:
        raise QjscError("input.bad_value", field="decision", value=decision)
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        if acc.status != "finalised":
            raise QjscError("acceptance.not_finalised")
        acc.bureau_decision, acc.bureau_decision_at, acc.bureau_decision_note = decision, on, note
        log(s, ctx, "acceptance.bureau_decision", acc, decision=decision, on=on, note=note)


def record_final_materials(ctx: Ctx, acc_ref: str, received: date) -> bool:
    """第二十一条: returns whether the materials came within the month."""
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        acc.final_materials_at = received
        on_time = received <= final_materials_due(acc.visit_date)
        log(s, ctx, "acceptance.final_materials", acc, received=received, on_time=on_time)
        return on_time


def list_acceptances(ctx: Ctx) -> list[dict[str, Any]]:
    with ctx.db.session() as s:
        rows = s.scalars(select(Acceptance).order_by(Acceptance.visit_date, Acceptance.id))
        return [
            {
                "uuid": a.uuid,
                "enterprise": a.enterprise.name,
                "visit_date": a.visit_date.isoformat(),
                "status": a.status,
                "form": f"{a.form_id} {a.form_version}",
            }
            for a in rows
        ]
