"""The expert's side of issue 10: public-key export, a whole form on 1366×768 with visible
checkpoints and a collapsible veto box, one veto proposal per item, a submit page that says
what is missing before any passphrase, no 返回修改 after success, exporting again, the
correction banner, and another expert's invitation named as such."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qjsc_panel.ui.main_window import MainWindow
from qjsc_panel.ui.screens.mykey import MyKeyScreen
from qjsc_panel.ui.screens.scoring import ScoringScreen
from tests.factories import Panel
from tests.ui.conftest import Laptops, invite
from tests.ui.test_expert_flow import EXPERT, PASS, create_and_login, join


def open_scoring(qtbot: QtBot, w: MainWindow, chair: Panel, laptops: Laptops, tmp_path: Path) -> ScoringScreen:
    create_and_login(qtbot, w, EXPERT, PASS)
    join(qtbot, w, invite(laptops, chair, EXPERT, tmp_path / "invite.json"))
    profile = w.page("profile")
    qtbot.keyClick(profile.confirm_button, Qt.Key.Key_Return)
    declaration = w.page("declaration")
    declaration.confidential.setChecked(True)
    qtbot.mouseClick(declaration.sign_button, Qt.MouseButton.LeftButton)
    scoring = w.current_page()
    assert isinstance(scoring, ScoringScreen)
    return scoring


def test_public_key_export_shows_the_whole_fingerprint(
    qtbot: QtBot, window: MainWindow, laptops: Laptops, tmp_path: Path
) -> None:
    from qjsc_panel.exchange import keys

    create_and_login(qtbot, window, EXPERT, PASS)
    home = window.page("home")
    qtbot.mouseClick(home.key_button, Qt.MouseButton.LeftButton)
    screen = window.current_page()
    assert isinstance(screen, MyKeyScreen)
    info = keys.list_keys(laptops.expert_home)[0]
    shown = screen.fingerprint.text().replace(" ", "").replace("\n", "")
    assert shown == info.fingerprint.upper()  # all 64 hex digits, for the face-to-face check
    assert "22pt" in screen.fingerprint.styleSheet()
    out = tmp_path / "usb" / "专家2.pem"
    out.parent.mkdir()
    screen.export(out)
    assert out.read_text(encoding="ascii") == info.public_pem and str(out) in screen.done.text()
    keys.load_public_pem(out.read_bytes())  # what enrolment reads


def test_scoring_fits_1366x768_with_checkpoints_and_one_veto_per_item(
    qtbot: QtBot, window: MainWindow, chair: Panel, laptops: Laptops, tmp_path: Path
) -> None:
    window.resize(1366, 768)
    scoring = open_scoring(qtbot, window, chair, laptops, tmp_path)
    assert scoring.model is not None
    qtbot.wait(50)
    table = scoring.table
    viewport = table.viewport().rect()
    rows = scoring.model.item_rows()
    assert len(rows) == 18
    visible = [r for r in rows if viewport.contains(table.visualRect(scoring.model.index(r, 1)))]
    dbg = (viewport.height(), [table.rowHeight(r) for r in range(scoring.model.rowCount())])
    assert len(visible) == 18, f"{len(visible)} of 18 items visible at 1366×768 {dbg}"
    # The veto box is collapsed until opened; the current item's checkpoints are on screen.
    assert not scoring.veto_scroll.isVisible()
    first = scoring.model.form.items[0]
    assert first.id in scoring.detail.text() and "评分要点" in scoring.detail.text()
    if first.checkpoints.get("zh"):
        assert first.checkpoints.get("zh")[:10] in scoring.detail.text()
    qtbot.mouseClick(scoring.veto_toggle, Qt.MouseButton.LeftButton)
    assert scoring.veto_scroll.isVisible()
    # One proposal per veto item: after the first click the button is spent.
    _label, edit, button, state = scoring.veto_rows["V1"]
    edit.setText("现场发现危险废物露天堆放")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert state.text() == "已提出" and not button.isEnabled() and edit.isReadOnly()
    assert scoring.membership is not None
    mine = window.backend.my_vetoes(scoring.membership.acceptance, scoring.membership.member_id)
    assert len(mine) == 1


def test_submit_says_what_is_missing_then_no_way_back_to_editing(
    qtbot: QtBot, window: MainWindow, chair: Panel, laptops: Laptops, tmp_path: Path
) -> None:
    scoring = open_scoring(qtbot, window, chair, laptops, tmp_path)
    assert scoring.model is not None and scoring.membership is not None
    member = scoring.membership.member_id
    items = scoring.model.form.items
    for item in items[:-2]:
        window.backend.set_score(member, item.id, str(item.max_points))
    qtbot.mouseClick(scoring.submit_button, Qt.MouseButton.LeftButton)
    submit = window.page("submit")
    missing = [i.id for i in items[-2:]]
    assert all(m in submit.error.text() for m in missing) and "2 项未评分" in submit.error.text()
    assert not submit.passphrase.isEnabled() and not submit.submit_button.isEnabled()
    for item in items[-2:]:
        window.backend.set_score(member, item.id, str(item.max_points))
    submit.load(scoring.membership)
    assert submit.error.text() == "" and submit.passphrase.isEnabled()
    usb = tmp_path / "usb"
    usb.mkdir()
    submit.folder.setText(str(usb))
    qtbot.keyClicks(submit.passphrase, PASS)
    qtbot.keyClick(submit.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: submit.written is not None, timeout=30000)
    assert not submit.submit_button.isVisible()
    assert "返回修改" not in submit.back_button.text()
    # Back on the sheet: it can be exported again (e.g. the stick was lost).
    qtbot.mouseClick(submit.back_button, Qt.MouseButton.LeftButton)
    scoring = window.page("scoring")
    assert scoring.export_button.isVisible() and not scoring.submit_button.isVisible()
    qtbot.mouseClick(scoring.export_button, Qt.MouseButton.LeftButton)
    again = window.page("submit")
    assert "再次导出" in again.submit_button.text() and again.passphrase.isEnabled()
    usb2 = tmp_path / "usb2"
    usb2.mkdir()
    again.folder.setText(str(usb2))
    qtbot.keyClicks(again.passphrase, PASS)
    qtbot.keyClick(again.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.written is not None and again.written.parent == usb2, timeout=30000)
    # A correction: the draft says which version it is and why.
    qtbot.mouseClick(again.back_button, Qt.MouseButton.LeftButton)
    scoring = window.page("scoring")
    scoring.correct("现场复核后调整 1.1")
    assert scoring.banner.isVisible()
    assert "版本 2" in scoring.banner.text() and "现场复核后调整 1.1" in scoring.banner.text()
    assert Decimal(0) <= scoring.model.total


def test_another_experts_invitation_is_named_and_not_imported(
    qtbot: QtBot, window: MainWindow, chair: Panel, laptops: Laptops, tmp_path: Path
) -> None:
    from qjsc_panel.exchange import keys

    create_and_login(qtbot, window, EXPERT, PASS)
    keys.init_key(laptops.expert_home, "专家3", "colleague-pass")  # a colleague on the same laptop
    colleague = invite(laptops, chair, "专家3", tmp_path / "colleague.json")
    home = window.page("home")
    home.import_invitation(colleague)
    qtbot.waitUntil(lambda: home.error.text() != "", timeout=20000)
    assert "专家3" in home.error.text() and "不是您的" in home.error.text()
    assert window.backend.memberships() == []
