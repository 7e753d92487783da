"""Panels' bureau bundles kept in the archive: verified on receipt, stored read-only, one per
acceptance and never the same content twice."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import log
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import ArchiveBundle


@dataclass(frozen=True)
class BundleRow:
    id: int
    acceptance: str
    sha256: str
    filename: str
    size: int
    received_by: str
    received_at: datetime


def receive_bundle(ctx: Ctx, path: Path) -> int:
    """Verify ``path`` (every sum, signature and audit link, and the manifest's signature against
    this archive's installed bureau root) and keep it; refusals change nothing."""
    from qjsc_panel.reports.bundle import verify_bundle
    from qjsc_panel.services.bureau import trust_anchor

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QjscError("reports.bundle_unreadable", path=str(path), detail=exc.strerror or str(exc)) from None
    root, crl = trust_anchor(ctx)  # the archive's own root, never anything from the bundle
    report = verify_bundle(path, root, crl)
    if not report.ok:
        sep = "；" if ctx.lang != "en" else "; "
        raise QjscError("secretary.bundle_invalid", problems=sep.join(report.render(ctx.lang)))
    digest = hashlib.sha256(data).hexdigest()
    with ctx.db.session() as s:
        same = s.scalar(select(ArchiveBundle.acceptance_uuid).where(ArchiveBundle.sha256 == digest))
        if same is not None:
            raise QjscError("secretary.bundle_duplicate_content", acceptance=same)
        if s.scalar(select(ArchiveBundle.id).where(ArchiveBundle.acceptance_uuid == report.acceptance)):
            raise QjscError("secretary.bundle_duplicate_acceptance", acceptance=report.acceptance)
        row = ArchiveBundle(
            acceptance_uuid=report.acceptance,
            sha256=digest,
            filename=path.name,
            data=data,
            verification={"files": report.files, "signatures": report.signatures, "audit": report.audit_entries},
            received_by=ctx.actor,
            received_at=datetime.now(UTC).replace(tzinfo=None),
        )
        s.add(row)
        s.flush()
        log(s, ctx, "archive.bundle", None, acceptance=report.acceptance, sha256=digest, file=path.name)
        return row.id


def list_bundles(ctx: Ctx) -> list[BundleRow]:
    from sqlalchemy import func

    stmt = select(
        ArchiveBundle.id,
        ArchiveBundle.acceptance_uuid,
        ArchiveBundle.sha256,
        ArchiveBundle.filename,
        func.length(ArchiveBundle.data),
        ArchiveBundle.received_by,
        ArchiveBundle.received_at,
    ).order_by(ArchiveBundle.id)
    with ctx.db.read() as conn:
        return [BundleRow(*r) for r in conn.execute(stmt).all()]


def export_bundle(ctx: Ctx, bundle_id: int, out: Path) -> Path:
    """Write the stored bundle back out, byte for byte (its SHA-256 checked on the way)."""
    with ctx.db.session() as s:
        row = s.get(ArchiveBundle, bundle_id)
        if row is None:
            raise QjscError("secretary.bundle_not_found", bundle=bundle_id)
        if hashlib.sha256(row.data).hexdigest() != row.sha256:
            raise QjscError("secretary.bundle_altered", bundle=bundle_id)
        out.write_bytes(row.data)
    return out
