"""The opinion's own pages: title, number, opening, sections 一 to 七 (with the measures and
the target tables), the attachment list and the chair's signature line (GB/T 9704 order)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from qjsc_panel.reports import texts
from qjsc_panel.reports.marks import number
from qjsc_panel.reports.model import Compilation
from qjsc_panel.reports.opinion import CONCLUSION_TITLE, OpinionText, cn_date, conclusion, opening, sections
from qjsc_panel.reports.pdf_style import (
    BODY_LEADING,
    FRAME_W,
    TITLE_PT,
    lines,
    para,
    signature_lines,
    styles,
    table,
)
from qjsc_panel.reports.perf_terms import COST_CLASSES

if TYPE_CHECKING:  # the model (pydantic) is not needed to read a table
    from qjsc_panel.reports.performance import PerformanceTable

BEIJING = timedelta(hours=8)


def opinion_date(comp: Compilation, text: OpinionText) -> date:
    """The date the opinion bears: as typed, else the day it was finalised (Beijing time)."""
    if text.signed_on:
        return text.signed_on
    if comp.finalised_at:
        try:
            return (datetime.fromisoformat(comp.finalised_at) + BEIJING).date()
        except ValueError:
            pass
    return comp.visit_date


def title_text(comp: Compilation) -> str:
    """Break the title between the enterprise's name and the document's name when it needs two lines."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from qjsc_panel.reports.fonts import TITLE

    whole = comp.enterprise_name + texts.TITLE_SUFFIX
    if stringWidth(whole, TITLE, TITLE_PT) <= FRAME_W:
        return whole
    return comp.enterprise_name + "\n" + texts.TITLE_SUFFIX


def story(comp: Compilation, text: OpinionText, perf: PerformanceTable | None) -> list[Any]:
    from reportlab.platypus import Spacer

    from qjsc_panel.reports.keep import block

    st = styles()
    out: list[Any] = [
        lines(title_text(comp), st.title),
        para(f"{texts.NUMBER_LABEL}：{number(comp)}", st.number),
        para(opening(comp, text), st.body),
    ]
    captions = 0

    def captioned(name: str, tbl: Any) -> Any:
        # 表n and its title, in 黑体, kept with the table's head and first rows
        nonlocal captions
        captions += 1
        return block([para(f"{texts.TABLE_LABEL}{captions}　{name}", st.caption)], tbl)

    for key, heading, content in sections(comp, perf, text):
        paras = [para(p, st.body) for p in (x.strip() for x in content.split("\n")) if p]
        # The heading goes with the first 2 lines of its text, not with all of it.
        out.append(block([para(heading, st.h1, bookmark=(heading, 0))], paras[0]) if paras else para(heading, st.h1))
        out += paras[1:]
        if key == "measures" and perf is not None:
            out.append(captioned(texts.MEASURES_CAPTION, measures_table(perf)))
        if key == "performance" and perf is not None and perf.targets:
            out.append(captioned(texts.TARGETS_CAPTION, targets_table(perf)))
    # 附件说明 (before the signature, body size, indented), 署名 and 成文日期 stay with the last
    # 2 lines of the conclusion, so the signature never stands on a page without text; the
    # conclusion itself may begin on the page before.
    chair = comp.chair
    tail: list[Any] = [Spacer(1, BODY_LEADING)]
    tail.append(para(f"{texts.ATTACHMENT_LABEL}1．{texts.ATTACHMENTS[0]}", st.att_list))
    tail += [para(f"{i}．{name}", st.att_list_more) for i, name in enumerate(texts.ATTACHMENTS[1:], start=2)]
    tail += [
        Spacer(1, BODY_LEADING),
        *signature_lines(f"{texts.SIGN_CHAIR}：{chair.name if chair else ''}", cn_date(opinion_date(comp, text))),
    ]
    head = para(CONCLUSION_TITLE, st.h1, bookmark=(CONCLUSION_TITLE, 0))
    out.append(block([head], para(conclusion(comp), st.body), tail))
    return out


def _n(value: Any) -> str:
    from decimal import Decimal

    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return str(value)


def measures_table(perf: PerformanceTable) -> Any:
    st = styles()
    head = ["方案类别", "提出（项）", "已实施（项）", "投资（万元）", "年经济效益（万元）"]
    rows: list[list[Any]] = [[para(h, st.head_c) for h in head]]
    for key, label, _en in COST_CLASSES:
        m = getattr(perf, key)
        rows.append(
            [
                para(label, st.cell_c),
                *(para(_n(v), st.cell_c) for v in (m.proposed, m.implemented, m.investment, m.benefit)),
            ]
        )
    total = [
        perf.low_cost.proposed + perf.high_cost.proposed,
        perf.low_cost.implemented + perf.high_cost.implemented,
        perf.total_investment,
        perf.total_benefit,
    ]
    rows.append([para("合计", st.cell_c), *(para(_n(v), st.cell_c) for v in total)])
    return table(rows, [32, 26, 26, 30, 42], spaceAfter=10)  # "年经济效益（万元）" on one line, inside its cell


def targets_table(perf: PerformanceTable) -> Any:
    st = styles()
    head = ["序号", "指标", "单位", "审核前", "目标值", "实际值", "完成情况"]
    rows: list[list[Any]] = [[para(h, st.head_c) for h in head]]
    for i, t in enumerate(perf.targets, start=1):
        met = {True: "已完成", False: "未完成", None: "—"}[t.met]
        rows.append(
            [
                para(str(i), st.cell_c),
                para(t.indicator, st.cell),
                para(t.unit or "—", st.cell_c),
                para(_n(t.baseline), st.cell_c),
                para(_n(t.target), st.cell_c),
                para(_n(t.achieved), st.cell_c),
                para(met, st.cell_c),
            ]
        )
    return table(rows, [12, 46, 22, 19, 19, 19, 19], spaceAfter=10)
