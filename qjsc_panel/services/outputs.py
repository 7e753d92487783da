"""The chair's outputs as use cases: the compilation every output is made from (read from
the database), and writing the PDF (+ signatures), the workbook and the bureau bundle.

The rendering itself is :mod:`qjsc_panel.reports` (data and bytes in, bytes out).  The
compilation was ``reports/collect.py``; loading sources and writing files was part of
``reports/outputs.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from qjsc_panel.reports.dashboard import Dashboard
from qjsc_panel.reports.model import (
    Compilation,
    ItemInfo,
    Member,
    SheetInfo,
    VetoInfo,
    VetoItemInfo,
)
from qjsc_panel.reports.outputs import Sources, Written

__all__ = ["Dashboard", "Sources", "Written", "audit_lines", "dashboard", "from_status", "load_sources", "write_all"]

if TYPE_CHECKING:
    from qjsc_panel.reports.signing import Identity
    from qjsc_panel.services.app import App
    from qjsc_panel.services.status import PanelStatus
    from qjsc_panel.store.models import Acceptance


def load_sources(app: App, acc_ref: str) -> Sources:
    """The compilation, the opinion text and the performance table.  The documents go to the
    bureau in Chinese whatever language the app speaks, so the form's words are Chinese too."""
    from qjsc_panel.reports.texts import DOC
    from qjsc_panel.services import opinion

    comp = opinion.compilation(app, acc_ref, DOC)
    use_font_cache(app)
    return Sources(
        comp, opinion.get_opinion(app, comp.acceptance_uuid), opinion.get_performance(app, comp.acceptance_uuid)
    )


def use_font_cache(app: App) -> None:
    """What reportlab parses from the fonts is cached under the data directory (``cache/fonts``,
    :mod:`qjsc_panel.reports.fontcache`): every render after the first on this machine skips it."""
    from qjsc_panel.reports import fonts

    try:
        home = app.home
    except ValueError:  # a server database without a data directory: no cache
        return
    fonts.use_cache(fonts.cache_under(home))


def dashboard(app: App, acc_ref: str) -> Dashboard:
    """The chair's dashboard figures (the same compilation as the PDF and the workbook)."""
    from qjsc_panel.reports.dashboard import build
    from qjsc_panel.services.opinion import compilation

    return build(compilation(app, acc_ref))


def dashboard_outcome(app: App, acc_ref: str) -> tuple[Dashboard, str | None, str | None]:
    """The dashboard with the outcome as codes (pass|fail, excellent|good) for a face to word."""
    from qjsc_panel.reports.dashboard import build
    from qjsc_panel.services.opinion import compilation

    comp = compilation(app, acc_ref)
    return build(comp), comp.result, comp.grade


def audit_lines(app: App, acc_uuid: str) -> bytes:
    """This acceptance's audit entries as JSON lines, with their chain hashes."""
    from sqlalchemy import select

    from qjsc_panel.store.models import AuditEntry

    with app.db.session() as s:
        rows = s.scalars(
            select(AuditEntry).where(AuditEntry.acceptance_uuid == acc_uuid).order_by(AuditEntry.seq)
        ).all()
        lines = [
            json.dumps(
                {
                    "seq": r.seq,
                    "at": r.at,
                    "actor": r.actor,
                    "action": r.action,
                    "acceptance": r.acceptance_uuid,
                    "payload": r.payload,
                    "prev_hash": r.prev_hash,
                    "hash": r.hash,
                },
                ensure_ascii=False,
                sort_keys=True,
            )
            for r in rows
        ]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def write_all(
    app: App,
    acc_ref: str,
    out_dir: Path,
    identities: dict[int, Identity] | None = None,
    ca_pem: bytes | None = None,
    packages: list[Path] | None = None,
    bundle: bool = True,
    trust: dict[str, bytes] | None = None,
    sign: Callable[[bytes], bytes] | None = None,
) -> Written:
    """Opinion PDF (signed by whoever has an identity), workbook, and the bundle, into out_dir.

    The bundle carries the panel CA certificate given, or this laptop's for the panel."""
    from qjsc_panel.reports.outputs import write_files
    from qjsc_panel.services.exchange import panel_ca_pem

    src = load_sources(app, acc_ref)
    uuid = src.comp.acceptance_uuid
    if trust is not None and bundle:  # an appointed panel: the chair's signed heads travel too
        from qjsc_panel.reports.bundle_names import SIGNED_HEADS
        from qjsc_panel.services.auditlog import signed_heads_file

        trust = {**trust, SIGNED_HEADS: signed_heads_file(app, uuid)}
    return write_files(
        src,
        out_dir,
        identities or {},
        ca_pem=ca_pem or panel_ca_pem(app, uuid),
        packages=[(p.name, p.read_bytes()) for p in packages or []],
        audit=audit_lines(app, uuid) if bundle else None,
        trust=trust,
        sign=sign,
    )


def _frozen_keys(acc: Acceptance) -> dict[int, str | None]:
    """A finalised acceptance's members' keys as frozen at finalisation (member id → key): the
    PDF prints the key that was valid then, not one an expert made later (issue 12, item 3;
    trust.frozen checked that the frozen keys are attested before anything renders)."""
    if acc.status != "finalised" or not acc.result_json:
        return {}
    try:
        return {int(m["id"]): m.get("fingerprint") for m in json.loads(acc.result_json).get("members", [])}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def from_status(st: PanelStatus, lang: str = "zh", shas: dict[int, str] | None = None) -> Compilation:
    """Call inside the session that computed ``st`` (it reads the ORM objects it holds).  ``shas``
    (sheet id -> package SHA-256) is given by a reader without a session (services.outputs_light)."""
    acc, form, agg, outcome = st.acceptance, st.form, st.aggregate, st.outcome
    ent = acc.enterprise
    orm_members = {m.id: m for m in acc.members}
    retained = set(agg.retained) if agg else set()
    dropped = set(agg.dropped) if agg else set()
    shas = _package_shas(acc) if shas is None else shas
    keys = _frozen_keys(acc)
    members: list[Member] = []
    sheets: list[SheetInfo] = []
    for row in st.members:
        pm = orm_members.get(row.id)
        exp = pm.expert if pm is not None else None
        members.append(
            Member(
                id=row.id,
                name=row.name,
                role=row.role,
                is_chair=row.is_chair,
                employer=row.employer,
                title=row.title,
                title_level=row.title_level or "",
                years=row.years or 0,
                speciality=exp.speciality if exp else "",
                phone=row.phone,
                qualified=row.qualified if row.role == "expert" else True,
                key_fingerprint=keys.get(row.id, row.fingerprint) or "",
                declared=row.declared,
                conflicts=tuple(row.conflicts),
                conflict_note=pm.conflict_note if pm else "",
                recused=row.recused,
                recusal_reason=row.recusal_reason,
            )
        )
        shown = row.counted or row.submitted or row.latest
        if shown is None or row.role != "expert":
            continue
        key = str(row.id)
        sheets.append(
            SheetInfo(
                member_id=row.id,
                name=row.name,
                uuid=shown.uuid,
                version=shown.version,
                status=shown.status,
                scores=dict(shown.scores),
                source=shown.source,
                signed=shown.signed,
                signer_fingerprint=shown.fingerprint or "",
                package_sha256=shas.get(shown.id, ""),
                counted=row.counted is not None and key in retained,
                dropped=key in dropped,
                outlier_deviation=st.outliers.get(key),
                outlier_note=shown.outlier_note,
                excluded_reason=shown.excluded_reason,
                paper_confirmed=bool(shown.paper_confirmed_by),
                superseded=tuple(x.uuid for x in row.sheets if x.uuid != shown.uuid),
            )
        )
    veto_text = {v.id: v.text.get(lang) for v in form.veto_items}
    vetoes = [
        VetoInfo(v.id, v.item, veto_text.get(v.item, v.item), v.proposer, v.evidence, v.status, v.reason)
        for v in st.vetoes
    ]
    items = []
    for cat in form.categories:
        items += [ItemInfo(i.id, cat.title.get(lang), i.text.get(lang), i.max_points) for i in cat.items]
    items += [
        ItemInfo(b.id, "附加分" if lang == "zh" else "Bonus", b.text.get(lang), b.max_points)
        for b in form.bonus_items
        if b.enabled
    ]
    comp = Compilation(
        acceptance_uuid=acc.uuid,
        status=acc.status,
        enterprise_name=ent.name,
        credit_code=ent.credit_code,
        district=acc.district or ent.district,
        visit_date=acc.visit_date,
        place=acc.place,
        address=ent.address,
        industry=ent.industry,
        products=ent.products,
        scale=ent.scale,
        consultancy=acc.consultancy.name if acc.consultancy else "",
        form_title=form.title.get(lang),
        form_id=form.id,
        form_version=form.version,
        form_hash=form.content_hash,
        total_points=form.total,
        pass_mark=form.thresholds.pass_,
        excellent_mark=form.thresholds.excellent,
        method=agg.method.value if agg else acc.method,
        outlier_share=Decimal(acc.outlier_share),
        items=items,
        veto_items=[VetoItemInfo(v.id, v.text.get(lang), v.article) for v in form.veto_items],
        members=members,
        sheets=sheets,
        vetoes=vetoes,
        item_means=dict(agg.item_means) if agg else {},
        composite=outcome.composite if outcome else None,
        result=outcome.result.value if outcome else None,
        grade=outcome.grade.value if outcome and outcome.grade else None,
        quorum_counted=st.quorum.counted,
        quorum_needed=st.quorum.needed,
        blockers=[b.render(lang) for b in st.blockers],
        finalised_at=acc.finalised_at.isoformat() if acc.finalised_at else "",
        finalised_by=acc.finalised_by,
        bureau_decision=acc.bureau_decision,
        bureau_decision_at=acc.bureau_decision_at,
        bureau_decision_note=acc.bureau_decision_note,
    )
    _document_fields(comp, acc)
    return comp


def _document_fields(comp: Compilation, acc: object) -> None:
    """Fields only the documents print (issue 13): the checks of 第二十条 and the number."""
    comp.prelim_passed = getattr(acc, "prelim_passed", None)
    comp.prelim_note = getattr(acc, "prelim_note", "") or ""
    comp.penalty_clean = getattr(acc, "penalty_clean", None)
    comp.penalty_note = getattr(acc, "penalty_note", "") or ""
    comp.number = getattr(acc, "number", "") or ""


def _package_shas(acc: object) -> dict[int, str]:
    """Sheet id -> SHA-256 of the signed package it came from (one query)."""
    from sqlalchemy import inspect, select

    from qjsc_panel.store.models import ScoreSheet

    session = inspect(acc).session
    if session is None:
        return {}
    rows = session.execute(select(ScoreSheet.id, ScoreSheet.package_sha256).where(ScoreSheet.acceptance_id == acc.id))  # type: ignore[attr-defined]
    return {int(i): sha or "" for i, sha in rows}
