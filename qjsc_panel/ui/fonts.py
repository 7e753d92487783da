"""The bundled interface font registered with Qt at start.

QJSC Sans UI is Noto Sans CJK SC (SIL OFL 1.1) cut by scripts/build_fonts.py to every GBK
character, with a dotted zero and a serifed capital I, so that no character of a credit code or
a score can be misread (9 ≠ q, 0 ≠ O, 1 ≠ l ≠ I).  A 黑体 reads better on screen at 9-12 pt than
the 楷 face the interface used before, whose 9 looks like q.

Registering the 6 MB regular file costs about 1-3 ms here (Qt maps the file, it does not parse
every glyph), so it is done eagerly: the first paint must already have Chinese glyphs.  The bold
file is registered after the first paint; Qt emboldens until then.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from qjsc_panel.paths import shipped_file

FAMILY = "QJSC Sans UI"
REGULAR = ("QJSC-SansUI-Regular.otf",)
BOLD = ("QJSC-SansUI-Bold.otf",)  # registered after the first paint; Qt emboldens until then
POINT_SIZE = 12  # experts are often over fifty: larger than the usual 9-10 pt default
# After the bundled face (all GBK characters), for the rare character beyond GBK in a name:
# the 黑体 faces Windows and Linux desktops ship, before Qt's own per-character fallback.
FALLBACK = ("Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
# The few symbols the interface shows that Noto Sans CJK lacks come from the system's symbol
# face (Windows: Segoe UI Symbol; Linux: DejaVu Sans, which fontconfig always has).
SYMBOLS = "✗▸▾"
SYMBOL_FALLBACK = ("Segoe UI Symbol", "DejaVu Sans")


def register_fonts(files: tuple[str, ...] = REGULAR) -> list[str]:
    """Register bundled fonts; return the files that could not be loaded (for the log)."""
    missing: list[str] = []
    for name in files:
        path = shipped_file("resources", "fonts", name)
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            missing.append(str(path))
    return missing


def apply_app_font(app: QApplication) -> None:
    font = QFont(FAMILY, POINT_SIZE)
    font.setFamilies([FAMILY, *FALLBACK, *SYMBOL_FALLBACK])
    app.setFont(font)
