"""The bundled fonts and the role each plays in a document (GB/T 9704-2012 §7.1).

======  =================  ============================================================
role    reportlab name     face
======  =================  ============================================================
title   ``QJSC-Title``     Noto Serif CJK SC Bold (the 小标宋 role)
body    ``QJSC-Fang``      FandolFang (仿宋)
hei     ``QJSC-Hei``       FandolHei (黑体, first-level headings and table heads)
kai     ``LXGWWenKai``     LXGW WenKai (楷体, second-level headings)
latin   ``QJSC-Latin``     Noto Serif, Latin only: digits and letters inside 仿宋/楷 text
serif   ``QJSC-Serif``     Noto Serif CJK SC, GBK: any character the face of a run lacks
======  =================  ============================================================

A face is registered with reportlab the first time a document uses it (once per process);
the 10 MB fallback face only when a text holds a character the others lack.  What reportlab
parses from a face is cached under the data directory (:func:`use_cache`, :mod:`fontcache`),
so a new process registers the four faces of a document in a few milliseconds each.  reportlab
embeds TrueType fonts as subsets, so a PDF carries only the glyphs it uses.
The Qt interface has its own face (``QJSC Sans UI``, :mod:`qjsc_panel.ui.fonts`); the signature
stamps use ``QJSC-Fang`` (:mod:`qjsc_panel.reports.signing`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from qjsc_panel.errors import QjscError
from qjsc_panel.paths import shipped_file

# The faces workbooks name: every Windows and WPS has them (the bundled faces stand in for them
# only in this project's LibreOffice checks).
SHEET_BODY = "仿宋"  # FangSong
SHEET_HEAD = "黑体"  # SimHei
SHEET_TITLE = "宋体"  # SimSun
RL_REGULAR = "LXGWWenKai"  # reportlab name of the 楷 face

TITLE = "QJSC-Title"
BODY = "QJSC-Fang"
HEI = "QJSC-Hei"
KAI = RL_REGULAR
LATIN = "QJSC-Latin"
SERIF = "QJSC-Serif"

FILES = {
    TITLE: "QJSC-Title.ttf",
    BODY: "QJSC-Fang.ttf",
    HEI: "QJSC-Hei.ttf",
    KAI: "LXGWWenKai-Regular.ttf",
    LATIN: "QJSC-Latin.ttf",
    SERIF: "QJSC-Serif.ttf",
}
# Faces whose own digits and Latin letters are replaced by the Latin face (WenKai's 9 reads
# as q; FandolFang's O and 0 look alike).
LATIN_IN = frozenset({BODY, KAI})

_lock = threading.RLock()
_registered: set[str] = set()
_patched = False
_cache_dir: Path | None = None  # where parsed faces are cached (:mod:`fontcache`); None: nowhere

# Punctuation that must not begin a line in Chinese typesetting (GB/T 15834 practice).
# reportlab's own list lacks the full-width comma, semicolon, colon, question mark,
# book-title and corner brackets, so the CJK line breaker is given this one.
NO_LINE_START = "，。、；：？！）》」』】〕〉”’…—·%‰℃,.;:?!)]}"


def _path(name: str) -> Path:
    path = shipped_file("resources", "fonts", name)
    if not path.is_file():
        raise QjscError("reports.font_missing", path=str(path))
    return path


def face_path(role: str) -> Path:
    return _path(FILES[role])


def cache_under(home: Path) -> Path:
    """Where a data directory keeps the parsed-font cache."""
    return home / "cache" / "fonts"


def use_cache(directory: Path | None) -> None:
    """Cache what reportlab parses from each face in ``directory`` (None: no cache), for the
    faces registered from now on.  Set by whoever knows the data directory (the services)."""
    global _cache_dir
    _cache_dir = directory


def ensure(*names: str) -> None:
    """Register these faces with reportlab unless already registered (thread-safe, once)."""
    missing = [n for n in names if n not in _registered]
    if not missing and _patched:
        return
    with _lock:
        _patch_line_breaking()
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        from qjsc_panel.reports import fontcache

        fontcache.install()
        for name in missing:
            if name in _registered:
                continue
            path = face_path(name)
            fontcache.allow(path, _cache_dir)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except TTFError as exc:
                raise QjscError("reports.font_broken", detail=str(exc)) from None
            _registered.add(name)


def register_reportlab() -> None:
    """The faces every document uses (the fallback face stays lazy)."""
    ensure(TITLE, BODY, HEI, LATIN)


def covers(name: str, char: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    ensure(name)
    cmap: dict[int, int] = pdfmetrics.getFont(name).face.charToGlyph
    return ord(char) in cmap


def runs(text: str, face: str) -> list[tuple[str, str]]:
    """Split ``text`` into (font, run): digits and Latin letters of a 仿宋/楷 run go to the
    Latin face, and any character ``face`` lacks to the broad fallback face."""
    from reportlab.pdfbase import pdfmetrics

    ensure(face)
    cmap: dict[int, int] = pdfmetrics.getFont(face).face.charToGlyph
    latin = face in LATIN_IN
    out: list[tuple[str, str]] = []
    for ch in text:
        code = ord(ch)
        if latin and (0x30 <= code <= 0x39 or 0x41 <= code <= 0x5A or 0x61 <= code <= 0x7A):
            font = LATIN
        elif code in cmap or ch in "\n\t":
            font = face
        elif 0xA0 <= code <= 0xFF or ch in "–—‘’“”…‰×÷±≤≥":
            font = LATIN  # ² ³ µ and the like: in the tiny Latin face, not the 10 MB fallback
        else:
            font = SERIF
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    if any(f == SERIF for f, _ in out):
        ensure(SERIF)
    if any(f == LATIN for f, _ in out):
        ensure(LATIN)
    return out


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str, face: str) -> str:
    """Paragraph markup of plain ``text`` set in ``face`` with per-run font changes."""
    return "".join(
        _esc(run) if font == face else f'<font face="{font}">{_esc(run)}</font>' for font, run in runs(text, face)
    )


def _patch_line_breaking() -> None:
    """Both reportlab line breakers (one-style paragraphs use textsplit's, mixed ones
    paragraph's) get the full list of characters that may not start a line."""
    global _patched
    if _patched:
        return
    from qjsc_panel.reports import rlfast

    rlfast.prepare()
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "".join(c for c in NO_LINE_START if c not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + extra
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    paragraph.wordSplit = _hanging(textsplit.wordSplit)
    from qjsc_panel.reports import linebreak

    linebreak.install()
    rlfast.configure()
    _patched = True


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
