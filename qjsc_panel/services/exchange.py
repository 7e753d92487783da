"""The exchange between laptops, as use cases: keys, the panel key and enrolment, invitations,
signed score-sheet packages out and in, and the Excel route.

Everything here that reads or writes the database does so here; :mod:`qjsc_panel.exchange`
only turns facts into files and bytes (and back) under the data directory ``app.home``.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError
from qjsc_panel.services.app import App
from qjsc_panel.services.importer import Verdict, import_packages, verify_package, verify_packages

if TYPE_CHECKING:
    from qjsc_panel.exchange.invitation import Joined
    from qjsc_panel.exchange.keys import KeyInfo
    from qjsc_panel.exchange.panelkey import Enrolment, PanelPublic
    from qjsc_panel.exchange.xlsx import XlsxResult
    from qjsc_panel.store.models import Expert, PanelMember

__all__ = [
    "Verdict",
    "enrol",
    "export_package",
    "export_sheet",
    "find_key",
    "import_packages",
    "import_xlsx",
    "init_key",
    "init_panel_key",
    "join",
    "list_keys",
    "make_invitation",
    "verify_package",
    "verify_packages",
    "write_template",
]


# --- keys (files in the data directory) ----------------------------------------------------


def init_key(app: App, name: str, passphrase: str) -> KeyInfo:
    from qjsc_panel.exchange import keys

    return keys.init_key(app.home, name, passphrase)


def list_keys(app: App) -> list[KeyInfo]:
    from qjsc_panel.exchange import keys

    return keys.list_keys(app.home)


def find_key(app: App, ref: str | None = None) -> KeyInfo:
    from qjsc_panel.exchange import keys

    return keys.find_key(app.home, ref)


def unlock_key(app: App, ref: str | None, passphrase: str) -> None:
    """Check the passphrase of the key ``ref``: ``exchange.bad_passphrase`` if wrong."""
    from qjsc_panel.exchange import keys

    keys.unlock(keys.find_key(app.home, ref), passphrase)


def pyhanko_signer(app: App, ref: str | None, passphrase: str, acceptance: str | None = None) -> Any:
    from qjsc_panel.exchange import keys

    return keys.pyhanko_signer(app.home, ref, passphrase, acceptance)


def short_fingerprint(fingerprint: str) -> str:
    from qjsc_panel.exchange import crypto

    return crypto.short_fingerprint(fingerprint)


# --- the chair's panel key and enrolment ---------------------------------------------------


def init_panel_key(app: App, acc_ref: str, passphrase: str) -> PanelPublic:
    """Make the panel CA and sealing key for an acceptance (the chair's laptop, once)."""
    from qjsc_panel.exchange.panelkey import PanelFacts, make_panel_key
    from qjsc_panel.services.common import chair_of, get_acceptance

    with app.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        facts = PanelFacts(acc.uuid, chair_of(acc).name, acc.enterprise.name, acc.visit_date.isoformat())
    return make_panel_key(app.home, facts, passphrase)


def has_panel_key(app: App, acc_uuid: str) -> bool:
    from qjsc_panel.exchange import panelkey

    return panelkey.has_panel_key(app.home, acc_uuid)


def panel_public(app: App, acc_uuid: str) -> PanelPublic:
    from qjsc_panel.exchange import panelkey

    return panelkey.load_panel(app.home, acc_uuid)


def panel_ca_pem(app: App, acc_uuid: str) -> bytes | None:
    """The panel CA certificate for this acceptance, if this laptop holds the panel key."""
    from qjsc_panel.exchange import panelkey

    try:
        if panelkey.has_panel_key(app.home, acc_uuid):
            return panelkey.load_panel(app.home, acc_uuid).ca_cert_pem.encode("ascii")
    except QjscError:
        return None
    return None


def enrolments(app: App, acc_uuid: str) -> list[Enrolment]:
    from qjsc_panel.exchange import panelkey

    return panelkey.enrolments(app.home, acc_uuid)


def _scoring_expert(member: PanelMember) -> Expert:
    """The member's expert record; refused for staff and for a recused expert."""
    if member.role != "expert" or member.expert is None:
        raise QjscError("panel.not_expert", name=member.name, role=member.role)
    if member.recused:
        raise QjscError("panel.recused", name=member.name, reason=member.recusal_reason)
    return member.expert


def enrol(app: App, acc_ref: str, member_ref: str, public_pem: bytes, passphrase: str) -> Enrolment:
    """Issue the member's certificate from the panel CA and record the key's fingerprint."""
    from qjsc_panel.exchange.keys import load_public_pem
    from qjsc_panel.exchange.panelkey import issue_certificate
    from qjsc_panel.services.common import find_member, get_open_acceptance
    from qjsc_panel.services.registry import set_expert_fingerprint

    public = load_public_pem(public_pem)
    with app.db.session() as s:
        acc = get_open_acceptance(s, acc_ref)
        member = find_member(s, acc, member_ref)
        expert = _scoring_expert(member)
        acc_uuid, member_id, name, employer = acc.uuid, member.id, member.name, member.employer
        expert_id, expert_uuid = expert.id, expert.uuid
    enrolment = issue_certificate(app.home, acc_uuid, member_id, name, expert_uuid, employer, public, passphrase)
    set_expert_fingerprint(app, expert_id, enrolment.fingerprint)
    return enrolment


# --- invitations ---------------------------------------------------------------------------


def make_invitation(app: App, acc_ref: str, member_ref: str, passphrase: str, out: Path) -> Path:
    """Write the invitation for one enrolled expert to ``out``."""
    from qjsc_panel.exchange.invitation import sign_invitation
    from qjsc_panel.services.common import find_member, get_open_acceptance

    with app.db.session() as s:
        acc = get_open_acceptance(s, acc_ref)
        member = find_member(s, acc, member_ref)
        exp = _scoring_expert(member)
        ent, con = acc.enterprise, acc.consultancy
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
    return sign_invitation(app.home, body, passphrase, out)


def join(app: App, path: Path) -> Joined:
    """On the expert's laptop: verify the invitation and set up the same acceptance and form."""
    from qjsc_panel.domain.form import loads_form
    from qjsc_panel.exchange import crypto
    from qjsc_panel.exchange.invitation import Joined, joined, read_invitation, record_joined
    from qjsc_panel.exchange.keys import list_keys
    from qjsc_panel.services.acceptances import create_acceptance
    from qjsc_panel.services.registry import add_consultancy, add_enterprise

    inv = read_invitation(path)
    body = inv.body
    fingerprint = body["expert"]["fingerprint"]
    if not any(k.fingerprint == fingerprint for k in list_keys(app.home)):
        raise QjscError(
            "exchange.invitation_other_key",
            name=body["expert"]["name"],
            fingerprint=crypto.short_fingerprint(fingerprint),
        )
    existing = joined(app.home, inv.acceptance_uuid, fingerprint)
    if existing is not None:
        return Joined(inv, existing.local_acceptance, existing.local_member, already=True)
    colleague = joined(app.home, inv.acceptance_uuid)  # another expert on this laptop joined it already
    if colleague is not None:
        local = colleague.local_acceptance
        return record_joined(app.home, inv, local, _add_expert(app, inv.body["expert"], local))
    ent = body["enterprise"]
    enterprise_id = _find_enterprise(app, ent["credit_code"])
    if enterprise_id is None:
        enterprise_id = add_enterprise(
            app,
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
        consultancy_id = add_consultancy(app, body["consultancy"]["name"])
    acc = body["acceptance"]
    local_acc = create_acceptance(
        app,
        enterprise_id,
        date.fromisoformat(acc["visit_date"]),
        consultancy_id=consultancy_id,
        form=loads_form(body["form"]["json"]),
        method=acc["method"],
        outlier_share=Decimal(acc["outlier_share"]),
        place=acc.get("place", ""),
    )
    return record_joined(app.home, inv, local_acc, _add_expert(app, inv.body["expert"], local_acc))


def _add_expert(app: App, exp: dict[str, Any], local_acc: str) -> int:
    """The invited expert, with his or her key, as a member of the local acceptance."""
    from qjsc_panel.services.panel import add_member
    from qjsc_panel.services.registry import add_expert, set_expert_fingerprint

    expert_id = add_expert(
        app,
        exp["name"],
        exp["title_level"],
        int(exp["years"]),
        employer=exp.get("employer", ""),
        title=exp.get("title", ""),
        speciality=exp.get("speciality", ""),
        phone=exp.get("phone", ""),
    )
    set_expert_fingerprint(app, expert_id, exp["fingerprint"])
    return add_member(app, local_acc, expert_id=expert_id)


def _find_enterprise(app: App, credit_code: str) -> int | None:
    from sqlalchemy import select

    from qjsc_panel.store.models import Enterprise

    with app.db.session() as s:
        return s.scalar(select(Enterprise.id).where(Enterprise.credit_code == credit_code.upper()))


def joined_for_local(app: App, local_acc_uuid: str, fingerprint: str | None = None) -> Joined | None:
    from qjsc_panel.exchange import invitation

    return invitation.joined_for_local(app.home, local_acc_uuid, fingerprint)


# --- packages out (the expert's laptop) ----------------------------------------------------


def build_payload(app: App, local_acc_uuid: str, key_ref: str | None = None) -> tuple[dict[str, Any], Joined]:
    """The payload of the local member's latest submitted sheet, and the joined invitation."""
    from sqlalchemy import select

    from qjsc_panel.domain.scoring import score_text
    from qjsc_panel.exchange.invitation import joined_for_local
    from qjsc_panel.exchange.package import PACKAGE_FORMAT
    from qjsc_panel.services.common import get_acceptance, sheets_of
    from qjsc_panel.store.models import ScoreSheet, VetoProposal

    with app.db.session() as s:
        acc = get_acceptance(s, local_acc_uuid)
        found = joined_for_local(app.home, acc.uuid, key_ref)
        if found is None:
            raise QjscError("exchange.not_joined", acceptance=acc.uuid)
        inv = found.invitation.body
        member = next((m for m in acc.members if m.id == found.local_member), None)
        if member is None:
            raise QjscError("panel.member_not_found", member=found.local_member)
        versions = [v for v in sheets_of(s, member.id) if v.status == "submitted"]
        if not versions:
            raise QjscError("exchange.nothing_submitted", name=member.name)
        sheet = versions[-1]
        previous = s.get(ScoreSheet, sheet.supersedes_id) if sheet.supersedes_id else None
        scores = {e.item_id: score_text(e.score) for e in sheet.entries if e.score is not None}
        comments = {e.item_id: e.comment for e in sheet.entries if e.comment}
        vetoes = [
            {"item": v.veto_item_id, "evidence": v.evidence}
            for v in s.scalars(
                select(VetoProposal).where(VetoProposal.proposer_id == member.id).order_by(VetoProposal.id)
            )
        ]
        payload = {
            "kind": "qjsc-sheet",
            "format": PACKAGE_FORMAT,
            "panel": inv["acceptance"]["uuid"],
            "member_id": int(inv["member"]["id"]),
            "expert": inv["expert"]["name"],
            "signer": inv["expert"]["fingerprint"],
            "sheet": sheet.uuid,
            "version": sheet.version,
            "supersedes": previous.uuid if previous else None,
            "reason": sheet.correction_reason,
            "form": {"id": acc.form_id, "version": acc.form_version, "hash": sheet.form_hash},
            "declaration": {
                "declared_at": member.declared_at.isoformat() if member.declared_at else None,
                "conflicts": list(member.conflicts or []),
                "note": member.conflict_note,
                "confidentiality": bool(member.confidentiality),
            },
            "recused": bool(member.recused),
            "recusal_reason": member.recusal_reason,
            "scores": scores,
            "comments": comments,
            "vetoes": vetoes,
            "submitted_at": sheet.submitted_at.isoformat() if sheet.submitted_at else None,
        }
    return payload, found


def export_sheet(app: App, local_acc_uuid: str, passphrase: str, out: Path, key_ref: str | None = None) -> Path:
    """Sign and seal the latest submitted sheet; ``out`` may be a folder.  Returns the file."""
    return export_package(app, local_acc_uuid, passphrase, out, key_ref)[0]


def export_package(
    app: App, local_acc_uuid: str, passphrase: str, out: Path, key_ref: str | None = None
) -> tuple[Path, dict[str, Any]]:
    """As :func:`export_sheet`, also returning the plain payload (for the expert's record)."""
    from qjsc_panel.exchange.package import write_package

    payload, found = build_payload(app, local_acc_uuid, key_ref)
    path = write_package(app.home, payload, found.invitation.body, passphrase, out, key_ref)
    return path, payload


# --- the Excel route -----------------------------------------------------------------------


def write_template(app: App, acc_ref: str, member_ref: str, out: Path) -> Path:
    """The per-expert Excel template of an acceptance."""
    from qjsc_panel.exchange import xlsx
    from qjsc_panel.services.common import acceptance_form, find_member, get_acceptance

    with app.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        member = find_member(s, acc, member_ref)
        if member.role != "expert":
            raise QjscError("panel.not_expert", name=member.name, role=member.role)
        form = acceptance_form(app, acc)
        facts: dict[str, Any] = {
            "enterprise": acc.enterprise.name,
            "date": acc.visit_date.isoformat(),
            "acc": acc.uuid,
            "member": member.id,
            "name": member.name,
            "hash": acc.form_hash,
        }
    return xlsx.write_template(form, facts, out)


@dataclass(frozen=True)
class XlsxSheet:
    member_id: int
    scores: dict[str, Decimal]
    comments: dict[str, str]
    acceptance: str


def read_xlsx(app: App, path: Path) -> XlsxSheet:
    """Validate a filled template against its acceptance; raises ``XlsxProblems`` naming cells."""
    from sqlalchemy import select

    from qjsc_panel.exchange.xlsx import XlsxProblems, meta_cell, open_template, read_scores
    from qjsc_panel.store.models import Acceptance, PanelMember

    t = open_template(path)
    meta = t.meta
    with app.db.session() as s:
        acc = s.scalar(select(Acceptance).where(Acceptance.uuid == str(meta["acceptance"])))
        member = s.get(PanelMember, meta["member"]) if isinstance(meta["member"], int) else None
        if acc is None or member is None or member.acceptance_id != acc.id:
            raise XlsxProblems(t.name, [QjscError("exchange.xlsx_other_panel", cell=meta_cell("acceptance"))])
        if meta["form_hash"] != acc.form_hash:
            problem = QjscError(
                "exchange.xlsx_other_form",
                cell=meta_cell("form_hash"),
                found=str(meta["form"]),
                want=f"{acc.form_id} {acc.form_version}",
            )
            raise XlsxProblems(t.name, [problem])
        form = app.form(acc.form_hash, acc.form_json)
        member_id, acc_uuid = member.id, acc.uuid
    scores, comments = read_scores(t, form)
    return XlsxSheet(member_id, scores, comments, acc_uuid)


def import_xlsx(app: App, path: Path, reason: str = "") -> XlsxResult:
    """Validate, then record as an unsigned sheet (source "xlsx") awaiting paper confirmation."""
    from qjsc_panel.exchange.xlsx import XLSX_NAMESPACE, XlsxResult
    from qjsc_panel.services.common import get_member, sheets_of
    from qjsc_panel.services.scoring import import_sheet

    sheet = read_xlsx(app, path)
    member_id, scores, comments = sheet.member_id, sheet.scores, sheet.comments
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    content = ";".join(f"{k}={scores[k]}|{comments.get(k, '')}" for k in sorted(scores))
    sheet_uuid = str(uuid.uuid5(XLSX_NAMESPACE, f"{sheet.acceptance}/{member_id}/{content}"))
    total = sum(scores.values(), Decimal(0))
    with app.db.session() as s:
        name = get_member(s, member_id).name
        submitted = [x for x in sheets_of(s, member_id) if x.status == "submitted"]
        if any(x.uuid == sheet_uuid for x in submitted):
            return XlsxResult("duplicate", sheet_uuid, member_id, name, total)
        latest = submitted[-1] if submitted else None
        form_hash = get_member(s, member_id).acceptance.form_hash
    status = import_sheet(
        app,
        member_id,
        sheet_uuid=sheet_uuid,
        version=(latest.version + 1) if latest else 1,
        supersedes_uuid=latest.uuid if latest else None,
        reason=reason or ("Excel 评分表更正 / corrected Excel sheet" if latest else ""),
        scores=scores,
        comments=comments,
        form_hash=form_hash,
        source="xlsx",
        signed=False,
        signer_fingerprint=None,
        package_sha256=digest,
    )
    return XlsxResult(status, sheet_uuid, member_id, name, total)
