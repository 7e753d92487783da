"""Line breaking of body text as laid out: a number stays with its measure word, long Latin
runs may break, and justified lines reach the right margin.

Positions come from the PDF itself: pdfplumber for which line a glyph is on, poppler's
``pdftotext -bbox-layout`` for line extents (pdfminer drops the character spacing (Tc)
after the last glyph of each string, so it misplaces justified lines)."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from qjsc_panel.reports.fonts import LATIN
from qjsc_panel.reports.linebreak import _spacing, break_point, may_break
from qjsc_panel.reports.pdf_style import BODY_PT, FRAME_W, LEFT, PAGE_H, PAGE_W, para, styles

FILL = "验"
styles()  # registers the faces (and the line breaker) before any width is measured


def _render(text: str) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))
    p = para(text, styles().body)
    _w, h = p.wrap(FRAME_W, PAGE_H)
    p.drawOn(c, LEFT, PAGE_H - 100 - h)
    c.save()
    return out.getvalue()


def _first_line_fill(tail_width: float) -> int:
    """How many 16 pt CJK characters, after the two-character indent, leave room for
    ``tail_width`` but not for one more 16 pt character."""
    room = FRAME_W - 2 * BODY_PT - tail_width
    return int(room // BODY_PT)


def _line_of(data: bytes, char: str, nth: int = 0) -> float:
    chars = [c for c in pdfplumber.open(io.BytesIO(data)).pages[0].chars if c["text"] == char]
    return round(float(chars[nth]["top"]), 1)


def test_a_number_stays_with_its_measure_word() -> None:
    digit = stringWidth("3", LATIN, BODY_PT)
    n = _first_line_fill(2 * BODY_PT + digit)  # "目标" + "3" end the first line exactly
    text = FILL * n + "目标3项。" + FILL * 10
    # Precondition: "3" fits on the first line and "项" does not, so a naive breaker splits them.
    used = (n + 2) * BODY_PT + digit
    assert used <= FRAME_W - 2 * BODY_PT < used + BODY_PT
    data = _render(text)
    assert _line_of(data, "3") == _line_of(data, "项")
    assert _line_of(data, "3") > _line_of(data, FILL, 0)  # it went down with its measure word


def test_a_decimal_stays_with_its_unit() -> None:
    num = "42.5"
    n = _first_line_fill(2 * BODY_PT + stringWidth(num, LATIN, BODY_PT))
    data = _render(FILL * n + "投资" + num + "万元，" + FILL * 10)
    assert _line_of(data, "5") == _line_of(data, "万")


def test_break_rules() -> None:
    chars = list("目标3项")
    assert not may_break(chars, 3, "")  # 3|项
    assert may_break(chars, 2, "")  # 标|3
    short = list("含COD的")
    assert not may_break(short, 2, "")  # C|O: a short run never breaks
    code = list("代码91440300MA5DXXXX0X")
    assert may_break(code, code.index("5"), "")  # A|5: letters turn to digits
    assert not may_break(code, 5, "")  # inside the digit run
    assert not may_break(list("（甲"), 1, "")  # an opening bracket never ends a line
    assert break_point(list("甲乙。丙"), 0, 2, "。") == 3  # the full stop hangs


def _line_extents(data: bytes, tmp: Path, pages: int = 0) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of every text line, from the first ``pages`` pages (0: all)."""
    pdf = tmp / "p.pdf"
    pdf.write_bytes(data)
    cmd = ["pdftotext", "-bbox-layout", *(["-l", str(pages)] if pages else []), str(pdf), "-"]
    xml = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    out = []
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', xml, re.S):
        words = "".join(re.findall(r">([^<]*)</word>", m.group(3)))
        out.append((float(m.group(1)), float(m.group(2)), words))
    return out


def test_lines_before_a_long_latin_run_reach_the_right_margin(tmp_path: Path) -> None:
    code = "91440300MA5DXXXX0X"
    n = _first_line_fill(6 * BODY_PT)
    text = FILL * n + "统一社会信用代码" + code + "，年节电2898000kWh/a，" + FILL * 40 + "。"
    lines = _line_extents(_render(text), tmp_path)
    assert len(lines) >= 3
    right = LEFT + FRAME_W
    for x_max_line in lines[:-1]:
        _x0, x1, words = x_max_line
        assert abs(x1 - right) <= 1.0, (words, x1, right)
    assert abs(lines[-1][1] - right) > 1.0  # the paragraph's last line is not spread


def test_body_lines_of_the_opinion_are_justified(tmp_path: Path) -> None:
    """On the body pages (1–3), every full-width line followed by another line of the same
    paragraph reaches the margin."""
    from tests.reports.sample import sample_compilation
    from tests.reports.test_pdf_look import render

    data = render(sample_compilation()).data
    lines = _line_extents(data, tmp_path, pages=3)
    right = PAGE_W - (PAGE_W - LEFT - FRAME_W)
    checked = 0
    for (x0, x1, words), nxt in itertools.pairwise(lines):
        starts_at_text = abs(x0 - LEFT) < 1 or abs(x0 - LEFT - 2 * BODY_PT) < 1
        full = starts_at_text and x1 > right - 2 * BODY_PT
        if not full or words.endswith(("。", "：")) or len(words) < 20 or not nxt[2]:
            continue
        if abs(nxt[0] - LEFT - 2 * BODY_PT) < 1:
            continue  # the next line starts a paragraph
        checked += 1
        assert x1 >= right - 1.0, (words, x1, right)
    assert checked >= 10


def _max_letter_spacing(data: bytes) -> float:
    """Largest extra space between neighbouring glyphs on one line, in em, from the glyph
    positions pdfplumber reads (a glyph's advance is its width; the rest is Tc)."""
    worst = 0.0
    for _top, line in itertools.groupby(
        pdfplumber.open(io.BytesIO(data)).pages[0].chars, key=lambda c: round(c["top"])
    ):
        glyphs = list(line)
        for a, b in itertools.pairwise(glyphs):
            worst = max(worst, (float(b["x0"]) - float(a["x1"])) / float(a["size"]))
    return worst


def test_long_unbreakable_runs_break_at_the_margin_instead_of_letter_spacing(tmp_path: Path) -> None:
    """A hash, a URL and a file name with no break point near the margin: the line before
    each is not letter-spaced beyond MAX_SPACING, and the run breaks inside."""
    digest = "3044298149427416496349349549917852855ae41e4649b934ca495991b7852b8"
    url = "https://example.org/qjsc/verification?acceptance=2026000123456789"
    name = "2026年清洁生产审核验收意见_最终定稿_abcdefghijklmnopqrstuvwxyz.pdf"
    for run in (digest, url, name):
        n = _first_line_fill(8 * BODY_PT)  # "见附件" + 5 em for the run: too wide a gap to spread
        data = _render(FILL * n + "见附件" + run + "，" + FILL * 30 + "。")
        assert _max_letter_spacing(data) <= 0.16, run  # a reader's limit, whatever MAX_SPACING says
        lines = _line_extents(data, tmp_path)
        first = lines[0]
        assert abs(first[1] - (LEFT + FRAME_W)) <= 1.0, (run, first)  # still reaches the margin
        assert "见附件" in first[2] and first[2] != FILL * n + "见附件", run  # the run started on line 1


def test_a_line_that_cannot_be_filled_stays_ragged() -> None:
    """A short Latin run (never broken) pushed down from a short line would need wide
    letter-spacing: the line stays ragged."""
    cs = _spacing("甲乙丙丁", 3 * BODY_PT, lambda t: BODY_PT * len(t), BODY_PT, "")
    assert cs == 0.0
    assert _spacing("甲" * 28, 0.5 * BODY_PT, lambda t: BODY_PT * len(t), BODY_PT, "") > 0


def test_a_credit_code_breaks_only_where_letters_turn_to_digits() -> None:
    """Wherever a credit code meets the margin, its digits are never split at an arbitrary
    place (it is shorter than a hash): it breaks at a letter-digit turn or moves down whole."""
    code = "91440300MA5DEMC01D"
    allowed = {i for i in range(1, len(code)) if code[i - 1].isalpha() and code[i].isdigit()}
    for fill in range(_first_line_fill(10 * BODY_PT), _first_line_fill(2 * BODY_PT) + 1):
        data = _render(FILL * fill + "信用代码 " + code + "，" + FILL * 30)
        chars = pdfplumber.open(io.BytesIO(data)).pages[0].chars
        start = next(i for i, c in enumerate(chars) if c["text"] == "9")
        tops = [round(float(c["top"])) for c in chars[start : start + len(code)]]
        assert "".join(c["text"] for c in chars[start : start + len(code)]) == code
        splits = {i for i in range(1, len(code)) if tops[i] != tops[i - 1]}
        assert splits <= allowed, (fill, splits)


def test_a_typed_blank_never_starts_a_line() -> None:
    """Text as a user typed it ("年产 60 万平方米") meets the margin at each of its blanks: the
    blank ends the line, the next starts with a character."""
    typed = "年产 60 万平方米，员工 860 人"
    for fill in range(_first_line_fill(14 * BODY_PT), _first_line_fill(0) + 1):
        data = _render(FILL * fill + typed + "。" + FILL * 30)
        chars = pdfplumber.open(io.BytesIO(data)).pages[0].chars
        firsts: dict[int, Any] = {}
        for c in chars:
            key = round(float(c["top"]) / 8)
            if key not in firsts or c["x0"] < firsts[key]["x0"]:
                firsts[key] = c
        assert all(c["text"].strip() for c in firsts.values()), fill
        assert "".join(c["text"] for c in chars).count("60 万") == 1  # the blank is still drawn
