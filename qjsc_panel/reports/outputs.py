"""From an acceptance to the files the bureau receives: PDF (+ signatures), workbook, bundle."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError
from qjsc_panel.reports.model import Compilation, content_hash

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
    """The figures every output states (the bundle's 验收结果.json): see :mod:`marks`."""
    from qjsc_panel.reports.marks import summary as _summary

    return _summary(comp)


def bundle_summary(comp: Compilation, document_hash: str) -> dict[str, Any]:
    """The manifest's summary: the result, its digest (printed on the PDF) and the content hash."""
    from qjsc_panel.reports.marks import result_digest

    return {**summary(comp), "document_hash": document_hash, "result_sha256": result_digest(comp)}


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
        from qjsc_panel.reports.bundle import bundle_files

        files = bundle_files(
            comp,
            data,
            wb_path.read_bytes(),
            audit_lines(ctx, comp.acceptance_uuid),
            ca_pem or panel_ca_pem(comp.acceptance_uuid),
            packages or [],
        )
        s = bundle_summary(comp, src.document_hash)
        bundle_path = make_bundle(
            out_dir / f"报送包-{comp.enterprise_name}-{comp.visit_date.isoformat()}.zip",
            comp.acceptance_uuid,
            files,
            s,
            comp.finalised_at,
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
    try:
        from qjsc_panel.exchange import keys, panelkey
        from qjsc_panel.exchange.demo_support import DEMO_PASSPHRASE, laptop

        with laptop(laptops / "chair"):
            if panelkey.has_panel_key(acc_uuid):
                ca_pem = panelkey.load_panel(acc_uuid).ca_cert_pem.encode("ascii")
        for m in src.comp.experts:
            home = laptops / m.name
            if m.recused or not home.is_dir():
                continue
            with laptop(home):
                identities[m.id] = Identity(m.name, keys.pyhanko_signer(None, DEMO_PASSPHRASE), m.id)
    except ImportError:  # no exchange module in this build
        identities = {}
    if not identities or ca_pem is None:
        from qjsc_panel.reports.testca import DemoCA

        ca = DemoCA()
        identities = {m.id: ca.issue(m.name, m.id)[0] for m in src.comp.experts if not m.recused}
        ca_pem, packages = ca.pem(), []
    w = write_all(ctx, acc_uuid, out_dir, identities, ca_pem=ca_pem, packages=packages)
    return [w.pdf, w.workbook, *([w.bundle] if w.bundle else [])]
