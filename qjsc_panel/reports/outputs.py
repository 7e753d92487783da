"""From an acceptance's sources to the files the bureau receives: PDF (+ signatures), workbook,
bundle.  Data in, files out: :mod:`qjsc_panel.services.outputs` reads the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def render(src: Sources, include_experts: bool = True) -> RenderedPdf:
    """The unsigned PDF with an empty signature field per signer."""
    from dataclasses import replace

    if src.comp.composite is None:
        raise QjscError("reports.no_result")
    with no_collection():
        from qjsc_panel.reports import rlfast

        rlfast.prepare()
        from qjsc_panel.reports.pdf import add_signature_fields, render_pdf

        rendered = render_pdf(src.comp, src.text, src.perf, src.document_hash, include_experts)
        return replace(rendered, data=add_signature_fields(rendered.data, rendered.boxes))


@contextmanager
def no_collection() -> Iterator[None]:
    """No automatic garbage collection while a document is made.  Laying out a document
    allocates a few hundred thousand objects (and the first one imports reportlab), which
    sets off full collections that walk every object the process holds — 60–90 ms on the
    first document, for almost no garbage.  The collector's state is restored afterwards
    (a caller that had switched it off, like the app's background runner, keeps it off)."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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


@dataclass
class Written:
    pdf: Path
    workbook: Path
    bundle: Path | None
    document_hash: str
    signed_by: list[str] = field(default_factory=list)


def write_files(
    src: Sources,
    out_dir: Path,
    identities: dict[int, Identity],
    *,
    ca_pem: bytes | None = None,
    packages: list[tuple[str, bytes]] | None = None,
    audit: bytes | None = None,
    trust: dict[str, bytes] | None = None,
    sign: Callable[[bytes], bytes] | None = None,
) -> Written:
    """Opinion PDF (signed by whoever has an identity), workbook, and — when the audit lines are
    given — the bundle, into out_dir.  Each package must be one the compilation counted."""
    from qjsc_panel.reports.bundle import make_bundle
    from qjsc_panel.reports.workbook import write_workbook

    comp = src.comp
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"验收意见-{comp.enterprise_name}-{comp.visit_date.isoformat()}"
    rendered = render(src)
    data = sign_all(rendered.data, rendered.boxes, identities)
    pdf_path = out_dir / f"{stem}.pdf"
    _atomic(pdf_path, data)
    wb_path = write_workbook(comp, src.text, src.perf, out_dir / f"{stem}.xlsx", src.document_hash)
    bundle_path = None
    if audit is not None:
        from qjsc_panel.reports.bundle import bundle_files

        files = bundle_files(comp, data, wb_path.read_bytes(), audit, ca_pem, packages or [])
        if trust:  # roster, certified panel CA, package keys, form (exchange.bundle_trust)
            files.update(trust)
        bundle_path = make_bundle(
            out_dir / f"报送包-{comp.enterprise_name}-{comp.visit_date.isoformat()}.zip",
            comp.acceptance_uuid,
            files,
            bundle_summary(comp, src.document_hash),
            comp.finalised_at,
            sign=sign,
        )
    signed = [b.name for b in rendered.boxes if identities.get(b.member_id)]
    return Written(pdf_path, wb_path, bundle_path, src.document_hash, signed)


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
