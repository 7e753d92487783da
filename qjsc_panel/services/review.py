"""The chair's closing steps: outlier justifications, finalisation, and the result record."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from qjsc_panel.errors import QjscError
from qjsc_panel.services.common import get_acceptance, log, require_chair
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.result_record import RESULT_FORMAT as RESULT_FORMAT  # re-exported
from qjsc_panel.services.result_record import conclusion_text as conclusion_text  # re-exported
from qjsc_panel.services.result_record import result_record
from qjsc_panel.services.status import PanelStatus, compute_status
from qjsc_panel.store.models import Acceptance, ScoreSheet
from qjsc_panel.trust.signing import chair_signer, sign_head


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def justify_outlier(ctx: Ctx, acc_ref: str, member_ref: str, note: str) -> None:
    """Record why a flagged total stands (the alternative is a re-score: a correction)."""
    if not note.strip():
        raise QjscError("outlier.reason_required")
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        if acc.status == "finalised":
            raise QjscError("acceptance.finalised")
        require_chair(ctx, acc)
        signer = chair_signer(ctx, acc)
        st = compute_status(ctx, s, acc)
        member = next(
            (m for m in st.members if str(m.id) == str(member_ref).strip() or m.name == str(member_ref).strip()), None
        )
        if member is None:
            raise QjscError("panel.member_not_found", member=member_ref)
        if str(member.id) not in st.outliers or member.counted is None:
            raise QjscError("outlier.not_flagged", name=member.name)
        sheet = s.get(ScoreSheet, member.counted.id)
        assert sheet is not None
        sheet.outlier_note = note.strip()
        log(
            s,
            ctx,
            "outlier.justify",
            acc,
            member=member.id,
            name=member.name,
            sheet=sheet.uuid,
            deviation=str(st.outliers[str(member.id)]),
            note=note.strip(),
        )
        if signer is not None:
            sign_head(s, signer, acc.uuid)


def finalise(ctx: Ctx, acc_ref: str) -> dict[str, Any]:
    """Lock the acceptance: refused while anything in :attr:`PanelStatus.blockers` remains."""
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        if acc.status == "finalised":
            raise QjscError("acceptance.finalised")
        chair = require_chair(ctx, acc)
        signer = chair_signer(ctx, acc)
        st = compute_status(ctx, s, acc)
        if st.blockers:
            first = st.blockers[0]
            if len(st.blockers) == 1:
                raise first
            raise QjscError(
                "finalise.blocked",
                count=len(st.blockers),
                reasons="\n".join("  - " + b.render(ctx.lang) for b in st.blockers),
            )
        # Built before the acceptance row changes: one UPDATE sets status and the frozen result
        # together (the freeze triggers refuse any later change to either).
        at = _now()
        record = frozen_record(s, st, at, chair.name)
        acc.status, acc.finalised_at, acc.finalised_by = "finalised", at, chair.name
        acc.result_json = json.dumps(record, ensure_ascii=False, sort_keys=True)
        acc.result, acc.grade, acc.composite = record["result"], record["grade"], record["composite"]
        log(
            s,
            ctx,
            "acceptance.finalise",
            acc,
            composite=record["composite"],
            result=record["result"],
            grade=record["grade"],
            vetoed_by=record["vetoed_by"],
            item_means=record["item_means"],
        )
        if signer is not None:  # the head is now the finalisation entry; the result is frozen
            sign_head(s, signer, acc.uuid, acc.result_json)
        return record


def frozen_record(s: Session, st: PanelStatus, at: datetime, by: str) -> dict[str, Any]:
    """What finalisation stores in ``result_json``: the result record (in Chinese) with the
    finalisation stamp and the digests of the opinion text and performance table."""
    from qjsc_panel.trust.frozen import documents_digest

    record = result_record(st, "zh")
    record.update(status="finalised", finalised_at=at.isoformat(), finalised_by=by)
    record["documents"] = documents_digest(s, st.acceptance.uuid)
    return record


def result(ctx: Ctx, acc_ref: str) -> dict[str, Any]:
    """The frozen result of a finalised acceptance, or the live one (status "open")."""
    with ctx.db.session() as s:
        acc = get_acceptance(s, acc_ref)
        return _result(ctx, s, acc)


def _result(ctx: Ctx, s: Session, acc: Acceptance) -> dict[str, Any]:
    if acc.status == "finalised" and acc.result_json:
        compute_status(ctx, s, acc)  # refuses when the rows no longer give the frozen result
        record: dict[str, Any] = json.loads(acc.result_json)
        record["bureau_decision"] = acc.bureau_decision
        if ctx.lang != "zh":
            from qjsc_panel.domain.scoring import Grade, Outcome, Result

            outcome = Outcome(
                Result(record["result"]),
                Grade(record["grade"]) if record["grade"] else None,
                Decimal(record["composite"]),
                tuple(record["vetoed_by"]),
            )
            record["conclusion"] = conclusion_text(outcome, ctx.lang)
        return record
    return result_record(compute_status(ctx, s, acc), ctx.lang)
