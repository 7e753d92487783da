"""Tests that look at the opinion as laid out (pdfplumber reads the PDF's own glyph positions):
margins, headings at a page foot, faces per role, and text of any length."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
from typing import Any

import pdfplumber
import pytest

from qjsc_panel.reports import marks, texts
from qjsc_panel.reports.fonts import NO_LINE_START
from qjsc_panel.reports.model import Compilation, content_hash
from qjsc_panel.reports.opinion import SECTIONS, OpinionText
from qjsc_panel.reports.pdf import RenderedPdf, render_pdf
from qjsc_panel.reports.pdf_style import BODY_LEADING, LAND_BOTTOM, LAND_TOP, LEFT, MM, RIGHT, TOP
from qjsc_panel.reports.performance import PerformanceTable
from tests.reports.sample import sample_compilation, sample_performance, sample_text

SLACK = 1.0  # points: glyph boxes may touch the type area's edge


def render(comp: Compilation, text: OpinionText | None = None, perf: PerformanceTable | None = None) -> RenderedPdf:
    return render_pdf(comp, text or sample_text(), perf or sample_performance(), content_hash("x"))


@pytest.fixture(scope="module")
def sample() -> tuple[Compilation, RenderedPdf]:
    comp = sample_compilation()
    return comp, render(comp)


def _pages(data: bytes) -> list[Any]:
    pdf = pdfplumber.open(io.BytesIO(data))
    return list(pdf.pages)


def _lines(page: Any) -> list[tuple[float, str, set[str]]]:
    """(top, text, font names) per text line of a page, top to bottom."""
    rows: dict[int, list[Any]] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["top"] / 3), []).append(ch)
    out = []
    for key in sorted(rows):
        chars = sorted(rows[key], key=lambda c: c["x0"])
        out.append((chars[0]["top"], "".join(c["text"] for c in chars), {c["fontname"].split("+")[-1] for c in chars}))
    return out


def test_no_text_outside_the_type_area(sample: tuple[Compilation, RenderedPdf]) -> None:
    for n, page in enumerate(_pages(sample[1].data), start=1):
        w, h = page.width, page.height
        top = (LAND_TOP if w > h else TOP) - SLACK
        for ch in page.chars:
            if ch["text"].strip() in ("", "—") or (ch["text"].isdigit() and ch["top"] > h - 36 * MM):
                continue  # the page number sits below the type area by design
            # Punctuation that may not start a line hangs in the margin (标点悬挂): its ink is in
            # the left half of its box, so only its start must lie inside.
            right = ch["x0"] if ch["text"] in NO_LINE_START else ch["x1"]
            assert ch["x0"] >= LEFT - SLACK and right <= w - RIGHT + SLACK, (n, ch["text"], ch["x0"], ch["x1"])
            assert ch["top"] >= top, (n, ch["text"], ch["top"])
            bottom = h - (LAND_BOTTOM if w > h else 35 * MM) + SLACK
            assert ch["bottom"] <= bottom, (n, ch["text"], ch["bottom"])


def test_no_heading_is_the_last_line_of_a_page(sample: tuple[Compilation, RenderedPdf]) -> None:
    headings = [t for _k, t in SECTIONS] + ["七、验收结论"]
    seen = set()
    for n, page in enumerate(_pages(sample[1].data), start=1):
        body = [ln for ln in _lines(page) if not ln[1].strip().startswith("—")]
        for _top, text, _fonts in body:
            for hd in headings:
                if text.strip() == hd:
                    seen.add(hd)
        if body:
            assert body[-1][1].strip() not in headings, (n, body[-1][1])
    assert seen == set(headings)


def test_every_role_is_set_in_its_face(sample: tuple[Compilation, RenderedPdf]) -> None:
    comp, rendered = sample
    pages = _pages(rendered.data)
    first = _lines(pages[0])
    title = next(ln for ln in first if comp.enterprise_name[:4] in ln[1])
    assert title[2] == {"QJSC-Title"}
    body = next(ln for ln in first if "组织召开" in ln[1] or "验收会" in ln[1])
    assert "QJSC-Fang" in body[2]
    h1 = [ln for p in pages[:4] for ln in _lines(p) if ln[1].strip() in {t for _k, t in SECTIONS}]
    assert h1 and all(ln[2] == {"QJSC-Hei"} for ln in h1)
    # Digits inside 仿宋 text are set in the Latin face (9 is not q, 0 is not O).
    digits = [c for p in pages[:3] for c in p.chars if c["text"].isdigit() and c["size"] == 16]
    assert digits and all(c["fontname"].endswith("QJSC-Latin") for c in digits)


def test_every_font_is_embedded(sample: tuple[Compilation, RenderedPdf]) -> None:
    pdf = pdfplumber.open(io.BytesIO(sample[1].data))
    names = set()
    for page in pdf.pages:
        raw: Any = page.page_obj.resources.get("Font") or {}
        fonts: Any = raw.resolve() if hasattr(raw, "resolve") else raw
        for ref in fonts.values():
            font = ref.resolve() if hasattr(ref, "resolve") else ref
            desc = font.get("FontDescriptor")
            desc = desc.resolve() if hasattr(desc, "resolve") else desc
            assert desc is not None and "FontFile2" in desc, font
            names.add(str(font.get("BaseFont")).split("+")[-1].strip("'/"))
    assert {"QJSC-Title", "QJSC-Fang", "QJSC-Hei", "QJSC-Latin"} <= names
    assert not any("Helvetica" in n or "Times" in n for n in names)


def test_metadata_and_bookmarks(sample: tuple[Compilation, RenderedPdf]) -> None:
    comp, rendered = sample
    pdf = pdfplumber.open(io.BytesIO(rendered.data))
    meta = pdf.metadata
    assert meta["Title"] == comp.enterprise_name + "自愿性清洁生产审核验收意见"
    assert meta["Author"] == comp.chair.name if comp.chair else False
    assert not str(meta["CreationDate"]).startswith("D:2000")
    outline = [title for _lvl, title, *_ in pdf.doc.get_outlines()]
    assert "一、企业概况" in outline and "七、验收结论" in outline
    assert any(t.startswith("附件5") for t in outline) and "专家组签署页" in outline
    assert b"/Lang (zh-CN)" in rendered.data


def test_the_printed_digest_is_recomputable(sample: tuple[Compilation, RenderedPdf]) -> None:
    comp, rendered = sample
    expected = marks.digest(marks.result_json(comp))
    assert marks.printed_digest(rendered.data) == expected
    text = "".join(p.extract_text() or "" for p in _pages(rendered.data)[-2:]).replace(" ", "").replace("\n", "")
    assert expected in text
    assert marks.number(comp) in text
    assert marks.parse_qr(marks.qr_payload(comp)) == {
        "number": marks.number(comp),
        "acceptance": comp.acceptance_uuid,
        "result_sha256": expected,
    }


def test_chart_labels_round_half_up() -> None:
    from decimal import Decimal

    from qjsc_panel.reports.pdf_attach import rate_label

    assert rate_label(Decimal("3.3"), Decimal(4))[1] == "83"  # 82.5 %
    assert rate_label(Decimal("2.9"), Decimal(4))[1] == "73"  # 72.5 %
    assert rate_label(None, Decimal(4))[1] == "—"


def test_long_veto_evidence_and_long_names_lay_out() -> None:
    """Issue 12: evidence of 800 characters or a name of 2,000 crashed the PDF (LayoutError)."""
    comp = sample_compilation()
    long_name = "欧阳" * 1000
    comp.members = [dataclasses.replace(comp.members[0], name=long_name), *comp.members[1:]]
    comp.vetoes = [dataclasses.replace(v, evidence="现场发现" * 200) for v in comp.vetoes] or comp.vetoes
    comp.enterprise_name = "深圳市" + "恒泰精密电路" * 60 + "有限公司"
    comp.sheets = [
        dataclasses.replace(s, name=long_name) if s.member_id == comp.members[0].id else s for s in comp.sheets
    ]
    text = sample_text()
    text.sections["issues"] = "A" * 3000 + "企业" * 500
    rendered = render(comp, text)
    pages = _pages(rendered.data)
    assert len(pages) > 11
    for page in pages:
        for ch in page.chars:
            if not ch["text"].strip():
                continue
            # Punctuation hangs into the margin, by at most one character's width.
            right = ch["x0"] - ch["size"] if ch["text"] in NO_LINE_START else ch["x1"]
            assert right <= page.width - RIGHT + SLACK, (ch["text"], ch["x1"])


def test_staff_attend_and_the_recusal_is_named(sample: tuple[Compilation, RenderedPdf]) -> None:
    comp, rendered = sample
    flat = "".join(p.extract_text() or "" for p in _pages(rendered.data)).replace(" ", "").replace("\n", "")
    recused = [m for m in comp.experts if m.recused]
    assert recused and all(f"{m.name}因" in flat for m in recused)
    assert f"验收专家组由{len(comp.experts)}名专家组成" in flat
    assert "列席" in flat and "未签署声明的成员" not in flat
    assert "（默认）" not in flat
    assert "PAdES" not in flat and "内容哈希" not in flat


MIN_LINES = 5  # a page (except the last) holding fewer lines than this is a near-empty page


def _page_lines(data: bytes) -> list[list[str]]:
    """The text lines of each page, without the page number."""
    return [
        [t.strip() for _top, t, _f in _lines(p) if t.strip() and not t.strip().startswith("—")] for p in _pages(data)
    ]


@pytest.mark.parametrize("n_experts", [5, 7, 9])
def test_no_near_empty_page_and_the_enrolment_stays_with_the_signatures(n_experts: int) -> None:
    comp = sample_compilation(n_experts=n_experts)
    pages = _page_lines(render(comp).data)
    headings = {t for _k, t in SECTIONS} | {"七、验收结论", texts.VERIFY_TITLE}
    for n, lines in enumerate(pages[:-1], start=1):
        assert len(lines) >= MIN_LINES, (n, lines)
        assert not all(ln in headings for ln in lines), (n, lines)
    # The enrolment table (its head holds 证书指纹) shares a page with its note and with the
    # signature boxes it explains; the last page opens with a heading or the rest of that
    # table under its repeated head, never with a table moved there whole.
    table_pages = [n for n, lines in enumerate(pages) if any("证书指纹" in ln for ln in lines)]
    assert table_pages, pages[-1]
    first = pages[table_pages[0]]
    assert any(ln.startswith("电子签名证书") for ln in first), first
    assert any(ln.startswith(texts.SIGN_CHAIR) for ln in first), first
    last = pages[-1]
    continued = "证书指纹" in last[0] and table_pages[0] == len(pages) - 2  # the head repeated
    assert last[0] in headings or continued or any(ln.startswith(texts.SIGN_CHAIR) for ln in last), last


OPENING = "（《“〔【"
CLOSING = "）》”〕】，。、；：！？"


def _text_lines(chars: list[Any], blanks: bool = False) -> list[list[Any]]:
    """Glyphs grouped into lines (a new line where the top jumps by more than half a size)."""
    out: list[list[Any]] = []
    for ch in sorted((c for c in chars if blanks or c["text"].strip()), key=lambda c: (c["top"], c["x0"])):
        if out and abs(ch["top"] - out[-1][0]["top"]) <= ch["size"] / 2:
            out[-1].append(ch)
        else:
            out.append([ch])
    return [sorted(line, key=lambda c: c["x0"]) for line in out]


def _cells(page: Any) -> list[tuple[float, float, float, float]]:
    return [c for t in page.find_tables() for c in t.cells if c is not None]


def _inside(ch: Any, cell: tuple[float, float, float, float]) -> bool:
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return bool(cell[0] < x < cell[2] and cell[1] < y < cell[3])


def _break_faults(lines: list[str]) -> list[str]:
    """Lines that end with an opening mark, start with a closing one, or split a short
    bracketed unit such as "（一）" or "（列席）"."""
    faults = [ln for ln in lines if ln[-1] in OPENING or ln[0] in CLOSING]
    for a, b in itertools.pairwise(lines):
        opened = a.rfind("（") > a.rfind("）")
        close = b.find("）")
        if opened and close >= 0 and len(a) - a.rfind("（") - 1 + close <= 5:
            faults.append(a + " / " + b)
    return faults


@pytest.mark.parametrize("which", ["sample", "long"])
def test_no_line_breaks_at_a_bracket_and_no_glyph_crosses_its_cell(which: str) -> None:
    comp = sample_compilation()
    if which == "long":  # units and brackets at every position of a narrow cell
        comp.members = [
            dataclasses.replace(m, employer="深圳市（南山）环境科学研究院（分院）" + "甲" * i)
            for i, m in enumerate(comp.members)
        ]
    faults: list[tuple[int, str]] = []
    for n, page in enumerate(_pages(render(comp).data), start=1):
        if texts.ATTACHMENTS[4] in (page.extract_text() or ""):
            continue  # the chart's grid is no table, its labels no lines of text
        cells = _cells(page)
        in_cells = set()
        for cell in cells:
            chars = [c for c in page.chars if _inside(c, cell)]
            in_cells |= {id(c) for c in chars}
            lines = ["".join(c["text"] for c in ln) for ln in _text_lines(chars)]
            faults += [(n, f) for f in _break_faults(lines)]
            faults += [(n, f"{c['text']} crosses x={cell[2]:.1f}") for c in chars if c["x1"] > cell[2] + 0.1]
        body = [c for c in page.chars if id(c) not in in_cells and not c["text"].strip().startswith("—")]
        lines = ["".join(c["text"] for c in ln) for ln in _text_lines(body)]
        faults += [(n, f) for f in _break_faults(lines)]
    assert not faults, faults


def _starts_paragraph(line: list[Any]) -> bool:
    """An indented line (a paragraph's first, or a heading) or a line in 黑体 (heading, caption)."""
    return bool(line[0]["x0"] > LEFT + 16 or line[0]["fontname"].endswith("QJSC-Hei"))


def _foot_faults(data: bytes) -> list[str]:
    """Opinion pages (before 附件1) that end early although what starts the next page could
    have begun there: a heading with 2 lines of its paragraph (all of it when it has 3 lines
    or fewer), a line of text, a caption with its table's head and 2 rows.  On the last
    page the conclusion's last 2 lines stay with the attachment list and the signature."""
    pages = _pages(data)
    end = next(n for n, p in enumerate(pages) if (p.extract_text() or "").startswith("附件1"))
    faults = []
    for n in range(end - 1):
        page, nxt = pages[n], pages[n + 1]
        frame_bottom = page.height - 35 * MM
        here = _text_lines([c for c in page.chars if c["bottom"] < frame_bottom + 1])
        there = _text_lines([c for c in nxt.chars if c["bottom"] < frame_bottom + 1])
        blank = frame_bottom - max(c["bottom"] for c in here[-1])
        first = "".join(c["text"] for c in there[0])
        heading = there[0][0]["fontname"].endswith("QJSC-Hei")
        k = 1 if heading else 0  # the lines of the paragraph that opens the page (after a heading)
        while k + 1 < len(there) and not _starts_paragraph(there[k + 1]):
            k += 1
        k = k if heading else k + 1
        if n + 1 == end - 1:  # the last page: the conclusion's last 2 lines stay with the tail
            k -= 2
        if re.match(r"表\d", first):
            need = max(c["bottom"] for c in there[3]) - there[0][0]["top"] + 6
        elif heading:
            need = (1 + (k if k <= 3 else 2)) * BODY_LEADING if k >= 1 else float("inf")
        else:
            need = BODY_LEADING if k >= 1 else float("inf")
        if blank >= need:
            fill = 1 - blank / (page.height - TOP - 35 * MM)
            faults.append(f"p{n + 1}: {fill:.0%} full, {blank:.0f} pt free; p{n + 2} starts {first[:12]}")
    return faults


@pytest.mark.parametrize("longer", [0, 1, 2, 3, 4, 5, 6])
def test_opinion_pages_are_full_unless_what_follows_could_not_begin_there(longer: int) -> None:
    """The opening made longer by about a line at a time moves every page break."""
    from qjsc_panel.reports.opinion import organiser

    comp = sample_compilation()
    text = sample_text()
    text.organiser = organiser(comp, text) + "、深圳市生态环境局宝安管理局" * longer
    assert not _foot_faults(render(comp, text).data)


def test_tables_have_captions_kept_with_their_head_and_the_signature_with_the_conclusion(
    sample: tuple[Compilation, RenderedPdf],
) -> None:
    pages = _page_lines(sample[1].data)
    body = pages[: next(n for n, p in enumerate(pages) if p[0].startswith("附件1"))]
    flat = [ln for p in body for ln in p]
    caps = [ln for ln in flat if re.match(r"表\d\s*\S", ln)]
    assert [c[:2] for c in caps] == ["表1", "表2"], caps
    for page in body:  # a caption is never a page's last line, and its table's head follows it
        for k, ln in enumerate(page):
            if ln in caps:
                assert k + 2 < len(page) and page[k + 1].startswith(("方案类别", "序号")), page
    last = body[-1]
    sign = next(k for k, ln in enumerate(last) if ln.startswith(texts.SIGN_CHAIR))
    atts = next(k for k, ln in enumerate(last) if ln.startswith(texts.ATTACHMENT_LABEL))
    # the attachment list and the signature follow at least 2 lines of the conclusion
    assert atts >= 2 and sign > atts, last


CJK_DIGIT_GAP = re.compile(r"[\u4e00-\u9fff（）：，、] +[0-9]|[0-9] +[\u4e00-\u9fff（）：，、]")


def test_generated_text_sets_numbers_without_blanks_and_user_text_is_only_trimmed() -> None:
    comp = sample_compilation()
    typed = "员工 860 人，年产值 4.2 亿元"  # as a user typed it, blanks and all
    comp.scale = "  " + typed + " \n"
    data = render(comp).data
    drawn = ""
    for page in _pages(data):
        lines = ["".join(c["text"] for c in ln) for ln in _text_lines(page.chars, blanks=True)]
        if lines[0].startswith(("附件5", texts.SIGN_TITLE, texts.VERIFY_TITLE)):
            continue  # chart labels "1.1 名称"; the signature pages name commands with blanks
        drawn += "".join(lines)
    assert "，" + typed + "。" in drawn, "the typed text is kept, only trimmed"
    # captions (表1　…) and the typed text aside
    gaps = [m.group(0) for m in CJK_DIGIT_GAP.finditer(re.sub(r"表\d+", "", drawn.replace(typed, "")))]
    assert not gaps, gaps


def test_signature_and_date_are_placed_as_gb_t_9704_sets_them(sample: tuple[Compilation, RenderedPdf]) -> None:
    """§7.3.5.2: the name two characters in from the right; the date below it, starting two
    characters right of the name's first character; a date longer than the name two
    characters in from the right instead (the name moves left with it)."""
    pages = _pages(sample[1].data)
    end = next(n for n, p in enumerate(pages) if (p.extract_text() or "").startswith("附件1"))
    lines = _text_lines(pages[end - 1].chars)
    k = next(i for i, ln in enumerate(lines) if "".join(c["text"] for c in ln).startswith(texts.SIGN_CHAIR))
    name, day = lines[k], lines[k + 1]
    right = pages[end - 1].width - RIGHT
    longer = day[-1]["x1"] - day[0]["x0"] > name[-1]["x1"] - name[0]["x0"]
    assert abs((day if longer else name)[-1]["x1"] - (right - 32)) <= 1.0, (longer, name[-1]["x1"], day[-1]["x1"])
    assert abs(day[0]["x0"] - (name[0]["x0"] + 32)) <= 1.0, (day[0]["x0"], name[0]["x0"])
