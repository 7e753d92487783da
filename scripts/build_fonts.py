"""Build the document typefaces in ``resources/fonts`` from their free sources.

The sources (CFF outlines, which reportlab cannot embed) come from Debian packages:
``apt-get download texlive-lang-chinese fonts-noto-cjk`` and ``dpkg-deb -x`` each into SRC.
Each face is cut to the characters a Chinese official document needs (GB2312, the GBK
hanzi for the broad fallback, ASCII, CJK and general punctuation, and every character the
application's own source can print) and its cubic outlines are converted to quadratic
TrueType outlines (fontTools cu2qu), so reportlab embeds each as a subset.

    python scripts/build_fonts.py SRC          # SRC = the directory the debs were extracted into
    python scripts/build_fonts.py SRC QJSC-SansUI-Regular.otf   # only the named files

The Qt interface's face (``QJSC-SansUI-*.otf``, Noto Sans CJK SC) is cut differently: Qt reads
CFF, so its outlines and hints stay (the hints help Windows' rasteriser at 9-12 pt); it keeps
every GBK character (rare hanzi in people's names must not fall back to another face); its line
metrics are set to the glyphs' real extents; and two glyphs are redrawn so that no character of
a credit code or a score can be misread: the zero gets a dot (0 ≠ O) and the capital I gets
serifs (I ≠ l ≠ 1).  Noto Sans already tells 9 from q.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.misc.transform import Transform
from fontTools.pens.areaPen import AreaPen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import RecordingPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
NOTO = "usr/share/fonts/opentype/noto"

# (output file, source, ttc index or None, charset (True: GBK, False: GB2312, "app": the app's own
# characters, None: Latin only), family name in the font)
FACES = [
    ("QJSC-Title.ttf", f"{NOTO}/NotoSerifCJK-Bold.ttc", 2, False, "QJSC Title (Noto Serif CJK SC Bold)"),
    ("QJSC-Serif.ttf", f"{NOTO}/NotoSerifCJK-Regular.ttc", 2, True, "QJSC Serif (Noto Serif CJK SC)"),
    ("QJSC-Latin.ttf", f"{NOTO}/NotoSerifCJK-Regular.ttc", 2, None, "QJSC Latin (Noto Serif CJK SC)"),
    ("QJSC-Fang.ttf", f"{FANDOL}/FandolFang-Regular.otf", None, False, "QJSC Fang (FandolFang)"),
    # 黑体 sets only the application's fixed texts (headings, table heads): its own characters.
    ("QJSC-Hei.ttf", f"{FANDOL}/FandolHei-Regular.otf", None, "app", "QJSC Hei (FandolHei)"),
]

# The Qt interface's face: (output file, source, ttc index, style).  Index 2 is the SC face.
UI_FAMILY = "QJSC Sans UI"
UI_FACES = [
    ("QJSC-SansUI-Regular.otf", f"{NOTO}/NotoSansCJK-Regular.ttc", 2, "Regular"),
    ("QJSC-SansUI-Bold.otf", f"{NOTO}/NotoSansCJK-Bold.ttc", 2, "Bold"),
]
# Ideographic tone marks and vertical kana repeat marks: never in this application's text, and
# they reach far above and below the line, which would make every line of the interface taller.
UI_DROP = {chr(c) for c in range(0x302A, 0x3036)}


def _codec_chars(codec: str, lead: range, trail: range) -> set[str]:
    out: set[str] = set()
    for a in lead:
        for b in trail:
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes([a, b]).decode(codec))
    return out


def charset(broad: bool | str | None) -> str:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    if broad is None:  # Latin only: letters, digits and their punctuation for body text
        return "".join(sorted(chars | {chr(c) for c in range(0xA0, 0x100)} | set("–—‘’“”…‰×÷±≤≥")))
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    chars |= {chr(c) for c in range(0x2010, 0x2070)}  # general punctuation
    chars |= set("×÷±≤≥≠≈℃‰％№°·—…“”‘’《》〔〕【】①②③④⑤⑥⑦⑧⑨⑩")
    if broad != "app":
        chars |= _codec_chars("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    if broad is True:
        chars |= _codec_chars("gbk", range(0x81, 0xFF), range(0x40, 0xFF))
    # Every non-ASCII character the application itself can print.
    for path in [*(ROOT / "qjsc_panel").rglob("*.py"), *(ROOT / "forms").rglob("*.json")]:
        chars |= set(re.findall(r"[^\x00-\x7f]", path.read_text("utf-8")))
    return "".join(sorted(chars))


def to_truetype(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (max error 1 unit)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, family: str) -> None:
    name = font["name"]
    ps = family.split(" (")[0].replace(" ", "-")
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16):
            rec.string = family.split(" (")[0]
        elif rec.nameID == 6:
            rec.string = ps


def _contours(glyph: object) -> list[list[tuple[str, tuple[tuple[float, float], ...]]]]:
    rec = RecordingPen()
    glyph.draw(rec)  # type: ignore[attr-defined]
    out: list[list[tuple[str, tuple[tuple[float, float], ...]]]] = []
    for op, args in rec.value:
        if op == "moveTo":
            out.append([])
        out[-1].append((op, args))
    return out


def _replay(contour: list[tuple[str, tuple[tuple[float, float], ...]]], pen: object) -> None:
    for op, args in contour:
        getattr(pen, op)(*args)


def _bounds(contour: list[tuple[str, tuple[tuple[float, float], ...]]]) -> tuple[float, float, float, float]:
    pen = BoundsPen(None)
    _replay(contour, pen)
    assert pen.bounds is not None
    return pen.bounds


def _set_charstring(font: TTFont, name: str, pen: T2CharStringPen, old: object) -> None:
    cs = pen.getCharString(private=old.private, globalSubrs=old.globalSubrs)  # type: ignore[attr-defined]
    font["CFF "].cff.topDictIndex[0].CharStrings[name] = cs


def dotted_zero(font: TTFont) -> None:
    """Put an oval dot in the counter of 0: a small copy of the glyph's own outer contour (same
    winding, so it is filled), centred in the counter."""
    name = font.getBestCmap()[ord("0")]
    glyph_set = font.getGlyphSet()
    old = font["CFF "].cff.topDictIndex[0].CharStrings[name]
    contours = sorted(_contours(glyph_set[name]), key=lambda c: -(_bounds(c)[2] - _bounds(c)[0]))
    outer, inner = contours[0], contours[1]
    ox0, oy0, ox1, oy1 = _bounds(outer)
    ix0, iy0, ix1, iy1 = _bounds(inner)
    stem = ix0 - ox0
    width = min(stem * 1.25, (ix1 - ix0) * 0.5)
    height = min(width * 1.45, (iy1 - iy0) * 0.4)
    cx, cy = (ix0 + ix1) / 2, (iy0 + iy1) / 2
    advance = font["hmtx"][name][0]
    pen = T2CharStringPen(advance - old.private.nominalWidthX, glyph_set)
    for contour in contours:
        _replay(contour, pen)
    shrink = (
        Transform()
        .translate(cx, cy)
        .scale(width / (ox1 - ox0), height / (oy1 - oy0))
        .translate(-(ox0 + ox1) / 2, -(oy0 + oy1) / 2)
    )
    _replay(outer, TransformPen(pen, shrink))
    _set_charstring(font, name, pen, old)


def serif_i(font: TTFont) -> None:
    """Redraw I (a bare stem in Noto Sans, like l) as a stem with top and bottom serifs; the
    glyph grows by the serifs' overhang on each side."""
    name = font.getBestCmap()[ord("I")]
    glyph_set = font.getGlyphSet()
    old = font["CFF "].cff.topDictIndex[0].CharStrings[name]
    (stem_outline,) = _contours(glyph_set[name])
    x0, y0, x1, y1 = _bounds(stem_outline)
    area = AreaPen(None)
    _replay(stem_outline, area)
    stem, bar = x1 - x0, (x1 - x0) * 0.85
    over = round(stem * 1.1)
    advance, lsb = font["hmtx"][name]
    a, b, c, d = x0, x0 + over, x0 + over + stem, x0 + 2 * over + stem
    points = [(a, y0), (d, y0), (d, y0 + bar), (c, y0 + bar), (c, y1 - bar), (d, y1 - bar), (d, y1), (a, y1)]
    points += [(a, y1 - bar), (b, y1 - bar), (b, y0 + bar), (a, y0 + bar)]
    if area.value < 0:  # same winding as the stem the font drew (this list runs anticlockwise)
        points.reverse()
    pen = T2CharStringPen(advance + 2 * over - old.private.nominalWidthX, glyph_set)
    pen.moveTo(points[0])
    for pt in points[1:]:
        pen.lineTo(pt)
    pen.closePath()
    _set_charstring(font, name, pen, old)
    font["hmtx"][name] = (advance + 2 * over, lsb)


def extents(font: TTFont) -> tuple[int, int]:
    """Highest and lowest point of any glyph (ascent, descent as positive numbers)."""
    glyph_set = font.getGlyphSet()
    top, bottom = 0.0, 0.0
    for name in font.getGlyphOrder():
        pen = BoundsPen(glyph_set)
        glyph_set[name].draw(pen)
        if pen.bounds:
            top, bottom = max(top, pen.bounds[3]), min(bottom, pen.bounds[1])
    return int(top) + 1, int(-bottom) + 1


def set_line_metrics(font: TTFont, ascent: int, descent: int) -> None:
    """Ascent and descent from the glyphs' real extents (Noto's 1.16/0.29 em leave a line 1.45 em
    tall, a fifth taller than the interface was laid out for; Windows clips at usWin*)."""
    font["hhea"].ascent, font["hhea"].descent, font["hhea"].lineGap = ascent, -descent, 0
    font["OS/2"].usWinAscent, font["OS/2"].usWinDescent = ascent, descent


def rename_ui(font: TTFont, style: str) -> None:
    """Family QJSC Sans UI with its style, so Qt pairs the two files as one family (the OFL
    keeps the reserved name "Source" off a modified Source Han / Noto CJK font)."""
    ps = f"{UI_FAMILY.replace(' ', '')}-{style}"
    values = {1: UI_FAMILY, 2: style, 4: f"{UI_FAMILY} {style}", 6: ps, 16: UI_FAMILY, 17: style}
    values[3] = f"{ps};{font['head'].fontRevision:.3f}"
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in values:
            rec.string = values[rec.nameID]
    cff = font["CFF "].cff
    cff.fontNames = [ps]
    cff.topDictIndex[0].FullName = values[4]
    cff.topDictIndex[0].FamilyName = UI_FAMILY


def cut_ui(src: Path, rel: str, index: int) -> TTFont:
    chars = "".join(sorted(set(charset(True)) - UI_DROP))
    # The source's own timestamp, not the build's: the committed file is reproducible.
    font = TTCollection(str(src / rel), recalcTimestamp=False).fonts[index]
    # Only kerning of the layout features: the default set's "locl" would pull in the
    # Japanese, Korean and traditional variants of thousands of hanzi (11 MB instead of 6).
    opts = subset.Options(
        layout_features=["kern"], name_IDs=["*"], name_languages=["*"], notdef_outline=True, hinting=True
    )
    opts.desubroutinize = False
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    dotted_zero(font)
    serif_i(font)
    return font


def build_ui(src: Path, only: list[str]) -> None:
    """Both styles are always cut: they share one line height (the larger extents), so a bold
    word does not make its line taller than a regular one."""
    if only and not any(out in only for out, *_ in UI_FACES):
        return
    fonts = [(out, style, cut_ui(src, rel, index)) for out, rel, index, style in UI_FACES]
    ascent = max(extents(font)[0] for _, _, font in fonts)
    descent = max(extents(font)[1] for _, _, font in fonts)
    for out, style, font in fonts:
        if only and out not in only:
            continue
        set_line_metrics(font, ascent, descent)
        rename_ui(font, style)
        font.save(str(OUT / out))
        print(out, (OUT / out).stat().st_size, "bytes,", len(font.getBestCmap()), "characters, line", ascent, descent)


def build(src: Path, only: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for out, rel, index, broad, family in FACES:
        if only and out not in only:
            continue
        path = src / rel
        font = TTCollection(str(path)).fonts[index] if index is not None else TTFont(str(path))
        opts = subset.Options(
            layout_features=["vert", "vrt2", "kern", "palt"],
            name_IDs=["*"],
            name_languages=["*"],
            notdef_outline=True,
            hinting=False,
            desubroutinize=True,
        )
        sub = subset.Subsetter(opts)
        sub.populate(text=charset(broad))
        sub.subset(font)
        to_truetype(font)
        rename(font, family)
        font.save(str(OUT / out))
        print(out, (OUT / out).stat().st_size, "bytes,", len(font.getBestCmap()), "characters")


if __name__ == "__main__":
    build(Path(sys.argv[1]), sys.argv[2:])
    build_ui(Path(sys.argv[1]), sys.argv[2:])
