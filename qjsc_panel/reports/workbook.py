"""The Excel workbook for the bureau: 验收意见, 评分汇总, 专家签到表, 回避记录, 否决项核查, 绩效表.

Numbers are stored as numbers (the means as exact two-decimal values with a number format),
merged cells get their borders on every cell of the range (Excel draws only what each cell
carries), headers are frozen and repeated on print, pages are A4 fit to width with a print
area.  Cells name fonts every Windows and WPS machine has (仿宋, 黑体, 宋体); row heights are
computed from the text, since Excel and LibreOffice do not grow rows that openpyxl wrote.
Data sheets are protected (no password: against slips, not against intent).
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Any

from qjsc_panel.domain.scoring import round_half_up
from qjsc_panel.reports.fonts import SHEET_BODY as BODY_FONT
from qjsc_panel.reports.fonts import SHEET_HEAD as HEAD_FONT
from qjsc_panel.reports.fonts import SHEET_TITLE as TITLE_FONT
from qjsc_panel.reports.model import TWO, Compilation, fmt1
from qjsc_panel.reports.opinion import CONCLUSION_TITLE, OpinionText, conclusion, opening, sections
from qjsc_panel.reports.pdf import result_words
from qjsc_panel.reports.performance import COST_CLASSES, REDUCTIONS, SAVINGS, PerformanceTable
from qjsc_panel.reports.texts import CONFLICT_ZH
from qjsc_panel.reports.texts import ROLE_SHORT as ROLE_ZH


def _num(value: Decimal | None, places: Decimal | None = None) -> float | int | None:
    """A Decimal as the number Excel stores (a double); integers stay integers."""
    if value is None:
        return None
    if places is not None:
        value = round_half_up(value, places)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _width(text: str) -> float:
    """Display width in Excel character units: a Chinese character counts about two."""
    return sum(2.1 if ord(ch) > 0x2E7F else 1.1 for ch in text)


LINE_PT = 15  # one line of 11 pt text, with leading


def lines_in(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` characters wide (Chinese counts two)."""
    usable = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(_width(part) / usable)) for part in (text.split("\n") or [""]))


def row_height(cells: list[tuple[str, float]]) -> float:
    """Points for a row whose cells hold (text, column width): the tallest cell, plus padding."""
    return max(18.0, max(lines_in(t, w) for t, w in cells) * LINE_PT + 3)


def fit_row(ws: Any, row: int, ncols: int) -> None:
    from openpyxl.utils import get_column_letter

    cells = []
    for c in range(1, ncols + 1):
        value = ws.cell(row=row, column=c).value
        width = ws.column_dimensions[get_column_letter(c)].width or 8.43
        cells.append(("" if value is None else str(value), width))
    ws.row_dimensions[row].height = row_height(cells)


def write_workbook(
    comp: Compilation, text: OpinionText, perf: PerformanceTable | None, path: Path, document_hash: str = ""
) -> Path:
    book = _Book()
    _opinion_sheet(book, comp, text, perf)
    _scores_sheet(book, comp)
    _signin_sheet(book, comp)
    _recusal_sheet(book, comp)
    _veto_sheet(book, comp)
    _performance_sheet(book, perf)
    return _save(book, comp, path)


class _Book:
    """The workbook being written, with its styles and the helpers every sheet uses."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.f_body = Font(name=BODY_FONT, size=11)
        self.f_head = Font(name=HEAD_FONT, size=11)
        self.f_title = Font(name=TITLE_FONT, size=16, bold=True)
        self.grey = PatternFill("solid", fgColor="EDEDED")
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wb = Workbook()
        # The default font (font 0 and the Normal style) sets the column-width unit, the width
        # of its "0". openpyxl's Calibri is missing where LibreOffice runs on Linux, whose
        # stand-in is wider, so text took fewer columns than the row heights assumed; 仿宋's
        # half-width "0" is the same wherever the workbook is opened.
        from openpyxl.utils.indexed_list import IndexedList

        self.wb._fonts = IndexedList([self.f_body])
        self.wb._named_styles["Normal"].font = Font(name=BODY_FONT, size=11)

    def sheet(self, title: str, first: bool = False) -> Any:
        ws = self.wb.active if first else self.wb.create_sheet()
        ws.title = title
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.oddFooter.center.font = BODY_FONT
        return ws

    def title_row(self, ws: Any, text_: str, ncols: int) -> None:
        ws.cell(row=1, column=1, value=text_).font = self.f_title
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.cell(row=1, column=1).alignment = self.center
        ws.row_dimensions[1].height = 30

    def table(
        self, ws: Any, start: int, header: list[str], rows: list[list[Any]], widths: list[float] | None = None
    ) -> int:
        f_head, f_body, box, center, wrap, grey = self.f_head, self.f_body, self.box, self.center, self.wrap, self.grey
        for c, h in enumerate(header, start=1):
            cell = ws.cell(row=start, column=c, value=h)
            cell.font, cell.border, cell.alignment, cell.fill = f_head, box, center, grey
        for r, row in enumerate(rows, start=start + 1):
            for c, v in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=v)
                cell.font, cell.border = f_body, box
                cell.alignment = center if isinstance(v, (int, float)) else wrap
        _set_widths(ws, header, rows, widths)
        for r in range(start, start + len(rows) + 1):
            fit_row(ws, r, len(header))
        ws.freeze_panes = ws.cell(row=start + 1, column=1)
        ws.print_title_rows = f"{start}:{start}"
        return start + len(rows)


def _set_widths(ws: Any, header: list[str], rows: list[list[Any]], widths: list[float] | None) -> None:
    """Widths that fit Chinese: from the longest entry, capped so text wraps instead."""
    from openpyxl.utils import get_column_letter

    for c in range(1, len(header) + 1):
        if widths and c <= len(widths):
            w = widths[c - 1]
        else:
            entries = [str(header[c - 1])] + [str(r[c - 1]) for r in rows if c - 1 < len(r) and r[c - 1] is not None]
            w = min(40.0, max(6.0, max(_width(e) for e in entries) + 1))
        ws.column_dimensions[get_column_letter(c)].width = w


def _opinion_sheet(book: _Book, comp: Compilation, text: OpinionText, perf: PerformanceTable | None) -> None:
    # -- 验收意见 ------------------------------------------------------------------
    from openpyxl.styles import Alignment

    from qjsc_panel.reports import marks
    from qjsc_panel.reports.opinion import form_name

    sheet, title_row = book.sheet, book.title_row
    f_body, f_head, box, center, grey = book.f_body, book.f_head, book.box, book.center, book.grey
    ws = sheet("验收意见", first=True)
    title_row(ws, f"{comp.enterprise_name}自愿性清洁生产审核验收意见", 4)
    facts: list[tuple[str, Any]] = [
        ("企业名称", comp.enterprise_name),
        ("统一社会信用代码", comp.credit_code),
        ("所在区", comp.district),
        ("验收日期", comp.visit_date),
        ("咨询服务机构", comp.consultancy or "企业自行组织"),
        ("评分表", f"《{form_name(comp)}》"),
        ("有效评分专家", comp.quorum_counted),
        ("综合得分", _num(comp.composite)),
        ("验收结论", result_words(comp)),
        ("否决情形", "；".join(v.veto_text for v in comp.confirmed_vetoes) or "无"),
        ("组长", comp.chair.name if comp.chair else ""),
        ("验收编号", marks.number(comp)),
        ("结果摘要（验收结果.json 的 SHA-256）", marks.result_digest(comp)),
    ]
    r = 3
    for label, value in facts:
        a = ws.cell(row=r, column=1, value=label)
        a.font, a.border, a.alignment, a.fill = f_head, box, center, grey
        b = ws.cell(row=r, column=2, value=value)
        b.font, b.alignment = f_body, Alignment(horizontal="left", vertical="center", wrap_text=True)
        if label == "验收日期":
            b.number_format = "yyyy-mm-dd"
        if label == "综合得分":
            b.number_format = "0.0"
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
        for c in range(2, 5):
            ws.cell(row=r, column=c).border = box
        ws.row_dimensions[r].height = row_height([(label, 20), (str(value or ""), 74)])
        r += 1
    r += 1
    paras = [("", opening(comp, text))]
    paras += [(title, body) for _k, title, body in sections(comp, perf, text)]
    paras.append((CONCLUSION_TITLE, conclusion(comp)))
    for head, body in paras:
        if head:
            ws.cell(row=r, column=1, value=head).font = f_head
            r += 1
        c = ws.cell(row=r, column=1, value=body)
        c.font, c.alignment = f_body, Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        # Merged cells do not grow with their text: size the row from the text length.
        ws.row_dimensions[r].height = row_height([(body, 94)])
        r += 1
    for col, w in zip("ABCD", (20, 30, 22, 22), strict=True):
        ws.column_dimensions[col].width = w
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:D{r}"


def _scores_sheet(book: _Book, comp: Compilation) -> None:
    # -- 评分汇总 ------------------------------------------------------------------
    from openpyxl.utils import get_column_letter

    from qjsc_panel.reports.opinion import outlier_sentence

    sheet, title_row, table = book.sheet, book.title_row, book.table
    f_body, f_head, wrap = book.f_body, book.f_head, book.wrap
    ws = sheet("评分汇总")
    shown = [s for s in comp.sheets if s.status == "submitted" and not s.excluded_reason]
    header = [
        "编号",
        "评分项",
        "分值",
        *[s.name + ("＊" if s.dropped else "") for s in shown],
        "平均分",
        "最低",
        "最高",
        "极差",
    ]
    title_row(ws, "专家评分汇总表", len(header))
    rows: list[list[Any]] = []
    for item in comp.items:
        lo, hi, spread = comp.item_stats(item.id)
        rows.append(
            [
                item.id,
                item.text,
                _num(item.max_points),
                *[_num(s.scores.get(item.id)) for s in shown],
                _num(comp.item_means.get(item.id), TWO),
                _num(lo),
                _num(hi),
                _num(spread),
            ]
        )
    rows.append(
        ["合计", "", _num(comp.total_points), *[_num(s.total) for s in shown], _num(comp.composite), None, None, None]
    )
    end = table(ws, 3, header, rows, [7, 34, 7, *[9] * len(shown), 9, 7, 7, 7])
    mean_col = 4 + len(shown)
    for rr in range(4, end + 1):
        ws.cell(row=rr, column=mean_col).number_format = "0.00"
    ws.cell(row=end, column=mean_col).number_format = "0.0"
    for c in range(1, len(header) + 1):
        ws.cell(row=end, column=c).font = f_head
    ws.freeze_panes = "D4"
    note = ws.cell(
        row=end + 2,
        column=1,
        value=f"综合得分{fmt1(comp.composite)}分；结论：{result_words(comp)}。"
        "平均分为有效评分专家算术平均（显示两位小数），综合得分四舍五入保留一位小数。"
        + ("带＊者为去掉的最高、最低总分。" if any(s.dropped for s in shown) else "")
        + outlier_sentence(comp),
    )
    note.font, note.alignment = f_body, wrap
    ws.merge_cells(start_row=end + 2, start_column=1, end_row=end + 2, end_column=len(header))
    total_w = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, len(header) + 1))
    ws.row_dimensions[end + 2].height = row_height([(str(note.value), total_w)])
    ws.page_setup.orientation = "landscape"
    # The table and its note on one page (the note printed alone on the next): narrower top
    # and bottom margins, and one page tall (LibreOffice and Excel scale by a few per cent).
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.page_setup.fitToHeight = 1
    ws.print_area = f"A1:{get_column_letter(len(header))}{end + 2}"


def _signin_sheet(book: _Book, comp: Compilation) -> None:
    # -- 专家签到表 -----------------------------------------------------------------
    sheet, title_row, table = book.sheet, book.title_row, book.table
    ws = sheet("专家签到表")
    header = ["序号", "姓名", "工作单位", "职称", "专业", "联系电话", "身份", "签名"]
    title_row(ws, "专家签到表", len(header))
    rows = []
    for i, m in enumerate(comp.members, start=1):
        role = ROLE_ZH.get(m.role, m.role) + ("（组长）" if m.is_chair else "") + ("（回避）" if m.recused else "")
        role += "" if m.role == "expert" else "（列席）"
        rows.append(
            [
                i,
                m.name,
                m.employer,
                m.title,
                m.speciality,
                m.phone,
                role,
                "",
            ]
        )
    # landscape, 130 units in all: 身份 holds "区工信部门（列席）" and 职称 "教授级高级工程师" whole
    end = table(ws, 3, header, rows, [6, 9, 25, 18, 15, 14, 21, 22])
    for rr in range(4, end + 1):  # room for a handwritten signature
        ws.row_dimensions[rr].height = max(ws.row_dimensions[rr].height or 0, 36)
    ws.page_setup.orientation = "landscape"
    ws.print_area = f"A1:H{end}"


def _recusal_sheet(book: _Book, comp: Compilation) -> None:
    # -- 回避记录 -----------------------------------------------------------------
    sheet, title_row, table = book.sheet, book.title_row, book.table
    ws = sheet("回避记录")
    header = ["序号", "姓名", "身份", "申报的利益关系", "说明", "回避原因"]
    title_row(ws, "回避记录", len(header))
    rows = [
        [
            i,
            m.name,
            ROLE_ZH.get(m.role, m.role),
            "、".join(CONFLICT_ZH.get(c, c) for c in m.conflicts),
            m.conflict_note,
            m.recusal_reason,
        ]
        for i, m in enumerate([m for m in comp.members if m.recused], start=1)
    ]
    if not rows:
        rows = [["", "本次验收无成员回避", "", "", "", ""]]
    # Landscape: portrait fitted these 118 units to the width at about 75 % (8 pt text).
    end = table(ws, 3, header, rows, [6, 10, 10, 30, 34, 40])
    ws.page_setup.orientation = "landscape"
    ws.print_area = f"A1:F{end}"


def _veto_sheet(book: _Book, comp: Compilation) -> None:
    # -- 否决项核查 ----------------------------------------------------------------
    sheet, title_row, table = book.sheet, book.title_row, book.table
    ws = sheet("否决项核查")
    header = ["序号", "直接判定不合格的情形", "依据", "核查结果", "提议与处理"]
    title_row(ws, "否决项核查表", len(header))
    rows = []
    for i, v in enumerate(comp.veto_items, start=1):
        props = [x for x in comp.vetoes if x.veto_item_id == v.id]
        found = any(x.status == "confirmed" for x in props)
        verdict = {"confirmed": "确认", "dismissed": "驳回"}
        handling = "；".join(
            f"{x.proposer}提议：{x.evidence.rstrip('。')}。组长{verdict.get(x.status, '待处理')}"
            + (f"：{x.reason}" if x.reason else "")
            for x in props
        )
        rows.append([i, v.text, v.article, "是" if found else "否", handling or "无"])
    # Landscape at full size; 依据 holds "第二十二条（一）" on one line.
    end = table(ws, 3, header, rows, [6, 44, 19, 10, 51])
    ws.page_setup.orientation = "landscape"
    ws.print_area = f"A1:E{end}"


def _performance_sheet(book: _Book, perf: PerformanceTable | None) -> None:
    # -- 绩效表 -------------------------------------------------------------------
    sheet, title_row, table = book.sheet, book.title_row, book.table
    ws = sheet("绩效表")
    title_row(ws, "清洁生产审核绩效表", 6)
    p = perf or PerformanceTable()
    r = 3
    header = ["指标", "单位", "审核前（基准）", "目标值", "实际完成", "是否完成"]
    rows = [
        [
            t.indicator,
            t.unit,
            _num(t.baseline),
            _num(t.target),
            _num(t.achieved),
            "" if t.met is None else ("是" if t.met else "否"),
        ]
        for t in p.targets
    ]
    # One set of widths for the three tables, given before each sizes its rows (94 units: A4
    # portrait at full size, like 验收意见).
    widths = [24.0, 11.0, 15.0, 13.0, 19.0, 12.0]
    r = table(ws, r, header, rows or [["（未填写）", "", None, None, None, ""]], widths) + 2
    first_header = 3
    header = ["方案类别", "提出（项）", "已实施（项）", "投资（万元）", "年经济效益（万元）", ""]
    rows = []
    for key, label, _ in COST_CLASSES:
        m = getattr(p, key)
        rows.append([label, m.proposed, m.implemented, _num(m.investment), _num(m.benefit), ""])
    rows.append(
        [
            "合计",
            p.low_cost.proposed + p.high_cost.proposed,
            p.low_cost.implemented + p.high_cost.implemented,
            _num(p.total_investment),
            _num(p.total_benefit),
            "",
        ]
    )
    r = table(ws, r, header, rows, widths) + 2
    header = ["节能降耗与减排（年）", "单位", "数量", "", "", ""]
    rows = [[label, unit, _num(p.savings.get(k)), "", "", ""] for k, label, _, unit in SAVINGS]
    rows += [[label, unit, _num(p.reductions.get(k)), "", "", ""] for k, label, _, unit in REDUCTIONS]
    rows.append(
        ["清洁生产水平（审核前 → 审核后）", "", f"{p.level_before or '—'} → {p.level_after or '—'}", "", "", ""]
    )
    end = table(ws, r, header, rows, widths)
    ws.freeze_panes = None
    ws.print_area = f"A1:F{end}"
    ws.print_title_rows = f"{first_header}:{first_header}"


def _save(book: _Book, comp: Compilation, path: Path) -> Path:
    from qjsc_panel.reports import marks

    wb = book.wb
    for ws in wb.worksheets:
        ws.protection.sheet = True  # against slips; the bundle's checksums guard against intent
    wb.properties.title = f"{comp.enterprise_name}自愿性清洁生产审核验收评分汇总表"
    wb.properties.creator = comp.chair.name if comp.chair else ""
    wb.properties.lastModifiedBy = wb.properties.creator
    wb.properties.subject = marks.number(comp)
    wb.properties.language = "zh-CN"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return path
