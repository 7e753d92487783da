"""Page geometry and paragraph styles of the opinion after GB/T 9704-2012 (made once per process).

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; title 2号 (22 pt) in the title
face; body 3号 (16 pt) 仿宋 on a 28 pt line; first-level headings 3号 黑体, second-level 3号 楷体,
both indented two characters; tables 5号 (10.5 pt).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from qjsc_panel.reports.fonts import BODY, HEI, KAI, LATIN, TITLE, markup, register_reportlab, runs

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP, BOTTOM, LEFT, RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
FRAME_W = PAGE_W - LEFT - RIGHT
LAND_W, LAND_H = PAGE_H, PAGE_W
LAND_FRAME_W = LAND_W - LEFT - RIGHT
LAND_TOP, LAND_BOTTOM = 16 * MM, 26 * MM
BODY_PT, BODY_LEADING = 16, 28
TITLE_PT = 22
CELL_PT = 10.5
PAGE_NO_PT = 14  # 4号


@dataclass(frozen=True)
class Styles:
    title: Any
    number: Any
    body: Any
    h1: Any
    h2: Any
    sign: Any
    att_list: Any
    att_list_more: Any
    att_label: Any
    att_title: Any
    caption: Any
    note: Any
    cell: Any
    cell_c: Any
    head_c: Any
    small: Any
    small_l: Any
    small_head: Any


@cache
def styles() -> Styles:
    register_reportlab()
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": BODY,
            "fontSize": BODY_PT,
            "leading": BODY_LEADING,
            "wordWrap": "CJK",
            "alignment": TA_JUSTIFY,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    indent = 2 * BODY_PT
    # In a cell a hung closing mark would touch the border: cells break before it instead.
    cell = {"fontSize": CELL_PT, "leading": 14, "alignment": TA_LEFT, "hangPunctuation": False}
    small = {"fontSize": 9, "leading": 11, "hangPunctuation": False}
    return Styles(
        title=style("title", fontName=TITLE, fontSize=TITLE_PT, leading=34, alignment=TA_CENTER),
        number=style("number", alignment=TA_CENTER, spaceBefore=6, spaceAfter=BODY_LEADING),
        # allowWidows=0: a paragraph split at a page foot carries at least 2 lines over
        body=style("body", firstLineIndent=indent, allowWidows=0),
        h1=style("h1", fontName=HEI, firstLineIndent=indent, keepWithNext=1),
        h2=style("h2", fontName=KAI, firstLineIndent=indent, keepWithNext=1),
        sign=style("sign", alignment=TA_RIGHT, rightIndent=4 * BODY_PT),
        att_list=style("attlist", leftIndent=indent + 3 * BODY_PT, firstLineIndent=-3 * BODY_PT, alignment=TA_LEFT),
        att_list_more=style("attmore", leftIndent=indent + 3 * BODY_PT, alignment=TA_LEFT),
        att_label=style("attlabel", fontName=HEI, alignment=TA_LEFT),
        att_title=style("atttitle", fontName=TITLE, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=12),
        caption=style("caption", fontName=HEI, fontSize=14, leading=22, alignment=TA_CENTER, spaceBefore=6),
        note=style("note", fontSize=12, leading=18, alignment=TA_LEFT),
        cell=style("cell", **cell),
        cell_c=style("cellc", **{**cell, "alignment": TA_CENTER}),
        head_c=style("headc", **{**cell, "alignment": TA_CENTER, "fontName": HEI}),
        small=style("small", **small, alignment=TA_CENTER),
        small_l=style("smalll", **small, alignment=TA_LEFT),
        small_head=style("smallhead", **small, fontName=HEI, alignment=TA_CENTER),
    )


def para(text: str, st: Any, bookmark: tuple[str, int] | None = None) -> Any:
    """A paragraph of plain ``text`` in style ``st`` (escaped, with per-run font fallback).

    ``bookmark``: (outline title, level) for the PDF's bookmarks."""
    from reportlab.platypus import Paragraph

    p = Paragraph(markup(text, st.fontName), st)
    if bookmark is not None:
        p._qjsc_bookmark = bookmark
    return p


def lines(text: str, st: Any) -> Any:
    """Several lines (one per ``\\n``) in one paragraph."""
    from reportlab.platypus import Paragraph

    return Paragraph("<br/>".join(markup(x, st.fontName) for x in text.split("\n")), st)


def grid_style(size: float = CELL_PT, pad: float = 3) -> list[tuple[Any, ...]]:
    from reportlab.lib import colors

    return [
        ("FONTNAME", (0, 0), (-1, -1), LATIN),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


def table(rows: list[list[Any]], widths_mm: list[float], extra: list[tuple[Any, ...]] | None = None, **kw: Any) -> Any:
    """A ruled table that repeats its head and may split inside a row (text of any length)."""
    from reportlab.platypus import Table, TableStyle

    t = Table(rows, colWidths=[w * MM for w in widths_mm], repeatRows=1, splitInRow=1, **kw)
    t.setStyle(TableStyle([*grid_style(), *(extra or [])]))
    return t


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with "…" so that one line of it fits ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def text_width(text: str, face: str, size: float) -> float:
    """Width of ``text`` as set in ``face`` with the per-run fallback (digits in the Latin face)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(sum(stringWidth(t, f, size) for f, t in runs(text, face)))


def signature_lines(name: str, day: str) -> list[Any]:
    """署名 and 成文日期 of a document without a seal (GB/T 9704-2012 §7.3.5.2): the name two
    characters in from the right, the date on the next line starting two characters right of
    the name's first character; a date longer than the name is set two characters in from the
    right instead, and the name moves left with it."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    st = styles().sign
    two = 2 * BODY_PT
    w_name, w_day = text_width(name, BODY, BODY_PT), text_width(day, BODY, BODY_PT)
    start = max(0.0, FRAME_W - two - w_name if w_day <= w_name else FRAME_W - 2 * two - w_day)
    name_st = ParagraphStyle("signname", parent=st, alignment=TA_LEFT, leftIndent=start, rightIndent=0)
    day_st = ParagraphStyle("signday", parent=name_st, leftIndent=min(start + two, FRAME_W - w_day))
    return [para(name, name_st), para(day, day_st)]


def draw_text(canv: Any, x: float, y: float, text: str, face: str, size: float, anchor: str = "left") -> None:
    """Canvas text in ``face`` with the same per-run fallback as paragraphs."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    parts = runs(text, face)
    width = sum(stringWidth(t, f, size) for f, t in parts)
    if anchor == "centre":
        x -= width / 2
    elif anchor == "right":
        x -= width
    for font, t in parts:
        canv.setFont(font, size)
        canv.drawString(x, y, t)
        x += stringWidth(t, font, size)


__all__ = ["KAI", "LATIN"]
