"""Attachments 1 to 5 of the opinion: sign-in sheet, recusals, veto checks, the score table
and the chart.  Each starts on its own page; a table's note stays with its table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from qjsc_panel.domain.scoring import round_half_up
from qjsc_panel.reports import texts
from qjsc_panel.reports.fonts import BODY, HEI, LATIN, runs
from qjsc_panel.reports.model import Compilation, fmt1, fmt2, fmt_score
from qjsc_panel.reports.pdf_style import LAND_FRAME_W, MM, para, styles, table


def heading(n: int) -> list[Any]:
    st = styles()
    name = texts.ATTACHMENTS[n - 1]
    return [para(f"附件{n}", st.att_label, bookmark=(f"附件{n}　{name}", 0)), para(name, st.att_title)]


def with_note(flowables: list[Any], note: str, small: bool = False) -> Any:
    """Heading, table and note as one block: moved whole to a page, split only when longer."""
    from reportlab.platypus import KeepTogether, Spacer

    st = styles()
    return KeepTogether([*flowables, Spacer(1, 4), para(note, st.small_l if small else st.note)])


def role_text(m: Any) -> str:
    role: str = texts.ROLE_SHORT.get(m.role, m.role)
    if m.is_chair:
        role += "（组长）"
    if m.recused:
        role += "（回避）"
    if m.role != "expert":
        role += "（列席）"
    return role


def signin(comp: Compilation) -> list[Any]:
    st = styles()
    rows: list[list[Any]] = [[para(h, st.head_c) for h in texts.SIGNIN_HEAD]]
    for i, m in enumerate(comp.members, start=1):
        title_spec = "／".join(x for x in (m.title, m.speciality) if x) or "—"
        rows.append(
            [
                para(str(i), st.cell_c),
                para(m.name, st.cell_c),
                para(m.employer or "—", st.cell),
                para(title_spec, st.cell),
                para(m.phone or "—", st.cell_c),
                para(role_text(m), st.cell_c),
                "",
            ]
        )
    # Room for a handwritten signature: a 35 mm column, rows at least 12 mm.
    t = table(
        rows,
        [10, 14, 26, 22, 24, 24, 36],  # 工作单位 holds "大学（深圳）" on a line
        extra=[
            ("TOPPADDING", (0, 1), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 9),
            # an 11-digit phone number and "专家（组长）" each on one line
            ("LEFTPADDING", (4, 0), (5, -1), 2),
            ("RIGHTPADDING", (4, 0), (5, -1), 2),
        ],
    )
    return [with_note([*heading(1), t], texts.SIGNIN_NOTE)]


def recusals(comp: Compilation) -> list[Any]:
    from reportlab.platypus import Spacer

    st = styles()
    out = heading(2)
    recused = [m for m in comp.members if m.recused]
    if recused:
        rows: list[list[Any]] = [[para(h, st.head_c) for h in texts.RECUSAL_HEAD]]
        for i, m in enumerate(recused, start=1):
            conflicts = "、".join(texts.CONFLICT_ZH.get(c, c) for c in m.conflicts) or "—"
            rows.append(
                [
                    para(str(i), st.cell_c),
                    para(m.name, st.cell_c),
                    para(texts.ROLE_SHORT.get(m.role, m.role), st.cell_c),
                    para(conflicts, st.cell),
                    para(m.recusal_reason or "—", st.cell),
                ]
            )
        out.append(table(rows, [10, 20, 16, 50, 60]))
    else:
        out.append(para(texts.RECUSAL_NONE, st.body))
    experts = [m for m in comp.members if m.role == "expert"]
    declared = [m.name for m in experts if m.declared]
    undeclared = [m.name for m in experts if not m.declared]
    staff = [m.name for m in comp.members if m.role != "expert"]
    note = f"签署利益冲突与保密声明的专家：{'、'.join(declared) or '无'}。"
    if undeclared:
        note += f"未签署声明的专家：{'、'.join(undeclared)}。"
    if staff:
        note += f"列席的工作人员（不参与评分，无需申报）：{'、'.join(staff)}。"
    out += [Spacer(1, 4), para(note, st.note)]
    return out


def vetoes(comp: Compilation) -> list[Any]:
    st = styles()
    rows: list[list[Any]] = [[para(h, st.head_c) for h in texts.VETO_HEAD]]
    for i, v in enumerate(comp.veto_items, start=1):
        props = [p for p in comp.vetoes if p.veto_item_id == v.id]
        found = any(p.status == "confirmed" for p in props)
        handling = (
            "；".join(
                f"{p.proposer}提议：{p.evidence.rstrip('。')}。组长{texts.VETO_VERDICT.get(p.status, '待处理')}"
                + (f"：{p.reason}" if p.reason else "")
                for p in props
            )
            or "无"
        )
        rows.append(
            [
                para(str(i), st.cell_c),
                para(v.text, st.cell),
                para(v.article or "—", st.cell_c),
                para("是" if found else "否", st.cell_c),
                para(handling, st.cell),
            ]
        )
    # 依据 one line wide for "第二十二条（一）" (8 characters at 10.5 pt and the padding)
    return [with_note([*heading(3), table(rows, [10, 50, 32, 18, 46])], texts.VETO_NOTE)]


def short(name: str, limit: int = 12) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def scores(comp: Compilation) -> list[Any]:
    """The score table, landscape: one column per submitted sheet, the means, the composite."""
    from reportlab.lib import colors

    st = styles()
    shown = [s for s in comp.sheets if s.status == "submitted" and not s.excluded_reason]
    header = [para(h, st.small_head) for h in texts.SCORE_HEAD]
    header += [
        para(
            short(s.name) + ("＊" if s.dropped else "") + ("△" if s.outlier_deviation is not None else ""),
            st.small_head,
        )
        for s in shown
    ]
    header.append(para(texts.SCORE_MEAN, st.small_head))
    rows: list[list[Any]] = [header]
    cat_rows: list[int] = []
    last_cat = None
    for item in comp.items:
        if item.category != last_cat:
            cat_rows.append(len(rows))
            rows.append([para(item.category, st.small_l)] + [""] * (len(header) - 1))
            last_cat = item.category
        row: list[Any] = [item.id, para(item.text, st.small_l), fmt_score(item.max_points)]
        row += [fmt_score(s.scores.get(item.id)) for s in shown]
        row.append(fmt2(comp.item_means.get(item.id)))
        rows.append(row)
    total_row: list[Any] = [para(texts.SCORE_TOTAL, st.small_head), "", fmt_score(comp.total_points)]
    total_row += [fmt_score(s.total) for s in shown]
    total_row.append(fmt1(comp.composite))
    rows.append(total_row)
    fixed = 12 + 70 + 12 + 16
    each = (LAND_FRAME_W / MM - fixed) / max(1, len(shown))
    last = len(rows) - 1
    extra: list[tuple[Any, ...]] = [
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (2, 1), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("SPAN", (0, last), (1, last)),
        ("BACKGROUND", (-1, 0), (-1, -1), colors.Color(0.93, 0.93, 0.93)),
    ]
    for r in cat_rows:
        extra += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.Color(0.96, 0.96, 0.96))]
    t = table(rows, [12, 70, 12, *([each] * len(shown)), 16], extra=extra)
    return [with_note([*heading(4), t], score_rule(comp, shown), small=True)]


def score_rule(comp: Compilation, shown: list[Any]) -> str:
    rule = (
        "计分规则：各评分项平均分取有效评分专家的算术平均值（显示两位小数），"
        f"综合得分{fmt1(comp.composite)}分为各项平均分之和四舍五入保留一位小数。"
    )
    if any(s.dropped for s in shown):
        rule += "带＊者为去掉的最高、最低总分，不计入平均。"
    outliers = [s for s in shown if s.outlier_deviation is not None]
    if outliers:
        rule += "带△者总分偏离全体平均超过提示界限，组长说明见验收结论。"
    if len(comp.counted_sheets) != len(shown):
        rule += f"计入平均的评分表{len(comp.counted_sheets)}份。"
    return rule


def rate_label(mean: Decimal | None, max_points: Decimal) -> tuple[float, str]:
    """(bar length, label) of an item's mean score rate: the label rounds half up (82.5 → 83)."""
    if mean is None or not max_points:
        return 0.0, "—"
    rate = mean / max_points * 100
    return float(rate), str(round_half_up(rate, Decimal(1)))


def chart(comp: Compilation) -> list[Any]:
    """Horizontal bars, one per item, labelled "编号 名称" so that a reader needs no lookup."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether

    from qjsc_panel.reports.pdf_style import fit

    items = list(reversed(comp.items))  # the first item at the top
    width = LAND_FRAME_W
    label_w = 80 * MM
    bar_h = min(7 * MM, 100 * MM / max(1, len(items)))
    height = bar_h * len(items) + 22 * MM
    d = Drawing(width, height, initialFontName=BODY, initialFontSize=9)
    pairs = [rate_label(comp.item_means.get(i.id), i.max_points) for i in items]
    c = HorizontalBarChart()
    c.x, c.y = label_w, 12 * MM
    c.width, c.height = width - label_w - 12 * MM, bar_h * len(items)
    c.data = [[v for v, _ in pairs]]
    c.bars[0].fillColor = colors.Color(0.25, 0.4, 0.65)
    c.bars[0].strokeColor = None
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 100, 20
    c.valueAxis.labels.fontName = LATIN
    c.valueAxis.labels.fontSize = 9
    c.valueAxis.labelTextFormat = "%d%%"
    c.valueAxis.visibleGrid = True
    c.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    c.categoryAxis.categoryNames = [""] * len(items)
    c.categoryAxis.labels.fontName = BODY  # unused labels, but else Helvetica is referenced
    c.barLabelFormat = "values"
    c.barLabelArray = [[label for _, label in pairs]]
    c.barLabels.fontName = LATIN
    c.barLabels.fontSize = 8
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    d.add(c)
    size = 9 if bar_h >= 4 * MM else 7
    for k, item in enumerate(items):
        y = c.y + bar_h * (k + 0.5) - size / 3
        x = label_w - 3
        label = fit(f"{item.id} {item.text}", BODY, size, label_w - 6)
        for font, run in reversed(runs(label, BODY)):
            from reportlab.pdfbase.pdfmetrics import stringWidth

            d.add(String(x, y, run, fontName=font, fontSize=size, textAnchor="end"))
            x -= stringWidth(run, font, size)
    d.add(String(label_w, height - 6 * MM, texts.CHART_TITLE, fontName=HEI, fontSize=10))
    d.add(String(c.x + c.width / 2, 3 * MM, "平均得分率（%）", fontName=BODY, fontSize=9, textAnchor="middle"))
    return [KeepTogether([*heading(5), d])]
