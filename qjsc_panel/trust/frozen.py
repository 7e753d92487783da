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
from collections.abc import Callable
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
    pair = frozen_and_live(st, lambda: documents_digest(s, st.acceptance.uuid))
    if pair is None:
        return
    frozen, live = pair
    keys_at_finalisation(s, st, frozen, live)
    changed = differences(frozen, live)
    if changed:
        raise QjscError("trust.frozen_mismatch", acceptance=st.acceptance.uuid[:8], fields=", ".join(changed))


def frozen_and_live(
    st: PanelStatus, documents: Callable[[], dict[str, str]]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The frozen record and the one the rows give now (``documents``: the stored documents'
    digests), or None for an open acceptance; refused when the stamps disagree."""
    from qjsc_panel.services.result_record import result_record

    acc = st.acceptance
    if acc.status != "finalised":
        if acc.finalised_at is not None or acc.result_json is not None:  # set back to open
            raise QjscError("trust.frozen_mismatch", acceptance=acc.uuid[:8], fields="status")
        return None
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
        live["documents"] = documents()
    # JSON round trip: the frozen record went through json.dumps (tuples became lists).
    live = json.loads(json.dumps(live, ensure_ascii=False, sort_keys=True))
    return frozen, live


def keys_at_finalisation(s: Session, st: PanelStatus, frozen: dict[str, Any], live: dict[str, Any]) -> None:
    """Compare each member's key with the key valid at finalisation, not the expert's current one.

    The frozen record names the key each member held when the acceptance was finalised; an
    expert may change key later (``expert.key``), and that must not make an old acceptance
    refuse its outputs.  The frozen key is accepted when the frozen rows attest it: a counted
    sheet that was signed names its signer (then the key must be exactly that one); otherwise
    it is the expert's current key or a key the log recorded for the expert before the
    finalisation entry.  Where attested, the live record takes the frozen key, so only a key
    nothing attests shows up as a difference (``members``)."""
    frozen_members = {m.get("id"): m for m in frozen.get("members", []) if isinstance(m, dict)}
    experts = {m.id: m.expert_id for m in st.acceptance.members}
    logged: dict[int, set[str]] | None = None
    for m in live.get("members", []):
        old = frozen_members.get(m["id"])
        if old is None or old.get("fingerprint") == m["fingerprint"]:
            continue
        key = old.get("fingerprint")
        sheet = next((r.counted for r in st.members if r.id == m["id"]), None)
        if sheet is not None and sheet.signed:
            attested = sheet.fingerprint == key
        else:
            if logged is None:
                logged = _logged_keys(s, st.acceptance.uuid)
            attested = key in logged.get(experts.get(m["id"]) or -1, set())
        if attested:
            m["fingerprint"] = key


def _logged_keys(s: Session, acc_uuid: str) -> dict[int, set[str]]:
    """expert id → every key the log recorded for that expert up to this acceptance's finalisation."""
    from sqlalchemy import func, select

    from qjsc_panel.store.models import AuditEntry

    final = s.scalar(
        select(func.max(AuditEntry.seq)).where(
            AuditEntry.acceptance_uuid == acc_uuid, AuditEntry.action == "acceptance.finalise"
        )
    )
    out: dict[int, set[str]] = {}
    if final is None:
        return out
    rows = s.execute(
        select(AuditEntry.payload).where(
            AuditEntry.action.in_(("expert.key", "expert.certificate")), AuditEntry.seq <= final
        )
    )
    for (payload,) in rows:
        try:
            p = json.loads(payload) if isinstance(payload, str) else payload
            out.setdefault(int(p["id"]), set()).add(str(p["fingerprint"]))
        except (ValueError, KeyError, TypeError):
            continue
    return out
