"""Background operations have an owner: logout and close wait for them, their callbacks reach
only live widgets, and a programming error is logged and shown as a crash, not as a refusal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from qjsc_panel import crashlog
from qjsc_panel.errors import QjscError
from tests.ui.conftest import Laptops, invite
from tests.ui.test_expert_flow import create_and_login
from tests.ui.test_panel_rules import start_scoring

EXPERT, PASS = "专家2", "passphrase-2"


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Every message box that would have been shown (its exec patched: nothing blocks)."""
    from qjsc_panel.ui import crash

    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(crash, "_interactive", True)
    return shown


def _logs() -> str:
    folder = Path(os.environ["QJSC_HOME"]) / "logs"
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("qjsc-panel-*.log")))


def test_submit_then_logout_at_once_waits_for_the_submission(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path, dialogs: list[QMessageBox]
) -> None:
    w = window
    declaration = start_scoring(qtbot, w, chair, laptops, tmp_path, EXPERT, PASS)
    qtbot.mouseClick(declaration.sign_button, Qt.MouseButton.LeftButton)
    scoring = w.current_page()  # type: ignore[attr-defined]
    model = scoring.model
    for item in model.form.items:
        w.backend.set_score(model.member_id, item.id, str(item.max_points))  # type: ignore[attr-defined]
    w.show_submit(scoring.membership)  # type: ignore[attr-defined]
    submit = w.current_page()  # type: ignore[attr-defined]
    # Screens may load in the background after login; the submission must be the one held.
    qtbot.waitUntil(lambda: w.ops.running == 0, timeout=30000)  # type: ignore[attr-defined]
    usb = tmp_path / "usb"
    usb.mkdir()
    submit.folder.setText(str(usb))
    submit.passphrase.setText(PASS)
    submit.submit()
    w.logout()  # type: ignore[attr-defined]  # at once, while signing runs
    assert w.ops.running == 1  # type: ignore[attr-defined]
    assert w.backend.profile is not None  # type: ignore[attr-defined]  # held, not yanked away
    assert "等待" in w.statusBar().currentMessage()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: w.current_page().objectName() == "LoginScreen", timeout=30000)  # type: ignore[attr-defined]
    assert w.backend.profile is None  # type: ignore[attr-defined]
    assert w.ops.running == 0  # type: ignore[attr-defined]
    assert not dialogs, [d.detailedText() for d in dialogs]
    assert "Traceback" not in _logs()
    written = list(usb.iterdir())
    assert len(written) == 1
    sheet = w.backend.sheet(model.member_id)  # type: ignore[attr-defined]
    assert sheet is not None and sheet.status == "submitted"


def test_closing_during_an_import_is_held_until_it_ends(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path, dialogs: list[QMessageBox]
) -> None:
    w = window
    create_and_login(qtbot, w, EXPERT, PASS)
    path = invite(laptops, chair, EXPERT, tmp_path / "invite.json")  # type: ignore[arg-type]
    home = w.page("home")  # type: ignore[attr-defined]
    home.import_invitation(path)
    assert not w.close()  # type: ignore[attr-defined]  # refused for now
    assert w.isVisible() and w.backend.app.db_open  # type: ignore[attr-defined]  # the DB stays open
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=30000)  # type: ignore[attr-defined]
    assert not w.backend.app.db_open  # type: ignore[attr-defined]  # closed after the job, not under it
    assert not dialogs
    from qjsc_panel.ui.backend import Backend

    again = Backend(laptops.expert_app())
    try:
        (again.profile,) = again.profiles()
        assert [m.enterprise for m in again.memberships()] == ["深圳市测试电路有限公司"]
    finally:
        again.close()


def test_an_unexpected_error_in_an_operation_is_logged_and_shown_as_a_crash(
    qtbot: QtBot, window: object, dialogs: list[QMessageBox]
) -> None:
    from qjsc_panel.ui.ops import CollectionOp

    w = window
    refused: list[QjscError] = []
    ended: list[bool] = []

    def broken(app: object) -> None:
        raise ZeroDivisionError("a bug, not a refusal")

    CollectionOp(w, broken).failure(refused.append).finally_(lambda: ended.append(True)).run_in_background()  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(ended), timeout=20000)
    assert not refused  # never rendered as refusal text
    log = _logs()
    assert "Traceback" in log and "ZeroDivisionError: a bug, not a refusal" in log
    assert "in broken" in log
    assert len(dialogs) == 1
    assert "ZeroDivisionError" in dialogs[0].text() and "a bug, not a refusal" in dialogs[0].detailedText()


def test_a_refusal_goes_to_the_failure_callback_and_a_dead_parent_gets_nothing(
    qtbot: QtBot, window: object, dialogs: list[QMessageBox]
) -> None:
    from PySide6.QtWidgets import QLabel

    from qjsc_panel.ui.ops import CollectionOp

    w = window
    refused: list[QjscError] = []

    def refuse(app: object) -> None:
        raise QjscError("ui.no_profile")

    CollectionOp(w, refuse).failure(refused.append).run_in_background()  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(refused), timeout=20000)
    assert refused[0].code == "ui.no_profile" and not dialogs

    label = QLabel(w)  # type: ignore[call-overload]
    got: list[object] = []
    CollectionOp(label, lambda app: 42).success(got.append).run_in_background()
    shiboken6.delete(label)  # the screen is gone before the result arrives
    qtbot.waitUntil(lambda: w.ops.running == 0, timeout=20000)  # type: ignore[attr-defined]
    assert got == [] and not dialogs


def test_a_native_crash_is_written_by_faulthandler_and_reported_at_the_next_start(
    tmp_path: Path, dialogs: list[QMessageBox], qtbot: QtBot
) -> None:
    from qjsc_panel.ui import crash
    from qjsc_panel.ui.app import make_app

    home = Path(os.environ["QJSC_HOME"])
    script = (
        "import faulthandler, sys; from pathlib import Path; from qjsc_panel import crashlog; "
        "crashlog.enable_native_log(Path(sys.argv[1])); faulthandler._sigsegv()"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(home)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        check=False,
    )
    assert run.returncode != 0
    assert "Segmentation fault" in (home / "logs" / crashlog.NATIVE_LOG).read_text(encoding="utf-8")

    make_app()
    crash.collect_native_crash()
    assert crash.report_native_crash()
    assert len(dialogs) == 1 and "Segmentation fault" in dialogs[0].detailedText()
    assert "native crash in the previous run" in _logs() and "Segmentation fault" in _logs()
    # Reported once: the file is emptied and the next start is quiet.
    crash.collect_native_crash()
    assert not crash.report_native_crash()
    assert len(dialogs) == 1
