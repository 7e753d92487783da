"""Lists the bureau publishes (验收计划名单, 公示名单) as XLSX and as PDF with the bundled faces.

The workbook names faces every Windows and WPS machine has (黑体 for the title and the head, 仿宋
for the rows), as the opinion's workbook does; the PDF embeds the bundled ones and refers to no
other font (reportlab's page preamble would otherwise name a non-embedded Helvetica)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def write_xlsx(path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from qjsc_panel.reports.fonts import SHEET_BODY, SHEET_HEAD

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    wb.properties.title = title
    wb.properties.creator = wb.properties.lastModifiedBy = "深圳市工业和信息化局"
    wb.properties.language = "zh-CN"
    ws.append([title])
    ws["A1"].font = Font(name=SHEET_HEAD, size=14)
    ws.append(list(headers))
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            cell.font = Font(name=SHEET_HEAD if cell.row == 2 else SHEET_BODY)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, h in enumerate(headers):
        width = max([len(str(h))] + [len(str(row[i] or "")) for row in rows]) * 2 + 2
        ws.column_dimensions[chr(ord("A") + i)].width = min(width, 50)
    wb.save(path)
    return path


def write_pdf(path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[object]], note: str = "") -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from qjsc_panel.reports.fonts import BODY, HEI, markup, register_reportlab

    register_reportlab()
    head = ParagraphStyle("h", fontName=HEI, fontSize=16, leading=22, alignment=1, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=BODY, fontSize=9, leading=12, wordWrap="CJK")
    bold = ParagraphStyle("b", parent=cell, fontName=HEI)
    data = [[Paragraph(markup(str(h), HEI), bold) for h in headers]]
    data += [[Paragraph(markup("" if v is None else str(v), BODY), cell) for v in row] for row in rows]
    table = Table(data, repeatRows=1, colWidths=_widths(headers, rows, landscape(A4)[0] - 30 * mm, 12 * mm))
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), BODY, 9),  # a cell's own font, else Helvetica is named
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="深圳市工业和信息化局",
        creator="qjsc-panel",
        lang="zh-CN",
        initialFontName=BODY,
    )
    story = [Paragraph(markup(title, HEI), head), Spacer(1, 6 * mm), table]
    if note:
        story += [Spacer(1, 4 * mm), Paragraph(markup(note, BODY), cell)]
    doc.build(story)
    return path


def _widths(headers: Sequence[str], rows: Sequence[Sequence[object]], total: float, least: float) -> list[float]:
    """Column widths in proportion to each column's longest text (a 序号 column stays narrow)."""

    def size(v: object) -> float:  # a Latin letter or digit: about 0.6 of a Chinese character's width
        return sum(1.25 if ch.isascii() else 2 for ch in ("" if v is None else str(v)))

    longest = [max([size(h)] + [size(r[i]) for r in rows]) for i, h in enumerate(headers)]
    spare = total - least * len(headers)
    weight = sum(longest) or 1
    return [least + spare * n / weight for n in longest]
