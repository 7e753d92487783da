"""The panel invitation: what an expert's laptop needs to score the same acceptance offline.

Made by the chair after enrolment, signed by the panel CA.  It carries the acceptance, the
enterprise facts, the whole form, the chair's sealing key, the CA certificate and the expert's
own certificate — no scores.  ``join`` verifies it and sets up the same acceptance locally.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto
from qjsc_panel.exchange.panelkey import (
    issued_by,
    joined_dir,
    load_cert,
    load_panel,
    unlock_panel,
)

if TYPE_CHECKING:
    from qjsc_panel.services.context import Ctx

INVITATION_KIND = "qjsc-invitation"
MAX_INVITATION_BYTES = 2_000_000


def make_invitation(ctx: Ctx, acc_ref: str, member_ref: str, passphrase: str, out: Path) -> Path:
    """Write the invitation for one enrolled expert to ``out``."""
    from qjsc_panel.exchange.panelkey import enrolment_for
    from qjsc_panel.services.common import find_member, get_open_acceptance

    with ctx.db.session() as s:
        acc = get_open_acceptance(s, acc_ref)
        member = find_member(s, acc, member_ref)
        if member.role != "expert" or member.expert is None:
            raise QjscError("panel.not_expert", name=member.name, role=member.role)
        if member.recused:
            raise QjscError("panel.recused", name=member.name, reason=member.recusal_reason)
        ent, con, exp = acc.enterprise, acc.consultancy, member.expert
        body: dict[str, Any] = {
            "acceptance": {
                "uuid": acc.uuid,
                "visit_date": acc.visit_date.isoformat(),
                "place": acc.place,
                "district": acc.district,
                "method": acc.method,
                "outlier_share": str(acc.outlier_share),
            },
            "enterprise": {
                "name": ent.name,
                "credit_code": ent.credit_code,
                "district": ent.district,
                "legal_form": ent.legal_form,
                "established": ent.established.isoformat(),
                "address": ent.address,
                "industry": ent.industry,
                "in_shenzhen": ent.in_shenzhen,
                "industrial": ent.industrial,
                "products": ent.products,
            },
            "consultancy": {"name": con.name, "credit_code": con.credit_code} if con else None,
            "form": {"id": acc.form_id, "version": acc.form_version, "hash": acc.form_hash, "json": acc.form_json},
            "member": {"id": member.id, "name": member.name},
            "expert": {
                "name": exp.name,
                "uuid": exp.uuid,
                "title_level": exp.title_level,
                "years": exp.years,
                "employer": exp.employer,
                "title": exp.title,
                "speciality": exp.speciality,
                "phone": exp.phone,
            },
        }
        acc_uuid, member_id, name = acc.uuid, member.id, member.name
    enrolment = enrolment_for(acc_uuid, member_id)
    if enrolment is None:
        raise QjscError("exchange.not_enrolled", name=name)
    panel = load_panel(acc_uuid)
    ca_key, _ = unlock_panel(acc_uuid, passphrase)
    body["expert"].update(fingerprint=enrolment.fingerprint, certificate=enrolment.cert_pem)
    body["panel"] = {"chair": panel.chair, "ca_cert": panel.ca_cert_pem, "enc_public": crypto.b64e(panel.enc_public)}
    if panel.bureau_root_pem:  # the bureau certified this panel: signatures chain to its root
        body["panel"]["bureau_root"] = panel.bureau_root_pem
    body["issued_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    doc = {
        "kind": INVITATION_KIND,
        "format": 1,
        "invitation": body,
        "signature": crypto.b64e(crypto.sign(ca_key, crypto.canonical_json(body))),
    }
    out.write_bytes(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode())
    return out


@dataclass(frozen=True)
class Invitation:
    body: dict[str, Any]
    raw: dict[str, Any]

    @property
    def acceptance_uuid(self) -> str:
        return str(self.body["acceptance"]["uuid"])

    @property
    def ca_fingerprint(self) -> str:
        cert = load_cert(self.body["panel"]["ca_cert"].encode("ascii"))
        return crypto.public_fingerprint(cert.public_key())


def read_invitation(path: Path) -> Invitation:
    """Parse and verify: CA signature, the expert's certificate, the form's hash."""
    from qjsc_panel.domain.form import loads_form
    from qjsc_panel.errors import FormError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QjscError("exchange.unreadable", file=str(path), detail=exc.strerror or "") from None
    if len(raw) > MAX_INVITATION_BYTES:
        raise QjscError("exchange.not_invitation", file=path.name)
    try:
        doc = json.loads(raw)
        body = doc["invitation"]
        if doc.get("kind") != INVITATION_KIND or doc.get("format") != 1 or not isinstance(body, dict):
            raise ValueError("kind")
        ca_cert = load_cert(body["panel"]["ca_cert"].encode("ascii"))
        cert = load_cert(body["expert"]["certificate"].encode("ascii"))
        signature = crypto.b64d(doc["signature"])
        form = loads_form(body["form"]["json"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeError, QjscError, FormError):
        raise QjscError("exchange.not_invitation", file=path.name) from None
    if not crypto.verify(ca_cert.public_key(), signature, crypto.canonical_json(body)):
        raise QjscError("exchange.invitation_bad_signature", file=path.name)
    if not issued_by(cert, ca_cert) or crypto.public_fingerprint(cert.public_key()) != body["expert"]["fingerprint"]:
        raise QjscError("exchange.invitation_bad_signature", file=path.name)
    if form.content_hash != body["form"]["hash"]:
        raise QjscError("exchange.invitation_bad_signature", file=path.name)
    _check_bureau(body, ca_cert, path.name)
    return Invitation(body, doc)


def _check_bureau(body: dict[str, Any], ca_cert: Any, name: str) -> None:
    """A panel the bureau certified: its CA must chain to the root it names, and that root must
    be the one this laptop trusts, if it trusts one."""
    from qjsc_panel.exchange import bureau

    root_pem = body["panel"].get("bureau_root")
    if root_pem is None:
        return
    try:
        root = load_cert(str(root_pem).encode("ascii"))
    except (QjscError, UnicodeError):
        raise QjscError("exchange.not_invitation", file=name) from None
    if bureau.check_panel_ca(ca_cert, root, None):
        raise QjscError("exchange.invitation_bad_signature", file=name)
    mine = bureau.trusted_root()
    if mine is not None and bureau.key_fingerprint(mine) != bureau.key_fingerprint(root):
        raise QjscError("exchange.bureau_other_root", found=crypto.short_fingerprint(bureau.key_fingerprint(root)))


def _joined_path(acc_uuid: str, fingerprint: str) -> Path:
    # One record per expert and panel: several experts may share a laptop.
    return joined_dir() / f"{acc_uuid}-{fingerprint[:16]}.json"


@dataclass(frozen=True)
class Joined:
    invitation: Invitation
    local_acceptance: str
    local_member: int
    already: bool = False


def join(ctx: Ctx, path: Path) -> Joined:
    """On the expert's laptop: verify the invitation and set up the same acceptance and form."""
    from qjsc_panel.domain.form import loads_form
    from qjsc_panel.exchange.keys import list_keys
    from qjsc_panel.services.acceptances import create_acceptance
    from qjsc_panel.services.registry import add_consultancy, add_enterprise

    inv = read_invitation(path)
    body = inv.body
    fingerprint = body["expert"]["fingerprint"]
    if not any(k.fingerprint == fingerprint for k in list_keys()):
        raise QjscError(
            "exchange.invitation_other_key",
            name=body["expert"]["name"],
            fingerprint=crypto.short_fingerprint(fingerprint),
        )
    existing = joined(inv.acceptance_uuid, fingerprint)
    if existing is not None:
        return Joined(inv, existing.local_acceptance, existing.local_member, already=True)
    colleague = joined(inv.acceptance_uuid)  # another expert on this laptop joined it already
    if colleague is not None:
        return _record(inv, colleague.local_acceptance, _add_expert(ctx, inv, colleague.local_acceptance))
    ent = body["enterprise"]
    enterprise_id = _find_enterprise(ctx, ent["credit_code"])
    if enterprise_id is None:
        enterprise_id = add_enterprise(
            ctx,
            ent["name"],
            ent["credit_code"],
            ent["district"],
            ent["legal_form"],
            date.fromisoformat(ent["established"]),
            address=ent.get("address", ""),
            industry=ent.get("industry", ""),
            in_shenzhen=bool(ent.get("in_shenzhen", True)),
            industrial=bool(ent.get("industrial", True)),
            products=ent.get("products", ""),
        )
    consultancy_id = None
    if body.get("consultancy"):
        consultancy_id = add_consultancy(ctx, body["consultancy"]["name"])
    acc = body["acceptance"]
    local_acc = create_acceptance(
        ctx,
        enterprise_id,
        date.fromisoformat(acc["visit_date"]),
        consultancy_id=consultancy_id,
        form=loads_form(body["form"]["json"]),
        method=acc["method"],
        outlier_share=Decimal(acc["outlier_share"]),
        place=acc.get("place", ""),
    )
    return _record(inv, local_acc, _add_expert(ctx, inv, local_acc))


def _add_expert(ctx: Ctx, inv: Invitation, local_acc: str) -> int:
    """The invited expert, with his or her key, as a member of the local acceptance."""
    from qjsc_panel.services.panel import add_member
    from qjsc_panel.services.registry import add_expert, set_expert_fingerprint

    exp = inv.body["expert"]
    expert_id = add_expert(
        ctx,
        exp["name"],
        exp["title_level"],
        int(exp["years"]),
        employer=exp.get("employer", ""),
        title=exp.get("title", ""),
        speciality=exp.get("speciality", ""),
        phone=exp.get("phone", ""),
    )
    set_expert_fingerprint(ctx, expert_id, exp["fingerprint"])
    return add_member(ctx, local_acc, expert_id=expert_id)


def _record(inv: Invitation, local_acc: str, member_id: int) -> Joined:
    record = {
        "invitation": inv.raw,
        "local_acceptance": local_acc,
        "local_member": member_id,
        "joined_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    target = _joined_path(inv.acceptance_uuid, inv.body["expert"]["fingerprint"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(crypto.canonical_json(record))
    return Joined(inv, local_acc, member_id)


def _find_enterprise(ctx: Ctx, credit_code: str) -> int | None:
    from sqlalchemy import select

    from qjsc_panel.store.models import Enterprise

    with ctx.db.session() as s:
        return s.scalar(select(Enterprise.id).where(Enterprise.credit_code == credit_code.upper()))


def joined(acc_uuid: str, fingerprint: str | None = None) -> Joined | None:
    """A record of a joined panel, by the chair's acceptance uuid (and the expert's key)."""
    folder = joined_dir()
    pattern = f"{acc_uuid}-{fingerprint[:16]}.json" if fingerprint else f"{acc_uuid}-*.json"
    paths = sorted(folder.glob(pattern)) if folder.exists() else []
    return _load_joined(paths[0]) if paths else None


def _load_joined(path: Path) -> Joined:
    try:
        doc = json.loads(path.read_bytes())
        inv = Invitation(doc["invitation"]["invitation"], doc["invitation"])
        return Joined(inv, str(doc["local_acceptance"]), int(doc["local_member"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise QjscError("exchange.key_file_broken", what=str(path)) from None


def joined_for_local(local_acc_uuid: str, fingerprint: str | None = None) -> Joined | None:
    """The joined panel whose local acceptance is ``local_acc_uuid``, for the expert whose key
    starts with ``fingerprint`` (needed when several experts on this laptop joined it)."""
    folder = joined_dir()
    paths = sorted(folder.glob("*.json")) if folder.exists() else []
    found = [j for j in map(_load_joined, paths) if j.local_acceptance == local_acc_uuid]
    if fingerprint:
        want = crypto.normalise_fingerprint(fingerprint)
        found = [j for j in found if j.invitation.body["expert"]["fingerprint"].startswith(want)]
    elif len(found) > 1:
        raise QjscError("exchange.key_choose", keys="、".join(j.invitation.body["expert"]["name"] for j in found))
    return found[0] if found else None
