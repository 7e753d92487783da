"""The frozen result of a finalised acceptance, checked against the rows on every read.

Finalisation stores the result record (``acceptance.result_json``) and the database triggers
of migration 0004 refuse any later change.  Whoever drops those triggers and edits a row (a
sheet's ``excluded_reason``, a member's ``recused``, a score, the stored result itself) is
caught here: every output recomputes the record from the rows and refuses to render when it
differs from the frozen one.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from qjsc_panel.errors import QjscError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qjsc_panel.services.status import PanelStatus

# Recorded after finalisation by the bureau; not part of the frozen result.
LATER_FIELDS = ("bureau_decision",)


def documents_digest(s: Session, acc_uuid: str) -> dict[str, str]:
    """SHA-256 of each stored document body (opinion text, performance table)."""
    from sqlalchemy import select

    from qjsc_panel.store.models import ReportDoc

    rows = s.execute(select(ReportDoc.kind, ReportDoc.body).where(ReportDoc.acceptance_uuid == acc_uuid))
    return {kind: hashlib.sha256(body.encode("utf-8")).hexdigest() for kind, body in rows}


def result_sha256(result_json: str) -> str:
    """The digest the chair signs at finalisation (over the stored text, byte for byte)."""
    return hashlib.sha256(result_json.encode("utf-8")).hexdigest()


def differences(frozen: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """Top-level fields whose frozen and recomputed values differ (sorted)."""
    keys = (set(frozen) | set(live)) - set(LATER_FIELDS)
    return sorted(k for k in keys if frozen.get(k) != live.get(k))


def check_frozen(s: Session, st: PanelStatus) -> None:
    """Refuse (``trust.frozen_mismatch``) when a finalised acceptance's rows no longer give the
    result frozen at finalisation."""
    from qjsc_panel.services.review import result_record

    acc = st.acceptance
    if acc.status != "finalised":
        if acc.finalised_at is not None or acc.result_json is not None:  # set back to open
            raise QjscError("trust.frozen_mismatch", acceptance=acc.uuid[:8], fields="status")
        return
    try:
        frozen = json.loads(acc.result_json or "")
        if not isinstance(frozen, dict):
            raise ValueError("not an object")
    except ValueError:
        raise QjscError("trust.frozen_mismatch", acceptance=acc.uuid[:8], fields="result_json") from None
    live = result_record(st, "zh")
    live.update(
        status=acc.status,
        finalised_at=acc.finalised_at.isoformat() if acc.finalised_at else None,
        finalised_by=acc.finalised_by,
    )
    if "documents" in frozen:  # absent from results frozen before documents were digested
        live["documents"] = documents_digest(s, acc.uuid)
    # JSON round trip: the frozen record went through json.dumps (tuples became lists).
    live = json.loads(json.dumps(live, ensure_ascii=False, sort_keys=True))
    changed = differences(frozen, live)
    if changed:
        raise QjscError("trust.frozen_mismatch", acceptance=acc.uuid[:8], fields=", ".join(changed))
