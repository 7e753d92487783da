"""An expert at the factory, driven through the real widgets from the keyboard."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import CHAIR_PASS, Laptops, invite, type_text

EXPERT = "专家2"
PASS = "correct horse 2"


def create_and_login(qtbot: QtBot, w: object, name: str, passphrase: str) -> None:
    login = w.page("login")  # type: ignore[attr-defined]
    type_text(login.new_name, name)
    qtbot.keyClicks(login.new_pass, passphrase)
    qtbot.keyClicks(login.new_repeat, passphrase)
    qtbot.mouseClick(login.create_button, Qt.MouseButton.LeftButton)
    assert login.error.text() == ""
    login.select(name)
    qtbot.keyClicks(login.passphrase, passphrase)
    qtbot.keyClick(login.passphrase, Qt.Key.Key_Return)
    assert w.backend.profile is not None and w.backend.profile.name == name  # type: ignore[attr-defined]


def join(qtbot: QtBot, w: object, path: Path) -> None:
    home = w.page("home")  # type: ignore[attr-defined]
    home.import_invitation(path)
    qtbot.waitUntil(lambda: w.current_page().objectName() == "ProfileScreen", timeout=10000)  # type: ignore[attr-defined]


def type_cell(qtbot: QtBot, table: QWidget, text: str) -> QLineEdit:
    """Type on the current cell (the first key opens the editor), then press Enter.

    Returns the editor the keys went to; the delegate commits on the next event-loop turn.
    """
    type_text(table, text[0])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    if len(text) > 1:
        type_text(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(5)
    return editor


def typed_scores(form: object) -> dict[str, str]:
    """A realistic sheet: most items at 80 % of the maximum, on the step, one at full marks."""
    out = {}
    for n, item in enumerate(form.items):  # type: ignore[attr-defined]
        value = (item.max_points * Decimal("0.8") / item.step).to_integral_value() * item.step
        out[item.id] = str(item.max_points if n == 3 else value)
    return out


def test_expert_joins_declares_scores_by_keyboard_and_submits(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path
) -> None:
    w = window
    create_and_login(qtbot, w, EXPERT, PASS)
    invite_file = invite(laptops, chair, EXPERT, tmp_path / "invite.json")  # type: ignore[arg-type]
    join(qtbot, w, invite_file)

    profile = w.page("profile")  # type: ignore[attr-defined]
    assert profile.fields["name"].text() == EXPERT
    qtbot.keyClick(profile.confirm_button, Qt.Key.Key_Return)
    declaration = w.current_page()  # type: ignore[attr-defined]
    assert declaration.objectName() == "DeclarationScreen"
    # No conflicts; the confidentiality undertaking is ticked from the keyboard.
    declaration.confidential.setFocus()
    qtbot.keyClick(declaration.confidential, Qt.Key.Key_Space)
    qtbot.mouseClick(declaration.sign_button, Qt.MouseButton.LeftButton)
    scoring = w.current_page()  # type: ignore[attr-defined]
    assert scoring.objectName() == "ScoringScreen", declaration.error.text()

    table, model = scoring.table, scoring.model
    wanted = typed_scores(model.form)
    # A bad value first: refused inline with the reason, the cell stays open, nothing saved.
    assert table.currentIndex().row() == model.item_rows()[0]
    first = model.form.items[0]
    type_cell(qtbot, table, "99")
    assert "超出范围" in scoring.error.text() and str(first.max_points) in scoring.error.text()
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "99"  # still open, to fix
    saved = w.backend.sheet(model.member_id)  # type: ignore[attr-defined]
    assert saved is None or first.id not in saved.scores
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.wait(5)
    # Now every score, typed, each confirmed with Enter (which moves on to the next item).
    for item in model.form.items:
        current = table.currentIndex()
        assert model.rows[current.row()].item.id == item.id
        type_cell(qtbot, table, wanted[item.id])
        assert scoring.error.text() == "", scoring.error.text()
        assert "已保存" in w.statusBar().currentMessage()  # type: ignore[attr-defined]
    # The cursor stays on the last item; Tab moves to its comment cell, Up to the item above.
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert model.rows[table.currentIndex().row()].item.id == model.form.items[-2].id
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.currentIndex().column() == 4
    type_cell(qtbot, table, "现场管理良好")
    last = model.form.items[-1].id

    expected_total = sum((Decimal(v) for v in wanted.values()), Decimal(0))
    assert model.total == expected_total
    assert f"合计 {expected_total.normalize():f}" in scoring.total.text()
    sheet = w.backend.sheet(model.member_id)  # type: ignore[attr-defined]
    assert {k: str(v) for k, v in sheet.scores.items()} == {
        k: str(Decimal(v).quantize(sheet.scores[k])) for k, v in wanted.items()
    }
    assert sheet.comments == {last: "现场管理良好"}

    # Undo and redo go through the service too.
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.backend.sheet(model.member_id).comments == {}  # type: ignore[attr-defined]
    qtbot.keyClick(table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert w.backend.sheet(model.member_id).comments == {last: "现场管理良好"}  # type: ignore[attr-defined]

    # Submit: summary, folder (the USB stick), passphrase, off-thread signing.
    qtbot.mouseClick(scoring.submit_button, Qt.MouseButton.LeftButton)
    submit = w.current_page()  # type: ignore[attr-defined]
    assert submit.objectName() == "SubmitScreen"
    assert submit.summary.rowCount() == len(model.form.items)
    usb = tmp_path / "usb"
    usb.mkdir()
    qtbot.keyClicks(submit.folder, str(usb))
    qtbot.keyClicks(submit.passphrase, "wrong passphrase")
    qtbot.keyClick(submit.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: submit.error.text() != "", timeout=20000)
    assert w.backend.sheet(model.member_id).status == "draft"  # type: ignore[attr-defined]
    submit.passphrase.clear()
    qtbot.keyClicks(submit.passphrase, PASS)
    qtbot.keyClick(submit.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: submit.written is not None, timeout=20000)
    assert submit.written.parent == usb and submit.written.exists()
    assert w.backend.sheet(model.member_id).status == "submitted"  # type: ignore[attr-defined]

    # Back on the sheet: read-only, with a correction button instead of submit.
    qtbot.mouseClick(submit.back_button, Qt.MouseButton.LeftButton)
    scoring = w.current_page()  # type: ignore[attr-defined]
    assert scoring.model.read_only and scoring.banner.isVisible() is not False
    assert not scoring.model.flags(scoring.model.index(model.item_rows()[0], 3)) & (Qt.ItemFlag.ItemIsEditable)

    # The chair imports the package: exactly what was typed.
    from qjsc_panel.services.exchange import import_packages
    from qjsc_panel.services.scoring import sheet_view

    verdicts = import_packages(chair.chair_ctx, [submit.written], CHAIR_PASS)  # type: ignore[attr-defined]
    assert [v.status for v in verdicts] == ["imported"], verdicts[0].error
    got = sheet_view(chair.ctx, chair.members[EXPERT])  # type: ignore[attr-defined]
    assert got is not None and got.status == "submitted" and got.signed
    assert got.scores == sheet.scores
    assert got.comments == {last: "现场管理良好"}
