"""From an acceptance to the files the bureau receives: PDF (+ signatures), workbook, bundle."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError
from qjsc_panel.reports.model import Compilation, content_hash, fmt1, fmt2

if TYPE_CHECKING:
    from qjsc_panel.reports.opinion import OpinionText
    from qjsc_panel.reports.pdf import RenderedPdf
    from qjsc_panel.reports.performance import PerformanceTable
    from qjsc_panel.reports.signing import Identity
    from qjsc_panel.services.context import Ctx


@dataclass
class Sources:
    comp: Compilation
    text: OpinionText
    perf: PerformanceTable | None

    @property
    def document_hash(self) -> str:
        return content_hash(
            self.comp.canonical(), self.text.to_dict(), self.perf.model_dump(mode="json") if self.perf else None
        )


def load_sources(ctx: Ctx, acc_ref: str) -> Sources:
    from qjsc_panel.services import opinion

    comp = opinion.compilation(ctx, acc_ref)
    return Sources(
        comp, opinion.get_opinion(ctx, comp.acceptance_uuid), opinion.get_performance(ctx, comp.acceptance_uuid)
    )


def render(src: Sources, include_experts: bool = True) -> RenderedPdf:
    """The unsigned PDF with an empty signature field per signer."""
    from dataclasses import replace

    from qjsc_panel.reports.pdf import add_signature_fields, render_pdf

    if src.comp.composite is None:
        raise QjscError("reports.no_result")
    rendered = render_pdf(src.comp, src.text, src.perf, src.document_hash, include_experts)
    return replace(rendered, data=add_signature_fields(rendered.data, rendered.boxes))


def summary(comp: Compilation) -> dict[str, Any]:
    """The figures every output states, for the manifest and the consistency test."""
    return {
        "enterprise": comp.enterprise_name,
        "composite": fmt1(comp.composite),
        "result": comp.result,
        "grade": comp.grade,
        "item_means": {k: fmt2(v) for k, v in comp.item_means.items()},
        "confirmed_vetoes": [v.veto_item_id for v in comp.confirmed_vetoes],
        "status": comp.status,
        "packages": {s.uuid: s.package_sha256 for s in comp.counted_sheets if s.package_sha256},
    }


def sign_all(data: bytes, boxes: list[Any], identities: dict[int, Identity]) -> bytes:
    """Sign every box whose member has an identity, in box order (the chair's box is first)."""
    from qjsc_panel.reports.signing import sign_pdf

    chars = "".join(b.role_zh + b.name for b in boxes)
    for b in boxes:
        who = identities.get(b.member_id)
        if who is not None:
            data = sign_pdf(data, b.field, who, b.role_zh, stamp_chars=chars)
    return data


def panel_ca_pem(acc_uuid: str) -> bytes | None:
    """The exchange's panel CA certificate for this acceptance, if this laptop holds it."""
    try:
        from qjsc_panel.exchange import panelkey

        if panelkey.has_panel_key(acc_uuid):
            return panelkey.load_panel(acc_uuid).ca_cert_pem.encode("ascii")
    except (ImportError, QjscError):
        return None
    return None


@dataclass
class Written:
    pdf: Path
    workbook: Path
    bundle: Path | None
    document_hash: str
    signed_by: list[str] = field(default_factory=list)


def write_all(
    ctx: Ctx,
    acc_ref: str,
    out_dir: Path,
    identities: dict[int, Identity] | None = None,
    ca_pem: bytes | None = None,
    packages: list[Path] | None = None,
    bundle: bool = True,
    trust: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
    sign: Callable[[bytes], bytes] | None = None,
) -> Written:
    """Opinion PDF (signed by whoever has an identity), workbook, and the bundle, into out_dir."""
    from qjsc_panel.reports.bundle import audit_lines, make_bundle
    from qjsc_panel.reports.workbook import write_workbook

    src = load_sources(ctx, acc_ref)
    comp = src.comp
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"验收意见-{comp.enterprise_name}-{comp.visit_date.isoformat()}"
    rendered = render(src)
    data = sign_all(rendered.data, rendered.boxes, identities or {})
    pdf_path = out_dir / f"{stem}.pdf"
    _atomic(pdf_path, data)
    wb_path = write_workbook(comp, src.text, src.perf, out_dir / f"{stem}.xlsx", src.document_hash)
    bundle_path = None
    if bundle:
        files = {
            "opinion.pdf": data,
            "workbook.xlsx": wb_path.read_bytes(),
            "audit.jsonl": audit_lines(ctx, comp.acceptance_uuid),
            "result.json": json.dumps(summary(comp), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8"),
        }
        ca = ca_pem or panel_ca_pem(comp.acceptance_uuid)
        if ca:
            files["panel-ca.pem"] = ca
        known = set(summary(comp)["packages"].values())
        for p in packages or []:
            raw = p.read_bytes()
            from qjsc_panel.reports.bundle import sha256

            if sha256(raw) not in known:
                raise QjscError("reports.package_not_imported", path=str(p))
            files[f"packages/{p.name}"] = raw
        if trust is not None:  # roster, certified panel CA, package keys, form (exchange.bundle_trust)
            files.update(trust({k: v for k, v in files.items() if k.startswith("packages/")}))
        s = summary(comp)
        s["document_hash"] = src.document_hash
        bundle_path = make_bundle(
            out_dir / f"bundle-{comp.acceptance_uuid[:8]}.zip", comp.acceptance_uuid, files, s, sign=sign
        )
    signed = [b.name for b in rendered.boxes if (identities or {}).get(b.member_id)]
    return Written(pdf_path, wb_path, bundle_path, src.document_hash, signed)


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def demo_outputs(ctx: Ctx, acc_uuid: str, out_dir: Path) -> list[Path]:
    """For ``qjsc-panel demo``: the chair and every expert sign the PDF with the keys and the
    panel-CA certificates the demo's simulated laptops hold (``DIR/laptops/<name>``); the
    signed packages in ``DIR/sheets`` go into the bundle with the panel CA certificate.
    Without those laptops (an older demo) a throw-away CA labelled 演示 signs instead."""
    from qjsc_panel.reports.signing import Identity

    src = load_sources(ctx, acc_uuid)
    laptops = out_dir / "laptops"
    identities: dict[int, Identity] = {}
    ca_pem: bytes | None = None
    packages = sorted((out_dir / "sheets").glob("*.qjsc"))
    trust: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None
    sign: Callable[[bytes], bytes] | None = None
    try:
        from qjsc_panel.exchange import bundle_trust, keys, panelkey
        from qjsc_panel.exchange.demo_support import DEMO_PASSPHRASE, laptop
        from qjsc_panel.services.bureau import form_json_of

        form_json = form_json_of(ctx, acc_uuid)
        with laptop(laptops / "chair"):
            if panelkey.has_panel_key(acc_uuid):
                ca_pem = panelkey.load_panel(acc_uuid).ca_cert_pem.encode("ascii")
            if panelkey.appointment(acc_uuid) is not None:
                parts = bundle_trust.chair_trust_files(
                    acc_uuid, {f"packages/{p.name}": p.read_bytes() for p in packages}, DEMO_PASSPHRASE, form_json
                )
                trust = lambda _packages: parts  # noqa: E731 — computed above on the chair's laptop
        for m in src.comp.experts:
            home = laptops / m.name
            if m.recused or not home.is_dir():
                continue
            with laptop(home):
                identities[m.id] = Identity(m.name, keys.pyhanko_signer(None, DEMO_PASSPHRASE), m.id)
                if src.comp.chair is not None and m.id == src.comp.chair.id and trust is not None:
                    sign = bundle_trust.manifest_signer(None, DEMO_PASSPHRASE, acc_uuid)
    except ImportError:  # no exchange module in this build
        identities = {}
    if not identities or ca_pem is None:
        from qjsc_panel.reports.testca import DemoCA

        ca = DemoCA()
        identities = {m.id: ca.issue(m.name, m.id)[0] for m in src.comp.experts if not m.recused}
        ca_pem, packages, trust, sign = ca.pem(), [], None, None
    w = write_all(ctx, acc_uuid, out_dir, identities, ca_pem=ca_pem, packages=packages, trust=trust, sign=sign)
    return [w.pdf, w.workbook, *([w.bundle] if w.bundle else [])]
