"""The acceptance's result as plain JSON data (frozen at finalisation, checked on every read).

Without SQLAlchemy, so the light read path (:mod:`qjsc_panel.services.outputs_light`) runs the
same record and the same frozen-result check (:mod:`qjsc_panel.trust.frozen`) as the full path.
"""

from __future__ import annotations

from typing import Any

from qjsc_panel.domain.eligibility import final_materials_due
from qjsc_panel.domain.formats import composite_text, mean_text, percent_text, score_text
from qjsc_panel.services.panel_state import PanelStatus, SheetRow

RESULT_FORMAT = 1


def result_record(st: PanelStatus, lang: str = "zh") -> dict[str, Any]:
    """The acceptance's result as plain JSON data: the one source for every output."""
    acc, form, agg, outcome = st.acceptance, st.form, st.aggregate, st.outcome
    by_id = {str(m.id): m for m in st.members}
    record: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "acceptance": acc.uuid,
        "status": acc.status,
        "enterprise": {
            "name": acc.enterprise.name,
            "credit_code": acc.enterprise.credit_code,
            "district": acc.enterprise.district,
        },
        "consultancy": acc.consultancy.name if acc.consultancy else None,
        "visit_date": acc.visit_date.isoformat(),
        "place": acc.place,
        "first_application": acc.first_application,
        "final_materials_due": final_materials_due(acc.visit_date).isoformat(),
        "form": {
            "id": form.id,
            "version": form.version,
            "hash": form.content_hash,
            "total": score_text(form.total),
            "pass": score_text(form.thresholds.pass_),
            "excellent": score_text(form.thresholds.excellent),
        },
        "method": agg.method.value if agg else acc.method,
        "outlier_share": str(acc.outlier_share),
        "quorum": {"counted": st.quorum.counted, "needed": st.quorum.needed, "reached": st.quorum.reached},
        "members": [
            {
                "id": m.id,
                "name": m.name,
                "role": m.role,
                "chair": m.is_chair,
                "employer": m.employer,
                "title": m.title,
                "qualified": m.qualified,
                "recused": m.recused,
                "recusal_reason": m.recusal_reason,
                "fingerprint": m.fingerprint,
                "sheet": None
                if m.counted is None
                else {
                    "uuid": m.counted.uuid,
                    "version": m.counted.version,
                    "source": m.counted.source,
                    "signed": m.counted.signed,
                    "total": score_text(m.counted.total),
                    "outlier_note": m.counted.outlier_note,
                    "scores": {k: score_text(v) for k, v in m.counted.scores.items()},
                },
            }
            for m in st.members
        ],
        "vetoes": [
            {
                "id": v.id,
                "item": v.item,
                "proposer": v.proposer,
                "evidence": v.evidence,
                "status": v.status,
                "reason": v.reason,
            }
            for v in st.vetoes
        ],
        "outliers": [
            {"member": by_id[k].name, "deviation": percent_text(d), "note": _note(by_id[k].counted)}
            for k, d in st.outliers.items()
        ],
        "item_means": {k: mean_text(v) for k, v in agg.item_means.items()} if agg else {},
        "retained": [by_id[k].name for k in agg.retained] if agg else [],
        "dropped": [by_id[k].name for k in agg.dropped] if agg else [],
        "mean_total": mean_text(agg.mean_total) if agg else None,
        "composite": composite_text(outcome.composite) if outcome else None,
        "result": outcome.result.value if outcome else None,
        "grade": outcome.grade.value if outcome and outcome.grade else None,
        "vetoed_by": list(outcome.vetoed_by) if outcome else [],
        "conclusion": conclusion_text(outcome, lang) if outcome else None,
        "blockers": [b.render(lang) for b in st.blockers],
        "finalised_at": acc.finalised_at.isoformat() if acc.finalised_at else None,
        "finalised_by": acc.finalised_by or None,
        "bureau_decision": acc.bureau_decision,
    }
    return record


def _note(sheet: SheetRow | None) -> str:
    return sheet.outlier_note if sheet is not None else ""


def conclusion_text(outcome: Any, lang: str = "zh") -> str:
    from qjsc_panel.messages import render

    if outcome.vetoed_by:
        return render("result.vetoed", lang, composite=outcome.composite, items="、".join(outcome.vetoed_by))
    if outcome.result.value == "pass":
        return render(f"result.pass_{outcome.grade.value}", lang, composite=outcome.composite)
    return render("result.fail", lang, composite=outcome.composite)
