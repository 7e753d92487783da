"""Enterprises, consulting firms, the expert pool and the mandatory-audit list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from qjsc_panel.domain import credit_code as gb32100
from qjsc_panel.domain.eligibility import LegalForm
from qjsc_panel.domain.panel import TitleLevel, is_qualified
from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import log
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import Consultancy, Enterprise, Expert, MandatoryListing


def _enum(kind: type[Any], field: str, value: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise QjscError("input.bad_value", field=field, value=value) from None


def _required(field: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise QjscError("input.required", field=field)
    return value


def checked_credit_code(code: str) -> str:
    """The code normalised, or a refusal naming what is wrong (GB 32100-2015)."""
    code = gb32100.normalise(_required("credit_code", code))
    problem = gb32100.problem(code)
    if problem is not None:
        raise QjscError(f"secretary.{problem}", value=code, length=len(code))
    return code


def add_enterprise(
    ctx: Ctx,
    name: str,
    credit_code: str,
    district: str,
    legal_form: str,
    established: date,
    *,
    address: str = "",
    in_shenzhen: bool = True,
    industry: str = "",
    industrial: bool = True,
    products: str = "",
    scale: str = "",
    contact: str = "",
) -> int:
    row = Enterprise(
        name=_required("name", name),
        credit_code=checked_credit_code(credit_code),
        district=district.strip(),
        legal_form=_enum(LegalForm, "legal_form", legal_form).value,
        established=established,
        address=address,
        in_shenzhen=in_shenzhen,
        industry=industry,
        industrial=industrial,
        products=products,
        scale=scale,
        contact=contact,
    )
    with ctx.db.session() as s:
        if s.scalar(select(Enterprise.id).where(Enterprise.credit_code == row.credit_code)):
            raise QjscError("enterprise.duplicate", credit_code=row.credit_code)
        s.add(row)
        s.flush()
        log(s, ctx, "enterprise.add", None, id=row.id, name=row.name, credit_code=row.credit_code)
        return row.id


def add_consultancy(ctx: Ctx, name: str, credit_code: str | None = None, contact: str = "") -> int:
    code = checked_credit_code(credit_code) if credit_code else None
    row = Consultancy(name=_required("name", name), credit_code=code, contact=contact)
    with ctx.db.session() as s:
        s.add(row)
        try:
            s.flush()
        except IntegrityError:
            raise QjscError("enterprise.duplicate", credit_code=credit_code) from None
        log(s, ctx, "consultancy.add", None, id=row.id, name=row.name)
        return row.id


def add_expert(
    ctx: Ctx,
    name: str,
    title_level: str,
    years: int,
    *,
    employer: str = "",
    title: str = "",
    speciality: str = "",
    phone: str = "",
) -> int:
    level = _enum(TitleLevel, "title_level", title_level)
    if years < 0:
        raise QjscError("input.bad_value", field="years", value=years)
    row = Expert(
        name=_required("name", name),
        title_level=level.value,
        years=years,
        employer=employer,
        title=title,
        speciality=speciality,
        phone=phone,
    )
    with ctx.db.session() as s:
        s.add(row)
        s.flush()
        log(
            s,
            ctx,
            "expert.add",
            None,
            id=row.id,
            uuid=row.uuid,
            name=row.name,
            title_level=row.title_level,
            years=years,
        )
        return row.id


EXPERT_FIELDS = ("employer", "title", "title_level", "years", "speciality", "phone")


def update_expert(ctx: Ctx, expert_id: int, **fields: Any) -> None:
    """Correct an expert's profile (the fields printed on the sign-in sheet and those that
    decide qualification); every change is logged with its old and new value."""
    unknown = set(fields) - set(EXPERT_FIELDS)
    if unknown:
        raise QjscError("input.bad_value", field=", ".join(sorted(unknown)), value="")
    if "title_level" in fields:
        fields["title_level"] = _enum(TitleLevel, "title_level", fields["title_level"]).value
    if "years" in fields and (not isinstance(fields["years"], int) or fields["years"] < 0):
        raise QjscError("input.bad_value", field="years", value=fields["years"])
    with ctx.db.session() as s:
        expert = s.get(Expert, expert_id)
        if expert is None:
            raise QjscError("expert.not_found", expert=expert_id)
        changes = {k: [getattr(expert, k), v] for k, v in fields.items() if getattr(expert, k) != v}
        if not changes:
            return
        for key, (_, new) in changes.items():
            setattr(expert, key, new)
        log(s, ctx, "expert.update", None, id=expert_id, changes=changes)


def list_mandatory(ctx: Ctx, enterprise_id: int) -> frozenset[int]:
    with ctx.db.session() as s:
        return frozenset(
            s.scalars(select(MandatoryListing.year).where(MandatoryListing.enterprise_id == enterprise_id))
        )


def add_mandatory_listing(ctx: Ctx, enterprise_id: int, year: int) -> None:
    with ctx.db.session() as s:
        if s.get(Enterprise, enterprise_id) is None:
            raise QjscError("enterprise.not_found", enterprise=enterprise_id)
        s.add(MandatoryListing(enterprise_id=enterprise_id, year=year))
        try:
            s.flush()
        except IntegrityError:
            return  # already listed for that year: nothing to do
        log(s, ctx, "mandatory.add", None, enterprise_id=enterprise_id, year=year)


@dataclass(frozen=True)
class ExpertRow:
    id: int
    uuid: str
    name: str
    employer: str
    title: str
    title_level: str
    years: int
    qualified: bool
    key_fingerprint: str | None
    speciality: str = ""
    phone: str = ""


def list_experts(ctx: Ctx) -> list[ExpertRow]:
    with ctx.db.session() as s:
        return [
            ExpertRow(
                e.id,
                e.uuid,
                e.name,
                e.employer,
                e.title,
                e.title_level,
                e.years,
                is_qualified(e.title_level, e.years),
                e.key_fingerprint,
                e.speciality,
                e.phone,
            )
            for e in s.scalars(select(Expert).order_by(Expert.id))
        ]


def list_enterprises(ctx: Ctx) -> list[dict[str, Any]]:
    with ctx.db.session() as s:
        return [
            {
                "id": e.id,
                "name": e.name,
                "credit_code": e.credit_code,
                "district": e.district,
                "established": e.established.isoformat(),
                "industry": e.industry,
            }
            for e in s.scalars(select(Enterprise).order_by(Enterprise.id))
        ]


def list_consultancies(ctx: Ctx) -> list[dict[str, Any]]:
    with ctx.db.session() as s:
        return [
            {"id": c.id, "name": c.name, "credit_code": c.credit_code}
            for c in s.scalars(select(Consultancy).order_by(Consultancy.id))
        ]


def set_expert_fingerprint(ctx: Ctx, expert_id: int, fingerprint: str) -> None:
    with ctx.db.session() as s:
        expert = s.get(Expert, expert_id)
        if expert is None:
            raise QjscError("expert.not_found", expert=expert_id)
        expert.key_fingerprint = fingerprint
        log(s, ctx, "expert.key", None, id=expert_id, fingerprint=fingerprint)
