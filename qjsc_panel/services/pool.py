"""The expert pool beyond the basic profile: industries, availability, the key certificate and
recorded past relations (conflicts for the draw)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from qjsc_panel.domain.panel import is_qualified
from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import log
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.firms import industry_code
from qjsc_panel.store.models import Consultancy, Enterprise, Expert, ExpertRelation


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def set_pool_details(
    ctx: Ctx, expert_id: int, *, industries: list[str] | None = None, available: bool | None = None
) -> None:
    with ctx.db.session() as s:
        expert = s.get(Expert, expert_id)
        if expert is None:
            raise QjscError("expert.not_found", expert=expert_id)
        changes: dict[str, object] = {}
        if industries is not None:
            changes["industries"] = ",".join(industry_code(c) for c in industries if c.strip())
        if available is not None:
            changes["available"] = available
        for k, v in changes.items():
            setattr(expert, k, v)
        if changes:
            log(s, ctx, "expert.pool", None, id=expert_id, changes=changes)


def set_certificate(ctx: Ctx, expert_id: int, pem: bytes) -> str:
    """Store the expert's key certificate; its public key becomes the expert's fingerprint.
    Refused when the expert already has a different key on record."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from qjsc_panel.exchange.crypto import fingerprint_of_der

    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise QjscError("secretary.certificate_unreadable") from None
    fp = fingerprint_of_der(cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))
    with ctx.db.session() as s:
        expert = s.get(Expert, expert_id)
        if expert is None:
            raise QjscError("expert.not_found", expert=expert_id)
        if expert.key_fingerprint and expert.key_fingerprint != fp:
            raise QjscError("secretary.certificate_other_key", expert=expert.name)
        expert.key_fingerprint, expert.certificate_pem = fp, pem.decode("ascii")
        log(s, ctx, "expert.certificate", None, id=expert_id, fingerprint=fp)
    return fp


def add_relation(
    ctx: Ctx, expert_id: int, *, enterprise_id: int | None = None, consultancy_id: int | None = None, note: str = ""
) -> int:
    """Record a past relation (employment, consulting, kinship…) that rules the expert out."""
    if (enterprise_id is None) == (consultancy_id is None):
        raise QjscError("secretary.relation_target")
    with ctx.db.session() as s:
        if s.get(Expert, expert_id) is None:
            raise QjscError("expert.not_found", expert=expert_id)
        if enterprise_id is not None and s.get(Enterprise, enterprise_id) is None:
            raise QjscError("enterprise.not_found", enterprise=enterprise_id)
        if consultancy_id is not None and s.get(Consultancy, consultancy_id) is None:
            raise QjscError("consultancy.not_found", consultancy=consultancy_id)
        row = ExpertRelation(
            expert_id=expert_id,
            enterprise_id=enterprise_id,
            consultancy_id=consultancy_id,
            note=note,
            recorded_by=ctx.actor,
            recorded_at=_now(),
        )
        s.add(row)
        s.flush()
        log(s, ctx, "expert.relation", None, expert=expert_id, enterprise=enterprise_id, consultancy=consultancy_id)
        return row.id


@dataclass(frozen=True)
class PoolRow:
    id: int
    name: str
    employer: str
    title: str
    title_level: str
    years: int
    speciality: str
    industries: str
    phone: str
    available: bool
    qualified: bool
    key_fingerprint: str | None
    has_certificate: bool


def list_pool(ctx: Ctx) -> list[PoolRow]:
    stmt = select(
        Expert.id,
        Expert.name,
        Expert.employer,
        Expert.title,
        Expert.title_level,
        Expert.years,
        Expert.speciality,
        Expert.industries,
        Expert.phone,
        Expert.available,
        Expert.key_fingerprint,
        Expert.certificate_pem.is_not(None),
    ).order_by(Expert.id)
    with ctx.db.read() as conn:
        return [
            PoolRow(i, n, emp, t, lvl, y, sp, ind, ph, av, is_qualified(lvl, y), fp, bool(cert))
            for i, n, emp, t, lvl, y, sp, ind, ph, av, fp, cert in conn.execute(stmt)
        ]
