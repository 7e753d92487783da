"""Chinese line breaking and justification for reportlab paragraphs (GB/T 9704 body text).

reportlab's CJK breaker (``cjkFragSplit``) breaks before any character, hangs one
punctuation mark, and backs up to the last CJK character before a Latin run, leaving a
ragged gap; CJK lines are never justified.  ``install`` replaces the breaker and the
justified-line drawers so that:

- a number stays with its measure word or unit (``3项``, ``42.5万元``);
- short Latin/number runs (``COD``, ``t/a``) never break, long ones (credit codes,
  ``2898000kWh/a``) may: after ``/ - _ : ? & = #``, after a dot before a letter, where
  letters turn to digits, and, when that would leave a gap too wide to spread, runs of
  ``BREAK_ANYWHERE`` or more (a hash, a URL, a file name) at the margin;
- an opening bracket never ends a line, a closing mark never starts one (one may hang in
  the margin of body text; never in a table cell, whose style sets ``hangPunctuation=False``,
  where the mark would touch the cell's border);
- a short bracketed unit (``（一）``, ``（列席）``, ``（COD）``) stays whole;
- a blank ends a line, never starts one (a typed "年产 60 万平方米" broke before "万" with
  the blank leading the next line);
- one-style paragraphs break by the same rules as mixed ones (reportlab gives them a
  simpler breaker that lets ``第二十二条（`` end a line);
- the rest of a paragraph split across pages gets no stray blanks at former line ends;
- lines of a justified paragraph, except its last, are spread to the right margin by
  character spacing (Tc), blanks included, but never by more than ``MAX_SPACING`` em:
  a line that would need more stays ragged rather than letter-spaced.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

MEASURE = "项个名人家天年月日时分秒次台套条份元万亿吨度米倍户位周岁批期件处种类"
CANNOT_END = "（《「『【〔〈“‘([{"
LONG_RUN = 8  # a Latin run of this many characters may break inside
# ... and one of this many anywhere, at the margin, when its break points are too far back
# (a hash, a URL); a credit code (18) only breaks where letters turn to digits.
BREAK_ANYWHERE = 20
RUN_BREAK_AFTER = "/-_:?&=#"
MAX_SPACING = 0.15  # em: a line that would need more letter-spacing stays ragged
OPEN_CLOSE = {"（": "）", "《": "》", "〔": "〕", "【": "】", "“": "”", "(": ")", "[": "]"}
SHORT_GROUP = 5  # a bracketed unit with this many characters inside or fewer stays whole

# Whether the paragraph being broken may hang a closing mark in its margin (set per paragraph
# from its style; a context variable because documents may be laid out on pool threads).
_HANG: ContextVar[bool] = ContextVar("qjsc_hang", default=True)

_installed = False


def _latin(c: str) -> bool:
    return len(c) == 1 and 0x20 < ord(c) < 0x2000 and not c.isspace()


def _run_length(chars: list[str], k: int) -> int:
    lo = k - 1
    while lo > 0 and _latin(chars[lo - 1]):
        lo -= 1
    hi = k
    while hi < len(chars) and _latin(chars[hi]):
        hi += 1
    return hi - lo


def _in_short_group(chars: list[str], k: int) -> bool:
    """Whether ``chars[k - 1]`` and ``chars[k]`` both lie in one short bracketed unit."""
    lo = k - 1
    while lo >= 0 and k - 1 - lo <= SHORT_GROUP and chars[lo] not in OPEN_CLOSE:
        if chars[lo] in OPEN_CLOSE.values():
            return False
        lo -= 1
    if lo < 0 or chars[lo] not in OPEN_CLOSE:
        return False
    close = OPEN_CLOSE[chars[lo]]
    hi = k
    while hi < len(chars) and hi - lo - 1 <= SHORT_GROUP:
        if chars[hi] == close:
            return True
        if chars[hi] in OPEN_CLOSE:
            return False
        hi += 1
    return False


def may_break(chars: list[str], k: int, cannot_start: str) -> bool:
    """Whether a line may end before ``chars[k]``."""
    a, b = chars[k - 1], chars[k]
    if b and (b in cannot_start or b.isspace()):
        return False  # a blank ends its line (invisibly), never starts the next
    if a and a in CANNOT_END:
        return False
    if _in_short_group(chars, k):
        return False
    if a.isdigit() and b and b in MEASURE:
        return False
    if _latin(a) and _latin(b):
        if _run_length(chars, k) < LONG_RUN:
            return False
        # "." only before a letter (file.pdf, www.x): never inside a decimal number
        return a in RUN_BREAK_AFTER or (a.isalpha() and b.isdigit()) or (a == "." and b.isalpha())
    return True


def break_point(chars: list[str], start: int, over: int, cannot_start: str) -> int:
    """Index that starts the next line when ``chars[over]`` no longer fits on the line
    that begins at ``start`` (always > ``start``)."""
    n = len(chars)
    if chars[over].isspace() and (over + 1 == n or may_break(chars, over + 1, cannot_start)):
        return over + 1  # the blank that overflows ends the line: nothing visible passes the margin
    if (
        _HANG.get()
        and chars[over]
        and chars[over] in cannot_start
        and (over + 1 == n or may_break(chars, over + 1, cannot_start))
    ):
        return over + 1  # hang one mark in the margin
    for k in range(over, start, -1):
        if may_break(chars, k, cannot_start):
            return k
    return over  # nothing allowed: break where it overflows


def _inside_long_run(chars: list[str], k: int) -> bool:
    """Whether ``chars[k - 1]`` and ``chars[k]`` are both in one Latin run of BREAK_ANYWHERE or more."""
    return 0 < k < len(chars) and _latin(chars[k - 1]) and _latin(chars[k]) and _run_length(chars, k) >= BREAK_ANYWHERE


def _size(u: Any) -> float:
    return float(getattr(u.frag, "fontSize", 0) or 0)


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def frag_split(frags: Any, max_widths: Any, calc_bounds: bool, encoding: str = "utf8") -> Any:
    """Drop-in for reportlab's ``cjkFragSplit`` with the rules of this module."""
    from reportlab.platypus import paragraph as rp
    from reportlab.rl_config import _FUZZ

    units: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(rp.cjkU(t, f, encoding) for t in text)
        else:
            units.append(rp.cjkU(text, f, encoding))
    chars = [str(u) for u in units]
    cannot_start = rp.ALL_CANNOT_START

    def width_at(line_no: int) -> float:
        return float(max_widths[min(line_no, len(max_widths) - 1)])

    lines: list[Any] = []
    start = i = 0
    used = 0.0
    max_width = width_at(0)
    n = len(units)
    while i < n:
        u = units[i]
        w = _width(u, max_width)
        if hasattr(u.frag, "lineBreak"):
            used += w
            i += 1
            lines.append(rp.makeCJKParaLine(units[start:i], max_width, used, max_width - used, True, calc_bounds))
            start, used = i, 0.0
            max_width = width_at(len(lines))
            continue
        if used + w > max_width + _FUZZ and i > start:
            k = break_point(chars, start, i, cannot_start)
            line_w = sum(_width(x, max_width) for x in units[start:k])
            if _inside_long_run(chars, i) and (max_width - line_w) > MAX_SPACING * _size(u) * max(k - start - 1, 1):
                # The allowed break pushes so much of a long Latin run down that the line
                # could only be letter-spaced: break the run where it overflows instead.
                k = i
                line_w = sum(_width(x, max_width) for x in units[start:k])
            lines.append(rp.makeCJKParaLine(units[start:k], max_width, line_w, max_width - line_w, False, calc_bounds))
            max_width = width_at(len(lines))
            start, i = k, max(i, k)
            used = sum(_width(x, max_width) for x in units[k:i])
            continue
        used += w
        i += 1
    if start < n and used > 0:
        lines.append(rp.makeCJKParaLine(units[start:], max_width, used, max_width - used, False, calc_bounds))
    return rp.ParaLines(kind=1, lines=lines)


def _spacing(text: str, extra: float, width: Callable[[str], float], size: float, cannot_start: str) -> float:
    """Character spacing that brings a line of ``text`` to the margin (0: leave it).
    ``width`` measures a string in the line's last font."""
    body = text.rstrip()
    if len(body) < 2:
        return 0.0
    extra += width(text[len(body) :])  # trailing blanks do not count
    if extra < 0 and body[-1] in cannot_start:
        extra += width(body[-1])  # the hung mark starts at the margin
    spacing = extra / (len(body) - 1)
    return spacing if 1e-6 < spacing <= MAX_SPACING * size else 0.0


def _break_lines_cjk(original: Any) -> Any:
    """``Paragraph.breakLinesCJK`` that tells the breaker whether the style hangs punctuation
    and sends one-style paragraphs through :func:`frag_split` too (reportlab's own
    single-style breaker lets an opening bracket end a line and knows no measure words)."""
    from reportlab.platypus import paragraph as rp

    def break_lines_cjk(self: Any, max_widths: Any) -> Any:
        token = _HANG.set(bool(getattr(self.style, "hangPunctuation", True)))
        try:
            frags = self.frags
            if len(frags) != 1 or hasattr(frags[0], "cbDefn") or self.style.endDots:
                return original(self, max_widths)
            if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
                return self.blPara  # the part of a split paragraph keeps its lines
            if not isinstance(max_widths, list | tuple):
                max_widths = [max_widths]
            self.height = 0
            rp._handleBulletWidth(self.bulletText, self.style, max_widths)
            return frag_split(frags, max_widths, False)
        finally:
            _HANG.reset(token)

    return break_lines_cjk


def install() -> None:
    """Patch reportlab's paragraph module (idempotent; called when fonts are registered)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph as rp

    draw_x = rp._justifyDrawParaLineX
    draw = rp._justifyDrawParaLine

    def justify_x(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
        words = line.words
        if last or line.lineBreak or not words or any(hasattr(f, "cbDefn") for f in words):
            return draw_x(tx, offset, line, last)
        text = "".join(f.text for f in words)
        end = words[-1]
        cs = _spacing(
            text,
            line.extraSpace,
            lambda t: stringWidth(t, end.fontName, end.fontSize),
            line.fontSize,
            rp.ALL_CANNOT_START,
        )
        if not cs:
            return draw_x(tx, offset, line, last)
        tx.setCharSpace(cs)
        out = draw_x(tx, offset, line, last)
        tx.setCharSpace(0)
        return out

    def justify(tx: Any, offset: float, extraspace: float, words: Any, last: int = 0) -> Any:
        text = " ".join(words)
        size = tx._fontsize or 0
        if last or not text or not size:
            return draw(tx, offset, extraspace, words, last)
        cs = _spacing(text, extraspace, lambda t: stringWidth(t, tx._fontname, size), size, rp.ALL_CANNOT_START)
        if not cs:
            return draw(tx, offset, extraspace, words, last)
        tx.setCharSpace(cs)
        out = draw(tx, offset, 0.0, words, last)
        tx.setCharSpace(0)
        return out

    def split_hard(bl_para: Any, start: int, stop: int) -> list[Any]:
        # reportlab joins the lines of a split paragraph's rest with a blank each, which in
        # Chinese text is a stray space (and a wider line) in the continuation.
        return [w for line in bl_para.lines[start:stop] for w in line.words]

    rp.Paragraph.breakLinesCJK = _break_lines_cjk(rp.Paragraph.breakLinesCJK)
    rp.cjkFragSplit = frag_split
    rp._split_blParaHard = split_hard
    rp._justifyDrawParaLineX = justify_x
    rp._justifyDrawParaLine = justify
    _installed = True
