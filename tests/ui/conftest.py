"""Fixtures for the desktop app: a chair's laptop and an expert's laptop in one test.

Each "laptop" is its own data directory (keys, panel keys) and its own SQLite file, passed
explicitly in an application object; nothing switches environment variables.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from qjsc_panel.services.app import App
from tests.factories import Panel, make_panel, new_db

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow

CHAIR_PASS = "chair-passphrase-1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Qt warnings fail the GUI tests; the offscreen plugin's size-hint notice is not ours.
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@dataclass
class Laptops:
    root: Path

    @property
    def chair_home(self) -> Path:
        return self.root / "chair"

    @property
    def expert_home(self) -> Path:
        return self.root / "expert"

    def expert_app(self) -> App:
        """The expert's laptop as the entry point would build it."""
        return App(home=self.expert_home, db_path=self.expert_home / "expert.sqlite3")


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    return Laptops(tmp_path)


@pytest.fixture
def chair(laptops: Laptops) -> Panel:
    """An acceptance on the chair's laptop with 4 experts (专家1 chairs) and a panel key; the
    chair's data directory is the folder of the chair's database."""
    from qjsc_panel.services import exchange

    p = make_panel(new_db(laptops.chair_home, "chair.sqlite3"), n_experts=4)
    assert p.chair_ctx.home == laptops.chair_home
    exchange.init_panel_key(p.chair_ctx, p.acc, CHAIR_PASS)
    return p


def invite(laptops: Laptops, p: Panel, name: str, out: Path) -> Path:
    """The chair enrols the expert's public key (from the expert laptop's key file) and invites."""
    from qjsc_panel.exchange import keys
    from qjsc_panel.services import exchange

    info = next(k for k in keys.list_keys(laptops.expert_home) if k.name == name)
    exchange.enrol(p.chair_ctx, p.acc, name, info.public_pem.encode("ascii"), CHAIR_PASS)
    return exchange.make_invitation(p.chair_ctx, p.acc, name, CHAIR_PASS, out)


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, Chinese included (QTest's key clicks only know ASCII): one key event
    per character, as an input method delivers them."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            target = QApplication.focusWidget() if widget.hasFocus() else widget
            QApplication.sendEvent(target or widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def window(qtbot: QtBot, laptops: Laptops) -> Iterator[MainWindow]:
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.main_window import MainWindow

    make_app()
    w = MainWindow(laptops.expert_app())
    qtbot.addWidget(w)
    w.show()
    w.start_backend()
    yield w
    w.backend.close()
