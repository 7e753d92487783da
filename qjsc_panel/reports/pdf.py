"""The opinion as a PDF laid out after GB/T 9704-2012: A4, margins 37/35/28/26 mm, title in
2号 (22 pt) bold, body in 3号 (16 pt) on a 28 pt line, page numbers "— n —".

Every style, table and chart names the bundled TTF, so pdffonts lists only embedded subsets
(a reportlab default would silently fall back to Helvetica, which is not embedded).
The last page carries empty signature boxes; :func:`add_signature_fields` turns them into
PDF signature fields that :mod:`qjsc_panel.reports.signing` fills, chair first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from qjsc_panel.reports.fonts import RL_BOLD, RL_REGULAR, register_reportlab
from qjsc_panel.reports.model import Compilation, fmt1, fmt2, fmt_score
from qjsc_panel.reports.opinion import (
    CONCLUSION_TITLE,
    GRADE_ZH,
    RESULT_ZH,
    OpinionText,
    cn_date,
    conclusion,
    opening,
    sections,
)
from qjsc_panel.reports.performance import PerformanceTable

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP, BOTTOM, LEFT, RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
BODY_PT, BODY_LEADING = 16, 28
TITLE_PT = 22
SMALL_PT = 10.5

ROLE_ZH = {"expert": "专家", "bureau": "市工信局", "district": "区工信部门"}
CONFLICT_ZH = {
    "employed_by_enterprise": "受雇于被验收企业",
    "consulted_for_enterprise": "为被验收企业提供过咨询",
    "employed_by_consultancy": "受雇于咨询服务机构",
    "consulted_for_consultancy": "为咨询服务机构提供过服务",
    "kinship": "亲属关系",
    "financial_interest": "经济利益关系",
    "other": "其他利益关系",
}


@dataclass(frozen=True)
class SignatureBox:
    """A signer's box on the signature page, in PDF points from the page's lower left."""

    field: str  # sig-chair | sig-m<member id>
    member_id: int
    name: str
    role_zh: str
    page: int  # 0-based
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    document_hash: str
    boxes: list[SignatureBox]
    pages: int


def signer_order(comp: Compilation, include_experts: bool = True) -> list[tuple[str, int, str, str]]:
    """(field, member id, name, role) in signing order: the chair first, then the experts."""
    chair = comp.chair
    out: list[tuple[str, int, str, str]] = []
    if chair:
        out.append(("sig-chair", chair.id, chair.name, "专家组组长"))
    if include_experts:
        for m in comp.experts:
            if m.recused or (chair and m.id == chair.id):
                continue
            out.append((f"sig-m{m.id}", m.id, m.name, "专家组成员"))
    return out


# Signature page grid: 3 columns, boxes 48 x 26 mm.
BOX_W, BOX_H, BOX_GAP = 48 * MM, 26 * MM, 6 * MM
GRID_TOP = PAGE_H - TOP - 30 * MM


PER_ROW = 3


def _per_page() -> int:
    return PER_ROW * int((GRID_TOP - BOTTOM) // (BOX_H + BOX_GAP + 6 * MM))


def _grid(n: int) -> list[tuple[int, tuple[float, float, float, float]]]:
    per_row, rows_per_page = PER_ROW, _per_page() // PER_ROW
    out = []
    for i in range(n):
        page, rest = divmod(i, per_row * rows_per_page)
        row, col = divmod(rest, per_row)
        x = LEFT + col * (BOX_W + BOX_GAP)
        y_top = GRID_TOP - row * (BOX_H + BOX_GAP + 6 * MM)
        out.append((page, (x, y_top - BOX_H, x + BOX_W, y_top)))
    return out


def render_pdf(  # noqa: C901, PLR0912  # split in progress
    comp: Compilation,
    text: OpinionText,
    perf: PerformanceTable | None,
    document_hash: str,
    include_experts: bool = True,
) -> RenderedPdf:
    register_reportlab()
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Flowable,
        Frame,
        KeepTogether,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": RL_REGULAR,
            "fontSize": BODY_PT,
            "leading": BODY_LEADING,
            "wordWrap": "CJK",
            "alignment": TA_JUSTIFY,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    title = style(
        "title", fontName=RL_BOLD, fontSize=TITLE_PT, leading=36, alignment=TA_CENTER, spaceAfter=BODY_LEADING
    )
    body = style("body", firstLineIndent=2 * BODY_PT)
    head = style("head", fontName=RL_BOLD)
    right = style("right", alignment=TA_RIGHT)
    att_label = style("att", fontName=RL_BOLD, alignment=TA_LEFT)
    att_title = style("atttitle", fontName=RL_BOLD, fontSize=18, leading=30, alignment=TA_CENTER, spaceAfter=12)
    note = style("note", fontSize=SMALL_PT, leading=16)
    note_more = style("notemore", fontSize=SMALL_PT, leading=16, leftIndent=3 * SMALL_PT)
    cell = style("cell", fontSize=SMALL_PT, leading=13.5, alignment=TA_LEFT)
    cell_c = style("cellc", fontSize=SMALL_PT, leading=13.5, alignment=TA_CENTER)
    small = style("small", fontSize=9, leading=11, alignment=TA_CENTER)
    small_l = style("smalll", fontSize=9, leading=11, alignment=TA_LEFT)

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def P(s: str, st: ParagraphStyle = body) -> Paragraph:
        return Paragraph(esc(s), st)

    grid_style = [
        ("FONTNAME", (0, 0), (-1, -1), RL_REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), SMALL_PT),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]

    story: list[Flowable] = []
    # -- the opinion -------------------------------------------------------------------
    story.append(P(f"{comp.enterprise_name}自愿性清洁生产审核验收意见", title))
    story.append(P(opening(comp, text)))
    for _key, heading, content in sections(comp, perf, text):
        story.append(P(heading, head))
        for para in [x for x in content.split("\n") if x.strip()]:
            story.append(P(para.strip()))
    story.append(P(CONCLUSION_TITLE, head))
    story.append(P(conclusion(comp)))
    chair = comp.chair
    sign_day = text.signed_on or comp.visit_date
    story.append(Spacer(1, BODY_LEADING))
    story.append(
        KeepTogether(
            [
                P(f"专家组组长（签字）：{chair.name if chair else ''}　　　　", right),
                P(f"{cn_date(sign_day)}　　　　", right),
            ]
        )
    )
    story.append(Spacer(1, BODY_LEADING / 2))
    names = ["专家签到表", "回避记录", "否决项核查表", "专家评分表", "各评分项平均得分率图"]
    for i, name in enumerate(names, start=1):
        story.append(P(f"附件：{i}．{name}", note) if i == 1 else P(f"{i}．{name}", note_more))

    # -- 附件1 签到表 ------------------------------------------------------------------
    def attachment(n: int, name: str) -> None:
        story.append(P(f"附件{n}", att_label))
        story.append(P(name, att_title))

    story.append(PageBreak())
    attachment(1, "专家签到表")
    rows: list[list[Any]] = [
        [P(h, cell_c) for h in ("序号", "姓名", "工作单位", "职称／专业", "联系电话", "身份", "密钥指纹", "签名")]
    ]
    for i, m in enumerate(comp.members, start=1):
        role = ROLE_ZH.get(m.role, m.role) + ("（组长）" if m.is_chair else "")
        if m.recused:
            role += "（回避）"
        fp = m.key_fingerprint
        fp_text = f"{fp[0:4]} {fp[4:8]}<br/>{fp[8:12]} {fp[12:16]}" if fp else "—"
        title_spec = "／".join(x for x in (m.title, m.speciality) if x) or "—"
        rows.append(
            [
                P(str(i), cell_c),
                P(m.name, cell_c),
                P(m.employer or "—", cell),
                P(title_spec, cell),
                P(m.phone or "—", small),
                P(role, cell_c),
                Paragraph(fp_text, small),
                "",
            ]
        )
    widths = [m * MM for m in (9, 15, 29, 29, 25, 16, 19, 14)]
    t = Table(rows, colWidths=widths, repeatRows=1)
    # Room for a handwritten signature: rows grow with their text, never below ~12 mm.
    t.setStyle(TableStyle([*grid_style, ("TOPPADDING", (0, 1), (-1, -1), 9), ("BOTTOMPADDING", (0, 1), (-1, -1), 9)]))
    story.append(t)
    story.append(Spacer(1, 6))
    story.append(P("注：密钥指纹为各专家评分签名证书公钥的 SHA-256 前 16 位，用于核对电子评分表签名。", note))

    # -- 附件2 回避记录 ---------------------------------------------------------------
    story.append(PageBreak())
    attachment(2, "回避记录")
    recused = [m for m in comp.members if m.recused]
    if recused:
        rows = [[P(h, cell_c) for h in ("序号", "姓名", "身份", "申报的利益关系", "回避原因")]]
        for i, m in enumerate(recused, start=1):
            conflicts = "、".join(CONFLICT_ZH.get(c, c) for c in m.conflicts) or "—"
            rows.append(
                [
                    P(str(i), cell_c),
                    P(m.name, cell_c),
                    P(ROLE_ZH.get(m.role, m.role), cell_c),
                    P(conflicts, cell),
                    P(m.recusal_reason or "—", cell),
                ]
            )
        t = Table(rows, colWidths=[m * MM for m in (10, 20, 20, 46, 60)], repeatRows=1)
        t.setStyle(TableStyle(grid_style))
        story.append(t)
    else:
        story.append(P("本次验收无成员回避。"))
    story.append(Spacer(1, 10))
    declared = [m.name for m in comp.members if m.declared]
    undeclared = [m.name for m in comp.members if not m.declared]
    story.append(P(f"已签署利益冲突与保密声明的成员：{'、'.join(declared) or '无'}。", note))
    if undeclared:
        story.append(P(f"未签署声明的成员：{'、'.join(undeclared)}。", note))

    # -- 附件3 否决项核查表 ------------------------------------------------------------
    story.append(PageBreak())
    attachment(3, "否决项核查表")
    rows = [[P(h, cell_c) for h in ("序号", "直接判定不合格的情形", "依据", "核查结果", "提议与处理")]]
    for i, v in enumerate(comp.veto_items, start=1):
        props = [p for p in comp.vetoes if p.veto_item_id == v.id]
        found = any(p.status == "confirmed" for p in props)
        verdict = {"confirmed": "确认", "dismissed": "驳回"}
        handling = (
            "；".join(
                f"{p.proposer}提议：{p.evidence}。组长{verdict.get(p.status, '待处理')}"
                + (f"：{p.reason}" if p.reason else "")
                for p in props
            )
            or "无"
        )
        rows.append(
            [
                P(str(i), cell_c),
                P(v.text, cell),
                P(v.article or "—", cell_c),
                P("是" if found else "否", cell_c),
                P(handling, cell),
            ]
        )
    t = Table(rows, colWidths=[m * MM for m in (10, 56, 24, 16, 50)], repeatRows=1)
    t.setStyle(TableStyle(grid_style))
    story.append(t)
    story.append(Spacer(1, 6))
    story.append(P("注：任一情形核查结果为“是”，直接判定验收结果为不合格（第二十二条）。", note))

    # -- 附件4 评分表（横排）----------------------------------------------------------
    story.append(NextPageTemplate("landscape"))
    story.append(PageBreak())
    attachment(4, "专家评分表")
    counted = comp.counted_sheets
    shown = [s for s in comp.sheets if s.status == "submitted" and not s.excluded_reason]
    header = [P("编号", small), P("评分项", small), P("分值", small)]
    for s in shown:
        mark = "＊" if s.dropped else ""
        header.append(P(s.name + mark, small))
    header.append(P("平均分", small))
    rows = [header]
    cat_rows: list[int] = []
    last_cat = None
    for item in comp.items:
        if item.category != last_cat:
            cat_rows.append(len(rows))
            rows.append([P(item.category, small_l)] + [""] * (len(header) - 1))
            last_cat = item.category
        row: list[Any] = [P(item.id, small), P(item.text, small_l), fmt_score(item.max_points)]
        row += [fmt_score(s.scores.get(item.id)) for s in shown]
        row.append(fmt2(comp.item_means.get(item.id)))
        rows.append(row)
    total_row: list[Any] = [P("合计", small), "", fmt_score(comp.total_points)]
    total_row += [fmt_score(s.total) for s in shown]
    total_row.append(fmt1(comp.composite))
    rows.append(total_row)
    avail = (297 - 28 - 26) * MM
    fixed = (12 + 62 + 11 + 15) * MM
    each = (avail - fixed) / max(1, len(shown))
    t = Table(rows, colWidths=[12 * MM, 62 * MM, 11 * MM] + [each] * len(shown) + [15 * MM], repeatRows=1)
    ts = [
        *grid_style,
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("ALIGN", (2, 1), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)),
        ("FONTNAME", (0, len(rows) - 1), (-1, len(rows) - 1), RL_BOLD),
        ("BACKGROUND", (-1, 0), (-1, -1), colors.Color(0.93, 0.93, 0.93)),
    ]
    for r in cat_rows:
        ts += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.Color(0.96, 0.96, 0.96))]
    t.setStyle(TableStyle(ts))
    story.append(t)
    story.append(Spacer(1, 4))
    rule = (
        "计分规则：各评分项平均分取有效评分专家的算术平均值（保留两位小数显示），"
        f"综合得分 {fmt1(comp.composite)} 分为各项平均分之和四舍五入保留一位小数。"
    )
    if any(s.dropped for s in shown):
        rule += "带＊者为去掉的最高、最低总分，不计入平均。"
    if len(counted) != len(shown):
        rule += f"计入平均的评分表 {len(counted)} 份。"
    story.append(P(rule, note))

    # -- 附件5 图 --------------------------------------------------------------------
    story.append(CondPageBreak(120 * MM))
    story.append(P("附件5", att_label))
    story.append(P("各评分项平均得分率图", att_title))
    story.append(_chart(comp))

    # -- 签署页 ----------------------------------------------------------------------
    story.append(NextPageTemplate("portrait"))
    story.append(PageBreak())
    signers = signer_order(comp, include_experts)
    boxes_out: list[SignatureBox] = []
    per_page = _per_page()
    for start in range(0, max(1, len(signers)), per_page):
        if start:
            story.append(PageBreak())
        story.append(_signature_page(signers[start : start + per_page], boxes_out, first=not start))

    # -- page furniture --------------------------------------------------------------
    qr_text = f"qjsc-panel:{comp.acceptance_uuid}:{document_hash}"
    qr_state: list[bool] = []

    def furniture(canv: Any, doc: Any) -> None:
        w, _h = canv._pagesize
        canv.saveState()
        canv.setFont(RL_REGULAR, 14)
        canv.drawCentredString(w / 2, 22 * MM, f"— {doc.page} —")
        canv.setFont(RL_REGULAR, 7)
        canv.drawString(LEFT, 12 * MM, f"验收编号 {comp.acceptance_uuid}")
        canv.drawString(LEFT, 8.5 * MM, f"内容哈希 SHA-256 {document_hash}")
        # The QR code is encoded and drawn once, as a form XObject every page reuses.
        if not qr_state:
            canv.beginForm("qr", 0, 0, 18 * MM, 18 * MM)
            _draw_qr(canv, qr_text, 0, 0, 18 * MM)
            canv.endForm()
            qr_state.append(True)
        canv.saveState()
        canv.translate(w - RIGHT - 18 * MM, 5 * MM)
        canv.doForm("qr")
        canv.restoreState()
        canv.restoreState()

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=f"{comp.enterprise_name}自愿性清洁生产审核验收意见",
        author="qjsc-panel",
        subject=f"acceptance {comp.acceptance_uuid}; sha256 {document_hash}",
        creator="qjsc-panel",
        invariant=1,
        # Else the canvas opens every page with Helvetica (a font that is never embedded).
        initialFontName=RL_REGULAR,
        initialFontSize=BODY_PT,
    )
    lw, lh = landscape(A4)
    doc.addPageTemplates(
        [
            PageTemplate(
                "portrait",
                [
                    Frame(
                        LEFT,
                        BOTTOM,
                        PAGE_W - LEFT - RIGHT,
                        PAGE_H - TOP - BOTTOM,
                        id="p",
                        leftPadding=0,
                        rightPadding=0,
                        topPadding=0,
                        bottomPadding=0,
                    )
                ],
                onPage=furniture,
                pagesize=A4,
            ),
            PageTemplate(
                "landscape",
                [
                    Frame(
                        LEFT,
                        30 * MM,
                        lw - LEFT - RIGHT,
                        lh - 18 * MM - 30 * MM,
                        id="l",
                        leftPadding=0,
                        rightPadding=0,
                        topPadding=0,
                        bottomPadding=0,
                    )
                ],
                onPage=furniture,
                pagesize=landscape(A4),
            ),
        ]
    )
    doc.build(story)
    return RenderedPdf(buf.getvalue(), document_hash, boxes_out, doc.page)


def _draw_qr(canv: Any, text: str, x: float, y: float, size: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(text, barLevel="M")
    bx0, by0, bx1, by1 = widget.getBounds()
    d = Drawing(
        size,
        size,
        transform=[size / (bx1 - bx0), 0, 0, size / (by1 - by0), 0, 0],
        initialFontName=RL_REGULAR,
        initialFontSize=8,
    )  # else the renderer selects Helvetica
    d.add(widget)
    renderPDF.draw(d, canv, x, y)


def _chart(comp: Compilation) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    width, height = (297 - 28 - 26) * MM, 95 * MM
    d = Drawing(width, height, initialFontName=RL_REGULAR, initialFontSize=8)
    ids = [i.id for i in comp.items]
    rates = []
    for i in comp.items:
        mean = comp.item_means.get(i.id)
        rates.append(float(mean / i.max_points * 100) if mean is not None and i.max_points else 0.0)
    chart = VerticalBarChart()
    chart.x, chart.y = 18 * MM, 16 * MM
    chart.width, chart.height = width - 24 * MM, height - 28 * MM
    chart.data = [rates]
    chart.bars[0].fillColor = colors.Color(0.25, 0.4, 0.65)
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = RL_REGULAR
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.categoryAxis.categoryNames = ids
    chart.categoryAxis.labels.fontName = RL_REGULAR
    chart.categoryAxis.labels.fontSize = 7 if len(ids) > 20 else 8
    if len(ids) > 20:
        chart.categoryAxis.labels.angle = 90
        chart.categoryAxis.labels.boxAnchor = "e"
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = RL_REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 5
    d.add(chart)
    d.add(String(18 * MM, height - 6 * MM, "平均得分率（平均分 ÷ 分值）", fontName=RL_REGULAR, fontSize=9))
    legend = Legend()
    legend.fontName = RL_REGULAR
    legend.fontSize = 8
    legend.x, legend.y = width - 40 * MM, height - 4 * MM
    legend.colorNamePairs = [(chart.bars[0].fillColor, "各项平均得分率")]
    d.add(legend)
    d.add(String(width / 2, 2 * MM, "评分项编号", fontName=RL_REGULAR, fontSize=8, textAnchor="middle"))
    return d


def _signature_page(signers: list[tuple[str, int, str, str]], out: list[SignatureBox], first: bool) -> Any:
    """A page-filling flowable drawing up to one page of signature boxes and recording them."""
    from reportlab.platypus import Flowable

    class SignaturePage(Flowable):  # type: ignore[misc]
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return aw, ah

        def draw(self) -> None:
            canv = self.canv
            page0 = canv.getPageNumber() - 1
            canv.saveState()
            ox, oy = canv.absolutePosition(0, 0)
            canv.translate(-ox, -oy)  # draw in page coordinates, the ones the fields use
            canv.setFont(RL_BOLD, TITLE_PT)
            canv.drawCentredString(
                PAGE_W / 2, PAGE_H - TOP - 10 * MM, "专家组签署页" if first else "专家组签署页（续）"
            )
            canv.setFont(RL_REGULAR, 11)
            canv.drawCentredString(
                PAGE_W / 2, PAGE_H - TOP - 19 * MM, "本验收意见以电子签名（PAdES）签署：组长先签，专家依次签署。"
            )
            for (fld, mid, name, role), (_, (x0, y0, x1, y1)) in zip(signers, _grid(len(signers)), strict=True):
                canv.setFont(RL_REGULAR, 10)
                canv.drawString(x0, y1 + 2 * MM, f"{role}：{name}")
                canv.setStrokeGray(0.5)
                canv.setDash(2, 2)
                canv.rect(x0, y0, x1 - x0, y1 - y0)
                out.append(SignatureBox(fld, mid, name, role, page0, (x0, y0, x1, y1)))
            canv.restoreState()

    return SignaturePage()


def result_words(comp: Compilation) -> str:
    """ "合格（优秀）" / "不合格": the words the PDF and workbook print for the result."""
    if comp.result is None:
        return "未定"
    if comp.result == "pass":
        return f"合格（{GRADE_ZH.get(comp.grade or '', '')}）"
    return RESULT_ZH["fail"]


def add_signature_fields(data: bytes, boxes: list[SignatureBox]) -> bytes:
    """Add an empty signature field per box (an unsigned incremental update, before any signing)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    for b in boxes:
        x0, y0, x1, y1 = b.box
        append_signature_field(writer, SigFieldSpec(b.field, on_page=b.page, box=(int(x0), int(y0), int(x1), int(y1))))
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()
