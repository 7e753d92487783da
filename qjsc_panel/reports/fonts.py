"""The bundled Chinese font (LXGW WenKai, a Kai face under the OFL), registered once.

The machine has no Chinese system font; every rendering (reportlab, pyHanko stamps, Qt,
Excel) names this one.  reportlab embeds TrueType fonts as subsets, so a PDF carries only
the glyphs it uses.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.paths import shipped_file

FAMILY = "LXGW WenKai"  # the name Excel and Qt see
RL_REGULAR = "LXGWWenKai"  # reportlab names (no spaces)
RL_BOLD = "LXGWWenKai-Bold"

_lock = threading.Lock()
_registered = False

# Punctuation that must not begin a line in Chinese typesetting (GB/T 15834 practice).
# reportlab's own list lacks the full-width comma, semicolon, colon, question mark,
# book-title and corner brackets, so the CJK line breaker is given this one.
NO_LINE_START = "，。、；：？！）》」』】〕〉”’…—·%‰℃,.;:?!)]}"


def font_path(bold: bool = False) -> Path:
    name = "LXGWWenKai-Bold.ttf" if bold else "LXGWWenKai-Regular.ttf"
    path = shipped_file("resources", "fonts", name)
    if not path.is_file():
        raise QjscError("reports.font_missing", path=str(path))
    return path


def register_reportlab() -> None:
    """Register the regular and bold faces with reportlab (once per process)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib import textsplit
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont
        from reportlab.platypus import paragraph

        try:
            pdfmetrics.registerFont(TTFont(RL_REGULAR, str(font_path())))
            pdfmetrics.registerFont(TTFont(RL_BOLD, str(font_path(bold=True))))
        except TTFError as exc:
            raise QjscError("reports.font_broken", detail=str(exc)) from None
        addMapping(RL_REGULAR, 0, 0, RL_REGULAR)
        addMapping(RL_REGULAR, 1, 0, RL_BOLD)
        addMapping(RL_REGULAR, 0, 1, RL_REGULAR)
        addMapping(RL_REGULAR, 1, 1, RL_BOLD)
        # Both line breakers (one-style paragraphs use textsplit's, mixed ones paragraph's).
        extra = "".join(c for c in NO_LINE_START if c not in textsplit.ALL_CANNOT_START)
        textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + extra
        paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
        paragraph.wordSplit = _hanging(textsplit.wordSplit)
        _registered = True


def _hanging(split: Any) -> Any:
    """reportlab hangs at most one forbidden character in the margin; "）、" or "。”" would
    still start the next line with the second one.  Move every leading forbidden character
    of a line to the end of the line before (hanging punctuation, 标点悬挂)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def word_split(word: str, max_widths: Any, font_name: str, font_size: float, encoding: str = "utf8") -> Any:
        lines = split(word, max_widths, font_name, font_size, encoding)
        for k in range(1, len(lines)):
            text = lines[k][1]
            n = 0
            while n < len(text) - 1 and text[n] in NO_LINE_START:
                n += 1
            if n:
                width = stringWidth(text[:n], font_name, font_size)
                lines[k - 1][1] += text[:n]
                lines[k - 1][0] -= width
                lines[k][1] = text[n:]
                lines[k][0] += width
        return lines

    return word_split
