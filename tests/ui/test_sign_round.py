"""The signature round through the widgets: the chair's 签署 tab exports the copy, the experts'
签署验收意见 screens show what they sign (differences from the local sheet in red) and sign from
the keyboard, the tab gathers the copies, shows a fork and writes the final PDF and workbook."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from qjsc_panel.services import scoring
from qjsc_panel.ui.chair.sign_tab import SignTab
from qjsc_panel.ui.ops import OpRunner, set_default_runner
from qjsc_panel.ui.screens.sign_opinion import DIFF_BG, SignOpinionScreen
from tests.exchange.conftest import EXPERT_PASS, World, _fast_scrypt  # noqa: F401
from tests.services.test_signround import finalised_world
from tests.ui.conftest import type_text


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = finalised_world(tmp_path)
    yield w
    w.close_all()


def make_tab(qtbot: QtBot, w: World) -> SignTab:
    tab = SignTab(w.chair_ctx)
    qtbot.addWidget(tab)
    set_default_runner(OpRunner(lambda: None, tab))
    tab.set_acceptance(w.acc)
    return tab


def expert_screen(qtbot: QtBot, w: World, name: str) -> SignOpinionScreen:
    screen = SignOpinionScreen(w.experts[name].ctx)
    qtbot.addWidget(screen)
    set_default_runner(OpRunner(lambda: None, screen))  # no main window in these tests
    screen.resize(1366, 720)
    screen.show()
    return screen


def open_copy(qtbot: QtBot, screen: SignOpinionScreen, copy: Path) -> None:
    screen.open_file(copy)
    qtbot.waitUntil(lambda: not screen.loading, timeout=30000)


def sign_with_keyboard(qtbot: QtBot, screen: SignOpinionScreen, copy: Path) -> None:
    open_copy(qtbot, screen, copy)
    assert screen.sign_button.isEnabled()
    screen.passphrase.setFocus()
    type_text(screen.passphrase, EXPERT_PASS)  # the passphrase has Chinese characters
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.busy and not screen.loading, timeout=30000)
    assert screen.opened is not None and screen.opened.already_signed, screen.status.text()


def cell(table: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    item = table.item(row, col)
    assert item is not None
    return item


def statuses(tab: SignTab) -> dict[str, str]:
    return {cell(tab.signers, r, 0).text(): cell(tab.signers, r, 1).text() for r in range(tab.signers.rowCount())}


def test_chair_tab_and_expert_screens_carry_a_round_with_a_fork(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    w = world
    tab = make_tab(qtbot, w)
    assert tab.export_button.isEnabled() and not tab.gather_files.isEnabled()
    assert "深圳市测试电路有限公司" in tab.heading.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    tab.export_for_signature(usb)
    qtbot.waitUntil(lambda: not tab.busy, timeout=30000)
    copy = usb / "验收意见-待签.pdf"
    assert copy.exists(), tab.status.text()
    assert statuses(tab) == {
        "张组长（组长）": "已签署（导出时）",
        "李专家": "未签署",
        "王专家": "未签署",
        "赵专家": "未签署",
    }

    # 王 signs one copy; 赵 was handed a parallel copy of the same base: a fork.
    parallel = tmp_path / "usb2" / copy.name
    parallel.parent.mkdir()
    shutil.copy(copy, parallel)
    sign_with_keyboard(qtbot, expert_screen(qtbot, w, "王专家"), copy)
    sign_with_keyboard(qtbot, expert_screen(qtbot, w, "赵专家"), parallel)
    tab.gather([copy, parallel])
    qtbot.waitUntil(lambda: not tab.busy, timeout=30000)
    results = {cell(tab.results, r, 0).toolTip(): cell(tab.results, r, 1).text() for r in range(tab.results.rowCount())}
    assert sorted(results.values()) == ["并行副本，未采用", "最新，已保留"]
    shown = statuses(tab)
    assert shown["李专家"] == "未签署"
    kept, lost = ("王专家", "赵专家") if results[str(copy)] == "最新，已保留" else ("赵专家", "王专家")
    assert shown[kept] == "已签署" and shown[lost].startswith("须在最新文件上重新签署")
    assert lost in tab.round_summary.text()
    assert not tab.outputs_button.isEnabled()

    # The chair exports the newest copy again; 李 and the expert left out sign it in turn.
    again = tmp_path / "usb3"
    again.mkdir()
    tab.export_for_signature(again)
    qtbot.waitUntil(lambda: not tab.busy, timeout=30000)
    newest = again / copy.name
    for name in ("李专家", lost):
        sign_with_keyboard(qtbot, expert_screen(qtbot, w, name), newest)
    tab.gather([again])
    qtbot.waitUntil(lambda: not tab.busy, timeout=30000)
    assert set(statuses(tab).values()) == {"已签署（导出时）", "已签署"}
    assert tab.outputs_button.isEnabled() and "全部签署完毕" in tab.round_summary.text()
    out = tmp_path / "out"
    out.mkdir()
    tab.export_outputs(out)
    qtbot.waitUntil(lambda: not tab.busy, timeout=30000)
    assert sorted(p.suffix for p in out.iterdir()) == [".pdf", ".xlsx"], tab.status.text()


def test_expert_screen_highlights_a_sheet_that_differs_and_asks_for_confirmation(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    w = world
    tab = make_tab(qtbot, w)
    tab.export_for_signature(tmp_path)
    qtbot.waitUntil(lambda: not tab.busy, timeout=30000)
    copy = tmp_path / "验收意见-待签.pdf"
    # 李's laptop now holds a corrected sheet the chair never received.
    li = w.experts["李专家"]
    scoring.correct(li.ctx, li.local_member, "复核后修正")
    item = w.form.items[2]
    scoring.set_score(li.ctx, li.local_member, item.id, item.max_points)
    scoring.submit(li.ctx, li.local_member)

    screen = expert_screen(qtbot, w, "李专家")
    open_copy(qtbot, screen, copy)
    assert screen.differing_rows() == [2]
    changed = cell(screen.table, 2, 3)
    assert Decimal(changed.text()) == item.max_points and changed.background().color() == QColor(DIFF_BG)
    assert cell(screen.table, 1, 3).background().color() != QColor(DIFF_BG)
    assert "1 处不同" in screen.banner.text()
    assert "第 1 版" in screen.banner.text() and "第 2 版" in screen.banner.text()
    # Signing waits for the expert to confirm the difference was checked with the chair.
    assert screen.confirm.isVisible() and not screen.sign_button.isEnabled()
    qtbot.keyClick(screen.confirm, Qt.Key.Key_Space)
    assert screen.confirm.isChecked() and screen.sign_button.isEnabled()

    # A wrong passphrase is refused on the screen, nothing written.
    before = copy.read_bytes()
    qtbot.keyClicks(screen.passphrase, "wrong")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.busy, timeout=30000)
    assert "口令" in screen.status.text() and copy.read_bytes() == before


def test_expert_screen_in_english_and_a_foreign_file(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    from qjsc_panel.ui import i18n

    w = world
    screen = expert_screen(qtbot, w, "赵专家")
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    i18n.switch("en")
    try:
        assert screen.title.text() == "Sign the acceptance opinion"
        open_copy(qtbot, screen, other)
        assert screen.opened is None and screen.status.text() and not screen.sign_button.isEnabled()
    finally:
        i18n.switch("zh")
    assert screen.title.text() == "签署验收意见"


def test_the_experts_file_menu_opens_the_sign_screen(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    from qjsc_panel.services import signround
    from qjsc_panel.services.app import App
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.main_window import MainWindow

    w = world
    copy = signround.export_for_signature(w.chair_ctx, w.acc, tmp_path)
    li = w.experts["李专家"]
    make_app()
    win = MainWindow(App(li.db, home=li.home))
    qtbot.addWidget(win)
    win.show()
    win.start_backend()
    assert not win.act_sign_opinion.isEnabled()  # nobody logged in
    profile = next(p for p in win.backend.profiles() if p.name == "李专家")
    win.backend.login(profile, EXPERT_PASS)
    win.show_home()
    assert win.act_sign_opinion.isEnabled() and win.act_sign_opinion.text() == "签署验收意见(&G)…"
    win.act_sign_opinion.trigger()
    screen = win.current_page()
    assert isinstance(screen, SignOpinionScreen)
    open_copy(qtbot, screen, copy)
    assert screen.opened is not None and screen.opened.me.name == "李专家"
    screen.back_button.click()
    assert not isinstance(win.current_page(), SignOpinionScreen)
    win.backend.close()


def test_expert_screen_names_the_items_in_the_ui_language(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    """The signed document names the items in Chinese; in English the screen names them from the
    form this laptop scored on, and follows a live switch."""
    import re

    from qjsc_panel.services import signround
    from qjsc_panel.ui import i18n

    w = world
    copy = signround.export_for_signature(w.chair_ctx, w.acc, tmp_path)
    screen = expert_screen(qtbot, w, "赵专家")
    open_copy(qtbot, screen, copy)
    han = re.compile(r"[\u3400-\u9fff]")

    def names() -> list[str]:
        cells = [screen.table.item(r, 0) for r in range(screen.table.rowCount())]
        return [c.text() for c in cells if c is not None]

    assert names() and all(han.search(n) for n in names())
    i18n.switch("en")
    try:
        assert names() and not [n for n in names() if han.search(n)], names()
    finally:
        i18n.switch("zh")
    assert all(han.search(n) for n in names())
