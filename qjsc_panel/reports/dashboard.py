"""The chair's dashboard as data: a pure function of the :class:`Compilation`, shown by the Qt
widget (qjsc_panel/ui/chair) and by ``qjsc-panel dashboard`` alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qjsc_panel.reports.agreement import band, icc_2_1, kendalls_w
from qjsc_panel.reports.model import Compilation, fmt1, fmt2, fmt_percent, fmt_score
from qjsc_panel.reports.pdf import result_words


@dataclass
class Dashboard:
    members: list[dict[str, Any]]
    quorum: dict[str, Any]
    items: list[dict[str, Any]]  # one row per item: scores per expert, mean, min, max, spread
    experts: list[str]  # column order of the matrix
    totals: dict[str, str]
    outliers: list[dict[str, Any]]
    vetoes: list[dict[str, Any]]
    composite: str
    result: str
    agreement: dict[str, str | None]
    blockers: list[str] = field(default_factory=list)
    status: str = "open"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def build(comp: Compilation) -> Dashboard:
    by_member = {s.member_id: s for s in comp.sheets}
    members = []
    for m in comp.members:
        s = by_member.get(m.id)
        members.append(
            {
                "id": m.id,
                "name": m.name,
                "role": m.role,
                "chair": m.is_chair,
                "qualified": m.qualified,
                "declared": m.declared,
                "recused": m.recused,
                "recusal_reason": m.recusal_reason,
                "sheet": None
                if s is None
                else {
                    "status": s.status,
                    "version": s.version,
                    "source": s.source,
                    "signed": s.signed,
                    "fingerprint": s.signer_fingerprint[:16],
                    "package_sha256": s.package_sha256[:16],
                    "counted": s.counted,
                    "excluded": s.excluded_reason,
                    "total": fmt_score(s.total),
                },
            }
        )
    shown = [s for s in comp.sheets if s.status == "submitted" and not s.excluded_reason]
    items = []
    for it in comp.items:
        lo, hi, spread = comp.item_stats(it.id)
        items.append(
            {
                "id": it.id,
                "text": it.text,
                "max": fmt_score(it.max_points),
                "scores": [fmt_score(s.scores.get(it.id)) for s in shown],
                "mean": fmt2(comp.item_means.get(it.id)),
                "min": fmt_score(lo),
                "max_score": fmt_score(hi),
                "spread": fmt_score(spread),
            }
        )
    outliers = [
        {
            "name": s.name,
            "total": fmt_score(s.total),
            "deviation": fmt_percent(s.outlier_deviation),
            "note": s.outlier_note,
            "needs_action": not s.outlier_note,
        }
        for s in comp.sheets
        if s.outlier_deviation is not None
    ]
    counted = comp.counted_sheets
    matrix = [[float(s.scores[i.id] / i.max_points) for i in comp.items if i.id in s.scores] for s in counted]
    ok = matrix and all(len(r) == len(comp.items) for r in matrix)
    w = kendalls_w(matrix) if ok else None
    icc = icc_2_1(matrix) if ok else None
    return Dashboard(
        members=members,
        quorum={
            "counted": comp.quorum_counted,
            "needed": comp.quorum_needed,
            "reached": comp.quorum_counted >= comp.quorum_needed,
        },
        items=items,
        experts=[s.name for s in shown],
        totals={s.name: fmt_score(s.total) for s in shown},
        outliers=outliers,
        vetoes=[
            {
                "id": v.id,
                "item": v.veto_item_id,
                "text": v.veto_text,
                "proposer": v.proposer,
                "evidence": v.evidence,
                "status": v.status,
                "reason": v.reason,
            }
            for v in comp.vetoes
        ],
        composite=fmt1(comp.composite),
        result=result_words(comp),
        agreement={
            "kendalls_w": None if w is None else f"{w:.3f}",
            "icc_2_1": None if icc is None else f"{icc:.3f}",
            # How to read them (low/moderate/good/excellent), for the explanation beside them.
            "kendalls_w_band": band("kendalls_w", w),
            "icc_2_1_band": band("icc_2_1", icc),
        },
        blockers=list(comp.blockers),
        status=comp.status,
    )


def as_text(d: Dashboard) -> str:
    """The same data as plain text for the terminal."""
    lines = [
        f"状态 {d.status}；法定人数 {d.quorum['counted']}/{d.quorum['needed']}"
        f"{'（已达到）' if d.quorum['reached'] else '（未达到）'}；综合得分 {d.composite or '—'}；"
        f"结论 {d.result}"
    ]
    lines.append("成员：")
    lines += [_member_line(m) for m in d.members]
    lines += _score_table(d)
    for o in d.outliers:
        lines.append(
            f"异常评分：{o['name']} 总分 {o['total']}（{o['deviation']}）"
            + (f" 理由：{o['note']}" if o["note"] else " —— 需组长说明理由或要求重评")
        )
    for v in d.vetoes:
        lines.append(
            f"否决项提议 #{v['id']} {v['item']}（{v['proposer']}）：{v['status']}"
            + (f"，{v['reason']}" if v["reason"] else "")
        )
    a = d.agreement
    lines.append(f"评分一致性（仅供参考）：Kendall W = {a['kendalls_w'] or '—'}，ICC(2,1) = {a['icc_2_1'] or '—'}")
    for b in d.blockers:
        lines.append(f"待处理：{b}")
    return "\n".join(lines)


def _member_line(m: dict[str, Any]) -> str:
    flags = []
    if m["chair"]:
        flags.append("组长")
    if not m["qualified"]:
        flags.append("资格不符")
    if m["recused"]:
        flags.append(f"回避：{m['recusal_reason']}")
    return f"  {m['name']}（{m['role']}{'，' + '，'.join(flags) if flags else ''}）：{_sheet_text(m['sheet'])}"


def _sheet_text(s: dict[str, Any] | None) -> str:
    if not s:
        return "—"
    sig = "已签名" if s["signed"] else "未签名"
    text = f"{s['status']} v{s['version']} {s['source']} {sig} 总分 {s['total']}"
    return text + (f" 指纹 {s['fingerprint']}" if s["fingerprint"] else "")


def _score_table(d: Dashboard) -> list[str]:
    """Items by experts, tab-separated, with the mean, range and the totals row."""
    header = ["项", "分值", *d.experts, "平均", "最低", "最高", "极差"]
    lines = ["\t".join(header)]
    for it in d.items:
        lines.append(
            "\t".join([it["id"], it["max"], *it["scores"], it["mean"], it["min"], it["max_score"], it["spread"]])
        )
    lines.append("\t".join(["合计", "", *[d.totals[e] for e in d.experts], d.composite]))
    return lines
