"""The secretary's workspace: slow work goes through the background runner (the main window's
logout and close, and the workspace's own close, wait for it), and the whole workspace follows a
switch to English live, showing no Chinese but the data people typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qjsc_panel.domain.eligibility import DISTRICTS
from qjsc_panel.services import acceptances, draw, plan, registry
from qjsc_panel.services.backup import verify_backup
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.db import open_database
from qjsc_panel.ui.secretary.workspace import TABS, SecretaryWorkspace
from tests.services.test_plan import GOOD, sheet
from tests.ui.test_language import HAN, assert_english, widget_texts, without

PASS = "secretary passphrase"


def test_a_backup_runs_through_the_main_windows_runner_and_holds_close(
    qtbot: QtBot, window: object, tmp_path: Path
) -> None:
    w = window
    ws = w.open_secretary()  # type: ignore[attr-defined]
    qtbot.addWidget(ws)
    bak = ws.show_tab("backup")
    bak.pass1.setText(PASS)
    bak.pass2.setText(PASS)
    out = tmp_path / "year.qjscbak"
    op = bak.make_backup(out)
    assert op is not None and w.ops.running == 1  # type: ignore[attr-defined]  # counted by the main window
    assert bak.progress.isVisible() and not bak.backup_button.isEnabled() and not bak.restore_button.isEnabled()
    assert "正在写出备份" in bak.notice.text()
    assert not ws.close() and ws.isVisible()  # the workspace waits for its operation …
    assert "1" in ws.waiting.text() and ws.waiting.isVisible()
    assert not w.close()  # type: ignore[attr-defined]  # … and so does the main window, database open
    assert w.backend.app.db_open  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not ws.isVisible(), timeout=30000)  # both close once it has ended
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=30000)  # type: ignore[attr-defined]
    assert bak.result and str(out) in bak.notice.text() and bak.error.text() == ""
    assert verify_backup(out, PASS)["files"]  # a complete, readable backup was written


def test_an_import_goes_through_the_runner_and_a_refusal_comes_back_in_words(
    qtbot: QtBot, tmp_path: Path, _isolated_home: Path
) -> None:
    db = open_database(tmp_path / "s.sqlite3")
    ctx = Ctx(db, actor="秘书甲")
    registry.add_consultancy(ctx, "绿源咨询")  # the plan sheet names it
    ws = SecretaryWorkspace(ctx, tmp_path)
    qtbot.addWidget(ws)
    ws.show()
    tab = ws.show_tab("plan")
    tab.year.setValue(2026)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    tab.import_plan(broken)
    assert ws.ops.running == 1 and tab.running == 1 and tab.progress.isVisible()
    qtbot.waitUntil(lambda: tab.running == 0, timeout=30000)
    assert tab.result is None and "无法读取 Excel 文件" in tab.error.text() and tab.table.rowCount() == 0
    tab.import_plan(sheet(tmp_path / "plan.xlsx", GOOD))
    assert ws.ops.running == 1
    qtbot.waitUntil(lambda: ws.ops.running == 0, timeout=30000)
    assert tab.result == 3 and tab.error.text() == "" and tab.table.rowCount() == 3
    assert tab.notice.text() == "已导入 3 家企业" and not tab.progress.isVisible() and tab.import_button.isEnabled()
    db.close()


def test_the_secretary_workspace_switches_to_english_live(qtbot: QtBot, tmp_path: Path, _isolated_home: Path) -> None:
    from qjsc_panel.ui import i18n
    from qjsc_panel.ui.app import make_app

    make_app()
    db = open_database(tmp_path / "s.sqlite3")
    ctx = Ctx(db, actor="秘书甲")
    registry.add_consultancy(ctx, "绿源咨询")
    experts = [f"专家{i}" for i in range(5)]
    for name in experts:
        registry.add_expert(ctx, name, "senior", 15)
    registry.add_expert(ctx, "年轻专家", "intermediate", 5)
    plan.import_plan(ctx, sheet(tmp_path / "plan.xlsx", GOOD), 2026)
    ent = next(r.enterprise_id for r in plan.list_plan(ctx, 2026) if r.enterprise == "深圳市甲电子有限公司")
    acc = acceptances.create_acceptance(ctx, ent, date(2026, 5, 20), consultancy_id=1)
    draw.draw_panel(ctx, acc, 3, 1, seed="2026-05-20")
    data = {*experts, "年轻专家", "绿源咨询", "秘书甲", "张三", *(str(r[1]) for r in GOOD), *DISTRICTS}

    ws = SecretaryWorkspace(ctx, tmp_path)
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    ws.show_tab("plan").year.setValue(2026)
    ws.show_tab("enterprises").table.selectRow(0)  # the acceptance history shows too
    try:
        for key in TABS:  # in Chinese first: the check below is not vacuous
            ws.show_tab(key)
            assert any(HAN.search(t) for t in without(widget_texts(ws), data)), key
        i18n.switch("en")  # with the workspace open: re-translated live
        assert ws.windowTitle() == "Secretary's workspace"
        for key in TABS:
            page = ws.show_tab(key)
            shown = without(widget_texts(ws), data)
            assert_english(shown, key)
            assert page.findChildren(type(page.error))[0].text() == ""
        pool = ws.show_tab("pool")
        assert pool.table.horizontalHeaderItem(0).text() == "Name" and pool.level.currentText() == "senior"
        rows = [[pool.table.item(r, c).text() for c in (7, 8)] for r in range(pool.table.rowCount())]
        assert ["yes", "no"] in rows  # the young expert: available, not qualified
        drawn = ws.show_tab("draw")
        assert drawn.seed_label.text().startswith("Seed 2026-05-20")
        assert [drawn.table.item(r, 2).text() for r in range(4)].count("drawn") == 3
        arc = ws.show_tab("archive")
        assert arc.model.headerData(0, Qt.Orientation.Horizontal) == "Enterprise"
        assert arc.model.cell(arc.model.rows[0], 4) == "open"
        i18n.switch("zh")  # and back
        assert ws.windowTitle() == "秘书工作台" and arc.model.cell(arc.model.rows[0], 4) == "进行中"
    finally:
        i18n.switch("zh")
        db.close()


def test_an_action_on_a_row_with_none_selected_says_so(qtbot: QtBot, tmp_path: Path, _isolated_home: Path) -> None:
    db = open_database(tmp_path / "s.sqlite3")
    ws = SecretaryWorkspace(Ctx(db, actor="秘书甲"), tmp_path)
    qtbot.addWidget(ws)
    firms, arc = ws.show_tab("consultancies"), ws.show_tab("archive")
    for tab, act in ((firms, firms.record), (arc, arc.assign_number), (arc, arc.record_decision)):
        assert act() is None
        assert tab.error.text() == "请先在表中选择一行"
    db.close()
