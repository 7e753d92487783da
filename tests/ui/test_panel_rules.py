"""Recusal and blind scoring, as the expert meets them in the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTableView, QTableWidget
from pytestqt.qtbot import QtBot

from qjsc_panel.ui.screens.declaration import DeclarationScreen
from tests.ui.conftest import Laptops, invite
from tests.ui.test_expert_flow import create_and_login, join, type_cell


def start_scoring(
    qtbot: QtBot, w: object, chair: object, laptops: Laptops, tmp_path: Path, name: str, passphrase: str
) -> DeclarationScreen:
    create_and_login(qtbot, w, name, passphrase)
    join(qtbot, w, invite(laptops, chair, name, tmp_path / f"{name}.json"))  # type: ignore[arg-type]
    qtbot.keyClick(w.page("profile").confirm_button, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    declaration = w.current_page()  # type: ignore[attr-defined]
    assert isinstance(declaration, DeclarationScreen)
    declaration.confidential.setChecked(True)
    return declaration


def all_visible_text(w: object) -> str:
    """Every text a person could read in the window right now."""
    parts: list[str] = []
    for label in w.findChildren(QLabel):  # type: ignore[attr-defined]
        if label.isVisible():
            parts.append(label.text())
    for edit in w.findChildren(QLineEdit):  # type: ignore[attr-defined]
        if edit.isVisible() and edit.echoMode() == QLineEdit.EchoMode.Normal:
            parts.append(edit.text())
    for view in w.findChildren(QTableView) + w.findChildren(QTableWidget):  # type: ignore[attr-defined]
        if not view.isVisible() or view.model() is None:
            continue
        m = view.model()
        for r in range(m.rowCount()):
            for c in range(m.columnCount()):
                parts.append(str(m.index(r, c).data() or ""))
    return "\n".join(parts)


def test_a_declared_conflict_recuses_and_scoring_stays_closed(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path
) -> None:
    w = window
    declaration = start_scoring(qtbot, w, chair, laptops, tmp_path, "专家3", "passphrase-3")
    declaration.boxes["consulted_for_consultancy"].setChecked(True)
    qtbot.mouseClick(declaration.sign_button, Qt.MouseButton.LeftButton)
    assert w.current_page() is declaration  # type: ignore[attr-defined]
    assert declaration.recused.isVisible() and "回避" in declaration.recused.text()
    assert not declaration.sign_button.isVisible()
    # Back home and open it again: still the notice, never the scoring view.
    w.show_home()  # type: ignore[attr-defined]
    home = w.current_page()  # type: ignore[attr-defined]
    assert home.table.item(0, 2).text() == "已回避"
    home.open_selected()
    assert w.current_page() is declaration  # type: ignore[attr-defined]
    assert "scoring" not in w._screens  # type: ignore[attr-defined]
    # And the service refuses a score even if someone calls it directly.
    from qjsc_panel.errors import QjscError

    m = w.backend.memberships()[0]  # type: ignore[attr-defined]
    with pytest.raises(QjscError) as refused:
        w.backend.set_score(m.member_id, "1.1", "2")  # type: ignore[attr-defined]
    assert refused.value.code == "panel.recused"


def test_after_logout_nothing_of_the_sheet_is_visible_and_a_wrong_passphrase_opens_nothing(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path
) -> None:
    w = window
    declaration = start_scoring(qtbot, w, chair, laptops, tmp_path, "专家2", "passphrase-2")
    declaration.sign()
    scoring = w.current_page()  # type: ignore[attr-defined]
    type_cell(qtbot, scoring.table, "2.5")
    assert scoring.model.scores["1.1"] == 2.5
    w.act_logout.trigger()  # type: ignore[attr-defined]
    assert w.current_page().objectName() == "LoginScreen"  # type: ignore[attr-defined]
    # The scoring screen is gone, not merely hidden.
    assert set(w._screens) == {"login"}  # type: ignore[attr-defined]
    assert "2.5" not in all_visible_text(w)
    login = w.page("login")  # type: ignore[attr-defined]
    login.passphrase.setText("someone else's guess")
    login.login()
    assert w.backend.profile is None  # type: ignore[attr-defined]
    assert login.error.text() != "" and w.current_page() is login  # type: ignore[attr-defined]


def test_a_second_expert_on_the_same_laptop_cannot_see_the_first_ones_scores(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path
) -> None:
    w = window
    first = start_scoring(qtbot, w, chair, laptops, tmp_path, "专家2", "passphrase-2")
    first.sign()
    type_cell(qtbot, w.current_page().table, "2.5")  # type: ignore[attr-defined]
    w.logout()  # type: ignore[attr-defined]
    # The second expert makes a profile of his own on the same laptop and signs in.
    second = start_scoring(qtbot, w, chair, laptops, tmp_path, "专家3", "passphrase-3")
    second.sign()
    scoring = w.current_page()  # type: ignore[attr-defined]
    assert scoring.model.scores == {}
    assert scoring.table.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
    assert "2.5" not in all_visible_text(w)


def test_the_scoring_view_in_english(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path
) -> None:
    w = window
    start_scoring(qtbot, w, chair, laptops, tmp_path, "专家2", "passphrase-2").sign()
    scoring = w.current_page()  # type: ignore[attr-defined]
    w.set_language("en")  # type: ignore[attr-defined]
    try:
        qtbot.waitUntil(lambda: scoring.submit_button.text() == "&Submit the sheet…")
        model = scoring.model
        assert model.headerData(3, Qt.Orientation.Horizontal) == "Score"
        row = model.item_rows()[0]
        assert model.index(row, 1).data() == model.form.items[0].text.en
        type_cell(qtbot, scoring.table, "7")
        assert "out of range" in scoring.error.text()
    finally:
        w.set_language("zh")  # type: ignore[attr-defined]


def test_a_broken_invitation_is_refused_with_a_message_and_changes_nothing(
    qtbot: QtBot, window: object, laptops: Laptops, tmp_path: Path
) -> None:
    w = window
    create_and_login(qtbot, w, "专家2", "passphrase-2")
    broken = tmp_path / "invite.json"
    broken.write_text('{"kind": "qjsc-invitation", "format": 1, "invitation": {}}')
    home = w.page("home")  # type: ignore[attr-defined]
    home.import_invitation(broken)
    qtbot.waitUntil(lambda: home.error.text() != "", timeout=10000)
    assert "invite.json" in home.error.text()
    assert w.backend.memberships() == [] and home.table.rowCount() == 0  # type: ignore[attr-defined]
    assert w.current_page() is home  # type: ignore[attr-defined]


def test_a_correction_makes_a_new_version_with_a_reason(
    qtbot: QtBot, window: object, chair: object, laptops: Laptops, tmp_path: Path
) -> None:
    w = window
    start_scoring(qtbot, w, chair, laptops, tmp_path, "专家2", "passphrase-2").sign()
    scoring = w.current_page()  # type: ignore[attr-defined]
    model = scoring.model
    for item in model.form.items:
        assert model.setData(model.index(model.row_of(item.id), 3), str(item.step))
    usb = tmp_path / "usb"
    usb.mkdir()
    w.backend.submit(scoring.membership.acceptance, model.member_id, "passphrase-2", usb)  # type: ignore[attr-defined]
    w.reopen(scoring.membership)  # type: ignore[attr-defined]
    model = scoring.model  # reopening loads the sheet afresh
    assert model.read_only and scoring.correct_button.isVisibleTo(scoring)
    scoring.correct("   ")
    assert scoring.error.text() != "" and model.read_only  # no reason: refused
    scoring.correct("1.1 项漏看了培训记录")
    assert not model.read_only and model.sheet.version == 2
    assert model.sheet.reason == "1.1 项漏看了培训记录"
    assert model.setData(model.index(model.row_of("1.1"), 3), "3")
    assert w.backend.sheet(model.member_id).scores["1.1"] == 3  # type: ignore[attr-defined]
