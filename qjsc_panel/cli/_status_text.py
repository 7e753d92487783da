"""``status`` as JSON data and as a terminal table."""

from __future__ import annotations

from typing import Any

from qjsc_panel.domain.formats import composite_text, percent_text, score_text
from qjsc_panel.messages import render
from qjsc_panel.services.status import MemberRow, PanelStatus


def _state(m: MemberRow) -> str:
    if m.role != "expert":
        return "staff"
    if m.recused:
        return "recused"
    if not m.qualified:
        return "unqualified"
    if m.counted is not None:
        return "counted"
    if m.submitted is not None:
        return "submitted_not_counted"
    if m.latest is not None:
        return "scoring"
    return "declared" if m.declared else "not_declared"


def status_data(st: PanelStatus, lang: str) -> dict[str, Any]:
    return {
        "acceptance": st.acceptance.uuid,
        "enterprise": st.acceptance.enterprise.name,
        "status": st.acceptance.status,
        "quorum": {"counted": st.quorum.counted, "needed": st.quorum.needed, "reached": st.quorum.reached},
        "members": [
            {
                "id": m.id,
                "name": m.name,
                "role": m.role,
                "chair": m.is_chair,
                "qualified": m.qualified,
                "recused": m.recused,
                "reason": m.recusal_reason,
                "state": _state(m),
                "sheet": None
                if m.latest is None
                else {
                    "uuid": m.latest.uuid,
                    "version": m.latest.version,
                    "status": m.latest.status,
                    "source": m.latest.source,
                    "signed": m.latest.signed,
                },
                "total": score_text(m.counted.total) if m.counted else None,
                "outlier": percent_text(st.outliers[str(m.id)]) if str(m.id) in st.outliers else None,
            }
            for m in st.members
        ],
        "vetoes": [
            {
                "id": v.id,
                "item": v.item,
                "status": v.status,
                "proposer": v.proposer,
                "evidence": v.evidence,
                "reason": v.reason,
            }
            for v in st.vetoes
        ],
        "composite": composite_text(st.outcome.composite) if st.outcome else None,
        "result": st.outcome.result.value if st.outcome else None,
        "grade": st.outcome.grade.value if st.outcome and st.outcome.grade else None,
        "finalisable": st.finalisable,
        "blockers": [b.render(lang) for b in st.blockers],
    }


def status_text(st: PanelStatus, lang: str) -> str:
    data = status_data(st, lang)
    lines = [
        f"{data['enterprise']}  {data['acceptance']}  [{data['status']}]",
        render("status.quorum", lang, **data["quorum"]),
    ]
    for m in data["members"]:
        flag = f"  ⚑ {m['outlier']}" if m["outlier"] else ""
        chair = "*" if m["chair"] else " "
        total = m["total"] or ""
        lines.append(f" {chair}{m['id']:>3} {m['name']:<8} {render('state.' + m['state'], lang):<12} {total:>7}{flag}")
    for v in data["vetoes"]:
        lines.append(f"  {v['item']} ({v['status']}): {v['evidence']} {v['reason']}")
    if data["composite"] is not None:
        lines.append(
            render(
                "status.live", lang, composite=data["composite"], result=render("state.result_" + data["result"], lang)
            )
        )
    lines.extend("  ✗ " + b for b in data["blockers"])
    if data["finalisable"] and data["status"] == "open":
        lines.append(render("status.ready", lang))
    return "\n".join(lines)
