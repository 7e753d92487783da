"""The opinion text and the performance table of an acceptance: read, edit (audited), and the
whole compilation the chair's outputs are made from."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import get_acceptance, log
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.models import ReportDoc

if TYPE_CHECKING:
    from qjsc_panel.reports.model import Compilation
    from qjsc_panel.reports.opinion import OpinionText
    from qjsc_panel.reports.performance import PerformanceTable


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _read(s: Session, acc_uuid: str, kind: str) -> dict[str, Any] | None:
    doc = s.scalar(select(ReportDoc).where(ReportDoc.acceptance_uuid == acc_uuid, ReportDoc.kind == kind))
    return None if doc is None else dict(json.loads(doc.body))


def _write(s: Session, ctx: Ctx, acc_uuid: str, kind: str, data: dict[str, Any]) -> str:
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    doc = s.scalar(select(ReportDoc).where(ReportDoc.acceptance_uuid == acc_uuid, ReportDoc.kind == kind))
    if doc is None:
        doc = ReportDoc(acceptance_uuid=acc_uuid, kind=kind)
        s.add(doc)
    doc.body, doc.updated_at, doc.updated_by = body, _now(), ctx.actor
    return hashlib.sha256(body.encode()).hexdigest()


def get_opinion(ctx: Ctx, acc_ref: str) -> OpinionText:
    from qjsc_panel.reports.opinion import OpinionText

    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        data = _read(s, acc.uuid, "opinion")
    return OpinionText.from_dict(data) if data else OpinionText()


def get_performance(ctx: Ctx, acc_ref: str) -> PerformanceTable | None:
    from qjsc_panel.reports.performance import parse_table

    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        data = _read(s, acc.uuid, "performance")
    return parse_table(data) if data else None


def set_performance(ctx: Ctx, acc_ref: str, table: PerformanceTable, source: str = "typed") -> None:
    table.check()
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        if acc.status == "finalised":
            raise QjscError("acceptance.finalised")
        digest = _write(s, ctx, acc.uuid, "performance", table.model_dump(mode="json"))
        log(s, ctx, "performance.set", acc, source=source, sha256=digest)


def edit_opinion(
    ctx: Ctx, acc_ref: str, sections: dict[str, str] | None = None, organiser: str | None = None
) -> OpinionText:
    """Replace the given sections (an empty text restores the prefilled draft).

    Refused if a section states a result the scores and vetoes contradict.
    """
    from qjsc_panel.reports.opinion import OpinionText, check_section

    comp = compilation(ctx, acc_ref)
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        if acc.status == "finalised":
            raise QjscError("acceptance.finalised")
        data = _read(s, acc.uuid, "opinion")
        text = OpinionText.from_dict(data) if data else OpinionText()
        changed: dict[str, str] = {}
        for key, body in (sections or {}).items():
            body = body.strip()
            check_section(comp, key, body)
            if body:
                text.sections[key] = body
            else:
                text.sections.pop(key, None)
            changed[key] = hashlib.sha256(body.encode()).hexdigest()
        if organiser is not None:
            text.organiser = organiser.strip()
        digest = _write(s, ctx, acc.uuid, "opinion", text.to_dict())
        log(s, ctx, "opinion.edit", acc, sections=changed, organiser=organiser, sha256=digest)
    return text


def compilation(ctx: Ctx, acc_ref: str, lang: str | None = None) -> Compilation:
    """Everything the dashboard, the PDF and the workbook show, read in one transaction; the
    form's words in ``lang`` (the session's language unless given)."""
    from qjsc_panel.services.outputs import from_status
    from qjsc_panel.services.status import compute_status

    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        st = compute_status(ctx, s, acc)
        return from_status(st, lang or ctx.lang)
