"""The shell: smoke test, bundled font, language switch, settings, crash dialog, translations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from qjsc_panel.services.app import App

if TYPE_CHECKING:
    from qjsc_panel.ui.main_window import MainWindow


def test_smoke_test_opens_the_window_loads_the_form_and_exits_0(tmp_path: Path) -> None:
    env = {**os.environ, "QJSC_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "qjsc_panel", "--smoke-test"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "smoke test ok" in done.stdout and "18 items" in done.stdout
    assert (tmp_path / "home" / "qjsc-panel.sqlite3").exists()


def test_the_window_paints_before_the_backend_is_imported_and_loads_it_after(tmp_path: Path) -> None:
    probe = tmp_path / "probe.txt"
    env = {
        **os.environ,
        "QJSC_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "QJSC_PAINT_PROBE": str(probe),
        "QJSC_PROBE_EXIT": "ready",
    }
    done = subprocess.run(
        [sys.executable, "-m", "qjsc_panel"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in probe.read_text(encoding="utf-8").splitlines()]
    assert [line[0] for line in lines] == ["paint", "ready"]
    (_, painted, heavy_at_paint), (_, ready, heavy_at_ready) = lines
    # First frame: no SQLAlchemy, no pydantic, no form, no services yet.
    assert heavy_at_paint == "-", heavy_at_paint
    # Then the backend loads (after the frame, in the same process).
    assert "sqlalchemy" in heavy_at_ready and "pydantic" in heavy_at_ready
    assert int(ready) > int(painted)
    assert (tmp_path / "home" / "qjsc-panel.sqlite3").exists()


def test_the_first_frame_shows_a_loading_notice(qtbot: QtBot, tmp_path: Path) -> None:
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.main_window import MainWindow

    make_app()
    w = MainWindow(App(home=tmp_path))
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.first_painted, timeout=10000):
        w.show()
    assert w.current_page() is w._loading and w._loading.isVisible()
    assert "加载" in w._loading.text()


def test_bundled_font_is_registered_and_used(window: MainWindow) -> None:
    assert "QJSC Sans UI" in QFontDatabase.families()
    assert QApplication.font().family() == "QJSC Sans UI"


def test_language_switch_at_runtime_and_kept_in_settings(qtbot: QtBot, window: MainWindow) -> None:
    from qjsc_panel.ui import i18n, settings

    w = window
    assert w.windowTitle() == "清洁生产审核验收 · 专家评分"
    login = w.page("login")
    assert login.login_button.text() == "登录"
    w.lang_actions["en"].trigger()
    try:
        assert i18n.current() == "en"
        # Qt posts LanguageChange: every widget retranslates on the next event-loop turn.
        qtbot.waitUntil(lambda: w.windowTitle().startswith("Cleaner-production"))
        assert w.file_menu.title() == "&File"
        assert login.login_button.text() == "Sign in"
        assert settings.language() == "en"
        # A refusal from the services follows the language too.
        login.passphrase.setText("x")
        login.login()
        assert login.error.text() == "choose an expert profile first"
    finally:
        w.lang_actions["zh"].trigger()
        qtbot.waitUntil(lambda: login.login_button.text() == "登录")
    assert login.login_button.text() == "登录" and settings.language() == "zh"


def test_window_geometry_is_kept(qtbot: QtBot, window: MainWindow) -> None:
    from qjsc_panel.ui.main_window import MainWindow

    w = window
    w.resize(700, 500)
    w.save_state()
    home = Path(os.environ["QJSC_HOME"])
    again = MainWindow(App(home=home, db_path=home / "other.sqlite3"))
    qtbot.addWidget(again)
    again.restore_state()
    assert (again.width(), again.height()) == (700, 500)


def test_uncaught_exception_is_logged_and_shown(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qjsc_panel.ui import crash

    shown: list[QMessageBox] = []

    def fake_show(exc: BaseException, details: str, log: Path | None) -> None:
        box = crash.crash_dialog(exc, details, log)
        qtbot.addWidget(box)
        shown.append(box)

    monkeypatch.setattr(crash, "show_crash_dialog", fake_show)
    monkeypatch.setattr(crash, "_interactive", True)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    logs = list((Path(os.environ["QJSC_HOME"]) / "logs").glob("*.log"))
    assert len(logs) == 1 and "boom in a slot" in logs[0].read_text(encoding="utf-8")
    assert len(shown) == 1
    box = shown[0]
    assert "RuntimeError" in box.text() and "程序遇到意外错误" in box.text()
    assert "boom in a slot" in box.detailedText() and str(logs[0]) in box.informativeText()
