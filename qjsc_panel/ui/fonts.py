"""The bundled Chinese font (LXGW WenKai, SIL OFL 1.1) registered with Qt at start.

Registering one 16 MB TTF costs about 5 ms here (Qt maps the file, it does not parse every
glyph), so it is done eagerly: the first paint must already have Chinese glyphs.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from qjsc_panel.paths import shipped_file

FAMILY = "LXGW WenKai"
REGULAR = ("LXGWWenKai-Regular.ttf",)
BOLD = ("LXGWWenKai-Bold.ttf",)  # registered after the first paint; Qt emboldens until then
POINT_SIZE = 12  # experts are often over fifty: larger than the usual 9-10 pt default


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
    # If the bundled face is missing, Qt's fallback still gets a chance at the Chinese glyphs.
    font.setFamilies([FAMILY, "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei"])
    app.setFont(font)
