"""The interface face: what widgets really use, what it covers, and that its digits and Latin
letters cannot be misread (the 楷 face it replaces drew 9 like q)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QFontMetrics, QImage, QPainter, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication

from qjsc_panel.paths import shipped_file
from qjsc_panel.ui import fonts

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
# How far apart two glyph shapes must be (see distance()), per pair.  Measured at 16 and 40 px:
# LXGW WenKai's 9/q 0.48-0.54 and I/l 0.08-0.10, plain Noto Sans' bare I/l 0.14-0.31 (all
# confusable); b/d, mirror images nobody confuses, 0.52-0.57.  The new face: 9/q 0.67-0.71,
# I/l 0.92-0.95, 1/l 0.94-0.97, 1/I 0.53-0.83 (1 has a flag, I serifs at both ends).
DISTINCT = {"9q": 0.6, "Il": 0.6, "1l": 0.6, "1I": 0.5}


def _codec(codec: str, lead: range, trail: range) -> set[str]:
    out: set[str] = set()
    for a in lead:
        for b in trail:
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes([a, b]).decode(codec))
    return out


def _family(file: str) -> str:
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(_path(file))))
    assert families, file
    return families[0]


def _path(file: str) -> Path:
    return shipped_file("resources", "fonts", file)


def _ink(family: str, char: str, px: int) -> set[tuple[int, int]]:
    """Dark pixels of ``char`` drawn alone, moved so its ink starts at (0, 0): the shape, not its
    place on the line."""
    img = QImage(px * 2, px * 2, QImage.Format.Format_Grayscale8)
    img.fill(QColor("white"))
    painter = QPainter(img)
    font = QFont(family)
    font.setPixelSize(px)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(px // 4, px * 3 // 2, char)
    painter.end()
    dark = {(x, y) for y in range(img.height()) for x in range(img.width()) if img.pixelColor(x, y).lightness() < 128}
    assert dark, (family, char)
    x0, y0 = min(x for x, _ in dark), min(y for _, y in dark)
    return {(x - x0, y - y0) for x, y in dark}


def distance(family: str, a: str, b: str, px: int) -> float:
    """Share of the pixels inked in either glyph that are inked in only one."""
    ink_a, ink_b = _ink(family, a, px), _ink(family, b, px)
    return len(ink_a ^ ink_b) / len(ink_a | ink_b)


def test_widgets_use_the_bundled_sans_face(window: MainWindow) -> None:
    assert fonts.FAMILY in QFontDatabase.families()
    assert QFontDatabase.styles(fonts.FAMILY) == ["Regular", "Bold"]  # bold registered after first paint
    button = window.page("login").login_button
    assert QFontInfo(button.font()).family() == fonts.FAMILY
    raw = QRawFont.fromFont(button.font(), QFontDatabase.WritingSystem.SimplifiedChinese)
    assert raw.familyName() == fonts.FAMILY and raw.supportsCharacter(ord("登"))
    bold = QFont(button.font())
    bold.setBold(True)
    assert QFontInfo(bold).family() == fonts.FAMILY and QFontInfo(bold).styleName() == "Bold"


@pytest.mark.parametrize("file", [*fonts.REGULAR, *fonts.BOLD])
def test_the_face_covers_gbk_and_every_character_the_application_prints(qapp: QApplication, file: str) -> None:
    raw = QRawFont(str(_path(file)), 12)
    assert raw.isValid()
    gb2312_hanzi = _codec("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))
    assert len(gb2312_hanzi) == 6763
    gbk = _codec("gbk", range(0x81, 0xFF), range(0x40, 0xFF))
    printed: set[str] = set()
    for path in [*(ROOT / "qjsc_panel").rglob("*.py"), *(ROOT / "forms").rglob("*.json")]:
        printed |= set(re.findall(r"[^\x00-\x7f]", path.read_text("utf-8")))
    ascii_ = {chr(c) for c in range(0x21, 0x7F)}
    needed = gb2312_hanzi | gbk | printed | ascii_ | set("，。、；：？！（）《》〔〕【】“”‘’…—·％")
    lacking = {c for c in needed if not raw.supportsCharacter(ord(c))}
    # The interface's symbols from the symbol face, and characters only comments, docstrings or
    # the command line print (٣ in a comment, ᵢ ⁺ in docstrings, ⚑ in CLI text), and ≒, a GBK
    # symbol Noto Sans CJK lacks.
    assert lacking <= {*fonts.SYMBOLS, *"٣ᵢ⁺≒⚑"}, "".join(sorted(lacking)[:50])


def test_the_interface_symbols_the_face_lacks_come_from_the_symbol_face(window: MainWindow) -> None:
    layout = QTextLayout(fonts.SYMBOLS, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs and all(0 not in run.glyphIndexes() for run in runs)  # glyph 0: the empty box
    assert {run.rawFont().familyName() for run in runs} <= set(fonts.SYMBOL_FALLBACK)


def test_line_height_stays_close_to_the_em(qapp: QApplication) -> None:
    """Noto CJK's own metrics make lines 1.45 em tall; the cut uses the glyphs' real extents."""
    family = _family(fonts.REGULAR[0])
    font = QFont(family)
    font.setPixelSize(100)
    assert QFontMetrics(font).height() <= 130


@pytest.mark.parametrize("px", [16, 40])  # 12 pt on a 96 dpi screen, and large
@pytest.mark.parametrize("pair", sorted(DISTINCT))
def test_digits_and_latin_letters_have_distinct_shapes(qapp: QApplication, pair: str, px: int) -> None:
    family = _family(fonts.REGULAR[0])
    assert distance(family, pair[0], pair[1], px) >= DISTINCT[pair]


def test_zero_is_marked_and_the_letter_o_is_not(qapp: QApplication) -> None:
    """A dot in the counter: 0 and O cannot be told apart by width alone in a credit code."""
    family = _family(fonts.REGULAR[0])
    for char, marked in (("0", True), ("O", False)):
        ink = _ink(family, char, 40)
        cx, cy = max(x for x, _ in ink) // 2, max(y for _, y in ink) // 2
        centre = {(cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
        assert bool(centre & ink) is marked, char


@pytest.mark.parametrize("px", [16, 40])
def test_the_measure_does_call_the_old_faces_confusable(qapp: QApplication, px: int) -> None:
    """The shape measure is not lenient: LXGW WenKai's 9 and q fall under the bar."""
    kai = _family("LXGWWenKai-Regular.ttf")
    assert distance(kai, "9", "q", px) < DISTINCT["9q"]
    assert distance(kai, "I", "l", px) < DISTINCT["Il"]
