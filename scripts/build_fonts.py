"""Build the document typefaces in ``resources/fonts`` from their free sources.

The sources (CFF outlines, which reportlab cannot embed) come from Debian packages:
``apt-get download texlive-lang-chinese fonts-noto-cjk`` and ``dpkg-deb -x`` each into SRC.
Each face is cut to the characters a Chinese official document needs (GB2312, the GBK
hanzi for the broad fallback, ASCII, CJK and general punctuation, and every character the
application's own source can print) and its cubic outlines are converted to quadratic
TrueType outlines (fontTools cu2qu), so reportlab embeds each as a subset.

    python scripts/build_fonts.py SRC          # SRC = the directory the debs were extracted into
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
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
