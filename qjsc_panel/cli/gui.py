"""``qjsc-panel gui [--db FILE] [--home DIR] [--smoke-test]``: the desktop app.

``qjsc-panel`` with no command (``qjsc-panel --db FILE`` included) does the same; the entry
point (:func:`qjsc_panel.cli.main`) hands these options to :func:`qjsc_panel.ui.app.run`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("gui", help="打开桌面应用 / open the desktop app")
    from qjsc_panel.cli import db_location

    p.add_argument("--db", dest="gui_db", type=db_location, help="SQLite database file or postgresql+psycopg:// URL")
    p.add_argument("--home", dest="gui_home", type=Path, help="data directory")
    p.add_argument("--smoke-test", dest="gui_smoke_test", action="store_true", help="open offscreen and exit")
    p.set_defaults(handler=_unreachable)


def _unreachable(args: argparse.Namespace, app: Any) -> int:  # main() launches the app itself
    raise AssertionError("gui is launched by qjsc_panel.cli.main")
